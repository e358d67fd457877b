"""What the realisation pages show, computed by the one engine.

A period is the year (``"tahun"``) or a quarter (``"tw1"`` .. ``"tw4"``). The figures come from
``kinerja.core.engine.compute_unit_year`` over the same ``Document`` the unit page and
``kinerja compute`` use (database -> ``export_document`` -> ``build_unit_year_input``):

* the year: exactly ``compute_document`` (the year's record, else the quarters by the
  indicator's quarter rule);
* a quarter: the same batch with that quarter's records as the period's records, measured
  against the Rencana Aksi target of the quarter where there is one, else the year's target in
  force (noted).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext, gettext_lazy

from kinerja.core.numbers import format_number, show_target, show_value
from kinerja.core.types import IndicatorResult, KinerjaValidationError, UnitResult
from kinerja.figures.counting import Basis
from kinerja.figures.inforce import in_force, plan_for
from kinerja.figures.quarters import NOTE_QUARTER, quarter_figures
from kinerja.figures.unit_year import figures_for
from kinerja.history.context import acting_as
from kinerja.history.models import Change
from kinerja.interchange import document as d
from kinerja.interchange.db import measured_document
from kinerja.interchange.refs import indicator_key, resolve_ref
from kinerja.measurement.models import Evidence, Realization, RealizationInput
from kinerja.organizations import access, permissions
from kinerja.organizations.models import Unit
from kinerja.planning.models import Indicator
from kinerja.results.store import stored_figures, stored_quarter

PERIODS = ("tahun", "tw1", "tw2", "tw3", "tw4")
PERIOD_LABELS = {
    "tahun": gettext_lazy("Tahunan"),
    "tw1": gettext_lazy("Triwulan I"),
    "tw2": gettext_lazy("Triwulan II"),
    "tw3": gettext_lazy("Triwulan III"),
    "tw4": gettext_lazy("Triwulan IV"),
}
NOTE_QUARTER_ANNUAL_TARGET = gettext_lazy(
    "belum ada target Rencana Aksi triwulan ini; diukur terhadap target tahunan"
)


def quarter_of(period: str) -> int | None:
    """``"tahun"`` -> None, ``"tw2"`` -> 2; ``ValueError`` for anything else."""
    if period not in PERIODS:
        raise ValueError(period)
    return None if period == "tahun" else int(period[2])


def period_of(quarter: int | None) -> str:
    return "tahun" if quarter is None else f"tw{quarter}"


def period_label(period: str, year: int) -> str:
    return f"{PERIOD_LABELS[period]} {year}"


def format_input(value: Decimal | None) -> str:
    """A stored number as a person types it: ``18.658.193``, ``99,25`` (no trailing zeros)."""
    if value is None:
        return ""
    exponent = value.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return format_number(value, places)


# --- the engine for a period --------------------------------------------------------------------


def compute_period(
    doc: d.Document, unit: str, year: int, quarter: int | None, basis: Basis = Basis.PROVISIONAL
) -> tuple[UnitResult, set[str]]:
    """The unit's result for the year or one quarter, and the indicator keys measured against
    the year's target for want of a quarterly one. The entry pages show what has been entered so
    far (``Basis.PROVISIONAL``, labelled sementara); the rules are ``kinerja.figures.unit_year``
    (the year) and ``kinerja.figures.quarters`` (a quarter)."""
    if quarter is None:
        figures = figures_for(doc, unit, year, basis)
        return figures.result, set()
    found = quarter_figures(doc, unit, year, quarter, basis)
    return _quarter_notes_shown(found.result, quarter), set(found.year_target)


def _quarter_notes_shown(result: UnitResult, quarter: int) -> UnitResult:
    """The quarter's note in the language of the request."""
    plain = NOTE_QUARTER.format(quarter=quarter)
    shown = gettext(
        "triwulan %(quarter)s: realisasi triwulan ini diukur terhadap target Rencana Aksi triwulan ini"
    ) % {"quarter": quarter}
    return dataclasses.replace(result, notes=tuple(shown if n == plain else n for n in result.notes))


def stored_period(unit: Unit, year: int, quarter: int | None) -> tuple[UnitResult | None, set[str], str]:
    """``compute_period`` of what is saved, on the provisional basis, from the stored results
    (``kinerja.results.store``): the result, the keys measured against the year's target, and the
    error that stopped the computation ("" when none)."""
    if quarter is None:
        year_figures = stored_figures(unit, year, Basis.PROVISIONAL)
        return year_figures.result, set(), year_figures.error or ""
    found = stored_quarter(unit, year, quarter, Basis.PROVISIONAL)
    if found.result is None:
        return None, set(), found.error or ""
    return _quarter_notes_shown(found.result, quarter), set(found.year_target), ""


