from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from kinerja.tasks.inbox import tasks_for

register = template.Library()


@register.inclusion_tag("tasks/_next.html", takes_context=True)
def next_tasks(context: template.Context, limit: int = 5) -> dict[str, Any]:
    """The signed-in user's next tasks (the landing pages): overdue and soonest due first."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"tasks": [], "count": 0}
    today = timezone.localdate()
    tasks = tasks_for(user, today)
    return {"tasks": tasks[:limit], "count": len(tasks), "today": today}


@register.filter
def overdue_on(task: Any, today: Any) -> bool:
    return bool(task.overdue(today))


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key)
