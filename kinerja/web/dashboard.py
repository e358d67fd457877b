"""Dasbor kinerja per unit-year: capaian per sasaran and indicator with predicate bands, the
trend over the Renstra years (inline SVG), budget absorption next to the achievement, what is
late, and what waits for the user's step.

Every capaian comes from the engine: what the unit's own figures read is loaded as a ``Document``
(``measured_document``: its plans, PK, realisations of its keys; not its subtree), the year is
assembled by ``kinerja.reports.assemble.assemble_unit_year`` (the same layer as the LKj, over
``compute_document``), and every other Renstra year is computed by ``compute_document``. The
units below are listed with their stored results (``kinerja.results``), a few queries whatever
their number. Budget absorption is ``reports.assemble.absorption`` (realisasi / pagu).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core.achievement import NOTE_NO_REALIZATION
from kinerja.core.bands import DEFAULT_ACHIEVEMENT_BANDS
from kinerja.core.numbers import format_rupiah, show_target, show_value
from kinerja.core.types import IndicatorResult, KinerjaValidationError, NumericTarget, UnitResult
from kinerja.evaluation.services import check_reviu
from kinerja.figures.counting import Basis
from kinerja.figures.inforce import in_force, plan_is_adopted
from kinerja.figures.unit_year import compute_document
from kinerja.interchange.db import measured_document
from kinerja.interchange.document import Document
from kinerja.interchange.refs import indicator_key, resolve_ref
from kinerja.organizations.access import Scope
from kinerja.organizations.models import Unit
from kinerja.organizations.permissions import VIEW
from kinerja.planning.models import Plan
from kinerja.reports.assemble import BudgetLine, UnitYearReport, assemble_unit_year
from kinerja.results.store import stored_achievements
from kinerja.web.charts import SMALL, TARGET_COLOUR, Series, TrendChart, trend_chart
from kinerja.web.common import (
    BandBadge,
    band_legend,
    band_of,
    basis_from,
    level_label,
    plan_years,
    viewable_unit,
    year_from,
)
from kinerja.web.tables import Column, DataTable
from kinerja.web.waiting import waiting_rows

QUARTER_NAMES = {1: "TW I", 2: "TW II", 3: "TW III", 4: "TW IV"}
QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


# --- what the template shows ------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetShown:
    label: str
    pagu: str
    realization: str
    absorption: str  # "99,49" or "n.a"


def _budget(line: BudgetLine | None, label: str | None = None) -> BudgetShown | None:
    if line is None:
        return None
    return BudgetShown(
        label or line.label,
        format_rupiah(line.pagu) if line.pagu is not None else "–",
        format_rupiah(line.realization) if line.realization is not None else "–",
        show_value(line.absorption),
    )


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    name: str
    unit_of_measure: str
    target: str
    realization: str
    achievement: str
    uncapped: str
    band: BandBadge | None
    notes: tuple[str, ...]


@dataclass(frozen=True)
class ObjectiveRow:
    code: str
    level: str
    statement: str
    achievement: str
    band: BandBadge | None
    budget: BudgetShown | None
    indicators: list[IndicatorRow]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class LateItem:
    kind: str  # "pk", "annual", "quarter"
    code: str
    name: str
    period: str
    reason: str
    overdue: bool  # the period has ended


@dataclass(frozen=True)
class ChildRow:
    code: str
    name: str
    level: str
    depth: int
    achievement: str
    band: BandBadge | None
    has_plan: bool
    active: bool = True  # False after its validity period (e.g. dissolved in a reorganisation)
    below: int = 0  # units under it not listed (a subtree too large to list whole)
    value: Decimal | None = None  # the achievement as a number (sorting, export)


@dataclass(frozen=True)
class IndicatorChart:
    key: str
    code: str
    name: str
    chart: TrendChart


@dataclass
class TrendRow:
    label: str
    values: list[str] = field(default_factory=list)
    main: bool = False


# --- building blocks (each testable on a Document) --------------------------------------------


def yearly_results(
    doc: Document, unit: str, years: list[int], known: dict[int, UnitResult], basis: Basis = Basis.OFFICIAL
) -> dict[int, UnitResult]:
    """The engine's result for every Renstra year of the unit that a plan covers."""
    out = dict(known)
    for y in years:
        if y in out:
            continue
        try:
            out[y] = compute_document(doc, unit, y, basis)
        except KinerjaValidationError:
            continue  # no plan for that year, or data the engine refuses (shown for the chosen year)
    return out


