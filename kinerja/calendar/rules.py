"""The reporting calendar's rules: the one home of "when is this due" and "is this period still
open". Pages, the task inbox, reminders, uploads, the API and the workflow ask here.

Deadlines of an agency-year (rules.md §1.2; each offset set by the admin in
``ReportingCalendar``, else the defaults of that model):

* Perjanjian Kinerja: ``agreement_days`` after the DIPA date (1 January when not recorded) —
  PermenPAN-RB 53/2014: at most one month after the budget document;
* Rencana Aksi: ``action_plan_days`` after the PK deadline;
* each quarter's realisation (TW I-IV): ``entry_days`` after the quarter ends; verification
  ``verification_days`` after that; approval ``approval_days`` after that;
* the year's own realisation: with TW IV;
* Laporan Kinerja: the last day of the ``report_months``-th month after the year (end of
  February for a ministry, end of March for a regional government);
* SKM: at least once in the year, by 31 December.

Closing: when the agency-year has a calendar with ``close_periods`` (the default for a saved
calendar), a quarter closes for entry the day after its approval deadline (the year's record with
TW IV): its realisations can no longer be created, changed or moved through the workflow, except
one record at a time through an admin's lock exception with a reason
(``kinerja.measurement.workflow``). An agency-year without a saved calendar shows the default
deadlines but closes nothing: closing periods is the admin's decision, taken by saving the year's
calendar. Imports of files are not closed (they carry history from outside).
"""

from __future__ import annotations

import calendar as _cal
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


@dataclass(frozen=True)
class Offsets:
    dipa_date: date | None = None
    agreement_days: int = 30
    action_plan_days: int = 14
    entry_days: int = 10
    verification_days: int = 5
    approval_days: int = 5
    report_months: int = 2
    close_periods: bool = False  # only a saved calendar closes periods
    saved: bool = False


@dataclass(frozen=True)
class Deadline:
    stage: str  # pk, rencana_aksi, isi, verifikasi, persetujuan, lkj, skm
    due: date
    quarter: int | None = None  # for the realisation stages

    @property
    def label(self) -> str:
        names = {
            "pk": "Perjanjian Kinerja ditandatangani",
            "rencana_aksi": "Rencana Aksi lengkap",
            "isi": "Realisasi diisi dan diajukan",
            "verifikasi": "Realisasi diverifikasi",
            "persetujuan": "Realisasi disetujui",
            "lkj": "Laporan Kinerja disampaikan",
            "skm": "Survei Kepuasan Masyarakat dilaksanakan",
        }
        name = names.get(self.stage, self.stage)
        return f"{name} TW {'I II III IV'.split()[self.quarter - 1]}" if self.quarter else name


def offsets_for(agency_id: int, year: int) -> Offsets:
    """The calendar of the agency-year: the saved row, else the defaults (closing nothing)."""
    from kinerja.calendar.models import ReportingCalendar

    row = ReportingCalendar.objects.filter(agency_id=agency_id, year=year).first()
    if row is None:
        return Offsets()
    return Offsets(
        dipa_date=row.dipa_date,
        agreement_days=row.agreement_days,
        action_plan_days=row.action_plan_days,
        entry_days=row.entry_days,
        verification_days=row.verification_days,
        approval_days=row.approval_days,
        report_months=row.report_months,
        close_periods=row.close_periods,
        saved=True,
    )


def _month_end(year: int, month: int) -> date:
    return date(year, month, _cal.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> date:
    month, day = QUARTER_END[quarter]
    return date(year, month, day)


def quarter_deadlines(o: Offsets, year: int, quarter: int) -> tuple[date, date, date]:
    """(entry, verification, approval) deadlines of a quarter."""
    entry = quarter_end(year, quarter) + timedelta(days=o.entry_days)
    verification = entry + timedelta(days=o.verification_days)
    return entry, verification, verification + timedelta(days=o.approval_days)


def deadlines(o: Offsets, year: int) -> list[Deadline]:
    """Every deadline of the year, in date order."""
    dipa = o.dipa_date or date(year, 1, 1)
    pk = dipa + timedelta(days=o.agreement_days)
    out = [Deadline("pk", pk), Deadline("rencana_aksi", pk + timedelta(days=o.action_plan_days))]
    for q in (1, 2, 3, 4):
        entry, verification, approval = quarter_deadlines(o, year, q)
        out += [
            Deadline("isi", entry, q),
            Deadline("verifikasi", verification, q),
            Deadline("persetujuan", approval, q),
        ]
    month = 12 + o.report_months
    out.append(Deadline("lkj", _month_end(year + (month - 1) // 12, (month - 1) % 12 + 1)))
    out.append(Deadline("skm", date(year, 12, 31)))
    return sorted(out, key=lambda x: (x.due, x.stage))


def closes_on(o: Offsets, year: int, quarter: int | None) -> date | None:
    """The first day a period is closed for entry (None: it never closes under this calendar).
    The year's own record closes with TW IV."""
    if not o.close_periods:
        return None
    return quarter_deadlines(o, year, quarter or 4)[2] + timedelta(days=1)


def period_closed(agency_id: int, year: int, quarter: int | None, today: date) -> date | None:
    """The day the period closed, if it is closed on ``today``; None while it is open."""
    closed = closes_on(offsets_for(agency_id, year), year, quarter)
    return closed if closed is not None and today >= closed else None


def period_name(year: int, quarter: int | None) -> str:
    return f"TW {'I II III IV'.split()[quarter - 1]} {year}" if quarter else f"tahun {year}"


def closed_message(year: int, quarter: int | None, closed: date) -> dict[str, Any]:
    """What the refusal names (the workflow translates the sentence)."""
    return {"period": period_name(year, quarter), "date": closed.strftime("%d-%m-%Y")}
