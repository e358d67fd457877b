"""The reporting calendar (kinerja.calendar): deadlines by rules.md §1.2 and period closing in
the realisation workflow, reopened for one record by an admin's lock exception (real database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.utils import timezone

from kinerja.calendar.models import ReportingCalendar
from kinerja.calendar.rules import Offsets, closes_on, deadlines, offsets_for
from kinerja.measurement import workflow
from kinerja.measurement.models import Realization
from kinerja.measurement.services import start_realization
from kinerja.measurement.workflow import PeriodClosed
from tests.measurement.conftest import Org
from tests.orgtree import make_realization


def _due(o: Offsets, year: int) -> dict[tuple[str, int | None], date]:
    return {(x.stage, x.quarter): x.due for x in deadlines(o, year)}


def test_default_deadlines_of_a_ministry_year() -> None:
    due = _due(Offsets(), 2023)
    assert due[("pk", None)] == date(2023, 1, 31)  # one month after a DIPA of 1 January
    assert due[("rencana_aksi", None)] == date(2023, 2, 14)
    assert (due[("isi", 1)], due[("verifikasi", 1)], due[("persetujuan", 1)]) == (
        date(2023, 4, 10),
        date(2023, 4, 15),
        date(2023, 4, 20),
    )
    assert due[("persetujuan", 4)] == date(2024, 1, 20)
    assert due[("lkj", None)] == date(2024, 2, 29)  # end of February, a leap year
    assert due[("skm", None)] == date(2023, 12, 31)
    assert [x.due for x in deadlines(Offsets(), 2023)] == sorted(due.values())


def test_a_regional_government_and_a_late_dipa() -> None:
    due = _due(Offsets(dipa_date=date(2023, 1, 17), report_months=3), 2023)
    assert due[("pk", None)] == date(2023, 2, 16)
    assert due[("lkj", None)] == date(2024, 3, 31)


def test_only_a_saved_calendar_closes_periods() -> None:
    assert closes_on(Offsets(), 2022, 1) is None
    assert closes_on(Offsets(close_periods=True), 2022, 1) == date(2022, 4, 21)
    assert closes_on(Offsets(close_periods=True), 2022, None) == date(2023, 1, 21)  # with TW IV


def _close_2022(org: Org) -> ReportingCalendar:
    return ReportingCalendar.objects.create(agency=org.units["DIR1"].agency, year=2022)


def test_without_a_calendar_2022_stays_open(org: Org) -> None:
    r = org.r
    assert not offsets_for(r.agency_id, 2022).saved
    workflow.save_realization(org.users["operator"], r, {"value_number": "10"}, r.version)
    assert Realization.objects.get(pk=r.pk).value_number == D(10)


def test_a_closed_period_refuses_entry_and_names_the_period(org: Org) -> None:
    u, r = org.users, org.r
    _close_2022(org)
    with pytest.raises(PeriodClosed, match="Periode tahun 2022 sudah ditutup sejak 21-01-2023"):
        workflow.save_realization(u["operator"], r, {"value_number": "10"}, r.version)
    with pytest.raises(PeriodClosed):
        workflow.submit(u["operator"], r)
    row = Realization.objects.get(pk=r.pk)
    assert (row.value_number, row.status, row.version) == (None, "draft", r.version)  # nothing saved
    # no new record in a closed period either
    with pytest.raises(PeriodClosed, match="TW II 2022"):
        start_realization(u["operator"], org.units["DIR1"], r.indicator, 2022, 2)
    assert not Realization.objects.filter(indicator=r.indicator, quarter=2).exists()


def test_a_lock_exception_reopens_one_record_and_relocking_closes_it_again(org: Org) -> None:
    u, r = org.users, org.r
    _close_2022(org)
    other = org.sub
    workflow.open_lock_exception(u["admin"], r, "Koreksi data TW IV setelah rekonsiliasi")
    assert Realization.objects.get(pk=r.pk).status == "draft"  # the status stays
    workflow.save_realization(u["operator"], r, {"value_number": "12"}, r.version)
    workflow.submit(u["operator"], r)
    assert Realization.objects.get(pk=r.pk).status == "submitted"
    with pytest.raises(PeriodClosed):  # the other record of the period stays closed
        workflow.save_realization(u["sub_operator"], other, {"value_number": "1"}, other.version)
    workflow.relock(u["admin"], r)
    row = Realization.objects.get(pk=r.pk)
    assert row.status == "submitted" and not row.locked


def test_a_period_not_yet_past_its_deadline_is_open(org: Org) -> None:
    next_year = timezone.localdate().year + 1
    ReportingCalendar.objects.create(agency=org.units["DIR1"].agency, year=next_year)
    r = make_realization(org.units["DIR1"], code="IKK 5", year=next_year, quarter=1)
    workflow.save_realization(org.users["operator"], r, {"value_number": "7"}, r.version)
    assert Realization.objects.get(pk=r.pk).value_number == D(7)
