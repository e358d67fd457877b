"""Read a ``Document`` back from the database (``importer.py`` writes one).

``export_document(agency_code=None, unit=None)``
    The whole agency (the only one when ``agency_code`` is None), or ``unit`` and the units below
    it. A unit export is self-contained: it also carries the units referred to (ancestors,
    predecessors, owners, plan units), the plans whose objectives/indicators are referred to
    (cascade targets, components, PK/realisation indicators, budget objectives; transitively)
    and the realisations of component indicators, so it imports on its own into an empty
    database and computes like the whole.

    Order (deterministic, so exports diff cleanly):

    * ``units`` by code; ``plans`` by (unit code, period start, period end, version);
      ``agreements`` by (unit, year, version); ``action_plans`` by (unit, year, indicator
      reference); ``realizations`` by (unit, year, quarter with the whole year first, indicator
      reference); ``budgets`` by (unit, year, then file order); ``texts`` by (unit, year, key);
      ``surveys`` by (unit, year, service) (``kinerja.interchange.surveys``); ``evaluations`` by
      (unit, year), final ones only (``kinerja.interchange.evaluations``); ``recommendations`` by
      (unit, year, due date) (``kinerja.interchange.recommendations``).
    * Lists inside keep the order they were imported in: predecessors, missions, goals,
      objectives, indicators, supports, variables, components (and weights), scale, PK targets,
      realisation inputs, evidence. Renstra targets by year, action-plan quarters 1..4.

    Normalisation (what an import then export gives back):

    * A reference is written short (``"CODE"``) when it points into its context unit, else
      ``"UNIT:CODE"``. Context: the plan's unit for ``supports``/``components``/``weights``;
      the record's unit for agreements, action plans, realisations and budgets.
    * ``Indicator.owner`` is ``None`` when it is the plan's unit.
    * Decimals are stored with 10 places (half-up) and exported without trailing zeros
      (``Decimal("99.25")``, ``Decimal("100")``).
    * An empty formula is ``None``; a signatory with neither name nor title is ``None``;
      an empty revision reason is ``None``.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from kinerja.core.types import (
    Aggregation,
    KinerjaValidationError,
    LowerIsBetterRule,
    NumericTarget,
    Polarity,
    QuarterRule,
    RangeTarget,
    Target,
)
from kinerja.interchange import document as d
from kinerja.interchange.budget_outputs import export_budget_outputs, load_outputs
from kinerja.interchange.budget_scores import export_budget_scores
from kinerja.interchange.dbutil import chunks, join_ref, plain_decimal
from kinerja.interchange.evaluations import export_evaluations
from kinerja.interchange.recommendations import export_recommendations
from kinerja.interchange.surveys import export_surveys


class _UnitTree:
    """Codes and parents of an agency's units by id: read at once for a whole or subtree export,
    or unit by unit as they are named for one unit's own export (``code_of[pk]`` reads a missing
    one), so that export does not read the whole tree."""

    def __init__(self, agency: Any, whole: bool) -> None:
        self.agency = agency
        self.code_of: dict[int, str] = _Missing(self._load)
        self.parent_of: dict[int, int | None] = _Missing(self._load)
        if whole:
            self._fill(None)

    def _fill(self, ids: set[int] | None) -> None:
        from kinerja.organizations.models import Unit

        rows = Unit.objects.filter(agency=self.agency).order_by()
        if ids is not None:
            rows = rows.filter(pk__in=ids)
        for pk, code, parent in rows.values_list("id", "code", "parent_id"):
            dict.__setitem__(self.code_of, pk, code)
            dict.__setitem__(self.parent_of, pk, parent)

    def _load(self, pk: int) -> None:
        self._fill({pk})
        if pk not in self.code_of:
            raise KeyError(pk)


class _Missing(dict[int, Any]):
    def __init__(self, load: Any) -> None:
        super().__init__()
        self.load = load

    def __missing__(self, key: int) -> Any:
        self.load(key)
        return dict.__getitem__(self, key)


def _target_of(row: Any) -> Target:
    target: Target = row.get_target()
    if isinstance(target, NumericTarget):
        return NumericTarget(plain_decimal(target.value))
    if isinstance(target, RangeTarget):
        return RangeTarget(plain_decimal(target.low), plain_decimal(target.high))
    return target


def _agency_for(agency_code: str | None, unit: str | None) -> Any:
    from kinerja.organizations.models import Agency

    if agency_code:
        agency = Agency.objects.filter(code=agency_code).first()
        if agency is None:
            raise KinerjaValidationError(f"instansi {agency_code} tidak ada di basis data")
        return agency
    if unit:
        from kinerja.organizations.lookup import unit_by_code

        return unit_by_code(unit).agency
    agencies = list(Agency.objects.all()[:2])
    if len(agencies) > 1:
        raise KinerjaValidationError("basis data berisi beberapa instansi; sebutkan kode instansinya")
    return agencies[0] if agencies else None


def _subtree_scope(
    agency: Any,
    code_of: dict[int, str],
    parent_of: dict[int, int | None],
    unit: str,
    plan_unit: dict[int, int],
    ind_rows: list[tuple[int, int, int, str]],
    obj_rows: list[tuple[int, int, str]],
) -> tuple[set[int], set[int], list[int]]:
    """What a unit export carries: the ids of the data units (``unit`` and the units below it),
    of the plans it needs (its own, those whose indicators or objectives its records name, and
    what they cascade to or compose from, transitively) and of the realisations of component
    indicators held by units outside the subtree."""
    from kinerja.agreements.models import ActionPlanTarget, AgreementTarget
    from kinerja.budget.models import BudgetEntry
    from kinerja.measurement.models import Realization
    from kinerja.planning.models import IndicatorComponent, ObjectiveSupport

    extra_realizations: list[int] = []
    root = next((pk for pk, code in code_of.items() if code == unit), None)
    if root is None:
        raise KinerjaValidationError(f"unit {unit} tidak ada di instansi {agency.code}")
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent in parent_of.items():
        children[parent].append(pk)
    data_units = {root}
    stack = [root]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in data_units:
                data_units.add(child)
                stack.append(child)
    ind_plan = {pk: plan for pk, plan, _owner, _code in ind_rows}
    ind_key = {pk: (owner, code) for pk, _plan, owner, code in ind_rows}
    obj_plan = {pk: plan for pk, plan, _code in obj_rows}
    support_edges = defaultdict(set)
    for src, dst in (
        ObjectiveSupport.objects.filter(agency=agency)
        .order_by()
        .values_list("objective__plan_id", "supported_id")
    ):
        support_edges[src].add(obj_plan[dst])
    component_edges: dict[int, set[int]] = defaultdict(set)  # indicator -> component indicators
    for ind, comp in (
        IndicatorComponent.objects.filter(agency=agency)
        .order_by()
        .values_list("indicator_id", "component_id")
    ):
        component_edges[ind].add(comp)
    plan_inds: dict[int, set[int]] = defaultdict(set)
    for pk, plan in ind_plan.items():
        plan_inds[plan].add(pk)
    referenced_inds: set[int] = set()
    referenced_inds.update(
        Realization.objects.filter(agency=agency, unit_id__in=data_units)
        .order_by()
        .values_list("indicator_id", flat=True)
    )
    referenced_inds.update(
        AgreementTarget.objects.filter(agency=agency, agreement__unit_id__in=data_units)
        .order_by()
        .values_list("indicator_id", flat=True)
    )
    referenced_inds.update(
        ActionPlanTarget.objects.filter(agency=agency, unit_id__in=data_units)
        .order_by()
        .values_list("indicator_id", flat=True)
    )
    plan_ids = {pk for pk, u in plan_unit.items() if u in data_units}
    plan_ids.update(ind_plan[pk] for pk in referenced_inds)
    plan_ids.update(
        obj_plan[pk]
        for pk in BudgetEntry.objects.filter(agency=agency, unit_id__in=data_units, objective__isnull=False)
        .order_by()
        .values_list("objective_id", flat=True)
    )
    # composite indicators whose components' realisations the subtree needs (transitively)
    composite_roots = set(referenced_inds)
    for plan in list(plan_ids):
        composite_roots.update(plan_inds[plan])
    needed_components: set[int] = set()
    stack = list(composite_roots)
    while stack:
        for comp in component_edges.get(stack.pop(), ()):
            if comp not in needed_components:
                needed_components.add(comp)
                stack.append(comp)
    plan_ids.update(ind_plan[pk] for pk in needed_components)
    # plans referred to by included plans (cascade targets, components), transitively
    todo = list(plan_ids)
    while todo:
        plan = todo.pop()
        targets = set(support_edges.get(plan, ()))
        for ind in plan_inds[plan]:
            targets.update(ind_plan[c] for c in component_edges.get(ind, ()))
        for t in targets - plan_ids:
            plan_ids.add(t)
            todo.append(t)
    if needed_components:
        wanted = {ind_key[c] for c in needed_components}
        extra_realizations = [
            pk
            for pk, owner, code, u in Realization.objects.filter(
                agency=agency,
                indicator__owner_id__in={k[0] for k in wanted},
                indicator__code__in={k[1] for k in wanted},
            )
            .order_by()
            .values_list("id", "indicator__owner_id", "indicator__code", "unit_id")
            if (owner, code) in wanted and u not in data_units
        ]
    return data_units, plan_ids, extra_realizations


def _measured_scope(agency: Any, code_of: dict[int, str], unit: str) -> tuple[set[int], set[int], set[int]]:
    """What one unit's own figures read: (data units = the unit alone, plans, indicator rows
    whose realisations count). The plans are every plan of the unit and every plan holding one of
    the keys it measures or composes from (transitively), so the rule "which plan's indicator is
    the key's in a year" sees every candidate; the realisations are those of those keys, by any
    unit (``counting.select_records`` takes the owner's record first, else another unit's).
    Targeted queries: a few per level of composition, whatever the agency's size."""
    from kinerja.organizations.models import Unit
    from kinerja.planning.models import Indicator, IndicatorComponent, Plan

    root = Unit.objects.filter(agency=agency, code=unit).order_by().values_list("id", flat=True).first()
    if root is None:
        raise KinerjaValidationError(f"unit {unit} tidak ada di instansi {agency.code}")
    own_plans = set(Plan.objects.filter(agency=agency, unit_id=root).order_by().values_list("id", flat=True))
    rows = {
        pk: (plan, owner, code)
        for pk, plan, owner, code in Indicator.objects.filter(agency=agency, plan_id__in=own_plans)
        .order_by()
        .values_list("id", "plan_id", "owner_id", "code")
    }
    keys = {(owner, code) for _plan, owner, code in rows.values()}
    new_keys = set(keys)
    while new_keys:
        # every row of the new keys (in any plan), then the components of those rows
        for pk, plan, owner, code in (
            Indicator.objects.filter(
                agency=agency,
                owner_id__in={o for o, _c in new_keys},
                code__in={c for _o, c in new_keys},
            )
            .order_by()
            .values_list("id", "plan_id", "owner_id", "code")
        ):
            if (owner, code) in keys:
                rows[pk] = (plan, owner, code)
        row_ids = [pk for pk, (_p, owner, code) in rows.items() if (owner, code) in new_keys]
        comp_ids = set(
            IndicatorComponent.objects.filter(agency=agency, indicator_id__in=row_ids)
            .order_by()
            .values_list("component_id", flat=True)
        )
        found = {
            (owner, code)
            for owner, code in Indicator.objects.filter(pk__in=comp_ids)
            .order_by()
            .values_list("owner_id", "code")
        }
        new_keys = found - keys
        keys |= new_keys
    wanted_rows = {pk for pk, (_plan, owner, code) in rows.items() if (owner, code) in keys}
    plan_ids = own_plans | {rows[pk][0] for pk in wanted_rows}
    return {root}, plan_ids, wanted_rows