def _has_data(result: UnitResult) -> bool:
    return any(i.realization is not None for o in result.objectives for i in o.indicators)


def build_trend(
    doc: Document, unit: str, years: list[int], results: dict[int, UnitResult]
) -> tuple[TrendChart, list[TrendRow], list[int]]:
    """Series (unit, then each objective) over the Renstra years; points only for years with data."""
    data_years = [y for y in years if y in results and _has_data(results[y])]
    codes: list[str] = []
    for y in years:
        for obj in results[y].objectives if y in results else ():
            if obj.code not in codes:
                codes.append(obj.code)
    series = [
        Series(
            unit,
            _("Capaian %(unit)s") % {"unit": unit},
            {y: results[y].achievement for y in data_years},
            main=True,
        )
    ]
    for code in codes:
        values: dict[int, Decimal | None] = {}
        for y in data_years:
            values[y] = next((o.achievement for o in results[y].objectives if o.code == code), None)
        series.append(Series(code, code, values))
    chart = trend_chart(years, series, DEFAULT_ACHIEVEMENT_BANDS)
    rows = [
        TrendRow(s.label, [show_value(s.values.get(y)) if y in data_years else "–" for y in years], s.main)
        for s in series
    ]
    indicator_codes: list[tuple[str, str]] = []
    for y in years:
        for obj in results[y].objectives if y in results else ():
            for ind in obj.indicators:
                if (ind.key, ind.code) not in indicator_codes:
                    indicator_codes.append((ind.key, ind.code))
    for key, code in indicator_codes:
        values_shown = []
        for y in years:
            found = _indicator(results.get(y), key) if y in data_years else None
            if found is None or found.realization is None:
                values_shown.append("–")
            else:
                values_shown.append(f"{show_value(found.realization)} ({show_value(found.achievement)}%)")
        rows.append(TrendRow(_("%(code)s: realisasi (capaian)") % {"code": code}, values_shown))
    return chart, rows, data_years


def indicator_charts(
    years: list[int], results: dict[int, UnitResult], names: dict[str, str]
) -> list[IndicatorChart]:
    """Per indicator: its realisation per year (points for years with a realisation) against the
    target in force (dashed line), each from the engine's result of that year. Indicators without
    any numeric realisation get no chart."""
    keys: list[tuple[str, str]] = []
    for y in years:
        for obj in results[y].objectives if y in results else ():
            for ind in obj.indicators:
                if (ind.key, ind.code) not in keys:
                    keys.append((ind.key, ind.code))
    out = []
    for key, code in keys:
        realized: dict[int, Decimal | None] = {}
        targets: dict[int, Decimal | None] = {}
        for y in years:
            found = _indicator(results.get(y), key)
            if found is None:
                continue
            if isinstance(found.realization, Decimal):
                realized[y] = found.realization
            if isinstance(found.target, NumericTarget):
                targets[y] = found.target.value
        if not realized:
            continue
        chart = trend_chart(
            years,
            [
                Series(f"{key}:realisasi", _("Realisasi"), realized, main=True),
                Series(
                    f"{key}:target", _("Target"), targets, points=False, dashed=True, colour=TARGET_COLOUR
                ),
            ],
            floor=None,
            ceiling=None,
            unit_suffix="",
            size=SMALL,
            ticks=4,
        )
        out.append(IndicatorChart(key, code, names.get(key, ""), chart))
    return out


def _indicator(result: UnitResult | None, key: str) -> IndicatorResult | None:
    if result is None:
        return None
    for obj in result.objectives:
        for ind in obj.indicators:
            if ind.key == key:
                return ind
    return None


def _quarter_ended(year: int, quarter: int, today: date) -> bool:
    month, day = QUARTER_END[quarter]
    return date(year, month, day) < today


