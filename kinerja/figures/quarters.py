"""A quarter's figures: the one home of how a quarter (TW I-IV) is measured.

``quarter_figures(doc, unit, year, quarter, basis)`` is what the realisation pages, the LKj's and
the workbook's quarterly tables and the stored quarter results ask. The rule:

* the records are the quarter's records that count on ``basis`` (``kinerja.figures.counting``,
  the same ones that make the year);
* each indicator is measured against its Rencana Aksi target for that quarter; an indicator of
  the PK with no Rencana Aksi target for the quarter is measured against the year's target and
  named in ``year_target`` (a page marks it; a document prints no achievement for it, since a
  quarter's value against the whole year's target is not a quarterly achievement);
* everything else (formula inputs, polarity, caps, composites, the means of objectives and the
  unit, n.a) is the engine's, as for the year.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from kinerja.core.engine import compute_unit_year
from kinerja.core.types import Target, UnitResult
from kinerja.figures.counting import Basis
from kinerja.figures.unit_year import build_unit_year_input
from kinerja.interchange import document as d
from kinerja.interchange.refs import resolve_ref

QUARTERS = (1, 2, 3, 4)
NOTE_QUARTER = "triwulan {quarter}: realisasi triwulan ini diukur terhadap target Rencana Aksi triwulan ini"


@dataclass(frozen=True)
class QuarterFigures:
    result: UnitResult
    quarter: int
    # indicator keys measured against the year's target for want of a Rencana Aksi target
    year_target: frozenset[str] = field(default_factory=frozenset)
    # the Rencana Aksi target of each indicator key for the quarter
    action_targets: dict[str, Target] = field(default_factory=dict)


def action_plan_targets(doc: d.Document, unit: str, year: int, quarter: int) -> dict[str, Target]:
    """Indicator key -> the unit's Rencana Aksi target for the quarter."""
    out: dict[str, Target] = {}
    for ap in doc.action_plans:
        if ap.unit == unit and ap.year == year and quarter in ap.quarters:
            out[resolve_ref(ap.indicator, unit)] = ap.quarters[quarter]
    return out


def quarter_figures(
    doc: d.Document, unit: str, year: int, quarter: int, basis: Basis = Basis.OFFICIAL
) -> QuarterFigures:
    """The unit's figures for one quarter of ``year`` on ``basis`` (the rule is in the module's text)."""
    if quarter not in QUARTERS:
        raise ValueError(f"triwulan {quarter} tidak ada (1-4)")
    inp, notes, _force, _selection, _own = build_unit_year_input(doc, unit, year, basis)
    quarter_targets = action_plan_targets(doc, unit, year, quarter)
    targets = dict(inp.targets)
    year_target: set[str] = set()
    for key in list(targets):
        if key in quarter_targets:
            targets[key] = quarter_targets[key]
        else:
            year_target.add(key)
    for key, target in quarter_targets.items():
        targets.setdefault(key, target)
    records = {key: recs[quarter] for key, recs in inp.quarterly.items() if quarter in recs}
    inp = dataclasses.replace(inp, annual=records, quarterly={}, targets=targets)
    notes = [n for n in notes if not n.startswith("target dari")] + [NOTE_QUARTER.format(quarter=quarter)]
    result = compute_unit_year(inp)
    result = dataclasses.replace(result, notes=tuple(notes) + tuple(result.notes))
    return QuarterFigures(result, quarter, frozenset(year_target), quarter_targets)
