"""``/tugas/``: "Tugas saya", every task of the signed-in user (``kinerja.tasks.inbox``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kinerja.tasks.inbox import tasks_for


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    tasks = tasks_for(request.user, today)
    overdue = [t for t in tasks if t.overdue(today)]
    now = [t for t in tasks if not t.overdue(today) and (t.due is None or t.due_soon(today, 14))]
    later = [t for t in tasks if t not in overdue and t not in now]
    return render(
        request,
        "tasks/inbox.html",
        {
            "groups": [("overdue", overdue), ("now", now), ("later", later)],
            "count": len(tasks),
            "today": today,
        },
    )
