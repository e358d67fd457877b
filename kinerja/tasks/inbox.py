"""The one home of "what must this user do now and next" (issue #15).

``tasks_for(user, today)`` lists the user's tasks, each with the unit, a title, the page to open,
the due date from the reporting calendar (``kinerja.calendar.rules``, the one home of deadlines)
and a stable ``key`` (the reminders make one notification per key and due date):

============== ===================================================== ============================
kind           what                                                  due (calendar)
============== ===================================================== ============================
sign_pk        a draft PK of a unit where the user signs (the head)  PK deadline of the year
action_plan    the working PK's indicators without quarters I–IV in  Rencana Aksi deadline
               the Rencana Aksi (the planner, every unit of the
               planner's scope)
enter          PK indicators with no realisation for a quarter that  that quarter's entry deadline
               has ended (operator; the last two years)
returned       a realisation sent back, with the verifier's note     the quarter's entry deadline
submit         drafts to submit                                      entry deadline
verify         submitted realisations to verify                      verification deadline
approve        verified realisations to approve                      approval deadline
correct        an approved realisation reopened by a lock exception  –
follow_up      an open recommendation of the user's unit             its due date
review_lkj     the APIP: a unit-year's LKj without a reviu statement LKj deadline
============== ===================================================== ============================

Realisation steps come from ``kinerja.measurement.workflow.waiting_for`` (who acts on which
record) and are grouped per unit, period and step: "Verifikasi 8 realisasi TW II 2022". Tasks of
the units *where the user's own membership is* are listed for signing, entering and following
up (a Ditjen's operator does not enter for its directorates); the Rencana Aksi and the workflow
steps (verify, approve) cover the user's whole scope, as the permission matrix gives them. A superuser has no personal tasks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.calendar import rules as calendar
from kinerja.organizations import access, permissions
from kinerja.organizations.models import Unit

ORDER = [
    "returned",
    "sign_pk",
    "approve",
    "verify",
    "submit",
    "correct",
    "enter",
    "action_plan",
    "follow_up",
    "review_lkj",
]
QUARTER_NAMES = {1: "TW I", 2: "TW II", 3: "TW III", 4: "TW IV"}


@dataclass(frozen=True)
class Task:
    kind: str
    unit: Unit
    title: str
    url: str
    key: str
    due: date | None = None
    note: str = ""  # the verifier's note on a returned record
    count: int = 1  # records or indicators the task covers
    items: list[str] = field(default_factory=list, compare=False)  # their names (first ones)

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today

    def due_soon(self, today: date, days: int = 7) -> bool:
        return self.due is not None and 0 <= (self.due - today).days <= days


class Deadlines:
    """The agency-years' offsets, read once each."""

    def __init__(self) -> None:
        self.cache: dict[tuple[int, int], calendar.Offsets] = {}

    def offsets(self, agency_id: int, year: int) -> calendar.Offsets:
        key = (agency_id, year)
        if key not in self.cache:
            self.cache[key] = calendar.offsets_for(agency_id, year)
        return self.cache[key]

    def stage(self, unit: Unit, year: int, stage: str) -> date:
        return next(
            d.due for d in calendar.deadlines(self.offsets(unit.agency_id, year), year) if d.stage == stage
        )

    def quarter(self, unit: Unit, year: int, quarter: int | None, step: int) -> date:
        """step 0 entry, 1 verification, 2 approval; the year's own record goes with TW IV."""
        return calendar.quarter_deadlines(self.offsets(unit.agency_id, year), year, quarter or 4)[step]


def _period(year: int, quarter: int | None) -> str:
    return f"{QUARTER_NAMES[quarter]} {year}" if quarter else _("tahun %(year)s") % {"year": year}


def _own_units(scope: access.Scope, action: str) -> list[Unit]:
    """Units where the user's own membership gives ``action`` (not the subtree beneath)."""
    ids = {unit_id for _agency, unit_id, role in scope.memberships() if permissions.allowed(role, action)}
    return list(Unit.objects.filter(pk__in=ids).order_by("code")) if ids else []


def tasks_for(user: Any, today: date | None = None) -> list[Task]:
    """The user's tasks, overdue and soonest due first."""
    today = today or timezone.localdate()
    scope = access.Scope(user)
    if not scope.active or scope.superuser:
        return []
    cal = Deadlines()
    out: list[Task] = []
    out += _sign_pk(scope, cal)
    out += _action_plans(scope, cal, today)
    out += _missing_entries(scope, cal, today)
    out += _workflow(user, cal)
    out += _follow_ups(scope)
    out += _lkj_reviews(scope, cal, today)
    out.sort(key=lambda t: (t.due or date.max, ORDER.index(t.kind), t.unit.code, t.key))
    return out


