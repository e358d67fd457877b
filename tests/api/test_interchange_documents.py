"""The interchange endpoints (import all-or-nothing with the CLI's messages; export) and the
document download, read back as real files."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import yaml
from django.contrib.auth import get_user_model
from docx import Document as Docx

from kinerja.core.types import KinerjaValidationError
from kinerja.interchange.db import export_document
from kinerja.interchange.parse import parse_text
from kinerja.interchange.write import dump_document
from kinerja.measurement.models import Realization
from tests.api.conftest import token_client
from tests.orgtree import make_user


def test_export_is_the_units_subtree_as_the_cli_writes_it(users: dict[str, Any]) -> None:
    c = token_client(users["operator.pkr"], scope="read")
    response = c.get("/api/v1/interchange/export?unit=PKR")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/yaml")
    assert response.content.decode() == dump_document(export_document(agency_code="KEMENSOS", unit="PKR"))
    as_json = c.get("/api/v1/interchange/export?unit=PKR&format=json")
    assert as_json.json()["agency"]["code"] == "KEMENSOS"
    assert c.get("/api/v1/interchange/export?unit=REHSOS").status_code == 403


def test_import_needs_the_whole_agency_and_is_all_or_nothing(
    users: dict[str, Any], demo: dict[str, Any]
) -> None:
    text = dump_document(export_document(agency_code="KEMENSOS", unit="PKR"))
    data = yaml.safe_load(text)
    # approved 2022 records are locked (the importer refuses to change them): add a quarter
    data["realizations"].append(
        {
            "unit": "PKR",
            "indicator": "IKK 1.1",
            "period": "2022-Q1",
            "value": 98.5,
            "status": "draft",
            "narrative": {"analysis": "Diperbarui lewat API."},
        }
    )
    changed = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()

    # an Admin of PKR only, or a ministry admin's token narrowed to PKR: refused, nothing written
    assert (
        token_client(users["admin.pkr"]).upload("/api/v1/interchange/import", "pkr.yaml", changed).status_code
        == 403
    )
    boss = make_user("admin.kemensos", "admin", demo["KEMENSOS"])
    narrowed = token_client(boss, unit=demo["PKR"]).upload("/api/v1/interchange/import", "pkr.yaml", changed)
    assert narrowed.status_code == 403
    assert (
        token_client(boss, scope="read").upload("/api/v1/interchange/import", "pkr.yaml", changed).status_code
        == 403
    )
    assert not Realization.objects.filter(analysis="Diperbarui lewat API.").exists()

    done = token_client(boss).upload("/api/v1/interchange/import", "pkr.yaml", changed)
    assert done.status_code == 200, done.content
    assert done.json()["summary"]["realizations"] == len(data["realizations"])
    assert Realization.objects.filter(analysis="Diperbarui lewat API.").count() == 1

    # a bad file: the CLI's own message, and nothing written
    data["realizations"][-1]["narrative"]["analysis"] = "Tidak boleh tersimpan."
    data["realizations"][1]["period"] = "2022-Q9"
    broken = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    try:
        parse_text(broken, source="rusak.yaml", fmt="yaml", check_refs=False)
    except KinerjaValidationError as exc:
        expected = str(exc)
    refused = token_client(boss).upload("/api/v1/interchange/import", "rusak.yaml", broken.encode())
    assert refused.status_code == 422 and refused["Content-Type"] == "application/problem+json"
    assert refused.json()["detail"] == expected
    assert not Realization.objects.filter(analysis="Tidak boleh tersimpan.").exists()
    not_text = token_client(boss).upload("/api/v1/interchange/import", "x.yaml", b"\xff\xfe\x00")
    assert not_text.status_code == 422 and "UTF-8" in not_text.json()["detail"]


def test_a_superuser_imports_and_documents_are_real_files(users: dict[str, Any]) -> None:
    root = get_user_model().objects.create_superuser("root", "root@example.go.id", "x")
    c = token_client(root, scope="read")
    pk = c.get("/api/v1/documents/PKR/pk?year=2022")
    assert pk.status_code == 200 and pk["X-Kinerja-Data-Hash"]
    text = "\n".join(p.text for p in Docx(io.BytesIO(pk.content)).paragraphs)
    assert "PERJANJIAN KINERJA" in text.upper()
    matrix = c.get("/api/v1/documents/PKR/renstra")
    sheet = openpyxl.load_workbook(io.BytesIO(matrix.content)).active
    assert sheet is not None and any(
        "IKK 1.1" in str(cell.value) for row in sheet.iter_rows() for cell in row
    )
    pdf = c.get("/api/v1/documents/PKR/lkj?year=2022&format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    wrong = c.get("/api/v1/documents/PKR/renstra?format=pdf")
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "query.format"
    no_year = c.get("/api/v1/documents/PKR/lkj")
    assert no_year.status_code == 422 and no_year.json()["errors"][0]["field"] == "query.year"
    lint = c.get("/api/v1/units/PKR/lint?year=2022").json()
    assert lint["unit"] == "PKR" and set(lint["counts"]) <= {"galat", "peringatan", "info"}
