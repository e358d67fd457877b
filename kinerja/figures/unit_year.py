"""One unit-year's figures: the engine's input built by the rules of this package, and the result.

``figures_for(doc, unit, year, basis)`` is what every page, document, command and API call asks:

* what is measured and against which target: ``kinerja.figures.inforce.in_force``;
* which realisations count and how the year is made: ``kinerja.figures.counting``;
* a composite takes components only from its own unit's subtree or an ancestor's indicator
  (``component_in_scope``), never a sibling's or a cousin's; components contribute official
  values only;
* everything else (achievement, caps, means, n.a) is ``kinerja.core.engine``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from kinerja.core.engine import compute_unit_year
from kinerja.core.types import (
    IndicatorSpec,
    KinerjaValidationError,
    ObjectiveSpec,
    Policy,
    RealizationInput,
    UnitResult,
    UnitYearInput,
)
from kinerja.figures.counting import Basis, Selection, describe, select_records
from kinerja.figures.inforce import InForce, in_force, indicators_for_year, plan_unit_of
from kinerja.figures.sources import note_missing, note_taken, sourced
from kinerja.interchange import document as d
from kinerja.interchange.refs import resolve_ref

NOTE_OUT_OF_SCOPE = (
    "{composite}: komponen {component} milik unit di luar cakupan {unit} (bukan unit bawahan atau "
    "atasan); tidak dihitung"
)


def _ancestors(parent_of: Mapping[str, str | None], unit: str) -> list[str]:
    out: list[str] = []
    node = parent_of.get(unit)
    while node is not None and node not in out:
        out.append(node)
        node = parent_of.get(node)
    return out


def in_scope(parent_of: Mapping[str, str | None], composite_unit: str, component_owner: str) -> bool:
    """May a composite of ``composite_unit`` take a component owned by ``component_owner``?

    Yes for the unit itself, a unit below it, or a unit above it (a value a parent publishes);
    no for a sibling or a cousin, whose data the composite's readers may not see.
    ``parent_of`` maps unit code -> parent code; units it does not list cannot be placed
    (a file without its units): allowed."""
    if composite_unit not in parent_of or component_owner not in parent_of:
        return True
    if component_owner == composite_unit or component_owner in _ancestors(parent_of, composite_unit):
        return True
    return composite_unit in _ancestors(parent_of, component_owner)


def component_in_scope(doc: d.Document, composite_unit: str, component_owner: str) -> bool:
    return in_scope({u.code: u.parent for u in doc.units}, composite_unit, component_owner)


def _spec(key: str, ind: d.Indicator, components: tuple[str, ...], context: str) -> IndicatorSpec:
    weights = tuple(
        (k, w) for k, w in ((resolve_ref(k, context), w) for k, w in ind.weights.items()) if k in components
    )
    return IndicatorSpec(
        key=key,
        code=ind.code,
        name=ind.name,
        polarity=ind.polarity,
        max_achievement=ind.max_achievement,
        formula=ind.formula,
        components=components,
        aggregation=ind.aggregation,
        weights=weights,
        scale=tuple(ind.scale),
        quarter_rule=ind.quarter_rule,
    )


@dataclass
class Figures:
    """A unit-year's result on one basis, with what a reader must be told about it."""

    result: UnitResult
    basis: Basis
    in_force: InForce
    selection: Selection
    # realisations that make a figure without being approved (provisional view), and those left
    # out (official view: entered but not approved), as "IKK 1.5 TW I (draf)"
    unapproved: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)

    @property
    def provisional(self) -> bool:
        return self.basis is Basis.PROVISIONAL