def with_record(doc: d.Document, record: d.Realization) -> d.Document:
    """A copy of ``doc`` in which ``record`` replaces the unit's record of its indicator-period
    (for a preview of unsaved input)."""
    key = resolve_ref(record.indicator, record.unit)
    kept = [
        r
        for r in doc.realizations
        if not (
            r.unit == record.unit
            and r.period.year == record.period.year
            and r.period.quarter == record.period.quarter
            and resolve_ref(r.indicator, r.unit) == key
        )
    ]
    return dataclasses.replace(doc, realizations=[*kept, record])


# --- rows of a unit-period ----------------------------------------------------------------------


@dataclass
class Row:
    key: str
    doc_indicator: d.Indicator
    indicator: Indicator | None  # the database row of the plan in force
    objective: str
    realization: Realization | None
    evidence_count: int = 0
    result: IndicatorResult | None = None
    annual_target: bool = False

    @property
    def target(self) -> str:
        return show_target(self.result.target) if self.result else "–"

    @property
    def value(self) -> str:
        return show_value(self.result.realization) if self.result else "n.a"

    @property
    def achievement(self) -> str:
        return show_value(self.result.achievement) if self.result else "n.a"

    @property
    def uncapped(self) -> str:
        return show_value(self.result.achievement_uncapped) if self.result else "n.a"

    @property
    def notes(self) -> tuple[str, ...]:
        return self.result.notes if self.result else ()


@dataclass
class PeriodView:
    unit: Unit
    year: int
    quarter: int | None
    plan: d.Plan | None
    rows: list[Row] = field(default_factory=list)
    agreement: d.Agreement | None = None
    years: list[int] = field(default_factory=list)
    result: UnitResult | None = None
    error: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def period(self) -> str:
        return period_of(self.quarter)

    @property
    def achievement(self) -> str:
        return show_value(self.result.achievement) if self.result else "n.a"


def db_indicators(unit: Unit, plan: d.Plan) -> dict[str, Indicator]:
    """Key ``OWNER:CODE`` -> the database indicator of the unit's plan ``plan``."""
    rows = Indicator.objects.filter(
        plan__unit=unit,
        plan__period_start=plan.period[0],
        plan__period_end=plan.period[1],
        plan__version=plan.version,
    ).select_related("owner", "plan")
    return {f"{i.owner.code}:{i.code}": i for i in rows}


def realizations_by_key(unit: Unit, year: int, quarter: int | None) -> dict[str, Realization]:
    rows = Realization.objects.filter(unit=unit, year=year).select_related("indicator__owner", "unit")
    rows = rows.filter(quarter__isnull=True) if quarter is None else rows.filter(quarter=quarter)
    out: dict[str, Realization] = {}
    for r in rows.order_by("id"):
        out.setdefault(f"{r.indicator.owner.code}:{r.indicator.code}", r)
    return out


def find_realization(unit: Unit, indicator: Indicator, year: int, quarter: int | None) -> Realization | None:
    """The unit's record of the indicator (same owner and code, any plan version) for the period."""
    rows = Realization.objects.filter(
        unit=unit, year=year, indicator__owner_id=indicator.owner_id, indicator__code=indicator.code
    ).select_related("unit", "indicator__owner")
    rows = rows.filter(quarter__isnull=True) if quarter is None else rows.filter(quarter=quarter)
    found = list(rows)
    exact = [r for r in found if r.indicator_id == indicator.pk]
    chosen = exact or found
    return chosen[0] if chosen else None


