"""Timeliness per unit and stage, dated by the first workflow event against the calendar's
deadlines; records without a dated event are "time unknown" and keep the rate from green; the
page of a Ditjen lists its directorates, and who has not updated the latest quarter."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from kinerja.agreements import services as agreements
from kinerja.measurement.models import Realization, RealizationEvent
from kinerja.organizations.models import Unit
from kinerja.tasks.timeliness import timeliness
from tests.web.demo_users import client_for

WIB = ZoneInfo("Asia/Jakarta")


def _record(pkr: Unit, indicator: Any, status: str, events: dict[str, date]) -> None:
    r = Realization.objects.create(
        agency=pkr.agency, unit=pkr, indicator=indicator, year=2023, quarter=1, status=status
    )
    for action, day in events.items():
        RealizationEvent.objects.create(
            agency=pkr.agency, realization=r, action=action, from_status="draft", to_status=status,
            version=1, at=datetime(day.year, day.month, day.day, 16, tzinfo=WIB),
        )  # fmt: skip


def test_rates_per_stage_and_who_has_not_updated(users: dict[str, Any], pkr: Unit) -> None:
    draft = agreements.create_agreement_from_plan(users["perencana"], pkr, 2023)
    agreements.sign_agreement(users["pimpinan.pkr"], draft, date(2023, 1, 20))
    rows = agreements.target_rows(draft)
    total = len(rows)
    # TW I 2023 deadlines (calendar defaults): entry 10 April, verification 15, approval 20
    _record(pkr, rows[0].indicator, "approved",
            {"submit": date(2023, 4, 10), "verify": date(2023, 4, 16), "approve": date(2023, 4, 21)})  # fmt: skip
    _record(pkr, rows[1].indicator, "submitted", {"submit": date(2023, 4, 12)})
    _record(pkr, rows[2].indicator, "approved", {})  # imported: no dated step
    [result] = timeliness([pkr], 2023, date(2023, 5, 1))
    submit, verify, approve = (result.stages[s] for s in ("submit", "verify", "approve"))
    assert (submit.on_time, submit.late, submit.missing, submit.unknown) == (1, 1, total - 3, 1)
    assert submit.rate == (Decimal(100) / (total - 1)).quantize(Decimal("0.1"))
    assert (verify.on_time, verify.late, verify.missing, verify.unknown) == (0, 1, total - 2, 1)
    assert approve.rate == Decimal("0.0") and not approve.complete
    assert result.latest_quarter == 1
    assert result.not_updated == sorted(r.indicator.code for r in rows[3:])
    # before the first deadline nothing is counted: n.a, never green
    [early] = timeliness([pkr], 2023, date(2023, 4, 10))
    assert early.stages["submit"].rate is None and not early.stages["submit"].complete

    page = client_for(users["perencana"]).get("/tugas/ketepatan-waktu/DAYASOS/?tahun=2023")
    text = page.content.decode()
    assert page.status_code == 200 and 'data-unit="PKR"' in text
    assert f"TW IV: {total} dari {total} indikator belum diajukan" in text  # today: the year is over
    now = timeliness([pkr], 2023)[0].stages["submit"]  # the page counts as of today: every quarter
    assert now.missing == 4 * total - 3 and f">{now.rate_text}%<" in text and "1 tanpa tanggal" in text
    assert client_for(users["operator.rehsos"]).get("/tugas/ketepatan-waktu/PKR/").status_code == 403