def build_unit_year_input(
    doc: d.Document, unit: str, year: int, basis: Basis = Basis.OFFICIAL
) -> tuple[UnitYearInput, list[str], InForce, Selection, set[str]]:
    """The engine's batch for one unit-year, the notes on where its data came from, what is in
    force, the records chosen, and the keys measured by the unit itself."""
    codes = {u.code for u in doc.units} | {p.unit for p in doc.plans}
    if unit not in codes:
        known = ", ".join(sorted(codes)[:30]) or "tidak ada"
        raise KinerjaValidationError(f"unit '{unit}' tidak ada di berkas (unit yang ada: {known})")
    force = in_force(doc, unit, year)
    notes = list(force.notes)
    all_indicators = indicators_for_year(doc, year)
    context_of = plan_unit_of(doc, year)

    objectives = [
        ObjectiveSpec(
            code=o.objective.code,
            indicator_keys=tuple(k for k, _ in o.indicators),
            statement=o.objective.statement,
            level=o.objective.level,
        )
        for o in force.objectives
    ]
    own = set(force.keys)
    specs: dict[str, IndicatorSpec] = {}
    components_of_others: set[str] = set()
    blocked: set[str] = set()  # out-of-scope components: measured as n.a, their records unread
    queue = list(force.keys)
    while queue:
        key = queue.pop()
        if key in specs:
            continue
        ind = all_indicators.get(key)
        if ind is None:
            raise KinerjaValidationError(
                f"indikator {key} dirujuk tetapi tidak ada di Renstra mana pun dalam berkas"
            )
        context = context_of.get(key, key.split(":", 1)[0])
        components = tuple(resolve_ref(c, context) for c in ind.components)
        for comp in components:
            if comp not in own:
                components_of_others.add(comp)
            owner = comp.split(":", 1)[0]
            if comp not in blocked and not component_in_scope(doc, context, owner):
                blocked.add(comp)
                notes.append(NOTE_OUT_OF_SCOPE.format(composite=ind.code, component=comp, unit=context))
        specs[key] = _spec(key, ind, components, context)
        queue.extend(c for c in components if c not in blocked)
    for comp in blocked:
        if comp not in specs:
            owner, _, code = comp.partition(":")
            specs[comp] = IndicatorSpec(key=comp, code=code)

    selection = select_records(doc, year, own, basis, official_only=components_of_others - blocked)
    annual: dict[str, RealizationInput] = {}
    quarterly: dict[str, dict[int, RealizationInput]] = {}
    for key, rec in selection.by_key.items():
        if key in blocked:
            continue
        if rec.annual is not None:
            annual[key] = RealizationInput(value=rec.annual.value, inputs=tuple(rec.annual.inputs.items()))
        if rec.quarters:
            quarterly[key] = {
                q: RealizationInput(value=r.value, inputs=tuple(r.inputs.items()))
                for q, r in rec.quarters.items()
            }
    for key in sorted(specs):
        ind = all_indicators.get(key)
        if ind is None or not ind.source or key in blocked:
            continue
        measured_by = ind.owner or context_of.get(key, key.split(":", 1)[0])
        year_record = annual.get(key)
        entered = bool(quarterly.get(key)) or (
            year_record is not None and (year_record.value is not None or bool(year_record.inputs))
        )
        found = sourced(doc, measured_by, ind, year)
        if found is None:
            notes.append(note_missing(ind.code, ind.source, measured_by, year, entered))
            continue
        annual[key] = RealizationInput(value=found.value)
        quarterly.pop(key, None)
        notes.append(note_taken(ind.code, found, entered))
    policy = Policy(max_achievement=doc.policy.max_achievement, lower_is_better=doc.policy.lower_is_better)
    inp = UnitYearInput(
        unit=unit,
        year=year,
        objectives=tuple(objectives),
        indicators=specs,
        targets=force.targets,
        annual=annual,
        quarterly=quarterly,
        policy=policy,
    )
    return inp, notes, force, selection, own


def figures_for(doc: d.Document, unit: str, year: int, basis: Basis = Basis.OFFICIAL) -> Figures:
    """The unit-year's figures on ``basis`` (official unless a provisional view is asked for)."""
    inp, notes, force, selection, own = build_unit_year_input(doc, unit, year, basis)
    result = compute_unit_year(inp)
    unapproved = [describe(r) for r in selection.unapproved_used(own)]
    left_out = [describe(r) for r in selection.left_out(own)]
    head: list[str] = []
    if basis is Basis.PROVISIONAL:
        head.append(
            "ANGKA SEMENTARA: dihitung dari semua realisasi yang sudah diisi"
            + (
                f"; {len(unapproved)} nilai belum disetujui ({', '.join(unapproved)})"
                if unapproved
                else "; semua nilai sudah disetujui"
            )
        )
    elif left_out:
        head.append(
            f"angka resmi: hanya realisasi yang disetujui; {len(left_out)} nilai belum disetujui "
            f"tidak dihitung ({', '.join(left_out)})"
        )
    all_notes = tuple(head) + tuple(notes) + tuple(result.notes)
    if all_notes != result.notes:
        result = UnitResult(
            unit=result.unit,
            year=result.year,
            achievement=result.achievement,
            objectives=result.objectives,
            notes=all_notes,
        )
    return Figures(result, basis, force, selection, unapproved, left_out)


def compute_document(doc: d.Document, unit: str, year: int, basis: Basis = Basis.OFFICIAL) -> UnitResult:
    """The unit-year's result (``figures_for(...).result``)."""
    return figures_for(doc, unit, year, basis).result