def period_view(
    unit: Unit, year: int | None, quarter: int | None, doc: d.Document | None = None
) -> PeriodView:
    """Every indicator of the unit's PK in force (else its Renstra) for the period, with its
    record, status, lock and the engine's realisation and capaian."""
    given = doc is not None
    doc = doc if doc is not None else measured_document(unit)
    plans = [p for p in doc.plans if p.unit == unit.code]
    if year is None:
        years_with_data = [r.period.year for r in doc.realizations if r.unit == unit.code]
        if years_with_data:
            year = max(years_with_data)
        elif plans:
            year = max(plans, key=lambda p: (p.period[1], p.version)).period[0]
        else:
            year = 0
    plan = plan_for(doc, unit.code, year)
    view = PeriodView(unit=unit, year=year, quarter=quarter, plan=plan)
    view.years = sorted({y for p in plans for y in range(p.period[0], p.period[1] + 1)})
    if plan is None:
        return view
    # the indicator set the engine measures (kinerja.figures.inforce): a draft PK changes nothing
    force = in_force(doc, unit.code, year)
    view.agreement = force.agreement
    measured = set(force.keys)
    annual_target: set[str] = set()
    if given:  # the caller's document (e.g. a preview of unsaved input): computed now
        try:
            view.result, annual_target = compute_period(doc, unit.code, year, quarter)
        except KinerjaValidationError as exc:
            view.error = str(exc)
    else:
        view.result, annual_target, error = stored_period(unit, year, quarter)
        view.error = error or view.error
    results = {i.key: i for o in view.result.objectives for i in o.indicators} if view.result else {}
    view.notes = view.result.notes if view.result else ()
    indicators = db_indicators(unit, plan)
    records = realizations_by_key(unit, year, quarter)
    counts = dict(
        Evidence.objects.filter(realization__in=[r.pk for r in records.values()])
        .values_list("realization_id")
        .annotate(n=Count("id"))
        .values_list("realization_id", "n")
    )
    for obj in plan.objectives:
        for ind in obj.indicators:
            key = indicator_key(ind, plan)
            if key not in measured:
                continue
            record = records.get(key)
            view.rows.append(
                Row(
                    key=key,
                    doc_indicator=ind,
                    indicator=indicators.get(key),
                    objective=obj.code,
                    realization=record,
                    evidence_count=counts.get(record.pk, 0) if record else 0,
                    result=results.get(key),
                    annual_target=key in annual_target,
                )
            )
    return view


def doc_indicator(doc: d.Document, indicator: Indicator, year: int) -> tuple[str, d.Indicator | None]:
    """The document's view of a database indicator (key, definition) as the engine reads it."""
    key = f"{indicator.owner.code}:{indicator.code}"
    plan = plan_for(doc, indicator.plan.unit.code, year)
    for p in [plan] if plan else []:
        for obj in p.objectives:
            for ind in obj.indicators:
                if indicator_key(ind, p) == key:
                    return key, ind
    return key, None


# --- entry --------------------------------------------------------------------------------------


def start_realization(
    user: Any, unit: Unit, indicator: Indicator, year: int, quarter: int | None
) -> tuple[Realization, bool]:
    """The record of the unit-indicator-period; created as an empty draft (version 1) by who may
    enter realisations when there is none yet. ``(row, created)``."""
    access.require(user, permissions.ENTER_REALIZATION, unit)
    existing = find_realization(unit, indicator, year, quarter)
    if existing is not None:
        return existing, False
    from kinerja.measurement.workflow import check_period_open

    check_period_open(Realization(agency_id=unit.agency_id, unit=unit, year=year, quarter=quarter))
    try:
        with transaction.atomic(), acting_as(user):
            row = Realization.objects.create(
                agency_id=unit.agency_id, unit=unit, indicator=indicator, year=year, quarter=quarter
            )
    except IntegrityError:  # someone created it at the same moment
        found = find_realization(unit, indicator, year, quarter)
        if found is None:  # pragma: no cover - the constraint failed for another reason
            raise
        return found, False
    return row, True


def record_history(realization: Realization) -> list[Change]:
    """The field history of the record and of its raw inputs and evidence, oldest first."""
    from django.contrib.contenttypes.models import ContentType

    own = ContentType.objects.get_for_model(Realization)
    children = [ContentType.objects.get_for_model(m) for m in (RealizationInput, Evidence)]
    marker = f'"realization": "{realization.pk}"'
    child_ids: dict[int, set[str]] = {ct.pk: set() for ct in children}
    for ct_id, object_id in Change.objects.filter(
        Q(new_value__contains=marker + ",") | Q(old_value__contains=marker + ","),
        content_type__in=children,
        agency_id=realization.agency_id,
    ).values_list("content_type_id", "object_id"):
        child_ids[ct_id].add(object_id)
    child_ids[children[0].pk] |= {str(pk) for pk in realization.inputs.values_list("pk", flat=True)}
    child_ids[children[1].pk] |= {str(pk) for pk in realization.evidence.values_list("pk", flat=True)}
    query = Q(content_type=own, object_id=str(realization.pk))
    for ct_id, ids in child_ids.items():
        if ids:
            query |= Q(content_type_id=ct_id, object_id__in=sorted(ids))
    return list(Change.objects.filter(query).select_related("content_type").order_by("at", "id"))