def _sign_pk(scope: access.Scope, cal: Deadlines) -> list[Task]:
    from kinerja.agreements.models import STATUS_DRAFT, Agreement

    units = _own_units(scope, permissions.SIGN_AGREEMENT)
    rows = (
        Agreement.objects.filter(unit__in=units, status=STATUS_DRAFT)
        .select_related("unit")
        .order_by("unit__code", "year", "version")
    )
    latest: dict[tuple[int, int], Any] = {}
    for a in rows:
        latest[(a.unit_id, a.year)] = a  # only the latest draft of a unit-year can be signed
    return [
        Task(
            kind="sign_pk",
            unit=a.unit,
            title=_("Tandatangani Perjanjian Kinerja %(year)s versi %(version)s")
            % {"year": a.year, "version": a.version},
            url=reverse("agreements:detail", args=[a.unit.code, a.year, a.version]),
            key=f"sign_pk:{a.pk}",
            due=cal.stage(a.unit, a.year, "pk"),
        )
        for a in latest.values()
    ]


def working_indicators(units: list[Unit], years: list[int]) -> dict[tuple[int, int], dict[int, str]]:
    """(unit, year) -> {indicator id: code} of the working PK version
    (``kinerja.agreements.services.working_version``: the highest signed, else the latest draft)."""
    from kinerja.agreements.models import STATUS_SIGNED, Agreement, AgreementTarget

    chosen: dict[tuple[int, int], tuple[bool, int, int]] = {}
    for pk, unit_id, year, version, status in Agreement.objects.filter(
        unit__in=units, year__in=years
    ).values_list("pk", "unit_id", "year", "version", "status"):
        rank = (status == STATUS_SIGNED, version, pk)
        if (unit_id, year) not in chosen or rank > chosen[(unit_id, year)]:
            chosen[(unit_id, year)] = rank
    by_agreement = {rank[2]: key for key, rank in chosen.items()}
    out: dict[tuple[int, int], dict[int, str]] = defaultdict(dict)
    for agreement_id, indicator_id, code in AgreementTarget.objects.filter(
        agreement_id__in=list(by_agreement)
    ).values_list("agreement_id", "indicator_id", "indicator__code"):
        out[by_agreement[agreement_id]][indicator_id] = code
    return out


def _years(today: date) -> list[int]:
    return [today.year - 1, today.year]


def _scope_units(scope: access.Scope, action: str) -> list[Unit]:
    """Every unit where the user may do ``action`` (their units and the subtrees beneath)."""
    ids = scope.unit_ids(action)
    return list(Unit.objects.filter(pk__in=sorted(ids)).order_by("code")) if ids else []


def _action_plans(scope: access.Scope, cal: Deadlines, today: date) -> list[Task]:
    from kinerja.agreements.models import ActionPlanTarget

    units = _scope_units(scope, permissions.EDIT_AGREEMENT)
    if not units:
        return []
    indicators = working_indicators(units, _years(today))
    planned: dict[tuple[int, int, int], set[int]] = defaultdict(set)
    for unit_id, year, indicator_id, quarter in ActionPlanTarget.objects.filter(
        unit__in=units, year__in=_years(today)
    ).values_list("unit_id", "year", "indicator_id", "quarter"):
        planned[(unit_id, year, indicator_id)].add(quarter)
    by_pk = {u.pk: u for u in units}
    out = []
    for (unit_id, year), codes in sorted(indicators.items()):
        lacking = sorted(code for pk, code in codes.items() if planned[(unit_id, year, pk)] != {1, 2, 3, 4})
        if not lacking:
            continue
        unit = by_pk[unit_id]
        out.append(
            Task(
                kind="action_plan",
                unit=unit,
                title=_(
                    "Lengkapi Rencana Aksi %(year)s: %(n)s dari %(total)s indikator belum bertarget triwulan I-IV"
                )
                % {"year": year, "n": len(lacking), "total": len(codes)},
                url=reverse("agreements:action_plan", args=[unit.code, year]),
                key=f"action_plan:{unit_id}:{year}",
                due=cal.stage(unit, year, "rencana_aksi"),
                count=len(lacking),
                items=lacking[:10],
            )
        )
    return out


def _missing_entries(scope: access.Scope, cal: Deadlines, today: date) -> list[Task]:
    """Quarters that have ended and are still open, with PK indicators that have no record."""
    from kinerja.measurement.models import Realization

    units = _own_units(scope, permissions.ENTER_REALIZATION)
    if not units:
        return []
    years = _years(today)
    indicators = working_indicators(units, years)
    entered = set(
        Realization.objects.filter(unit__in=units, year__in=years, quarter__isnull=False).values_list(
            "unit_id", "year", "quarter", "indicator_id"
        )
    )
    by_pk = {u.pk: u for u in units}
    out = []
    for (unit_id, year), codes in sorted(indicators.items()):
        unit = by_pk[unit_id]
        for quarter in (1, 2, 3, 4):
            if calendar.quarter_end(year, quarter) >= today:
                continue
            closes = calendar.closes_on(cal.offsets(unit.agency_id, year), year, quarter)
            if closes is not None and today >= closes:
                continue  # closed: only a lock exception reopens a record
            missing = sorted(
                code for pk, code in codes.items() if (unit_id, year, quarter, pk) not in entered
            )
            if not missing:
                continue
            out.append(
                Task(
                    kind="enter",
                    unit=unit,
                    title=_("Isi realisasi %(period)s: %(n)s indikator belum diisi")
                    % {"period": _period(year, quarter), "n": len(missing)},
                    url=reverse("measurement:list", args=[unit.code, year]),
                    key=f"enter:{unit_id}:{year}:{quarter}",
                    due=cal.quarter(unit, year, quarter, 0),
                    count=len(missing),
                    items=missing[:10],
                )
            )
    return out


