"""The ``budget_outputs`` section (Program > Kegiatan > KRO > RO of a unit-year, with RO volumes)
read from and written to the database (``budget.BudgetOutput``, ``budget.OutputVolume``).

Import: for each unit-year the file names, the file's structure is the structure: a node is known
by its code (kept, so budget lines stay linked to it; name, level, parent, objective and volumes
take the file's), a new code is added, a code the file no longer lists is removed (its budget
lines lose the link). The monthly volumes of a node are replaced by the file's.

Export: the structure of the exported units in the year(s), in entry order.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kinerja.interchange import document as d
from kinerja.interchange.dbutil import plain_decimal


def import_budget_outputs(imp: Any) -> int:
    """Write ``imp.doc.budget_outputs`` (``imp`` is the running import); returns how many."""
    from kinerja.budget.structure import Node, write_structure

    agency = imp.agency
    by_unit_year: dict[tuple[int, int], list[Node]] = defaultdict(list)
    units: dict[int, Any] = {}
    for i, o in enumerate(imp.doc.budget_outputs):
        place = f"budget_outputs[{i}]"
        unit = imp.unit(o.unit, place + ".unit")
        year = imp.year(o.year, place + ".year")
        units[unit.pk] = unit
        objective = None
        if o.objective:
            objective = imp.resolve(
                imp.objective_index, o.objective, unit.code, place + ".objective", "sasaran", year=year
            )
        by_unit_year[(unit.pk, year)].append(
            Node(
                level=o.level,
                code=o.code,
                name=imp.text(o.name, 500, "nama keluaran", place + ".name", required=True),
                parent=o.parent,
                objective_id=objective,
                volume_target=None
                if o.volume_target is None
                else imp.measure(o.volume_target, "target volume", place + ".volume_target"),
                volume_unit=imp.text(o.volume_unit, 100, "satuan volume", place + ".volume_unit"),
                volumes=tuple(
                    (v.month, imp.measure(v.value, "volume", f"{place}.volumes[{j}].value"))
                    for j, v in enumerate(o.volumes)
                ),
                note=imp.text(o.note, 2000, "catatan", place + ".note"),
            )
        )
    for (unit_id, year), nodes in by_unit_year.items():
        write_structure(agency.pk, units[unit_id], year, nodes)
    return len(imp.doc.budget_outputs)


def output_ids(agency: Any, unit_years: set[tuple[int, int]]) -> dict[tuple[int, int, str], int]:
    """(unit id, year, code) -> the id of that node, for the unit-years given."""
    from kinerja.budget.models import BudgetOutput

    if not unit_years:
        return {}
    rows = BudgetOutput.objects.filter(
        agency=agency, unit_id__in={u for u, _ in unit_years}, year__in={y for _, y in unit_years}
    ).values_list("id", "unit_id", "year", "code")
    return {(u, y, code): pk for pk, u, y, code in rows if (u, y) in unit_years}


def load_outputs(agency: Any, unit_ids: set[int], dated: dict[str, Any]) -> list[Any]:
    from kinerja.budget.models import BudgetOutput

    return list(
        BudgetOutput.objects.filter(agency=agency, unit_id__in=unit_ids, **dated)
        .select_related("parent")
        .order_by()
    )


def export_budget_outputs(
    nodes: list[Any], code_of: dict[int, str], objective_ref: Any
) -> list[d.BudgetOutput]:
    """``nodes`` from ``load_outputs``; ``objective_ref(objective_id, unit_code)`` gives the
    objective's reference as the file writes it."""
    from kinerja.budget.models import OutputVolume

    volumes: dict[int, list[d.OutputVolume]] = defaultdict(list)
    for output_id, month, value in (
        OutputVolume.objects.filter(output_id__in=[n.pk for n in nodes])
        .order_by("output_id", "month")
        .values_list("output_id", "month", "value")
    ):
        volumes[output_id].append(d.OutputVolume(month, plain_decimal(value)))
    out = []
    for n in sorted(nodes, key=lambda n: (code_of[n.unit_id], n.year, n.position, n.pk)):
        unit = code_of[n.unit_id]
        out.append(
            d.BudgetOutput(
                unit=unit,
                year=n.year,
                level=n.level,
                code=n.code,
                name=n.name,
                parent=n.parent.code if n.parent_id else "",
                objective=objective_ref(n.objective_id, unit) if n.objective_id else None,
                volume_target=None if n.volume_target is None else plain_decimal(n.volume_target),
                volume_unit=n.volume_unit,
                volumes=volumes.get(n.pk, []),
                note=n.note,
            )
        )
    return out
