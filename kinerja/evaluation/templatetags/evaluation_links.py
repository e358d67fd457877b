"""``{% recommendations_link unit %}``: the link to a unit's recommendations for the unit page,
with how many are past their due date (every user who reads the unit sees it: the unit head and
the APIP among them)."""

from __future__ import annotations

from typing import Any

from django import template

from kinerja.evaluation.recommendations import today
from kinerja.organizations import access, permissions

register = template.Library()


@register.inclusion_tag("evaluation/_recommendations_link.html", takes_context=True)
def recommendations_link(context: template.Context, unit: Any) -> dict[str, Any]:
    from kinerja.evaluation.models import Recommendation

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if unit is None or user is None or not access.Scope(user).can(permissions.VIEW, unit):
        return {"show": False}
    overdue = Recommendation.objects.filter(unit=unit, due_date__lt=today()).exclude(status="closed").count()
    return {"show": True, "unit": unit, "overdue": overdue}
