"""The Renstra editor in a real browser (Chromium) on a phone-sized screen with JavaScript
switched off: a planner adds an indicator with its formula and types the yearly targets."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kinerja.interchange.db import import_document
from kinerja.interchange.parse import load_document
from kinerja.organizations.models import Unit
from kinerja.planning.models import Indicator, IndicatorTarget, Objective
from tests.browser.conftest import PASSWORD, login, navigate, shot
from tests.conftest import DEMO_DIR
from tests.orgtree import make_user


@pytest.fixture
def planner(transactional_db: Any) -> Any:
    import_document(load_document(DEMO_DIR / "kemensos.yaml", check_refs=False))
    user = make_user("perencana", "perencana", Unit.objects.get(code="KEMENSOS"))
    user.set_password(PASSWORD)
    user.save()
    return user


def test_phone_without_javascript_adds_indicator_and_targets(
    planner: Any, live_server: Any, new_context: Any
) -> None:
    page = new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False).new_page()
    base = live_server.url
    login(page, base, "perencana", next_url="/unit/PKR/")
    navigate(page, "#renstra-link")
    assert "Rencana Strategis" in page.inner_text("h1")
    sk1 = Objective.objects.get(plan__unit__code="PKR", code="SK1")
    navigate(page, f"#obj-{sk1.pk} >> text=Tambah indikator")
    page.fill("#id_code", "IKK 9.1")
    page.fill("#id_name", "Persentase KPM yang sukses transaksi")
    page.fill("#id_unit_of_measure", "%")
    page.fill("#id_formula", "n / T * 100")
    page.fill("#id_variables", "n: KPM yang sukses transaksi\nT: target KPM")
    page.fill("#id_max_achievement", "100")
    shot(page, "renstra-indikator-ponsel")
    navigate(page, "form.rs-form button[type=submit]")
    ind = Indicator.objects.get(plan__unit__code="PKR", code="IKK 9.1")
    assert ind.formula == "n / T * 100" and ind.max_achievement == Decimal(100)
    navigate(page, f"#ind-{ind.pk} a[href$='/target/']")
    page.fill("#id_t2020", "99,25")
    page.fill("#id_t2021", "9,9,9")
    navigate(page, "form.rs-form button[type=submit]")
    assert "Target 2021: angka tidak terbaca" in page.inner_text("main")
    assert page.input_value("#id_t2021") == "9,9,9" and page.input_value("#id_t2020") == "99,25"
    page.fill("#id_t2021", "80–90")
    page.fill("#id_t2024", "18.800.000")
    navigate(page, "form.rs-form button[type=submit]")
    shot(page, "renstra-setelah-target-ponsel")
    row = page.inner_text(f"#ind-{ind.pk}")
    assert "99,25" in row and "80,00–90,00" in row and "18.800.000,00" in row
    stored = {t.year: t.get_target() for t in IndicatorTarget.objects.filter(indicator=ind)}
    assert set(stored) == {2020, 2021, 2024}
    assert stored[2020].value == Decimal("99.25")  # type: ignore[union-attr]
    assert stored[2024].value == Decimal(18800000)  # type: ignore[union-attr]
