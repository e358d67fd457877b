"""The ``budget_scores`` section read from and written to the database (``budget.BudgetScore``).

Import: a score is (unit, year, kind); what the file says replaces what was stored for that key.
Export: the scores of the exported units in the year(s); for one unit's own figures
(``measured_only``) those of its ancestors too, since an indicator may take a score of the DIPA
holder above it (``kinerja.figures.budget``).
"""

from __future__ import annotations

from typing import Any

from kinerja.interchange import document as d
from kinerja.interchange.dbutil import plain_decimal


def import_budget_scores(imp: Any) -> int:
    """Write ``imp.doc.budget_scores`` (``imp`` is the running import); returns how many."""
    from kinerja.budget.models import BudgetScore

    for i, s in enumerate(imp.doc.budget_scores):
        place = f"budget_scores[{i}]"
        unit = imp.unit(s.unit, place + ".unit")
        year = imp.year(s.year, place + ".year")
        value = imp.measure(s.value, "nilai", place + ".value")
        BudgetScore.objects.update_or_create(
            agency=imp.agency,
            unit=unit,
            year=year,
            kind=s.kind,
            defaults={"value": value, "note": imp.text(s.note, 2000, "catatan", place + ".note")},
        )
    return len(imp.doc.budget_scores)


def export_budget_scores(
    agency: Any, unit_ids: set[int], code_of: dict[int, str], year: int | None
) -> list[d.BudgetScore]:
    from kinerja.budget.models import BudgetScore

    dated: dict[str, Any] = {} if year is None else {"year": year}
    rows = BudgetScore.objects.filter(agency=agency, unit_id__in=unit_ids, **dated).order_by()
    out = [
        d.BudgetScore(
            unit=code_of[r.unit_id], year=r.year, kind=r.kind, value=plain_decimal(r.value), note=r.note
        )
        for r in rows
    ]
    out.sort(key=lambda s: (s.unit, s.year, d.BUDGET_SCORE_KINDS.index(s.kind)))
    return out
