""" "Lupa kata sandi?": a reset link by e-mail, through a real SMTP server (aiosmtpd on a free
loopback port) and Django's SMTP backend: the mail arrives, its link sets a new password that then
signs in; the link works once and for PASSWORD_RESET_TIMEOUT; the pages never tell whether an
address has an account."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.test import Client

from kinerja.users.services import user_history
from tests.orgtree import build_tree, make_user
from tests.smtp import Inbox

OLD = "Kelompok-Rentan-2022"
NEW = "Pemberdayaan-Sosial-2024"

pytestmark = pytest.mark.django_db


@pytest.fixture
def siti() -> Any:
    unit = build_tree()["DIR1"]
    return make_user(
        "operator.pkr", "operator", unit, password=OLD, email="siti@kemensos.go.id", first_name="Siti"
    )


def request_link(client: Client, address: str) -> Any:
    return client.post("/pengguna/lupa-sandi/", {"email": address})


def link_in(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    match = re.search(r"https?://testserver(/pengguna/atur-sandi/[^/\s]+/[^/\s]+/)", body.get_content())
    assert match, body.get_content()
    return match.group(1)


def set_password(client: Client, link: str, password: str = NEW) -> Any:
    form = client.get(link, follow=True)
    assert form.status_code == 200
    assert 'id="set-password"' in form.content.decode()
    target = form.redirect_chain[-1][0] if form.redirect_chain else link
    return client.post(target, {"new_password1": password, "new_password2": password})


def sign_in(username: str, password: str) -> Any:
    return Client().post("/masuk/", {"username": username, "password": password})


def test_the_sign_in_page_links_to_the_reset(siti: Any) -> None:
    page = Client().get("/masuk/").content.decode()
    assert 'href="/pengguna/lupa-sandi/"' in page and "Lupa kata sandi?" in page


def test_the_mailed_link_sets_a_new_password_that_signs_in(siti: Any, inbox: Inbox) -> None:
    client = Client()
    response = request_link(client, "SITI@kemensos.go.id")  # the address in any case
    assert response.status_code == 302 and response["Location"] == "/pengguna/lupa-sandi/terkirim/"
    assert len(inbox.received) == 1
    recipients, message = inbox.received[0]
    assert recipients == ["siti@kemensos.go.id"]
    assert message["From"] == "kinerja@kemensos.go.id"
    assert message["Subject"] == "Kinerja: atur ulang kata sandi"
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "nama pengguna operator.pkr" in text and "berlaku 60 menit" in text

    done = set_password(client, link_in(message))
    assert done.status_code == 302 and done["Location"] == "/pengguna/atur-sandi/selesai/"
    assert "Kata sandi Anda sudah diganti" in client.get(done["Location"]).content.decode()
    assert sign_in("operator.pkr", OLD).status_code == 200  # refused
    assert sign_in("operator.pkr", NEW).status_code == 302
    # in the user's history, by the user, without the password
    [change] = user_history(siti).filter(field="password")
    assert (change.username, change.note) == ("operator.pkr", "kata sandi diatur ulang lewat surel")
    assert NEW not in f"{change.old_value}{change.new_value}"
    siti.refresh_from_db()
    assert siti.check_password(NEW)


def test_a_used_link_is_refused_with_a_clear_message(siti: Any, inbox: Inbox) -> None:
    request_link(Client(), "siti@kemensos.go.id")
    link = link_in(inbox.received[0][1])
    assert set_password(Client(), link).status_code == 302
    again = Client().get(link, follow=True)
    text = again.content.decode()
    assert 'id="invalid-link"' in text and "hanya dapat dipakai sekali" in text
    assert 'name="new_password1"' not in text
    siti.refresh_from_db()
    assert siti.check_password(NEW)


def test_an_expired_link_is_refused(siti: Any, inbox: Inbox) -> None:
    request_link(Client(), "siti@kemensos.go.id")
    link = link_in(inbox.received[0][1])
    later = datetime.now() + timedelta(hours=1, minutes=1)
    with mock.patch.object(PasswordResetTokenGenerator, "_now", return_value=later):
        text = Client().get(link, follow=True).content.decode()
    assert 'id="invalid-link"' in text and "berlaku 60 menit" in text
    # within the hour it still works
    sooner = datetime.now() + timedelta(minutes=59)
    with mock.patch.object(PasswordResetTokenGenerator, "_now", return_value=sooner):
        assert set_password(Client(), link).status_code == 302


def test_the_page_does_not_tell_whether_an_address_has_an_account(siti: Any, inbox: Inbox) -> None:
    make_user("nonaktif", password=OLD, email="lama@kemensos.go.id", is_active=False)
    answers = [
        request_link(Client(), a)
        for a in ("siti@kemensos.go.id", "tidak.ada@kemensos.go.id", "lama@kemensos.go.id")
    ]
    assert {(r.status_code, r["Location"]) for r in answers} == {(302, "/pengguna/lupa-sandi/terkirim/")}
    assert [rcpt for rcpt, _ in inbox.received] == [["siti@kemensos.go.id"]]
    done = Client().get("/pengguna/lupa-sandi/terkirim/").content.decode()
    assert "Bila alamat itu terdaftar pada akun yang aktif" in done


def test_a_weak_new_password_is_refused(siti: Any, inbox: Inbox) -> None:
    request_link(Client(), "siti@kemensos.go.id")
    response = set_password(Client(), link_in(inbox.received[0][1]), "12345678")
    assert response.status_code == 200
    siti.refresh_from_db()
    assert siti.check_password(OLD)


def test_a_reset_lifts_the_lock_out_of_the_users_own_address(siti: Any, inbox: Inbox, settings: Any) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/masuk/", {"username": "operator.pkr", "password": "salah"})
    attacker = Client(REMOTE_ADDR="198.51.100.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker.post("/masuk/", {"username": "operator.pkr", "password": "salah"})
    assert client.post("/masuk/", {"username": "operator.pkr", "password": OLD}).status_code == 429
    request_link(client, "siti@kemensos.go.id")
    assert set_password(client, link_in(inbox.received[0][1])).status_code == 302
    assert client.post("/masuk/", {"username": "operator.pkr", "password": NEW}).status_code == 302
    # the other address stays locked
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.9"]


def test_the_pages_and_the_mail_in_english(siti: Any, inbox: Inbox) -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/masuk/"})
    assert "Forgot your password?" in client.get("/masuk/").content.decode()
    assert "Forgotten password" in client.get("/pengguna/lupa-sandi/").content.decode()
    request_link(client, "siti@kemensos.go.id")
    message = inbox.received[0][1]
    assert message["Subject"] == "Kinerja: reset your password"
    assert "valid for 60 minutes" in message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
