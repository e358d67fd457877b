"""``/tugas/``: "Tugas saya", every task of the signed-in user (``kinerja.tasks.inbox``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kinerja.organizations import access, permissions
from kinerja.organizations.models import Unit
from kinerja.tasks.inbox import tasks_for
from kinerja.tasks.timeliness import stage_labels, timeliness


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


@login_required
@require_GET
def timeliness_page(request: HttpRequest, code: str) -> HttpResponse:
    """A unit and the units beneath it that the user may read: on-time rates per stage and who has
    not updated the latest quarter (``kinerja.tasks.timeliness``)."""
    unit, scope = access.unit_for(request.user, code)
    today = timezone.localdate()
    raw = request.GET.get("tahun", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else today.year
    codes = unit.descendant_codes()
    units = [
        u
        for u in Unit.objects.filter(agency_id=unit.agency_id, code__in=codes).order_by("code")
        if scope.can(permissions.VIEW, u)
    ]
    rows = [r for r in timeliness(units, year, today) if r.indicators]
    return render(
        request,
        "tasks/timeliness.html",
        {
            "unit": unit,
            "year": year,
            "years": list(range(today.year - 4, today.year + 1)),
            "rows": rows,
            "stages": stage_labels(),
            "not_updated": [r for r in rows if r.not_updated],
            "today": today,
        },
    )