def _fill_refs(
    agency: Any,
    code_of: dict[int, str],
    plan_unit: dict[int, int],
    ind_ref: dict[int, tuple[str, str]],
    obj_ref: dict[int, tuple[str, str]],
    plan_ids: set[int],
    indicator_ids: set[int],
    objective_ids: set[int],
) -> None:
    """The codes of the plans, indicators and objectives a measured export names (the whole
    export reads them for the whole agency up front)."""
    from kinerja.planning.models import Indicator, Objective, Plan

    for pk, owner, code in (
        Indicator.objects.filter(agency=agency, pk__in=indicator_ids)
        .order_by()
        .values_list("id", "owner_id", "code")
    ):
        ind_ref[pk] = (code_of[owner], code)
    objectives = list(
        Objective.objects.filter(agency=agency, pk__in=objective_ids)
        .order_by()
        .values_list("id", "plan_id", "code")
    )
    wanted_plans = plan_ids | {plan for _pk, plan, _code in objectives}
    plan_unit.update(
        Plan.objects.filter(agency=agency, pk__in=wanted_plans).order_by().values_list("id", "unit_id")
    )
    for pk, plan, code in objectives:
        obj_ref[pk] = (code_of[plan_unit[plan]], code)


def unit_year_document(unit: Any, year: int) -> d.Document:
    """What the figures of ``unit`` (an ``organizations.Unit``) in ``year`` read, and nothing
    more: its plans, the plans of the keys it measures or composes from, its PK versions and
    action plan of the year, and the year's realisations of those keys. The figures computed from
    it are those of the whole agency's export (tests/figures/test_unit_year_document.py)."""
    return export_document(agency_code=unit.agency.code, unit=unit.code, year=year, measured_only=True)


