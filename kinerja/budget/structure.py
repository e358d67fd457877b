"""The one writer of a unit-year's output structure (Program > Kegiatan > KRO > RO): used by the
finance officer's workbook (``services.replace_outputs``) and by the file import
(``kinerja.interchange.budget_outputs``). The rule: the given nodes are the structure; a node is
kept by its code (so the budget lines on it stay linked) and takes the given level, name, parent,
objective, volumes and order; a code no longer given is removed (its lines lose the link); each
RO's monthly volumes become the given ones. Parents are written before their children."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kinerja.budget.models import BudgetOutput, OutputVolume
from kinerja.interchange.document import OUTPUT_LEVELS


@dataclass(frozen=True)
class Node:
    level: str
    code: str
    name: str
    parent: str = ""
    objective_id: int | None = None
    volume_target: Decimal | None = None
    volume_unit: str = ""
    volumes: tuple[tuple[int, Decimal], ...] = ()
    note: str = ""


def write_structure(agency_id: int, unit: Any, year: int, nodes: Sequence[Node]) -> dict[str, BudgetOutput]:
    """Make ``nodes`` the structure of the unit-year (checked by the caller); returns code -> row."""
    existing = {n.code: n for n in BudgetOutput.objects.select_for_update().filter(unit=unit, year=year)}
    keep = {n.code for n in nodes}
    BudgetOutput.objects.filter(pk__in=[n.pk for code, n in existing.items() if code not in keep]).delete()
    order = {n.code: i for i, n in enumerate(nodes)}
    saved: dict[str, BudgetOutput] = {}
    for n in sorted(nodes, key=lambda n: OUTPUT_LEVELS.index(n.level)):
        row = existing.get(n.code) or BudgetOutput(agency_id=agency_id, unit=unit, year=year, code=n.code)
        row.position = order[n.code]
        row.level = n.level
        row.name = n.name.strip()
        row.parent = saved.get(n.parent) if n.parent else None
        row.objective_id = n.objective_id
        row.volume_target = n.volume_target
        row.volume_unit = n.volume_unit.strip()[:100]
        row.note = n.note.strip()[:5000]
        row.save()
        saved[n.code] = row
        OutputVolume.objects.filter(output=row).delete()
        OutputVolume.objects.bulk_create(
            [OutputVolume(agency_id=agency_id, output=row, month=m, value=v) for m, v in n.volumes]
        )
    return saved
