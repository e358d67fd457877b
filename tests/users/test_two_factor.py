"""Two-step sign-in (kinerja/users/twofactor.py, django-otp TOTP): enrolment with a real code
computed from the secret the page shows, the code asked after the password (also for the Django
admin), wrong codes refused, throttled and logged, and an agency that requires it for its Admin,
Pimpinan and APIP users."""

from __future__ import annotations

import logging
import re
import time
from base64 import b32decode
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kinerja.history.models import Change
from kinerja.organizations.models import Unit
from tests.orgtree import build_tree, make_user

PASSWORD = "Kelompok-Rentan-2022"

pytestmark = pytest.mark.django_db


def code(key: bytes, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows for ``key`` now (or ``steps_ahead`` × 30 s later)."""
    totp = TOTP(key, step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def signed_in(username: str, password: str = PASSWORD, url: str = "/masuk/") -> Client:
    client = Client()
    response = client.post(url, {"username": username, "password": password})
    assert response.status_code == 302, response.status_code
    return client


def enrol(client: Client) -> bytes:
    """Enrol as a person does: read the secret off the page, type the app's code."""
    page = client.get("/pengguna/dua-langkah/")
    assert page.status_code == 200
    match = re.search(r'<code id="two-factor-secret">([A-Z2-7 ]+)</code>', page.content.decode())
    assert match
    key = b32decode(match.group(1).replace(" ", ""))
    response = client.post("/pengguna/dua-langkah/", {"code": code(key)})
    assert response.status_code == 302
    return key


def allow_next_try() -> None:
    """django-otp makes a wrong code wait (1 s, doubling): let that time pass."""
    for device in TOTPDevice.objects.exclude(throttling_failure_timestamp=None):
        device.throttling_failure_timestamp -= timedelta(minutes=5)
        device.save()


@pytest.fixture
def units() -> dict[str, Unit]:
    return build_tree()


@pytest.fixture
def operator(units: dict[str, Unit]) -> Any:
    return make_user("operator.dir1", "operator", units["DIR1"], password=PASSWORD)


# --- enrolling ---------------------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_the_secret_and_a_code_confirms_it(operator: Any) -> None:
    client = signed_in("operator.dir1")
    page = client.get("/pengguna/dua-langkah/").content.decode()
    assert '<img src="/pengguna/dua-langkah/qr.svg"' in page
    # nothing a strict Content-Security-Policy would block: no inline script, handler or style
    assert re.search(r"<script(?![^>]*\ssrc=)[^>]*>", page) is None
    assert re.search(r"\son[a-z]+=", page) is None and "style=" not in page
    qr = client.get("/pengguna/dua-langkah/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and qr["Cache-Control"] == "no-store"
    assert qr.content.startswith(b"<svg") and b"<script" not in qr.content
    # the same pending secret on reload (the QR code must not change under the user's eyes)
    assert client.get("/pengguna/dua-langkah/").content.decode().count("two-factor-secret") == 1
    assert TOTPDevice.objects.filter(user=operator).count() == 1

    wrong = client.post("/pengguna/dua-langkah/", {"code": "000000"})
    assert wrong.status_code == 400 and "Kode salah atau sudah kedaluwarsa" in wrong.content.decode()
    assert not TOTPDevice.objects.get(user=operator).confirmed
    allow_next_try()
    enrol(client)
    device = TOTPDevice.objects.get(user=operator)
    assert device.confirmed
    assert "Aktif." in client.get("/pengguna/dua-langkah/").content.decode()
    assert client.get("/pengguna/dua-langkah/qr.svg").status_code == 404  # the secret is not shown again
    assert client.get("/").status_code == 200  # this session gave the code
    assert Change.objects.filter(
        object_id=str(operator.pk), note="verifikasi dua langkah diaktifkan"
    ).exists()


def test_a_code_must_be_six_digits(operator: Any) -> None:
    client = signed_in("operator.dir1")
    response = client.post("/pengguna/dua-langkah/", {"code": "abc"})
    assert response.status_code == 400 and "enam angka" in response.content.decode()


# --- signing in with the code --------------------------------------------------------------------------


def test_after_the_password_the_code_is_asked_before_any_page(operator: Any, caplog: Any) -> None:
    key = enrol(signed_in("operator.dir1"))
    client = signed_in("operator.dir1")
    unit_page = client.get("/unit/DIR1/")
    assert unit_page.status_code == 302
    assert unit_page["Location"] == "/pengguna/dua-langkah/kode/?next=%2Funit%2FDIR1%2F"
    for url in ("/", "/pengguna/sandi/", "/pengguna/dua-langkah/", "/realisasi/DIR1/"):
        assert client.get(url)["Location"].startswith("/pengguna/dua-langkah/kode/"), url
    assert client.post("/pengguna/dua-langkah/nonaktifkan/").status_code == 302
    assert TOTPDevice.objects.filter(user=operator, confirmed=True).exists()  # not removed without the code

    with caplog.at_level(logging.WARNING, logger="kinerja.auth"):
        wrong = client.post(
            "/pengguna/dua-langkah/kode/?next=/unit/DIR1/", {"code": "123456", "next": "/unit/DIR1/"}
        )
    assert wrong.status_code == 400 and "Kode salah" in wrong.content.decode()
    assert "Kode dua langkah salah: nama pengguna 'operator.dir1' dari 127.0.0.1" in caplog.text
    # straight after a wrong code even the right one waits (django-otp's throttle)
    right = code(key, steps_ahead=1)  # the enrolment used the current code; each code works once
    throttled = client.post("/pengguna/dua-langkah/kode/", {"code": right, "next": "/unit/DIR1/"})
    assert "Terlalu banyak kode salah" in throttled.content.decode()
    allow_next_try()
    ok = client.post("/pengguna/dua-langkah/kode/", {"code": right, "next": "/unit/DIR1/"})
    assert ok.status_code == 302 and ok["Location"] == "/unit/DIR1/"
    assert client.get("/unit/DIR1/").status_code == 200
    # the same code cannot be used twice
    again = signed_in("operator.dir1")
    assert again.post("/pengguna/dua-langkah/kode/", {"code": right}).status_code == 400


def test_the_next_page_stays_on_this_site(operator: Any) -> None:
    key = enrol(signed_in("operator.dir1"))
    client = signed_in("operator.dir1")
    response = client.post(
        "/pengguna/dua-langkah/kode/", {"code": code(key, 1), "next": "https://jahat.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"


def test_the_django_admin_asks_for_the_code_too(units: dict[str, Unit]) -> None:
    make_user("root", password=PASSWORD, is_superuser=True, is_staff=True)
    enrol(signed_in("root"))
    client = signed_in("root", url="/admin/login/")
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/pengguna/dua-langkah/kode/")


def test_without_an_authenticator_nothing_changes(operator: Any) -> None:
    client = signed_in("operator.dir1")
    assert client.get("/unit/DIR1/").status_code == 200


def test_removing_ones_own_authenticator(operator: Any) -> None:
    client = signed_in("operator.dir1")
    enrol(client)
    assert client.post("/pengguna/dua-langkah/nonaktifkan/").status_code == 302
    assert not TOTPDevice.objects.filter(user=operator).exists()
    assert signed_in("operator.dir1").get("/unit/DIR1/").status_code == 200


# --- an agency requires it -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "pimpinan", "apip"])
def test_an_agency_requiring_it_sends_its_admin_pimpinan_and_apip_to_enrol(
    units: dict[str, Unit], role: str
) -> None:
    agency = units["MIN"].agency
    agency.require_two_factor = True
    agency.save()
    make_user("kepala", role, units["DIR1"], password=PASSWORD)
    client = signed_in("kepala")
    response = client.get("/unit/DIR1/")
    assert response.status_code == 302
    assert response["Location"] == "/pengguna/dua-langkah/?next=%2Funit%2FDIR1%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'id="two-factor-required"' in page.content.decode()
    assert client.get("/pengguna/dua-langkah/qr.svg").status_code == 200
    assert client.get("/pengguna/").status_code == 302
    # enrolled: the page asked for opens
    match = re.search(r'<code id="two-factor-secret">([A-Z2-7 ]+)</code>', page.content.decode())
    assert match
    key = b32decode(match.group(1).replace(" ", ""))
    done = client.post("/pengguna/dua-langkah/", {"code": code(key), "next": "/unit/DIR1/"})
    assert done.status_code == 302 and done["Location"] == "/unit/DIR1/"
    assert client.get("/unit/DIR1/").status_code == 200


def test_the_requirement_spares_other_roles_and_other_agencies(units: dict[str, Unit], operator: Any) -> None:
    agency = units["MIN"].agency
    agency.require_two_factor = True
    agency.save()
    make_user("kepala.lain", "pimpinan", units["LAIN"], password=PASSWORD)
    assert signed_in("operator.dir1").get("/unit/DIR1/").status_code == 200
    assert signed_in("kepala.lain").get("/unit/LAIN/").status_code == 200


# --- an admin removes a lost authenticator ---------------------------------------------------------


def test_an_admin_removes_the_authenticator_of_a_user_in_scope(units: dict[str, Unit], operator: Any) -> None:
    enrol(signed_in("operator.dir1"))
    admin = make_user("admin.dja", "admin", units["DJA"], password=PASSWORD)
    client = Client()
    client.force_login(admin)
    detail = client.get(f"/pengguna/{operator.pk}/").content.decode()
    assert 'id="two-factor-reset"' in detail
    outsider = make_user("admin.djb", "admin", units["DJB"])
    other = Client()
    other.force_login(outsider)
    assert other.post(f"/pengguna/{operator.pk}/dua-langkah/").status_code == 404
    assert TOTPDevice.objects.filter(user=operator).exists()
    response = client.post(f"/pengguna/{operator.pk}/dua-langkah/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=operator).exists()
    change = Change.objects.get(object_id=str(operator.pk), note="verifikasi dua langkah dihapus oleh admin")
    assert change.username == "admin.dja"
    assert signed_in("operator.dir1").get("/unit/DIR1/").status_code == 200


def test_the_pages_in_english(operator: Any) -> None:
    client = signed_in("operator.dir1")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/pengguna/dua-langkah/").content.decode()
    assert "Two-step sign-in" in page and "Cannot scan it?" in page


def test_the_api_answers_a_pending_session_with_problem_json(operator: Any) -> None:
    enrol(signed_in("operator.dir1"))
    client = signed_in("operator.dir1")  # password given, code not yet
    response = client.get("/api/v1/units")
    assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"
    assert "verifikasi dua langkah" in response.json()["detail"]
    assert client.get("/unit/DIR1/").status_code == 302  # a page still sends the person to the code