def measured_document(unit: Any) -> d.Document:
    """``unit_year_document`` for every year: what the unit's own pages (its figures, their trend
    over the Renstra years, its PK, budget and texts) read, and not its subtree."""
    return export_document(agency_code=unit.agency.code, unit=unit.code, measured_only=True)


def unit_document(unit: Any) -> d.Document:
    """The subtree of ``unit`` (an ``organizations.Unit``) as a ``Document``: looked up within the
    unit's own agency, so another agency's unit of the same code changes nothing."""
    return export_document(agency_code=unit.agency.code, unit=unit.code)


def budget_document(unit: Any) -> d.Document:
    """The subtree of ``unit`` without the realisations: everything the budget figures read
    (units, plans, budget entries, scores and the output structure), at a fraction of the cost."""
    return export_document(agency_code=unit.agency.code, unit=unit.code, with_realizations=False)


def _realization_docs(
    realizations: list[Any], code_of: dict[int, str], ind_ref: dict[int, tuple[str, str]]
) -> list[d.Realization]:
    """Realisation rows as the file's realisations, with their inputs and evidence, in the
    file's order (unit, year, quarter with the whole year first, indicator reference)."""
    from kinerja.measurement.models import Evidence, RealizationInput

    real_ids = [r.pk for r in realizations]
    inputs: dict[int, dict[str, Decimal]] = defaultdict(dict)
    evidence: dict[int, list[str]] = defaultdict(list)
    for chunk in chunks(real_ids, 2000):
        for rid, name, number in (
            RealizationInput.objects.filter(realization_id__in=list(chunk))
            .order_by("realization_id", "position", "id")
            .values_list("realization_id", "name", "value")
        ):
            inputs[rid][name] = plain_decimal(number)
        for rid, reference in (
            Evidence.objects.filter(realization_id__in=list(chunk))
            .order_by("realization_id", "position", "id")
            .values_list("realization_id", "reference")
        ):
            evidence[rid].append(reference)
    out = []
    for r in realizations:
        context = code_of[r.unit_id]
        value: Decimal | str | None = r.value_label or plain_decimal(r.value_number)
        out.append(
            d.Realization(
                unit=context,
                indicator=join_ref(*ind_ref[r.indicator_id], context),
                period=d.Period(r.year, r.quarter),
                value=value,
                inputs=dict(inputs[r.pk]),
                evidence=list(evidence[r.pk]),
                narrative=d.Narrative(r.analysis, r.supporting, r.inhibiting, r.follow_up),
                status=r.status,
            )
        )
    out.sort(key=lambda r: (r.unit, r.period.year, r.period.quarter or 0, r.indicator))
    return out


