"""A quarter's deadlines passing: reminders before, escalation to the unit head after, the daily
digest, e-mailed through a real SMTP server once however often the job runs; the job scheduler
running a pass in the background of the web process and ``kinerja worker --once``."""

from __future__ import annotations

import time
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from kinerja.agreements import services as agreements
from kinerja.agreements.models import Agreement
from kinerja.cli import main
from kinerja.measurement.models import Realization
from kinerja.notifications import scheduler
from kinerja.notifications.models import Notification, Preference
from kinerja.notifications.reminders import run
from kinerja.organizations.models import Unit

WIB = ZoneInfo("Asia/Jakarta")


def _at(day: date, hour: int = 8) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=WIB)


@pytest.fixture
def quarter(users: dict[str, Any], pkr: Unit) -> dict[str, Any]:
    """PKR's PK 2023 signed, three TW I records verified (the head approves), the rest not entered."""
    for name in ("operator.pkr", "pimpinan.pkr", "verifikator.pkr"):
        users[name].email = f"{name}@kemensos.go.id"
        users[name].save()
    draft = agreements.create_agreement_from_plan(users["perencana"], pkr, 2023)
    agreements.sign_agreement(users["pimpinan.pkr"], draft, date(2023, 1, 20))
    for t in agreements.target_rows(draft)[:3]:
        Realization.objects.create(
            agency=pkr.agency, unit=pkr, indicator=t.indicator, year=2023, quarter=1, status="verified"
        )
    return users


def test_reminder_before_escalation_after_and_once_only(quarter: dict[str, Any], inbox: Any) -> None:
    head, operator = "pimpinan.pkr@kemensos.go.id", "operator.pkr@kemensos.go.id"
    # 18 April: the approval of TW I is due on 20 April (in 2 days); the entry was due on 10 April
    summary = run(_at(date(2023, 4, 18)))
    assert summary.emails == len(inbox.received) > 0
    subjects = {m["Subject"] for m in inbox.to(head)}
    assert "Pengingat: Setujui 3 realisasi TW I 2023, batas waktu dalam 2 hari (20 April 2023)" in subjects
    escalation = [
        m for m in inbox.to(head) if m["Subject"].startswith("Lewat batas waktu: Isi realisasi TW I 2023")
    ]
    assert len(escalation) == 1
    text = escalation[0].get_content()
    assert "batas waktunya 10 April 2023 (8 hari lalu)" in text and "operator.pkr" in text
    digest = [
        m for m in inbox.to(operator) if m["Subject"].startswith("Tugas Anda di Kinerja, 18 April 2023")
    ]
    assert len(digest) == 1 and "[LEWAT] Isi realisasi TW I 2023" in digest[0].get_content()
    # no escalation of the head's own task to himself, and no reminder of a task not yet near
    assert not any(m["Subject"].startswith("Lewat batas waktu: Setujui") for m in inbox.to(head))

    before = len(inbox.received)
    again = run(_at(date(2023, 4, 18), 15))
    assert (again.reminders, again.escalations, again.digests, again.emails) == (0, 0, 0, 0)
    assert len(inbox.received) == before
    # the next day: a new digest, no second reminder for the same deadline
    run(_at(date(2023, 4, 19)))
    assert len([m for m in inbox.to(head) if m["Subject"].startswith("Pengingat: Setujui")]) == 1
    assert len([m for m in inbox.to(operator) if m["Subject"].startswith("Tugas Anda")]) == 2


def test_each_user_chooses_what_comes_by_e_mail(quarter: dict[str, Any], inbox: Any) -> None:
    Preference.objects.create(user=quarter["operator.pkr"], email_digest=False)
    Preference.objects.create(user=quarter["pimpinan.pkr"], language="en", email_escalations=False)
    run(_at(date(2023, 4, 18)))
    assert inbox.to("operator.pkr@kemensos.go.id") == []
    subjects = {m["Subject"] for m in inbox.to("pimpinan.pkr@kemensos.go.id")}
    assert "Reminder: Approve 3 realisations of TW I 2023, due in 2 days (20 April 2023)" in subjects
    assert not any(s.startswith(("Overdue", "Lewat")) for s in subjects)
    # shown in the app all the same
    assert Notification.objects.filter(user=quarter["operator.pkr"], kind="digest").exists()
    assert Notification.objects.filter(user=quarter["pimpinan.pkr"], kind="escalation").exists()


def test_the_digest_waits_for_its_hour(quarter: dict[str, Any], settings: Any) -> None:
    settings.KINERJA_DIGEST_HOUR = 7
    assert run(_at(date(2023, 4, 18), 6)).digests == 0
    assert run(_at(date(2023, 4, 18), 7)).digests > 0


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_runs_a_pass_in_the_background(users: dict[str, Any], pkr: Unit, settings: Any) -> None:
    settings.KINERJA_DIGEST_HOUR = 0
    settings.KINERJA_SCHEDULER = True
    # a PK of this year waiting for the head's signature: a task, so a digest today
    Agreement.objects.create(agency=pkr.agency, unit=pkr, year=timezone.localdate().year, status="draft")
    job = scheduler.start_background(delay_seconds=0)
    assert job is not None
    try:
        for _ in range(100):
            if Notification.objects.filter(user=users["pimpinan.pkr"], kind="digest").exists():
                break
            time.sleep(0.1)
        assert Notification.objects.filter(user=users["pimpinan.pkr"], kind="digest").exists()
        assert job.get_job(scheduler.JOB_ID) is not None  # and it stays scheduled
    finally:
        job.shutdown(wait=True)
    settings.KINERJA_SCHEDULER = False
    assert scheduler.start_background() is None


def test_kinerja_worker_once_prints_what_it_did(quarter: dict[str, Any], capsys: Any, settings: Any) -> None:
    settings.KINERJA_DIGEST_HOUR = 0
    assert main(["worker", "--once"]) == 0
    out = capsys.readouterr().out
    assert "ringkasan harian" in out and "surel terkirim" in out
