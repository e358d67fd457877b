"""Notifications made once per user and key, e-mailed once through a real SMTP server (aiosmtpd),
tried again when the server is down; the user's own list and choices."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from kinerja.notifications.models import Notification, Preference
from kinerja.notifications.services import MAX_ATTEMPTS, Message, notify, send_pending
from kinerja.organizations.models import Unit
from tests.orgtree import build_tree, make_user
from tests.web.demo_users import client_for

REMINDER = Message(
    kind="reminder",
    key="reminder:test:2022-04-10",
    subject="Pengingat: Realisasi TW I, batas waktu dalam 3 hari",
    body="Realisasi TW I (Unit DIR1) harus selesai paling lambat 10 April 2022.",
    url="/realisasi/DIR1/2022/",
)


@pytest.fixture
def siti(db: Any) -> Any:
    return make_user("siti", "operator", build_tree()["DIR1"], email="siti@kemensos.go.id")


def test_made_once_and_e_mailed_once(siti: Any, inbox: Any, settings: Any) -> None:
    settings.KINERJA_PUBLIC_URL = "https://kinerja.kemensos.go.id"
    first = notify(siti, REMINDER)
    assert first is not None and first.email_state == "pending"
    assert notify(siti, REMINDER) is None  # the same key again: nothing new
    assert send_pending() == 1
    assert send_pending() == 0
    [message] = inbox.to("siti@kemensos.go.id")
    assert message["Subject"] == REMINDER.subject
    text = message.get_content()
    assert "paling lambat 10 April 2022" in text
    assert "https://kinerja.kemensos.go.id/realisasi/DIR1/2022/" in text
    assert "https://kinerja.kemensos.go.id/notifikasi/pengaturan/" in text
    row = Notification.objects.get()
    assert row.email_state == "sent" and row.emailed_at is not None


def test_the_users_choice_and_address_decide_the_e_mail(siti: Any, inbox: Any) -> None:
    Preference.objects.create(user=siti, email_reminders=False)
    assert notify(siti, REMINDER).email_state == "none"  # type: ignore[union-attr]
    nomail = make_user("tanpa.surel", "operator", Unit.objects.get(code="DIR1"))
    assert notify(nomail, REMINDER).email_state == "none"  # type: ignore[union-attr]
    assert send_pending() == 0 and inbox.received == []
    assert Notification.objects.count() == 2  # shown in the app all the same


def test_a_server_that_is_down_is_tried_again_then_given_up(siti: Any, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    notify(siti, REMINDER)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert send_pending() == 0
        row = Notification.objects.get()
        assert row.email_attempts == attempt
    assert row.email_state == "failed"


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_the_same_e_mail(inbox: Any) -> None:
    users = [make_user(f"u{i}", email=f"u{i}@kemensos.go.id") for i in range(12)]
    for u in users:
        notify(u, REMINDER)
    sent: list[int] = []

    def worker() -> None:
        try:
            sent.append(send_pending())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(sent) == 12
    assert sorted(r[0][0] for r in inbox.received) == sorted(u.email for u in users)


def test_the_list_and_the_choices_are_the_users_own(siti: Any) -> None:
    other = make_user("budi", "operator", Unit.objects.get(code="DIR1"))
    mine, theirs = notify(siti, REMINDER), notify(other, REMINDER)
    assert mine is not None and theirs is not None
    client = client_for(siti)
    page = client.get("/notifikasi/").content.decode()
    assert REMINDER.subject in page and 'id="nav-notifications-count"' in page
    assert f'id="notification-{theirs.pk}"' not in page
    client.post("/notifikasi/", {"read": theirs.pk})  # another user's: untouched
    client.post("/notifikasi/", {"read": mine.pk})
    assert Notification.objects.get(pk=mine.pk).read_at is not None
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert 'id="nav-notifications-count"' not in client.get("/notifikasi/").content.decode()

    bad = client.post(
        "/notifikasi/pengaturan/",
        {"email_reminders": "on", "remind_days": "99", "language": "id"},
    )
    assert bad.status_code == 400 and "0 sampai 30 hari" in bad.content.decode()
    assert not Preference.objects.filter(user=siti).exists()
    client.post("/notifikasi/pengaturan/", {"email_digest": "on", "remind_days": "5", "language": "en"})
    saved = Preference.objects.get(user=siti)
    assert (saved.email_reminders, saved.email_digest, saved.remind_days, saved.language) == (
        False,
        True,
        5,
        "en",
    )
    assert client_for(other).get("/notifikasi/pengaturan/").context["form"].instance.remind_days == 3
