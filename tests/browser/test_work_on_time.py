"""Issue #15's done-when in Chromium: a quarter's deadline passing sends the reminder and
escalation e-mails (a real SMTP server catches them); the head's landing page and "Tugas saya"
list the PK to sign and the records to approve; bulk approval; the reporting calendar closes the
period and an admin's lock exception reopens one record."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kinerja.agreements.models import Agreement
from kinerja.calendar.models import ReportingCalendar
from kinerja.measurement.models import Realization
from kinerja.notifications.reminders import run
from kinerja.planning.models import Indicator
from tests.browser.conftest import login, navigate, shot
from tests.orgtree import make_user
from tests.web.demo_users import PASSWORD, demo_users, load_demo


@pytest.fixture
def quarter(transactional_db: Any) -> dict[str, Any]:
    """The demo; PKR's TW III 2022 with three records verified and two drafts; a PK 2026 draft;
    the 2022 calendar saved (so its periods close); e-mail addresses."""
    units = load_demo()
    people = demo_users(units)
    people["admin.pkr"] = make_user("admin.pkr", "admin", units["PKR"], password=PASSWORD)
    for user in people.values():
        user.email = f"{user.username}@kemensos.go.id"
        user.save()
    pkr = units["PKR"]
    ReportingCalendar.objects.create(agency=pkr.agency, year=2022)  # closes periods (defaults)
    Agreement.objects.create(agency=pkr.agency, unit=pkr, year=2026, status="draft")
    indicators = Indicator.objects.filter(plan__unit=pkr, plan__status="adopted").order_by("code")
    records = {}
    for ind, status in zip(indicators, ["verified", "verified", "verified", "draft", "draft"], strict=False):
        records[ind.code] = Realization.objects.create(
            agency=pkr.agency, unit=pkr, indicator=ind, year=2022, quarter=3, status=status
        )
    return {"people": people, "records": records}


def test_deadlines_tasks_bulk_approval_and_the_closed_period(
    quarter: dict[str, Any], live_server: Any, new_context: Any, inbox: Any
) -> None:
    # 12 October 2022: TW III's entry deadline (10 October) has passed
    summary = run(datetime(2022, 10, 12, 8, tzinfo=ZoneInfo("Asia/Jakarta")))
    assert summary.escalations >= 1 and summary.emails == len(inbox.received)
    head_mail = {m["Subject"]: m for m in inbox.to("pimpinan.pkr@kemensos.go.id")}
    late = [s for s in head_mail if s.startswith("Lewat batas waktu: Isi realisasi TW III 2022")]
    assert late, sorted(head_mail)
    assert "batas waktunya 10 Oktober 2022 (2 hari lalu)" in head_mail[late[0]].get_content()
    assert any(s.startswith("Tugas Anda di Kinerja, 12 Oktober 2022") for s in head_mail)
    assert any(m["Subject"].startswith("Tugas Anda") for m in inbox.to("operator.pkr@kemensos.go.id"))

    head = new_context().new_page()
    login(head, live_server.url, "pimpinan.pkr", PASSWORD)  # lands on the PKR dashboard
    box = head.inner_text("#next-tasks")
    assert "Tandatangani Perjanjian Kinerja 2026 versi 1" in box and "Setujui 3 realisasi TW III 2022" in box
    head.goto(f"{live_server.url}/tugas/")
    tasks = head.inner_text("main")
    assert (
        "Tandatangani Perjanjian Kinerja 2026 versi 1" in tasks and "Setujui 3 realisasi TW III 2022" in tasks
    )
    shot(head, "tasks-01-head")
    head.goto(f"{live_server.url}/notifikasi/")
    assert "Lewat batas waktu: Isi realisasi TW III 2022" in head.inner_text("#notifications")

    # bulk approval from the list
    head.goto(f"{live_server.url}/realisasi/menunggu/?unit=PKR")
    verified = [r for r in quarter["records"].values() if r.status == "verified"]
    for r in verified:
        head.check(f"#pilih-{r.pk}")
    shot(head, "tasks-02-bulk")
    navigate(head, "#bulk-approve")
    assert "3 realisasi disetujui." in head.inner_text("main")
    assert {Realization.objects.get(pk=r.pk).status for r in verified} == {"approved"}

    # today the 2022 calendar has closed TW III: the drafts cannot be entered ...
    drafts = [r for r in quarter["records"].values() if r.status == "draft"]
    operator = new_context().new_page()
    login(operator, live_server.url, "operator.pkr", PASSWORD)
    first, other = (f"{live_server.url}/realisasi/PKR/2022/tw3/{r.indicator_id}/" for r in drafts)
    operator.goto(first)
    assert "sudah ditutup sejak" in operator.inner_text("#period-closed")
    assert operator.locator("#realization-form").count() == 0

    # ... until the admin opens one record with a reason
    admin = new_context().new_page()
    login(admin, live_server.url, "admin.pkr", PASSWORD, next_url=first.removeprefix(live_server.url))
    admin.fill("#catatan-open", "Koreksi data TW III setelah rekonsiliasi")
    navigate(admin, "form:has(#catatan-open) button[type=submit]")
    operator.goto(first)
    assert operator.locator("#realization-form").count() == 1
    shot(operator, "tasks-03-reopened")
    operator.goto(other)
    assert operator.locator("#realization-form").count() == 0  # the other record stays closed
    assert date.today().year > 2022