def late_items(doc: Document, unit: str, year: int, result: UnitResult, today: date) -> list[LateItem]:
    """What is late for the unit-year:

    * no Perjanjian Kinerja for a year that has begun;
    * every indicator of the indicator set in force (``kinerja.figures.inforce``: the signed PK's,
      less what a signed revision took out) whose realisation the engine finds n.a;
    * every quarter that has ended without a quarterly realisation, for an indicator with a
      Rencana Aksi target for that quarter or reported quarterly (``frequency`` triwulanan).
    """
    items: list[LateItem] = []
    try:
        force = in_force(doc, unit, year)
    except KinerjaValidationError:
        return items
    plan = force.plan
    names: dict[str, tuple[str, str, str]] = {}  # key -> (code, name, frequency)
    for obj in plan.objectives:
        for ind in obj.indicators:
            names[indicator_key(ind, plan)] = (ind.code, ind.name, ind.frequency)
    agreements = force.agreements
    year_ended = date(year, 12, 31) < today
    keys: list[str] = force.keys if agreements else []
    if not agreements and date(year, 1, 1) <= today:
        items.append(
            LateItem(
                "pk",
                "PK",
                _("Perjanjian Kinerja"),
                str(year),
                _("belum ditetapkan"),
                year_ended,
            )
        )
    by_key = {i.key: i for o in result.objectives for i in o.indicators}
    for key in keys:
        res = by_key.get(key)
        if res is not None and res.realization is not None:
            continue
        code, name, _frequency = names.get(key, (key.split(":", 1)[-1], key, ""))
        reason = "; ".join(res.notes) if res is not None and res.notes else NOTE_NO_REALIZATION
        items.append(LateItem("annual", code, name, str(year), reason, year_ended))
    # quarters
    expected: dict[str, set[int]] = {}
    for ap in doc.action_plans:
        if ap.unit == unit and ap.year == year:
            expected.setdefault(resolve_ref(ap.indicator, unit), set()).update(ap.quarters)
    for key in keys or list(names):
        frequency = names.get(key, ("", "", ""))[2].lower()
        if "triwulan" in frequency:
            expected.setdefault(key, set()).update({1, 2, 3, 4})
    recorded = {
        (resolve_ref(r.indicator, r.unit), r.period.quarter)
        for r in doc.realizations
        if r.period.year == year and r.period.quarter is not None
    }
    for key in [k for k in (keys or list(names)) if k in expected]:
        code, name, _frequency = names.get(key, (key.split(":", 1)[-1], key, ""))
        for q in sorted(expected[key]):
            if _quarter_ended(year, q, today) and (key, q) not in recorded:
                items.append(
                    LateItem(
                        "quarter",
                        code,
                        name,
                        f"{QUARTER_NAMES[q]} {year}",
                        _("realisasi triwulan belum ada"),
                        True,
                    )
                )
    return items


def _objective_rows(report: UnitYearReport) -> list[ObjectiveRow]:
    rows = []
    for obj in report.objectives:
        indicators = [
            IndicatorRow(
                code=i.code,
                name=i.name,
                unit_of_measure=i.unit_of_measure,
                target=show_target(i.result.target),
                realization=show_value(i.result.realization),
                achievement=show_value(i.result.achievement),
                uncapped=show_value(i.result.achievement_uncapped),
                band=band_of(i.result.achievement),
                notes=i.result.notes,
            )
            for i in obj.indicators
        ]
        rows.append(
            ObjectiveRow(
                code=obj.code,
                level=obj.level,
                statement=obj.statement,
                achievement=show_value(obj.achievement),
                band=band_of(obj.achievement),
                budget=_budget(obj.budget, obj.code),
                indicators=indicators,
                notes=obj.notes,
            )
        )
    return rows


# A subtree larger than this is listed one level deep, each unit with the number below it.
MAX_SUBTREE_ROWS = 200


def units_below(
    unit: Unit, scope: Scope, year: int, today: date, basis: Basis = Basis.OFFICIAL
) -> list[ChildRow]:
    """The units below ``unit`` the user may read, with their capaian of the year: read from the
    stored results in a few queries whatever the number of units (``kinerja.results``). A
    subtree of more than ``MAX_SUBTREE_ROWS`` units is listed one level deep."""
    below = list(
        Unit.objects.filter(agency_id=unit.agency_id, code__in=unit.descendant_codes())
        .exclude(pk=unit.pk)
        .select_related("agency")
    )
    visible = scope.unit_ids(VIEW)
    shown = [u for u in below if visible is None or u.pk in visible]
    counts: dict[int, int] = {}
    if len(shown) > MAX_SUBTREE_ROWS:
        parent_of = {u.pk: u.parent_id for u in shown}
        for u in shown:
            node = u.parent_id
            while node is not None and node in parent_of:
                counts[node] = counts.get(node, 0) + 1
                node = parent_of[node]
        # the first level the user may read: children of the unit, or of a unit they may not read
        shown = [u for u in shown if u.parent_id not in parent_of]
    in_force_plan = {
        unit_id
        for unit_id, status in Plan.objects.filter(
            unit__in=shown, period_start__lte=year, period_end__gte=year
        ).values_list("unit_id", "status")
        if plan_is_adopted(status)
    }
    achievements = stored_achievements([u for u in shown if u.pk in in_force_plan], year, basis)
    by_parent: dict[int | None, list[Unit]] = {}
    for u in shown:
        by_parent.setdefault(u.parent_id, []).append(u)
    rows: list[ChildRow] = []

    def walk(parent_id: int, depth: int) -> None:
        for child in sorted(by_parent.get(parent_id, []), key=lambda u: u.code):
            value = achievements.get(child.pk)
            rows.append(
                ChildRow(
                    child.code,
                    child.name,
                    level_label(child.level),
                    depth,
                    show_value(value),
                    band_of(value),
                    child.pk in in_force_plan,
                    child.valid_to is None or child.valid_to >= today,
                    counts.get(child.pk, 0),
                    value,
                )
            )
            walk(child.pk, depth + 1)

    walk(unit.pk, 0)
    return rows


