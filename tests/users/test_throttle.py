"""Sign-in throttling (django-axes, kinerja/users/throttle.py): after 5 wrong passwords the
username+address pair is refused for 15 minutes, even with the right password, on /masuk/ and on
the Django admin's sign-in; the refusal is a page saying until when; every failure is logged."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.db.models import F
from django.test import Client, RequestFactory, override_settings

from kinerja.users.throttle import client_ip
from tests.orgtree import make_user

PASSWORD = "Kelompok-Rentan-2022"
LIMIT = 5

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator() -> Any:
    return make_user("operator.pkr", password=PASSWORD)


def attempt(
    client: Client, username: str = "operator.pkr", password: str = "salah", url: str = "/masuk/"
) -> Any:
    return client.post(url, {"username": username, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def time_passes(minutes: int, seconds: int = 0) -> None:
    """Move the recorded failures back, as if the clock had moved on."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes, seconds=seconds))


def test_five_wrong_passwords_lock_the_pair_even_for_the_right_one(operator: Any) -> None:
    client = Client()
    for n in range(LIMIT - 1):
        assert attempt(client).status_code == 200, n  # the sign-in form again, with its error
    locked = attempt(client)  # the fifth failure locks
    assert locked.status_code == 429
    right = attempt(client, password=PASSWORD)
    assert right.status_code == 429
    assert not signed_in(client)
    text = right.content.decode()
    assert "Terlalu banyak percobaan masuk" in text
    assert "Coba lagi setelah pukul" in text and "WIB" in text and "sekitar 15 menit lagi" in text
    assert 14 * 60 <= int(right["Retry-After"]) <= 15 * 60
    # a refused attempt during the lock-out does not push the time further
    assert AccessAttempt.objects.get().failures_since_start == LIMIT


def test_after_the_cool_off_the_right_password_works(operator: Any) -> None:
    client = Client()
    for _ in range(LIMIT):
        attempt(client)
    time_passes(14, 59)
    assert attempt(client, password=PASSWORD).status_code == 429
    time_passes(0, 2)
    response = attempt(client, password=PASSWORD)
    assert response.status_code == 302 and signed_in(client)
    assert not AccessAttempt.objects.exists()  # a success clears the count


def test_a_success_before_the_limit_clears_the_count(operator: Any) -> None:
    client = Client()
    for _ in range(LIMIT - 1):
        attempt(client)
    assert attempt(client, password=PASSWORD).status_code == 302
    client.post("/keluar/")
    for _ in range(LIMIT - 1):
        assert attempt(client).status_code == 200
    assert attempt(Client(), password=PASSWORD).status_code == 302


def test_every_spelling_of_the_name_counts_against_the_same_account(operator: Any) -> None:
    client = Client()
    for typed in ("operator.pkr", "OPERATOR.PKR", "Operator.Pkr", "ＯＰＥＲＡＴＯＲ.ＰＫＲ", "operator.PKR"):
        attempt(client, typed)
    assert attempt(client, "operator.pkr", PASSWORD).status_code == 429


def test_another_address_or_another_user_is_not_locked(operator: Any) -> None:
    other = make_user("verifikator.pkr", password=PASSWORD)
    attacker = Client(REMOTE_ADDR="198.51.100.9")
    for _ in range(LIMIT):
        attempt(attacker)
    assert attempt(attacker, password=PASSWORD).status_code == 429
    # the user at their own desk still signs in; the attacker may still try other names
    assert attempt(Client(REMOTE_ADDR="10.20.0.15"), password=PASSWORD).status_code == 302
    assert attempt(attacker, other.username, PASSWORD).status_code == 302


