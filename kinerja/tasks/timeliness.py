"""Timeliness (ketepatan waktu): per unit and stage, how much of the work due by the reporting
calendar's deadlines was done on time, and which units have not updated the latest quarter.

For a unit-year, the work due is one record per indicator of the working PK version and quarter
whose deadline has passed (``kinerja.calendar.rules``). Each record's stage is dated by its first
workflow event of that kind (submit, verify, approve):

* **on time** — done on or before the stage's deadline (the whole day counts, Jakarta time);
* **late** — done after it;
* **not done** — not done by today although the deadline has passed;
* **time unknown** — the record reached the stage without a dated event (imported from a file).

The rate is on time / (on time + late + not done); with nothing to count it is "n.a". A rate is
shown green only at 100 % with nothing of unknown time: incomplete data is never green.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Min
from django.utils import timezone

from kinerja.calendar import rules as calendar
from kinerja.organizations.models import Unit
from kinerja.tasks.inbox import QUARTER_NAMES, Deadlines, working_indicators

STAGES = (("submit", 0), ("verify", 1), ("approve", 2))
REACHED = {
    "submit": {"submitted", "verified", "approved"},
    "verify": {"verified", "approved"},
    "approve": {"approved"},
}


@dataclass
class StageCount:
    on_time: int = 0
    late: int = 0
    missing: int = 0
    unknown: int = 0

    @property
    def counted(self) -> int:
        return self.on_time + self.late + self.missing

    @property
    def rate(self) -> Decimal | None:
        if not self.counted:
            return None
        return (Decimal(self.on_time) * 100 / self.counted).quantize(Decimal("0.1"))

    @property
    def rate_text(self) -> str:
        from kinerja.core.numbers import format_number

        return "n.a" if self.rate is None else format_number(self.rate, 1)

    @property
    def complete(self) -> bool:
        """Everything counted, all on time: the only state shown green."""
        return self.counted > 0 and self.on_time == self.counted and not self.unknown


@dataclass
class UnitTimeliness:
    unit: Unit
    indicators: int  # indicators of the working PK
    stages: dict[str, StageCount] = field(default_factory=dict)
    latest_quarter: int | None = None  # the latest quarter whose entry deadline has passed
    not_updated: list[str] = field(default_factory=list)  # its indicators with nothing submitted

    @property
    def latest_period(self) -> str:
        return QUARTER_NAMES.get(self.latest_quarter or 0, "")


def timeliness(units: list[Unit], year: int, today: date | None = None) -> list[UnitTimeliness]:
    """The timeliness of each unit in ``year`` as of ``today``; a handful of queries whatever the
    number of units."""
    from kinerja.measurement.models import Realization, RealizationEvent

    today = today or timezone.localdate()
    cal = Deadlines()
    indicators = working_indicators(units, [year])
    records = {
        (unit_id, indicator_id, quarter): (pk, status)
        for pk, unit_id, indicator_id, quarter, status in Realization.objects.filter(
            unit__in=units, year=year, quarter__isnull=False
        ).values_list("pk", "unit_id", "indicator_id", "quarter", "status")
    }
    first: dict[tuple[int, str], date] = {}
    ids = [pk for pk, _status in records.values()]
    for row in (
        RealizationEvent.objects.filter(realization_id__in=ids, action__in=[s for s, _i in STAGES])
        .values("realization_id", "action")
        .annotate(at=Min("at"))
    ):
        first[(row["realization_id"], row["action"])] = timezone.localdate(row["at"])
    out = []
    for unit in units:
        codes = indicators.get((unit.pk, year), {})
        result = UnitTimeliness(unit, len(codes), {stage: StageCount() for stage, _i in STAGES})
        for quarter in (1, 2, 3, 4):
            deadlines = calendar.quarter_deadlines(cal.offsets(unit.agency_id, year), year, quarter)
            if deadlines[0] < today:
                result.latest_quarter = quarter
            for stage, i in STAGES:
                due = deadlines[i]
                if due >= today:
                    continue
                count = result.stages[stage]
                for indicator_id in codes:
                    pk, status = records.get((unit.pk, indicator_id, quarter), (None, "none"))
                    done = first.get((pk, stage)) if pk is not None else None
                    if done is not None:
                        if done <= due:
                            count.on_time += 1
                        else:
                            count.late += 1
                    elif status in REACHED[stage]:
                        count.unknown += 1
                    else:
                        count.missing += 1
        if result.latest_quarter is not None:
            result.not_updated = sorted(
                code
                for indicator_id, code in codes.items()
                if records.get((unit.pk, indicator_id, result.latest_quarter), (None, "none"))[1]
                not in REACHED["submit"]
            )
        out.append(result)
    return out


def stage_labels() -> dict[str, Any]:
    from django.utils.translation import gettext as _

    return {"submit": _("Diisi dan diajukan"), "verify": _("Diverifikasi"), "approve": _("Disetujui")}
