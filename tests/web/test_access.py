"""The pages show a user only the units of their scope: the unit tree lists them, another unit's
page answers 403 (not 404, not 500)."""

from __future__ import annotations

import pytest
from django.test import Client

from kinerja.interchange.db import import_document
from kinerja.interchange.parse import load_document
from kinerja.organizations.models import Unit
from tests.conftest import DEMO_DIR
from tests.orgtree import make_user


@pytest.fixture
def demo(db) -> dict[str, Unit]:  # type: ignore[no-untyped-def]
    import_document(load_document(DEMO_DIR / "kemensos.yaml", check_refs=False))
    return {u.code: u for u in Unit.objects.all()}


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_sibling_operator_gets_403_on_pkr(demo: dict[str, Unit]) -> None:
    client = client_for(make_user("operator.rehsos", "operator", demo["REHSOS"]))
    response = client.get("/unit/PKR/?tahun=2022")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Akses ditolak" in html and "tidak berhak melihat" in html
    assert "99,25" not in html
    assert client.get("/unit/REHSOS/").status_code == 200
    assert client.get("/unit/KEMENSOS/").status_code == 403  # not the parent either
    assert client.get("/unit/TIDAKADA/").status_code == 404


def test_sibling_operator_tree_lists_only_their_unit(demo: dict[str, Unit]) -> None:
    html = client_for(make_user("operator.rehsos", "operator", demo["REHSOS"])).get("/").content.decode()
    assert "/unit/REHSOS/" in html
    assert "/unit/PKR/" not in html
    assert "/unit/KEMENSOS/" not in html
    assert "Direktorat Pemberdayaan Kelompok Rentan" not in html


def test_pkr_operator_sees_pkr_without_a_link_to_its_parent(demo: dict[str, Unit]) -> None:
    client = client_for(make_user("operator.pkr", "operator", demo["PKR"]))
    home = client.get("/").content.decode()
    assert "/unit/PKR/" in home and "/unit/DAYASOS/" not in home
    page = client.get("/unit/PKR/?tahun=2022")
    assert page.status_code == 200
    assert "99,25" in page.content.decode()
    assert "/unit/DAYASOS/" not in page.content.decode()
    assert client.get("/unit/DAYASOS/").status_code == 403


def test_ditjen_role_sees_its_directorate(demo: dict[str, Unit]) -> None:
    client = client_for(make_user("pimpinan.dayasos", "pimpinan", demo["DAYASOS"]))
    assert client.get("/unit/PKR/").status_code == 200
    assert client.get("/unit/DAYASOS/").status_code == 200
    assert client.get("/unit/PFM/").status_code == 403


def test_apip_and_superuser_see_every_unit(demo: dict[str, Unit]) -> None:
    for user in (make_user("apip", "apip", demo["ITJEN"]), make_user("root", is_superuser=True)):
        client = client_for(user)
        home = client.get("/").content.decode()
        for code in demo:
            assert f"/unit/{code}/" in home, (user, code)
        assert client.get("/unit/PKR/").status_code == 200


def test_user_without_role_sees_nothing(demo: dict[str, Unit]) -> None:
    client = client_for(make_user("baru"))
    home = client.get("/")
    assert home.status_code == 200
    assert "/unit/" not in home.content.decode()
    assert client.get("/unit/PKR/").status_code == 403


def test_a_role_user_signs_in_on_the_site_not_the_admin(demo: dict[str, Unit]) -> None:
    user = make_user("operator.pkr", "operator", demo["PKR"])
    user.set_password("sandi-rahasia-123")
    user.save()
    client = Client()
    assert client.get("/unit/PKR/")["Location"] == "/masuk/?next=/unit/PKR/"
    page = client.get("/masuk/?next=/unit/PKR/")
    assert page.status_code == 200 and "Kata sandi" in page.content.decode()
    bad = client.post("/masuk/", {"username": "operator.pkr", "password": "salah", "next": "/unit/PKR/"})
    assert bad.status_code == 200 and "kata sandi salah" in bad.content.decode()
    good = client.post(
        "/masuk/", {"username": "operator.pkr", "password": "sandi-rahasia-123", "next": "/unit/PKR/"}
    )
    assert good.status_code == 302 and good["Location"] == "/unit/PKR/"
    assert client.get("/unit/PKR/").status_code == 200
    assert client.get("/unit/REHSOS/").status_code == 403
    assert client.post("/keluar/").status_code == 302
    assert client.get("/unit/PKR/").status_code == 302
