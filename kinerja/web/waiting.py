""" "Menunggu saya" on the pages: the realisations waiting for the user's step, as decided by
``kinerja.measurement.workflow.waiting_for`` (submitted -> verifikator, verified -> approver,
drafts and returned drafts -> operator, open lock exceptions), limited to a part of the unit
tree when a page is about one unit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kinerja.measurement.models import STATUS_LABELS
from kinerja.measurement.workflow import waiting_for


@dataclass(frozen=True)
class WaitingRow:
    unit: str
    indicator: str
    indicator_name: str
    period: str
    year: int
    status: str
    step: str
    label: str
    comment: str


def waiting_rows(user: Any, unit_ids: Iterable[int] | None = None) -> list[WaitingRow]:
    """What waits for ``user``, only at ``unit_ids`` when given, ready for a template."""
    limit = set(unit_ids) if unit_ids is not None else None
    rows = []
    for item in waiting_for(user):
        r = item.realization
        if limit is not None and r.unit_id not in limit:
            continue
        rows.append(
            WaitingRow(
                unit=r.unit.code,
                indicator=r.indicator.code,
                indicator_name=r.indicator.name,
                period=r.period,
                year=r.year,
                status=str(STATUS_LABELS.get(r.status, r.status)),
                step=item.step,
                label=item.label,
                comment=item.returned.comment if item.returned is not None else "",
            )
        )
    return rows
