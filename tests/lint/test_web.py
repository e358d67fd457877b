"""The "Pemeriksaan data" page per unit, with the Django test client on the demo data."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import resolve_url
from django.test import Client

from kinerja.interchange.db import import_document
from kinerja.interchange.parse import load_document
from kinerja.organizations.access import can_view_unit
from kinerja.organizations.models import Unit
from tests.conftest import DEMO_DIR


@pytest.fixture
def demo_db(db):  # type: ignore[no-untyped-def]
    import_document(load_document(DEMO_DIR / "kemensos.yaml", check_refs=False))


@pytest.fixture
def admin_client(demo_db) -> Client:  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_superuser("admin", password="s3cret-pass-123")
    client = Client()
    client.force_login(user)
    return client


def test_page_needs_login(demo_db) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/periksa/unit/PKR/")
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL) + "?next=/periksa/unit/PKR/")


def test_pkr_2022_findings(admin_client: Client) -> None:
    response = admin_client.get("/periksa/unit/PKR/?tahun=2022")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-galat="1" data-peringatan="2" data-info="10"' in html
    assert "Ringkasan (unit PKR, tahun 2022): 1 galat, 2 peringatan, 10 info." in html
    assert html.index('id="lint-galat"') < html.index('id="lint-peringatan"') < html.index('id="lint-info"')
    assert 'data-code="L501" data-indicator="IKK 2.2"' in html
    assert "adalah 580, sedangkan IKK 1.1, IKK 1.2, IKK 1.3" in html and "18.800.000" in html
    assert '<option value="2022" selected>' in html


def test_default_year_is_the_latest_pk_and_all_years_option(admin_client: Client) -> None:
    html = admin_client.get("/periksa/unit/PKR/").content.decode()
    assert "tahun 2022" in html
    html = admin_client.get("/periksa/unit/PKR/?tahun=semua").content.decode()
    assert "Ringkasan (unit PKR):" in html
    assert 'data-code="L605"' in html and "Rp45.267.054.000.000" in html  # 2024 too


def test_ministry_page_shows_tabel_22_gap(admin_client: Client) -> None:
    html = admin_client.get("/periksa/unit/KEMENSOS/?tahun=2022").content.decode()
    assert 'data-code="L604"' in html and "selisih Rp2.000.000.000" in html
    assert 'data-code="L501" data-indicator="IKK 2.2"' in html  # PKR is below KEMENSOS


def test_unit_page_links_to_lint_page(admin_client: Client) -> None:
    html = admin_client.get("/unit/PKR/").content.decode()
    assert 'href="/periksa/unit/PKR/"' in html


def test_unknown_unit_is_404(admin_client: Client) -> None:
    assert admin_client.get("/periksa/unit/TIDAKADA/").status_code == 404


def test_access_is_asked_for_the_unit(demo_db) -> None:  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_user("tamu", password="s3cret-pass-123")
    client = Client()
    client.force_login(user)
    unit = Unit.objects.get(code="PKR")
    expected = 200 if can_view_unit(user, unit) else 403
    assert client.get("/periksa/unit/PKR/").status_code == expected
