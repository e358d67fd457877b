"""SKM pages: the public questionnaire (no account) and its protection, and a unit's SKM page
(staff entry, CSV/XLSX import, results, the table of the units beneath)."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from openpyxl import Workbook

from kinerja.evaluation.models import Survey, SurveyResponse, SurveyService
from kinerja.organizations.models import Unit
from tests.web.demo_users import client_for

ALL_FOUR = {f"u{i}": "4" for i in range(1, 10)}


@pytest.fixture
def survey(demo: dict[str, Any]) -> Survey:
    service = SurveyService.objects.create(unit=demo["PKR"], name="Layanan bantuan sosial")
    return Survey.objects.create(service=service, year=2022, extra_questions=["Saran Anda?"])


def _token(client: Client, survey: Survey) -> str:
    page = client.get(f"/skm/isi/{survey.service.public_key}/")
    assert page.status_code == 200
    found = re.search(r'name="token" value="([^"]+)"', page.content.decode())
    assert found is not None
    return found.group(1)


def _post(client: Client, survey: Survey, form_token: str, **extra: str) -> Any:
    data = {"token": form_token, "website": "", **ALL_FOUR, "extra0": "Cepat", "gender": "P", "age": "34"}
    data.update(extra)
    return client.post(f"/skm/isi/{survey.service.public_key}/", data)


def test_the_public_form_needs_no_account_and_shows_only_the_questionnaire(survey: Survey) -> None:
    page = Client().get(f"/skm/isi/{survey.service.public_key}/")
    text = page.content.decode()
    assert page.status_code == 200 and "Layanan bantuan sosial" in text and "Persyaratan" in text
    assert "Saran Anda?" in text and "/masuk/" not in text and "<script" not in text
    assert Client().get("/skm/isi/tidak-ada/").status_code == 404


def test_an_answer_is_taken_once_per_visit(survey: Survey, settings: Any) -> None:
    settings.KINERJA_SURVEY_MIN_SECONDS = 0
    client = Client()
    token = _token(client, survey)
    taken = _post(client, survey, token)
    assert taken.status_code == 200 and "Terima kasih" in taken.content.decode()
    row = SurveyResponse.objects.get()
    assert row.answers() == [4] * 9 and row.channel == "public" and row.gender == "P" and row.age == 34
    assert (
        row.extra_answers == ["Cepat"] and len(row.client_hash) == 64 and "127.0.0.1" not in row.client_hash
    )
    again = _post(client, survey, token)
    assert again.status_code == 409 and SurveyResponse.objects.count() == 1


def test_a_form_posted_at_once_is_refused(survey: Survey) -> None:
    client = Client()
    refused = _post(client, survey, _token(client, survey))  # the default minimum is 5 seconds
    assert refused.status_code == 400 and "terlalu cepat" in refused.content.decode()
    assert 'value="4" checked' in refused.content.decode()  # the answers are kept
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"website": "http://spam.example"}, "tidak diterima"),
        ({"token": "rusak"}, "Formulir tidak sah"),
        ({"u3": ""}, "U3 (Waktu Penyelesaian) belum dijawab"),
        ({"u3": "5"}, "U3 (Waktu Penyelesaian) harus 1, 2, 3 atau 4"),
        ({"age": "tua"}, "Usia harus bilangan bulat"),
    ],
)
def test_bad_posts_are_refused_with_the_reason(
    survey: Survey, settings: Any, change: dict[str, str], message: str
) -> None:
    settings.KINERJA_SURVEY_MIN_SECONDS = 0
    client = Client()
    response = _post(client, survey, _token(client, survey), **change)
    assert response.status_code == 400 and message in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_token_of_another_survey_is_refused(survey: Survey, settings: Any) -> None:
    settings.KINERJA_SURVEY_MIN_SECONDS = 0
    other = Survey.objects.create(
        service=SurveyService.objects.create(unit=survey.service.unit, name="Lain"), year=2022
    )
    client = Client()
    response = _post(client, survey, _token(client, other))
    assert response.status_code == 400 and not SurveyResponse.objects.exists()


def test_one_address_is_throttled_and_a_closed_survey_takes_nothing(survey: Survey, settings: Any) -> None:
    settings.KINERJA_SURVEY_MIN_SECONDS = 0
    settings.KINERJA_SURVEY_PER_HOUR = 2
    for _ in range(2):
        client = Client()
        assert _post(client, survey, _token(client, survey)).status_code == 200
    client = Client()
    throttled = _post(client, survey, _token(client, survey))
    assert throttled.status_code == 429 and SurveyResponse.objects.count() == 2
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert _post(other, survey, _token(other, survey)).status_code == 200
    survey.is_open = False
    survey.save()
    closed = Client(REMOTE_ADDR="10.1.2.4")
    page = closed.get(f"/skm/isi/{survey.service.public_key}/")
    assert "sudah ditutup" in page.content.decode() and 'name="token"' not in page.content.decode()


# --- the unit's page -------------------------------------------------------------------------


def _page(client: Client, code: str = "PKR") -> Any:
    return client.get(f"/skm/{code}/2022/")


def test_staff_add_a_service_enter_results_and_respondents(users: dict[str, Any], pkr: Unit) -> None:
    operator = client_for(users["operator.pkr"])
    url = "/skm/PKR/2022/"
    assert operator.post(url, {"action": "add_service", "name": "Layanan data"}).status_code == 302
    service = SurveyService.objects.get(unit=pkr, name="Layanan data")
    page = _page(operator).content.decode()
    assert f"/skm/isi/{service.public_key}/" in page and "<svg" in page  # link and QR code
    # a survey done elsewhere: IKM and respondents
    saved = operator.post(
        url,
        {
            "action": "update_survey",
            "service": service.pk,
            "ikm": "92,26",
            "respondents": "400",
            "population": "5.000",
            "is_open": "on",
        },
    )
    assert saved.status_code == 302
    survey = Survey.objects.get(service=service, year=2022)
    assert survey.entered_ikm == Decimal("92.26") and survey.population == 5000
    page = _page(operator).content.decode()
    assert "92,26" in page and "400 responden memenuhi sampel minimum 357" in page
    bad = operator.post(
        url, {"action": "update_survey", "service": service.pk, "ikm": "120", "respondents": "4"}
    )
    assert bad.status_code == 400 and "IKM harus 25 sampai 100" in bad.content.decode()
    # a paper form typed in: answers win over the entered result
    typed = {"action": "add_response", "service": service.pk, **{f"u{i}": "3" for i in range(1, 10)}}
    assert operator.post(url, typed).status_code == 302
    page = _page(operator).content.decode()
    assert "75,00" in page and "Nilai per unsur" in page


def test_import_csv_and_xlsx_all_or_nothing(users: dict[str, Any], pkr: Unit) -> None:
    operator = client_for(users["operator.pkr"])
    service = SurveyService.objects.create(unit=pkr, name="Layanan impor")
    url = "/skm/PKR/2022/"
    bad = io.BytesIO(b"u1;u2;u3;u4;u5;u6;u7;u8;u9;usia\n4;4;4;4;4;4;4;4;4;30\n4;4;4;4;4;4;7;4;4;30\n")
    bad.name = "skm.csv"
    refused = operator.post(url, {"action": "import", "service": service.pk, "file": bad})
    assert refused.status_code == 400 and "Baris 3, kolom U7" in refused.content.decode()
    assert not SurveyResponse.objects.exists()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9", "Jenis Kelamin", "Pendidikan"])
    sheet.append([4, 4, 4, 4, 4, 4, 4, 4, 4, "L", "s1"])
    sheet.append([3, 3, 3, 3, 3, 3, 3, 3, None, "P", "sma"])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "skm.xlsx"
    assert operator.post(url, {"action": "import", "service": service.pk, "file": data}).status_code == 302
    rows = list(SurveyResponse.objects.order_by("pk"))
    assert [r.answers()[8] for r in rows] == [4, None] and rows[1].education == "sma"
    assert all(r.channel == "import" for r in rows)


def test_apip_reads_but_may_not_enter_and_a_sibling_is_refused(users: dict[str, Any], pkr: Unit) -> None:
    apip = client_for(users["apip"])
    assert _page(apip).status_code == 200
    assert apip.post("/skm/PKR/2022/", {"action": "add_service", "name": "X"}).status_code == 403
    assert not SurveyService.objects.exists()
    assert _page(client_for(users["operator.rehsos"])).status_code == 403


def test_the_ditjen_page_rolls_up_its_directorates(users: dict[str, Any], pkr: Unit) -> None:
    service = SurveyService.objects.create(unit=pkr, name="Layanan A")
    Survey.objects.create(service=service, year=2022, entered_ikm=Decimal("92.26"), entered_respondents=400)
    page = _page(client_for(users["apip"]), pkr.parent.code).content.decode()
    assert "gabungan unit di bawahnya" in page and "Unit di bawahnya" in page
    assert "92,26" in page and pkr.name in page