def children_table(request: HttpRequest, rows: list[ChildRow], unit: Unit, year: int) -> DataTable | None:
    """The units beneath as a table that sorts, filters, pages and exports (``web.tables``); in
    tree order until the user sorts."""
    if not rows:
        return None
    columns = [
        Column("unit", _("Unit"), lambda r: r.name),
        Column("kode", _("Kode"), lambda r: r.code, shown=False),
        Column("tingkat", _("Tingkat"), lambda r: r.level),
        Column("capaian", _("Capaian (%)"), lambda r: r.value if r.has_plan else None, numeric=True),
        Column(
            "predikat",
            _("Predikat"),
            lambda r: (r.band.text or r.band.label) if r.band and r.has_plan else "",
            sortable=False,
        ),
    ]
    return DataTable(
        request, "unit", columns, rows, per_page=50, filename=f"unit-di-bawah-{unit.code}-{year}"
    )


# --- the page -----------------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    unit, scope = viewable_unit(request, code)  # 404 unknown, 403 outside the user's scope
    doc = measured_document(unit)  # the unit's own figures, every year; not its subtree
    years = plan_years(doc, unit.code)
    subtree = set(
        Unit.objects.filter(code__in=unit.descendant_codes(), agency_id=unit.agency_id).values_list(
            "id", flat=True
        )
    )
    context: dict[str, Any] = {
        "unit": unit,
        "level": level_label(unit.level),
        "parent_visible": unit.parent is not None and scope.can(VIEW, unit.parent),
        # the user's next tasks on the dashboard of a unit where they hold a role (their landing)
        "own_unit": any(unit_id == unit.pk for _agency, unit_id, _role in scope.memberships()),
        "waiting": waiting_rows(request.user, subtree),
        "band_legend": band_legend(),
        "predecessors": [
            (link.predecessor, link.since, scope.can(VIEW, link.predecessor))
            for link in unit.predecessor_links.select_related("predecessor").order_by("position")
        ],
    }
    if not years:
        return render(request, "web/dashboard.html", context)
    year = year_from(request, doc, unit, years)
    basis = basis_from(request)
    context.update({"year": year, "years": years, "provisional": basis is Basis.PROVISIONAL})
    try:
        report = assemble_unit_year(doc, unit.code, year, basis)
    except KinerjaValidationError as exc:
        context["error"] = str(exc)
        return render(request, "web/dashboard.html", context)
    results = yearly_results(doc, unit.code, years, {year: report.result}, basis)
    chart, trend_rows, data_years = build_trend(doc, unit.code, years, results)
    today = timezone.localdate()
    context.update(
        {
            "plan": report.plan,
            "unit_achievement": show_value(report.result.achievement),
            "unit_band": band_of(report.result.achievement),
            "notes": report.result.notes,
            "objectives": _objective_rows(report),
            "budget_total": _budget(report.budget.total, _("Anggaran unit")),
            "budget_accounts": [_budget(a) for a in report.budget.accounts],
            "chart": chart,
            "indicator_charts": indicator_charts(
                years, results, {i.key: i.name for o in report.objectives for i in o.indicators}
            ),
            "trend_rows": trend_rows,
            "data_years": data_years,
            "late": late_items(doc, unit.code, year, report.result, today),
            "children": children_table(request, units_below(unit, scope, year, today, basis), unit, year),
            "counts": report.counts,
            "unapproved": report.unapproved,
            "left_out": report.left_out,
            "reviu": check_reviu(unit, year, doc),
        }
    )
    table = context["children"]
    if isinstance(table, DataTable) and (export := table.export()) is not None:
        return export
    return render(request, "web/dashboard.html", context)
