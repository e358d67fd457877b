"""The landing page's "units side by side" (``web:home``): for each top unit the user may read,
its achievement of the year and those of the units beneath it, as cards next to each other, read
from the stored results (``kinerja.results``) through the dashboard's ``units_below``: the same
figures as each unit's dashboard, a few queries whatever the number of units.

The year: ``?tahun=`` when it is a year some visible unit has realisations for, else the latest
such year (a planner lands on the year being reported, not on an empty one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from kinerja.core.numbers import show_value
from kinerja.figures.counting import Basis
from kinerja.figures.inforce import plan_is_adopted
from kinerja.measurement.models import Realization
from kinerja.organizations.access import Scope
from kinerja.organizations.models import Unit
from kinerja.planning.models import Plan
from kinerja.results.store import stored_achievements
from kinerja.web.common import BandBadge, band_of, level_label
from kinerja.web.dashboard import ChildRow, units_below

# More top units than this (a user with roles at many unrelated units) are listed without cards.
MAX_CARDS = 40


@dataclass
class UnitCard:
    code: str
    name: str
    level: str
    achievement: str
    band: BandBadge | None
    has_plan: bool
    below: list[ChildRow] = field(default_factory=list)


def landing_year(request: HttpRequest, unit_ids: list[int]) -> int | None:
    years = sorted(
        set(Realization.objects.filter(unit_id__in=unit_ids).values_list("year", flat=True).distinct()),
        reverse=True,
    )
    if not years:
        latest = Plan.objects.filter(unit_id__in=unit_ids).aggregate(Max("period_start"))["period_start__max"]
        return int(latest) if latest is not None else None
    raw = request.GET.get("tahun", "").strip()
    if raw.isdigit() and len(raw) <= 4 and int(raw) in years:
        return int(raw)
    return years[0]


def side_by_side(request: HttpRequest, root_ids: list[int], year: int) -> list[UnitCard]:
    """One card per unit directly beneath each top unit (or the top unit itself when it has
    none), with the units beneath that one inside the card."""
    scope = Scope(request.user)
    top = list(Unit.objects.filter(pk__in=root_ids).select_related("agency"))  # ids from visible_units
    cards: list[UnitCard] = []
    today = timezone.localdate()
    own = _own_achievements(top, year)
    for unit in sorted(top, key=lambda u: u.code):
        rows = units_below(unit, scope, year, today, Basis.OFFICIAL)
        if not rows:
            value, has_plan = own.get(unit.pk, (None, False))
            cards.append(
                UnitCard(
                    unit.code, unit.name, level_label(unit.level), show_value(value), band_of(value), has_plan
                )
            )
            continue
        for row in rows:
            if row.depth == 0:
                cards.append(UnitCard(row.code, row.name, row.level, row.achievement, row.band, row.has_plan))
            elif cards:
                cards[-1].below.append(row)
        if len(cards) > MAX_CARDS:
            break
    return cards[:MAX_CARDS]


def _own_achievements(units: list[Unit], year: int) -> dict[int, tuple[Any, bool]]:
    in_force = {
        unit_id
        for unit_id, status in Plan.objects.filter(
            unit__in=units, period_start__lte=year, period_end__gte=year
        ).values_list("unit_id", "status")
        if plan_is_adopted(status)
    }
    by_agency: dict[int, list[Unit]] = {}
    for u in units:
        if u.pk in in_force:
            by_agency.setdefault(u.agency_id, []).append(u)
    out: dict[int, tuple[Any, bool]] = {}
    for group in by_agency.values():
        for unit_id, value in stored_achievements(group, year).items():
            out[unit_id] = (value, True)
    return out
