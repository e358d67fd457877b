"""The pages ``/xlsx/<unit>/<year>/`` (upload) and ``.../templat/`` (download) with the Django test
client: who may download, who may upload, and what the page says."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from kinerja.measurement.models import Realization
from kinerja.organizations.models import Unit
from kinerja.spreadsheets import layout as L
from tests.spreadsheets.conftest import cell, edit, open_xlsx

PAGE = "/xlsx/PKR/2022/"
TEMPLATE = "/xlsx/PKR/2022/templat/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def client(users: dict[str, Any], name: str | None) -> Client:
    c = Client()
    if name is not None:
        c.force_login(users[name])
    return c


def post(c: Client, content: bytes, name: str = "isian.xlsx") -> Any:
    return c.post(PAGE, {"berkas": SimpleUploadedFile(name, content, content_type=XLSX)})


def test_anonymous_sent_to_sign_in(users: dict[str, Any]) -> None:
    for url in (PAGE, TEMPLATE):
        response = Client().get(url)
        assert response.status_code == 302 and "/masuk/" in response["Location"]


@pytest.mark.parametrize("name", ["operator.pkr", "perencana", "pimpinan.pkr", "verifikator.pkr", "apip"])
def test_readers_download_the_template(users: dict[str, Any], name: str) -> None:
    response = client(users, name).get(TEMPLATE)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert 'filename="isian-kinerja-PKR-2022.xlsx"' in response["Content-Disposition"]
    wb = open_xlsx(response.content)
    assert L.REALIZATIONS_SHEET in wb.sheetnames


def test_other_units_operator_gets_403(users: dict[str, Any]) -> None:
    c = client(users, "operator.rehsos")
    assert c.get(TEMPLATE).status_code == 403
    assert c.get(PAGE).status_code == 403
    good = client(users, "operator.pkr").get(TEMPLATE).content
    assert post(c, good).status_code == 403


def test_readers_without_edit_rights_see_no_form_and_may_not_post(users: dict[str, Any]) -> None:
    for name in ("pimpinan.pkr", "verifikator.pkr", "apip"):
        c = client(users, name)
        page = c.get(PAGE)
        assert page.status_code == 200
        assert b'id="template-link"' in page.content and b'id="upload-form"' not in page.content
        assert post(c, c.get(TEMPLATE).content).status_code == 403


def test_unknown_unit_and_bad_year(users: dict[str, Any]) -> None:
    c = client(users, "operator.pkr")
    assert c.get("/xlsx/TIDAKADA/2022/").status_code == 404
    assert c.get("/xlsx/PKR/1200/templat/").status_code == 404


def test_operator_uploads_and_sees_the_summary(users: dict[str, Any], pkr: Unit) -> None:
    c = client(users, "operator.pkr")
    page = c.get(PAGE)
    assert b'id="upload-form"' in page.content

    def fill(wb: Workbook) -> None:
        cell(wb[L.REALIZATIONS_SHEET], "IKK 1.1", "var:n", "2022-Q1").value = "18.658.193"
        cell(wb[L.REALIZATIONS_SHEET], "IKK 1.1", "var:T", "2022-Q1").value = "18.800.000"

    response = post(c, edit(c.get(TEMPLATE).content, fill))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="upload-summary"' in text and "Realisasi" in text
    assert "IKK 1.1 TW I: n, T" in text
    r = Realization.objects.get(unit=pkr, indicator__code="IKK 1.1", year=2022, quarter=1)
    # the history names the user and the file (issue #11: uploads recorded with their file)
    from django.contrib.contenttypes.models import ContentType

    from kinerja.history.models import Change

    rows = Change.objects.filter(
        content_type=ContentType.objects.get_for_model(Realization), object_id=str(r.pk)
    )
    assert rows.exists() and {(c.username, c.note) for c in rows} == {
        ("operator.pkr", "unggah XLSX isian.xlsx")
    }


def test_problems_listed_per_cell_and_nothing_saved(users: dict[str, Any], pkr: Unit) -> None:
    c = client(users, "operator.pkr")

    def fill(wb: Workbook) -> None:
        cell(wb[L.REALIZATIONS_SHEET], "IKK 1.1", "var:n", "2022-Q1").value = 1
        cell(wb[L.REALIZATIONS_SHEET], "IKK 1.1", "var:T", "2022-Q1").value = "9,9,9"

    response = post(c, edit(c.get(TEMPLATE).content, fill))
    assert response.status_code == 400
    text = response.content.decode()
    assert 'id="upload-problems"' in text
    assert "Sheet Realisasi, sel M6: angka tidak terbaca: &#x27;9,9,9&#x27;" in text
    assert not Realization.objects.filter(unit=pkr, year=2022, quarter=1).exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"bukan excel sama sekali", "bukan XLSX"), (b"PK\x03\x04\x00\x00rusak", "rusak")],
)
def test_garbage_upload_is_a_400_with_a_message(users: dict[str, Any], content: bytes, expected: str) -> None:
    response = post(client(users, "operator.pkr"), content, "data.xlsx")
    assert response.status_code == 400
    assert expected in response.content.decode()


def test_no_file_and_oversized_file(users: dict[str, Any], settings: Any) -> None:
    c = client(users, "operator.pkr")
    response = c.post(PAGE, {})
    assert response.status_code == 400 and "Pilih berkas XLSX" in response.content.decode()
    settings.KINERJA_MAX_XLSX_BYTES = 1000
    response = post(c, b"x" * 5000)
    assert response.status_code == 400 and "terlalu besar" in response.content.decode()


def test_unit_page_links_to_the_xlsx_page(users: dict[str, Any]) -> None:
    response = client(users, "operator.pkr").get("/unit/PKR/?tahun=2022")
    assert response.status_code == 200
    assert b'href="/xlsx/PKR/2022/"' in response.content
