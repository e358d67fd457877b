"""References inside an interchange document: resolve them and check them all at once.

A unit is referred to by its ``code``; an objective or indicator by ``CODE`` inside a context
unit, or as ``"UNIT:CODE"`` across units. The context is the plan's unit for ``supports``,
``components`` and ``weights``; the record's unit for agreements, action plans, realisations and
budgets. An indicator's global key is ``"OWNER:CODE"`` (the owner defaults to the plan's unit).

``check_references`` collects every problem (unknown references, cycles in the unit tree or in
composite indicators, qualitative labels outside their scale) and raises one
``KinerjaValidationError`` listing them, so nothing half-valid goes further.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from kinerja.core.types import KinerjaValidationError, QualitativeTarget
from kinerja.interchange import document as d

MAX_LISTED = 50


@dataclass(frozen=True)
class KnownRefs:
    """What already exists outside the file (e.g. in the database): codes and ``UNIT:CODE`` keys."""

    units: set[str] = field(default_factory=set)
    objectives: set[str] = field(default_factory=set)
    indicators: set[str] = field(default_factory=set)


def resolve_ref(ref: str, context_unit: str) -> str:
    """``"CODE"`` -> ``"CONTEXT:CODE"``; ``"UNIT:CODE"`` stays."""
    ref = ref.strip()
    if ":" in ref:
        unit, code = ref.split(":", 1)
        return f"{unit.strip()}:{code.strip()}"
    return f"{context_unit}:{ref}"


resolve_indicator_ref = resolve_ref


def indicator_key(indicator: d.Indicator, plan: d.Plan) -> str:
    return f"{indicator.owner or plan.unit}:{indicator.code}"


def objective_key(objective: d.Objective, plan: d.Plan) -> str:
    return f"{plan.unit}:{objective.code}"


def indicators_of(doc: d.Document) -> dict[str, d.Indicator]:
    """Every indicator of the document by global key (the newest plan wins for repeated keys)."""
    result: dict[str, d.Indicator] = {}
    for plan in sorted(doc.plans, key=lambda p: (p.period[0], p.version)):
        for obj in plan.objectives:
            for ind in obj.indicators:
                result[indicator_key(ind, plan)] = ind
    return result


def find_cycle(edges: dict[str, list[str]]) -> list[str] | None:
    """A cycle in a directed graph as a path ``[a, b, ..., a]``, or None (iterative DFS)."""
    state: dict[str, int] = {}  # 1 = on stack, 2 = done
    for start in edges:
        if state.get(start):
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(edges.get(start, ())))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            if state.get(child) == 1:
                return path[path.index(child) :] + [child]
            if not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(edges.get(child, ()))))
    return None


def check_references(doc: d.Document, known: KnownRefs | None = None, source: str = "") -> None:
    known = known or KnownRefs()
    problems: list[tuple[str, str]] = []

    def problem(place: str, message: str) -> None:
        problems.append((f"{source} ({place})" if source else place, message))

    units = {u.code for u in doc.units} | known.units
    objectives = set(known.objectives)
    indicators: dict[str, d.Indicator | None] = dict.fromkeys(known.indicators)
    for plan in doc.plans:
        for obj in plan.objectives:
            objectives.add(objective_key(obj, plan))
            for ind in obj.indicators:
                indicators[indicator_key(ind, plan)] = ind
    for key, ind in indicators_of(doc).items():
        indicators[key] = ind

    def unit_ref(code: str | None, place: str, what: str = "unit") -> bool:
        if code and code not in units:
            problem(
                place, f"{what} '{code}' tidak dikenal (tidak ada di units berkas ini maupun di basis data)"
            )
            return False
        return True

    def indicator_ref(ref: str, context: str, place: str) -> d.Indicator | None:
        if not ref:
            return None
        key = resolve_ref(ref, context)
        if key not in indicators:
            unit = key.split(":", 1)[0]
            hint = "" if unit in units else f"; unit '{unit}' pun tidak dikenal"
            problem(place, f"indikator '{ref}' tidak dikenal (dicari sebagai {key}){hint}")
            return None
        return indicators[key]

    def label_ok(ind: d.Indicator | None, label: str, place: str) -> None:
        if ind is not None and label not in ind.scale:
            scale = ", ".join(ind.scale) if ind.scale else "tidak ada skala"
            problem(place, f"'{label}' bukan angka dan bukan label skala indikator {ind.code} ({scale})")

    # units: parents, predecessors, cycles
    parent_of: dict[str, str] = {}
    for i, u in enumerate(doc.units):
        if u.parent:
            if u.parent == u.code:
                problem(f"units[{i}].parent", f"unit {u.code} tidak boleh menjadi induknya sendiri")
            elif unit_ref(u.parent, f"units[{i}].parent", "unit induk"):
                parent_of[u.code] = u.parent
        for j, p in enumerate(u.predecessors):
            if p.unit == u.code:
                problem(
                    f"units[{i}].predecessors[{j}]", f"unit {u.code} tidak boleh menjadi pendahulunya sendiri"
                )
            else:
                unit_ref(p.unit, f"units[{i}].predecessors[{j}]", "unit pendahulu")
    cycle = find_cycle({child: [parent] for child, parent in parent_of.items()})
    if cycle:
        problem(
            "units",
            f"susunan unit melingkar: {' -> '.join(cycle)} (setiap unit harus punya induk di atasnya)",
        )

    # plans
    composite_edges: dict[str, list[str]] = {}
    for i, plan in enumerate(doc.plans):
        unit_ref(plan.unit, f"plans[{i}].unit")
        for j, obj in enumerate(plan.objectives):
            for k, ref in enumerate(obj.supports):
                key = resolve_ref(ref, plan.unit)
                if key == objective_key(obj, plan):
                    problem(
                        f"plans[{i}].objectives[{j}].supports[{k}]",
                        "sasaran tidak boleh mendukung dirinya sendiri",
                    )
                elif key not in objectives:
                    problem(
                        f"plans[{i}].objectives[{j}].supports[{k}]",
                        f"sasaran '{ref}' tidak dikenal (dicari sebagai {key})",
                    )
            for k, ind in enumerate(obj.indicators):
                place = f"plans[{i}].objectives[{j}].indicators[{k}]"
                unit_ref(ind.owner, f"{place}.owner", "unit pemilik")
                own = indicator_key(ind, plan)
                comps = []
                for m, ref in enumerate(ind.components):
                    key = resolve_ref(ref, plan.unit)
                    if key == own:
                        problem(
                            f"{place}.components[{m}]",
                            f"indikator {ind.code} tidak boleh menjadi komponennya sendiri",
                        )
                        continue
                    if (
                        indicator_ref(ref, plan.unit, f"{place}.components[{m}]") is not None
                        or key in indicators
                    ):
                        comps.append(key)
                if comps:
                    composite_edges.setdefault(own, []).extend(comps)
    cycle = find_cycle(composite_edges)
    if cycle:
        problem("plans", f"indikator komposit melingkar: {' -> '.join(cycle)}")

    # records
    for i, a in enumerate(doc.agreements):
        unit_ref(a.unit, f"agreements[{i}].unit")
        for ref, target in a.targets.items():
            named = indicator_ref(ref, a.unit, f"agreements[{i}].targets.{ref}")
            if isinstance(target, QualitativeTarget):
                label_ok(named, target.label, f"agreements[{i}].targets.{ref}")
    for i, ap in enumerate(doc.action_plans):
        unit_ref(ap.unit, f"action_plans[{i}].unit")
        named = indicator_ref(ap.indicator, ap.unit, f"action_plans[{i}].indicator")
        for q, target in ap.quarters.items():
            if isinstance(target, QualitativeTarget):
                label_ok(named, target.label, f"action_plans[{i}].quarters.{q}")
    for i, r in enumerate(doc.realizations):
        unit_ref(r.unit, f"realizations[{i}].unit")
        named = indicator_ref(r.indicator, r.unit, f"realizations[{i}].indicator")
        if isinstance(r.value, str):
            label_ok(named, r.value, f"realizations[{i}].value")
        if named is not None and r.inputs and not named.formula:
            problem(
                f"realizations[{i}].inputs",
                f"indikator {named.code} tidak punya rumus (formula) untuk masukan ini",
            )
        if named is not None and named.formula and r.inputs:
            from kinerja.core.formula import formula_variables

            missing = sorted(formula_variables(named.formula) - set(r.inputs))
            if missing and r.value is None:
                problem(
                    f"realizations[{i}].inputs",
                    f"masukan {', '.join(missing)} belum ada untuk rumus {named.formula}",
                )
    for i, b in enumerate(doc.budgets):
        unit_ref(b.unit, f"budgets[{i}].unit")
        if b.objective and resolve_ref(b.objective, b.unit) not in objectives:
            problem(f"budgets[{i}].objective", f"sasaran '{b.objective}' tidak dikenal")
    for i, t in enumerate(doc.texts):
        unit_ref(t.unit, f"texts[{i}].unit")
    for i, sv in enumerate(doc.surveys):
        unit_ref(sv.unit, f"surveys[{i}].unit")
    for i, ev in enumerate(doc.evaluations):
        unit_ref(ev.unit, f"evaluations[{i}].unit")
    for i, rec in enumerate(doc.recommendations):
        unit_ref(rec.unit, f"recommendations[{i}].unit")

    if problems:
        shown = problems[:MAX_LISTED]
        if len(shown) == 1:
            where, message = shown[0]
            raise KinerjaValidationError(message, where=where)
        more = f" (ditampilkan {MAX_LISTED})" if len(problems) > MAX_LISTED else ""
        lines = "\n".join(f"  - {where}: {message}" for where, message in shown)
        raise KinerjaValidationError(f"{len(problems)} rujukan bermasalah{more}:\n{lines}")
