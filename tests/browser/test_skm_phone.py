"""SKM in Chromium: a service user answers the public questionnaire on a 390 px phone without an
account; the unit's IKM appears on its SKM page and becomes the realisation of the satisfaction
indicator (IKK 3.1 "Nilai Kepuasan Stakeholder", ``source: skm``) on the unit page."""

from __future__ import annotations

import time
from typing import Any

import pytest

from kinerja.core.numbers import show_value
from kinerja.evaluation.models import Survey, SurveyResponse, SurveyService
from kinerja.figures.unit_year import compute_document
from kinerja.interchange.db import export_document, import_document
from kinerja.interchange.parse import load_document
from kinerja.organizations.models import Unit
from kinerja.planning.models import Indicator
from tests.browser.conftest import PASSWORD, login, navigate, shot
from tests.conftest import DEMO_DIR
from tests.orgtree import make_user


@pytest.fixture
def skm_demo(transactional_db: Any, settings: Any) -> dict[str, Any]:
    settings.KINERJA_SURVEY_MIN_SECONDS = 1
    import_document(load_document(DEMO_DIR / "kemensos.yaml", check_refs=False))
    pkr = Unit.objects.get(code="PKR")
    for ind in Indicator.objects.filter(plan__unit=pkr, code="IKK 3.1"):
        ind.source = "skm"
        ind.save()
    service = SurveyService.objects.create(unit=pkr, name="Layanan Direktorat Pemberdayaan Kelompok Rentan")
    Survey.objects.create(service=service, year=2022, extra_questions=["Saran untuk kami?"])
    operator = make_user("operator.pkr", "operator", pkr)
    operator.set_password(PASSWORD)
    operator.save()
    return {"pkr": pkr, "service": service}


def test_a_respondent_answers_on_a_phone_and_the_ikm_feeds_the_indicator(
    live_server: Any, new_context: Any, skm_demo: dict[str, Any]
) -> None:
    phone = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    phone.goto(f"{live_server.url}/skm/isi/{skm_demo['service'].public_key}/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    answers = [4, 4, 4, 4, 4, 4, 4, 4, 3]
    for i, value in enumerate(answers, start=1):
        phone.tap(f"#el-u{i} input[value='{value}']")
    phone.fill("#extra0", "Pelayanan cepat")
    shot(phone, "skm-phone-form")
    time.sleep(1.1)  # the form's minimum fill time (set to 1 s here)
    navigate(phone, "#survey-submit")
    assert phone.inner_text("#survey-thanks") == "Terima kasih"
    shot(phone, "skm-phone-thanks", full_page=False)
    row = SurveyResponse.objects.get()
    assert row.answers() == answers and row.channel == "public" and row.extra_answers == ["Pelayanan cepat"]

    # the figures of the engine for the saved data: IKM 35/9 x 25 = 97,22, capaian against 90
    result = compute_document(export_document(unit="PKR"), "PKR", 2022)
    ind = next(i for o in result.objectives for i in o.indicators if i.code == "IKK 3.1")
    assert show_value(ind.realization) == "97,22"

    staff = new_context().new_page()
    login(staff, live_server.url, "operator.pkr", next_url="/skm/PKR/2022/")
    assert "97,22" in staff.inner_text("#skm-ikm") and staff.inner_text("#skm-mutu") == "A"
    assert staff.inner_text("#skm-respondents") == "1"
    shot(staff, "skm-unit-page")
    staff.goto(f"{live_server.url}/unit/PKR/?tahun=2022")
    body = staff.inner_text("main")
    assert "97,22" in body and show_value(ind.achievement) in body
    assert "Indeks Kepuasan Masyarakat (IKM)" in body
    shot(staff, "skm-unit-indicator")