def agency_realizations(agency_code: str, year: int) -> list[d.Realization]:
    """Every realisation of the agency in ``year``, as ``export_document(agency_code, year=year)``
    gives them: what ``kinerja recompute`` adds, a year at a time, to one export of the agency
    made ``with_realizations=False``."""
    from kinerja.measurement.models import Realization
    from kinerja.organizations.models import Agency, Unit
    from kinerja.planning.models import Indicator

    agency = Agency.objects.get(code=agency_code)
    code_of = dict(Unit.objects.filter(agency=agency).order_by().values_list("id", "code"))
    ind_ref = {
        pk: (code_of[owner], code)
        for pk, owner, code in Indicator.objects.filter(agency=agency)
        .order_by()
        .values_list("id", "owner_id", "code")
    }
    return _realization_docs(list(Realization.objects.filter(agency=agency, year=year)), code_of, ind_ref)


def export_document(
    agency_code: str | None = None,
    unit: str | None = None,
    *,
    year: int | None = None,
    measured_only: bool = False,
    with_realizations: bool = True,
) -> d.Document:
    """Read the agency (or one unit's subtree) back as a ``Document`` (see the module docstring).
    ``year``: only that year's agreements, action plans, realisations, budget entries and texts
    (the plans whole): what the figures of that year read. ``measured_only`` with ``unit``: only
    what that unit's own figures read, in ``year`` or every year (``unit_year_document``,
    ``measured_document``). ``with_realizations=False``: everything but the realisations (see
    ``agency_realizations``)."""
    from kinerja.agreements.models import ActionPlanTarget, Agreement, AgreementTarget
    from kinerja.budget.models import BudgetEntry
    from kinerja.measurement.models import Realization
    from kinerja.organizations.models import Unit, UnitPredecessor, UnitText
    from kinerja.planning.models import (
        Goal,
        Indicator,
        IndicatorComponent,
        IndicatorTarget,
        IndicatorVariable,
        Mission,
        Objective,
        ObjectiveSupport,
        Plan,
    )

    agency = _agency_for(agency_code, unit)
    if agency is None:
        return d.Document()
    # the unit tree: ids, codes, parents (the whole agency's, or only the units named)
    tree = _UnitTree(agency, whole=not measured_only)
    code_of, parent_of = tree.code_of, tree.parent_of
    extra_realizations: list[int] = []
    dated: dict[str, Any] = {} if year is None else {"year": year}
    plan_unit: dict[int, int] = {}
    ind_ref: dict[int, tuple[str, str]] = {}
    obj_ref: dict[int, tuple[str, str]] = {}
    if measured_only:
        # one unit's own figures: its plans and keys are found by targeted queries, and ids are
        # turned into codes only for the rows read (``_fill_refs`` below), so the cost does not
        # grow with the agency
        if unit is None:
            raise ValueError("measured_only needs a unit")
        data_units, plan_ids, wanted_rows = _measured_scope(agency, code_of, unit)
        real_filter: dict[str, Any] = {"indicator_id__in": wanted_rows, **dated}
    else:
        # the light skeleton of the agency's plans: ids, owners, codes
        plan_unit = dict(Plan.objects.filter(agency=agency).order_by().values_list("id", "unit_id"))
        ind_rows = list(
            Indicator.objects.filter(agency=agency)
            .order_by()
            .values_list("id", "plan_id", "owner_id", "code")
        )
        ind_ref = {pk: (code_of[owner], code) for pk, _plan, owner, code in ind_rows}
        obj_rows = list(
            Objective.objects.filter(agency=agency).order_by().values_list("id", "plan_id", "code")
        )
        obj_ref = {pk: (code_of[plan_unit[plan]], code) for pk, plan, code in obj_rows}
        if unit is None:
            data_units = set(code_of)
            plan_ids = set(plan_unit)
            real_filter = dict(dated)
        else:
            data_units, plan_ids, extra_realizations = _subtree_scope(
                agency, code_of, parent_of, unit, plan_unit, ind_rows, obj_rows
            )
            real_filter = {"unit_id__in": data_units}

    plans = list(Plan.objects.filter(agency=agency, pk__in=plan_ids).order_by())
    objectives = list(
        Objective.objects.filter(agency=agency, plan_id__in=plan_ids).order_by("plan_id", "position", "id")
    )
    indicators = list(
        Indicator.objects.filter(agency=agency, plan_id__in=plan_ids).order_by(
            "objective_id", "position", "id"
        )
    )
    agreements = list(Agreement.objects.filter(agency=agency, unit_id__in=data_units, **dated).order_by())
    agreement_targets = list(
        AgreementTarget.objects.filter(agency=agency, agreement_id__in=[a.pk for a in agreements]).order_by(
            "agreement_id", "position", "id"
        )
    )
    action_targets = list(ActionPlanTarget.objects.filter(agency=agency, unit_id__in=data_units, **dated))
    realizations = list(Realization.objects.filter(agency=agency, **real_filter)) if with_realizations else []
    if extra_realizations and with_realizations:
        realizations += list(Realization.objects.filter(pk__in=extra_realizations))
    # budget entries and scores: for one unit's own figures, its ancestors' too (an indicator may
    # take the budget figures of the DIPA holder above it, kinerja.figures.budget)
    budget_units = set(data_units)
    if measured_only:
        for pk in list(data_units):
            node = parent_of[pk]
            while node is not None and node not in budget_units:
                budget_units.add(node)
                node = parent_of[node]
    budgets = list(
        BudgetEntry.objects.filter(agency=agency, unit_id__in=budget_units, **dated)
        .select_related("output")
        .order_by()
    )
    outputs = load_outputs(agency, budget_units, dated)
    texts = list(UnitText.objects.filter(agency=agency, unit_id__in=data_units, **dated).order_by())

    components: dict[int, list[tuple[int, Decimal | None]]] = defaultdict(list)
    for ind, comp, weight in (
        IndicatorComponent.objects.filter(agency=agency, indicator__plan_id__in=plan_ids)
        .order_by("indicator_id", "position", "id")
        .values_list("indicator_id", "component_id", "weight")
    ):
        components[ind].append((comp, weight))
    supports: dict[int, list[int]] = defaultdict(list)
    for obj, supported in (
        ObjectiveSupport.objects.filter(agency=agency, objective__plan_id__in=plan_ids)
        .order_by("objective_id", "position", "id")
        .values_list("objective_id", "supported_id")
    ):
        supports[obj].append(supported)
    referred = [t.indicator_id for t in agreement_targets] + [t.indicator_id for t in action_targets]
    referred += [r.indicator_id for r in realizations]
    referred += [c for comps in components.values() for c, _ in comps]
    referred_objectives = [b.objective_id for b in budgets if b.objective_id]
    referred_objectives += [o.objective_id for o in outputs if o.objective_id]
    referred_objectives += [s for targets in supports.values() for s in targets]
    if measured_only:
        _fill_refs(
            agency,
            code_of,
            plan_unit,
            ind_ref,
            obj_ref,
            plan_ids,
            set(referred) | {x.pk for x in indicators},
            set(referred_objectives) | {o.pk for o in objectives},
        )

    # units: the data units plus everything referred to, with their ancestors and predecessors
    include = set(data_units)
    include.update(plan_unit[p] for p in plan_ids)
    include.update(x.owner_id for x in indicators)
    include.update(r.unit_id for r in realizations)
    code_to_pk = {code: pk for pk, code in code_of.items()}
    include.update(code_to_pk[ind_ref[pk][0]] for pk in referred)
    include.update(code_to_pk[obj_ref[pk][0]] for pk in referred_objectives)
    preds_of: dict[int, list[Any]] = defaultdict(list)
    for link in UnitPredecessor.objects.filter(agency=agency).order_by("unit_id", "position", "id"):
        preds_of[link.unit_id].append(link)
    todo_units = list(include)
    while todo_units:
        pk = todo_units.pop()
        nexts = [parent_of[pk]] + [link.predecessor_id for link in preds_of[pk]]
        for n in nexts:
            if n is not None and n not in include:
                include.add(n)
                todo_units.append(n)

    doc = d.Document(
        agency=d.Agency(code=agency.code, name=agency.name),
        policy=d.PolicyDoc(
            max_achievement=plain_decimal(agency.max_achievement),
            lower_is_better=LowerIsBetterRule(agency.lower_is_better),
            count_verified=agency.count_verified,
        ),
    )
    units = {u.pk: u for u in Unit.objects.filter(agency=agency, pk__in=include).order_by()}
    for pk in sorted(include, key=lambda p: code_of[p]):
        u = units[pk]
        doc.units.append(
            d.Unit(
                code=u.code,
                name=u.name,
                level=u.level,
                parent=code_of.get(u.parent_id) if u.parent_id else None,
                predecessors=[
                    d.Predecessor(unit=code_of[p.predecessor_id], since=p.since) for p in preds_of[pk]
                ],
                valid_from=u.valid_from,
                valid_to=u.valid_to,
                head_title=u.head_title,
                head_name=u.head_name,
            )
        )

    # plans
    missions: dict[int, list[str]] = defaultdict(list)
    for plan_id, statement in (
        Mission.objects.filter(agency=agency, plan_id__in=plan_ids)
        .order_by("plan_id", "position", "id")
        .values_list("plan_id", "statement")
    ):
        missions[plan_id].append(statement)
    goals: dict[int, list[Any]] = defaultdict(list)
    goal_code: dict[int, str] = {}
    for g in Goal.objects.filter(agency=agency, plan_id__in=plan_ids).order_by("plan_id", "position", "id"):
        goals[g.plan_id].append(g)
        goal_code[g.pk] = g.code
    variables: dict[int, dict[str, str]] = defaultdict(dict)
    for ind, name, description in (
        IndicatorVariable.objects.filter(agency=agency, indicator__plan_id__in=plan_ids)
        .order_by("indicator_id", "position", "id")
        .values_list("indicator_id", "name", "description")
    ):
        variables[ind][name] = description
    ind_targets: dict[int, dict[int, Target]] = defaultdict(dict)
    for t in IndicatorTarget.objects.filter(agency=agency, indicator__plan_id__in=plan_ids).order_by(
        "indicator_id", "year"
    ):
        ind_targets[t.indicator_id][t.year] = _target_of(t)
    indicators_of: dict[int, list[Any]] = defaultdict(list)
    for x in indicators:
        indicators_of[x.objective_id].append(x)
    objectives_of: dict[int, list[Any]] = defaultdict(list)
    for o in objectives:
        objectives_of[o.plan_id].append(o)

    def ref(pair: tuple[str, str], context: str) -> str:
        return join_ref(pair[0], pair[1], context)

    for p in sorted(plans, key=lambda p: (code_of[p.unit_id], p.period_start, p.period_end, p.version)):
        context = code_of[p.unit_id]
        doc_objectives = []
        for o in objectives_of[p.pk]:
            doc_indicators = []
            for x in indicators_of[o.pk]:
                comps = components[x.pk]
                doc_indicators.append(
                    d.Indicator(
                        code=x.code,
                        name=x.name,
                        unit_of_measure=x.unit_of_measure,
                        polarity=Polarity(x.polarity),
                        max_achievement=plain_decimal(x.max_achievement),
                        formula=x.formula or None,
                        variables=dict(variables[x.pk]),
                        owner=None if x.owner_id == p.unit_id else code_of[x.owner_id],
                        components=[ref(ind_ref[c], context) for c, _ in comps],
                        aggregation=Aggregation(x.aggregation),
                        weights={
                            ref(ind_ref[c], context): plain_decimal(w) for c, w in comps if w is not None
                        },
                        scale=list(x.scale or []),
                        targets=dict(ind_targets[x.pk]),
                        definition=x.definition,
                        data_source=x.data_source,
                        source=x.source,
                        frequency=x.frequency,
                        quarter_rule=QuarterRule(x.quarter_rule),
                        baseline=plain_decimal(x.baseline),
                        baseline_year=x.baseline_year,
                    )
                )
            doc_objectives.append(
                d.Objective(
                    code=o.code,
                    level=o.level,
                    statement=o.statement,
                    goal=goal_code.get(o.goal_id) if o.goal_id else None,
                    supports=[ref(obj_ref[s], context) for s in supports[o.pk]],
                    indicators=doc_indicators,
                )
            )
        doc.plans.append(
            d.Plan(
                unit=context,
                period=(p.period_start, p.period_end),
                version=p.version,
                vision=p.vision,
                missions=list(missions[p.pk]),
                goals=[d.Goal(code=g.code, statement=g.statement) for g in goals[p.pk]],
                objectives=doc_objectives,
                label=p.label,
                adopted_on=p.adopted_on,
                legal_basis=p.legal_basis,
                status=p.status,
            )
        )

    # agreements
    targets_of: dict[int, list[Any]] = defaultdict(list)
    for agreement_target in agreement_targets:
        targets_of[agreement_target.agreement_id].append(agreement_target)
    for a in sorted(agreements, key=lambda a: (code_of[a.unit_id], a.year, a.version)):
        context = code_of[a.unit_id]
        first = d.Signatory(a.first_party_name, a.first_party_title)
        second = d.Signatory(a.second_party_name, a.second_party_title)
        doc.agreements.append(
            d.Agreement(
                unit=context,
                year=a.year,
                version=a.version,
                targets={ref(ind_ref[t.indicator_id], context): _target_of(t) for t in targets_of[a.pk]},
                label=a.label,
                signed_on=a.signed_on,
                reason=a.reason or None,
                reason_note=a.reason_note,
                first_party=first if (first.name or first.title) else None,
                second_party=second if (second.name or second.title) else None,
                place=a.place,
                status=a.status,
            )
        )

    # action plans
    grouped: dict[tuple[str, int, str], dict[int, Target]] = defaultdict(dict)
    for quarter_target in action_targets:
        context = code_of[quarter_target.unit_id]
        key = (context, quarter_target.year, ref(ind_ref[quarter_target.indicator_id], context))
        grouped[key][quarter_target.quarter] = _target_of(quarter_target)
    for (unit_code, year, indicator), quarters in sorted(grouped.items()):
        doc.action_plans.append(
            d.ActionPlan(
                unit=unit_code, year=year, indicator=indicator, quarters=dict(sorted(quarters.items()))
            )
        )

    doc.realizations = _realization_docs(realizations, code_of, ind_ref)

    # budgets
    for b in sorted(budgets, key=lambda b: (code_of[b.unit_id], b.year, b.position, b.pk)):
        context = code_of[b.unit_id]
        doc.budgets.append(
            d.BudgetEntry(
                unit=context,
                year=b.year,
                kind=b.kind,
                amount=int(b.amount),
                date=b.date,
                note=b.note,
                month=b.month,
                account=b.account,
                objective=ref(obj_ref[b.objective_id], context) if b.objective_id else None,
                output=b.output.code if b.output is not None else "",
            )
        )
    doc.budget_outputs = export_budget_outputs(
        outputs, code_of, lambda objective_id, context: ref(obj_ref[objective_id], context)
    )

    # texts
    for text in sorted(texts, key=lambda row: (code_of[row.unit_id], row.year, row.key)):
        doc.texts.append(d.UnitText(unit=code_of[text.unit_id], year=text.year, key=text.key, text=text.text))

    doc.budget_scores = export_budget_scores(agency, budget_units, code_of, year)

    # surveys (SKM): for one unit's own figures, its subtree's too (its result rolls up)
    doc.surveys, beneath = export_surveys(agency, data_units, code_of, year, subtree=measured_only)
    listed = {u.code for u in doc.units}
    doc.units += [u for u in beneath if u.code not in listed]
    doc.evaluations = export_evaluations(agency, data_units, code_of, year)
    doc.recommendations = export_recommendations(agency, data_units, code_of, year)
    return doc