def test_failures_are_logged_with_username_and_address_never_the_password(
    operator: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client(REMOTE_ADDR="198.51.100.9")
    with caplog.at_level(logging.WARNING, logger="kinerja.auth"):
        for _ in range(LIMIT):
            attempt(client, password="rahasia-tebakan-1")
        attempt(client, password=PASSWORD)
    ours = [r for r in caplog.records if r.name == "kinerja.auth"]
    failures = [r.getMessage() for r in ours if r.getMessage().startswith("Gagal masuk")]
    assert len(failures) == LIMIT
    assert failures[0] == "Gagal masuk: nama pengguna 'operator.pkr' dari 198.51.100.9 lewat /masuk/"
    assert all(r.levelno == logging.WARNING for r in ours)
    assert sum("dikunci 15 menit setelah 5 kali gagal" in r.getMessage() for r in ours) == 1
    assert any(r.getMessage().startswith("Masuk ditolak (terkunci sementara)") for r in ours)
    assert "rahasia-tebakan-1" not in caplog.text and PASSWORD not in caplog.text
    # and axes keeps every failure in the database, without the password
    assert (
        AccessFailureLog.objects.filter(username="operator.pkr", ip_address="198.51.100.9").count() == LIMIT
    )
    stored = AccessAttempt.objects.get()
    assert "rahasia-tebakan-1" not in stored.post_data


def test_the_django_admin_sign_in_is_throttled_too() -> None:
    root = make_user("root", password=PASSWORD, is_superuser=True, is_staff=True)
    client = Client()
    for _ in range(LIMIT):
        attempt(client, root.username, url="/admin/login/")
    refused = attempt(client, root.username, PASSWORD, url="/admin/login/")
    assert refused.status_code == 429
    assert "Terlalu banyak percobaan masuk" in refused.content.decode()
    assert not signed_in(client)
    # the pair is locked on /masuk/ as well
    assert attempt(client, root.username, PASSWORD).status_code == 429


def test_the_lockout_page_in_english(operator: Any) -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/masuk/"})
    for _ in range(LIMIT):
        attempt(client)
    text = attempt(client, password=PASSWORD).content.decode()
    assert "Too many sign-in attempts" in text
    assert "Try again after" in text


@override_settings(AXES_FAILURE_LIMIT=2)  # KINERJA_SIGNIN_FAILURE_LIMIT=2
def test_the_limit_is_a_setting(operator: Any) -> None:
    client = Client()
    attempt(client)
    assert attempt(client).status_code == 429


# --- the client address behind a reverse proxy ------------------------------------------------------


def _ip(remote: str, forwarded: str | None = None) -> str:
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().post("/masuk/", **meta))  # type: ignore[arg-type]


def test_without_a_trusted_proxy_the_header_is_ignored() -> None:
    assert _ip("203.0.113.7", "198.51.100.1") == "203.0.113.7"


@override_settings(KINERJA_TRUSTED_PROXIES=1)
def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_claims() -> None:
    assert _ip("127.0.0.1", "203.0.113.7") == "203.0.113.7"
    assert _ip("127.0.0.1", "1.2.3.4, 203.0.113.7") == "203.0.113.7"  # "1.2.3.4" is the client's claim
    assert _ip("127.0.0.1", "bukan-alamat, 203.0.113.7") == "203.0.113.7"
    assert _ip("127.0.0.1", "2001:db8::7") == "2001:db8::7"
    assert _ip("127.0.0.1") == "127.0.0.1"  # reached directly, no header


@override_settings(KINERJA_TRUSTED_PROXIES=2)
def test_behind_two_proxies() -> None:
    assert _ip("10.0.0.2", "1.2.3.4, 203.0.113.7, 10.0.0.1") == "203.0.113.7"


@override_settings(KINERJA_TRUSTED_PROXIES=1)
def test_an_attacker_behind_the_proxy_cannot_escape_by_inventing_addresses(operator: Any) -> None:
    for n in range(LIMIT):
        attempt(Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.7"))
    again = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.99, 203.0.113.7")
    assert attempt(again, password=PASSWORD).status_code == 429
    # the real user, elsewhere, behind the same proxy, signs in
    user = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert attempt(user, password=PASSWORD).status_code == 302
