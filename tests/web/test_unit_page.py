"""The read-only unit page shows what the engine computes, in Indonesian number format."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from kinerja.core.numbers import format_number
from kinerja.figures.unit_year import compute_document
from kinerja.interchange.db import import_document
from kinerja.interchange.parse import load_document
from kinerja.organizations.models import Membership, Unit
from tests.conftest import DEMO_DIR


@pytest.fixture
def demo_client(db) -> Client:  # type: ignore[no-untyped-def]
    import_document(load_document(DEMO_DIR / "kemensos.yaml", check_refs=False))
    user = get_user_model().objects.create_user("planner", password="s3cret-pass-123")
    ministry = Unit.objects.get(code="KEMENSOS")
    Membership.objects.create(user=user, unit=ministry, role="perencana")  # sees the whole ministry
    client = Client()
    client.force_login(user)
    return client


def test_pages_need_login(db) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/?next=/")


def test_unit_tree_lists_demo_units(demo_client: Client) -> None:
    html = demo_client.get("/").content.decode()
    assert "Direktorat Pemberdayaan Kelompok Rentan" in html
    assert "/unit/PKR/" in html


def test_unit_page_shows_engine_figures(demo_client: Client) -> None:
    response = demo_client.get("/unit/PKR/?tahun=2022")
    assert response.status_code == 200
    html = response.content.decode()
    result = compute_document(load_document(DEMO_DIR / "kemensos.yaml"), "PKR", 2022)
    indicators = {i.code: i for o in result.objectives for i in o.indicators}
    assert format_number(indicators["IKK 1.1"].realization) == "99,25"
    for code in ("IKK 1.1", "IKK 2.1", "IKK 3.1"):
        ind = indicators[code]
        assert format_number(ind.achievement) in html, code
    assert "112,63" in html
    assert "n.a" in html  # IKK 2.2 has no realisation
    assert format_number(result.achievement) in html


def test_unknown_unit_is_404(demo_client: Client) -> None:
    assert demo_client.get("/unit/TIDAKADA/").status_code == 404


def test_bad_year_parameter_does_not_crash(demo_client: Client) -> None:
    assert demo_client.get("/unit/PKR/?tahun=abc").status_code == 200
    assert demo_client.get("/unit/PKR/?tahun=1999").status_code == 200


OVERLAPPING = """
format: kinerja/v1
agency: {code: KEMENSOS, name: Kementerian Sosial}
units:
  - {code: KEMENSOS, name: Kementerian Sosial, level: kementerian}
plans:
  - unit: KEMENSOS
    period: [2020, 2024]
    objectives:
      - {code: SS1, level: SS, statement: lama, indicators: [{code: LAMA, name: Indikator Renstra lama, targets: {2023: 80}}]}
  - unit: KEMENSOS
    period: [2022, 2023]
    objectives:
      - {code: SS1, level: SS, statement: baru, indicators: [{code: BARU, name: Indikator Renstra sela, targets: {2023: 90}}]}
"""


def test_page_and_pk_take_the_renstra_the_engine_takes(db) -> None:  # type: ignore[no-untyped-def]
    """Two Renstra cover 2023: the engine's rule (latest start, then highest version) picks the
    2022-2023 one, and so must the unit page and the PK drawn up from the Renstra."""
    from kinerja.agreements.services import plan_for_year
    from kinerja.interchange.parse import parse_text

    doc = parse_text(OVERLAPPING, source="tumpang.yaml")
    engine = compute_document(doc, "KEMENSOS", 2023)
    assert [i.code for o in engine.objectives for i in o.indicators] == ["BARU"]
    import_document(doc)
    user = get_user_model().objects.create_superuser("admin", password="s3cret-pass-123")
    client = Client()
    client.force_login(user)
    html = client.get("/unit/KEMENSOS/?tahun=2023").content.decode()
    assert "Indikator Renstra sela" in html and "Indikator Renstra lama" not in html
    plan = plan_for_year(Unit.objects.get(code="KEMENSOS"), 2023)
    assert plan is not None and (plan.period_start, plan.period_end) == (2022, 2023)