STEP_TITLES = {
    "submit": ("submit", 0),
    "verify": ("verify", 1),
    "approve": ("approve", 2),
    "edit": ("correct", None),
}


def _workflow(user: Any, cal: Deadlines) -> list[Task]:
    from kinerja.measurement.services import period_of
    from kinerja.measurement.workflow import waiting_for

    groups: dict[tuple[str, int, int, int | None], list[Any]] = defaultdict(list)
    out = []
    for item in waiting_for(user):
        r = item.realization
        if item.returned is not None:
            out.append(
                Task(
                    kind="returned",
                    unit=r.unit,
                    title=_("Perbaiki realisasi %(indicator)s %(period)s yang dikembalikan")
                    % {"indicator": r.indicator.code, "period": _period(r.year, r.quarter)},
                    url=reverse(
                        "measurement:detail", args=[r.unit.code, r.year, period_of(r.quarter), r.indicator_id]
                    ),
                    key=f"returned:{r.pk}:{item.returned.pk}",
                    due=cal.quarter(r.unit, r.year, r.quarter, 0),
                    note=item.returned.comment,
                    items=[r.indicator.code],
                )
            )
            continue
        if item.step in STEP_TITLES:
            groups[(item.step, r.unit_id, r.year, r.quarter)].append(r)
    titles = {
        "submit": _("Ajukan %(n)s realisasi %(period)s"),
        "verify": _("Verifikasi %(n)s realisasi %(period)s"),
        "approve": _("Setujui %(n)s realisasi %(period)s"),
        "edit": _("Koreksi %(n)s realisasi %(period)s yang kuncinya dibuka"),
    }
    for (step, unit_id, year, quarter), rows in sorted(
        groups.items(), key=lambda g: (g[0][1], g[0][2], g[0][3] or 5, g[0][0])
    ):
        kind, deadline = STEP_TITLES[step]
        unit = rows[0].unit
        out.append(
            Task(
                kind=kind,
                unit=unit,
                title=titles[step] % {"n": len(rows), "period": _period(year, quarter)},
                url=reverse("measurement:waiting") + f"?unit={unit.code}",
                key=f"{kind}:{unit_id}:{year}:{quarter or 0}",
                due=None if deadline is None else cal.quarter(unit, year, quarter, deadline),
                count=len(rows),
                items=sorted(r.indicator.code for r in rows)[:10],
            )
        )
    return out


def _follow_ups(scope: access.Scope) -> list[Task]:
    from kinerja.evaluation.models import Recommendation

    units = _own_units(scope, permissions.ENTER_REALIZATION)
    rows = (
        Recommendation.objects.filter(unit__in=units)
        .exclude(status__in=("closed", "submitted"))
        .select_related("unit")
        .order_by("due_date", "pk")
    )
    return [
        Task(
            kind="follow_up",
            unit=r.unit,
            title=_("Tindak lanjuti rekomendasi: %(text)s") % {"text": r.text[:120]},
            url=reverse("akip:unit_recommendations", args=[r.unit.code]),
            key=f"follow_up:{r.pk}",
            due=r.due_date,
        )
        for r in rows
    ]


def _lkj_reviews(scope: access.Scope, cal: Deadlines, today: date) -> list[Task]:
    """The APIP: last year's LKj of each unit with a recorded Rencana/realisation but no reviu
    statement yet, from the day the year ends until a year after its LKj deadline."""
    from kinerja.evaluation.models import Reviu
    from kinerja.measurement.models import Realization

    ids = scope.unit_ids(permissions.RECORD_REVIU)
    if not ids:
        return []
    year = today.year - 1
    reported = set(
        Realization.objects.filter(unit_id__in=sorted(ids), year=year)
        .values_list("unit_id", flat=True)
        .distinct()
    )
    reviewed = set(
        Reviu.objects.filter(unit_id__in=sorted(reported), year=year).values_list("unit_id", flat=True)
    )
    out = []
    for unit in Unit.objects.filter(pk__in=sorted(reported - reviewed)).order_by("code"):
        out.append(
            Task(
                kind="review_lkj",
                unit=unit,
                title=_("Reviu Laporan Kinerja %(year)s") % {"year": year},
                url=reverse("evaluation:reviu", args=[unit.code, year]),
                key=f"review_lkj:{unit.pk}:{year}",
                due=cal.stage(unit, year, "lkj"),
            )
        )
    return out
