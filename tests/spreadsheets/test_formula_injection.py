"""Text that a spreadsheet would read as a formula stays text in every XLSX Kinerja writes
(issue #11, finding 2): the template, the Renstra matrix and the Rencana Aksi table."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from kinerja.interchange.db import export_document
from kinerja.organizations.models import Unit
from kinerja.planning.models import Indicator, Objective
from kinerja.reports.service import generate
from kinerja.spreadsheets.template import template_for
from kinerja.spreadsheets.upload import process_upload

NAME = '=HYPERLINK("http://phish.example/","Klik")'
STATEMENT = "@SUM(1+1)*cmd|' /C calc'!A0"
DEFINITION = "+1+1"


@pytest.fixture
def hostile(pkr: Unit) -> None:
    Indicator.objects.filter(plan__unit=pkr, code="IKK 1.1").update(name=NAME)
    Objective.objects.filter(plan__unit=pkr, code="SK 1").update(statement=STATEMENT)
    Indicator.objects.filter(plan__unit=pkr, code="IKK 2.1").update(name=DEFINITION)


def texts(wb: Workbook) -> dict[str, Any]:
    """Every text cell that starts like a formula, by its value; and no cell is a formula."""
    out: dict[str, Any] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    out[cell.value] = cell
    return out


def check(data: bytes, expected: list[str]) -> None:
    wb = load_workbook(io.BytesIO(data))
    found = texts(wb)
    for text in expected:
        assert text in found, text
        assert found[text].quotePrefix, text  # Excel keeps it text when the cell is edited too


def test_template_keeps_formula_text_as_text_and_takes_it_back(
    users: dict[str, Any], pkr: Unit, hostile: None
) -> None:
    operator = users["operator.pkr"]
    data = template_for(operator, pkr, 2022)
    check(data, [NAME, DEFINITION])
    # Kinerja's own template, unchanged, is accepted and changes nothing
    out = process_upload(operator, pkr, 2022, data)
    assert out.ok, [p.message for p in out.problems]
    assert out.total == 0


def test_report_workbooks_keep_formula_text_as_text(pkr: Unit, hostile: None) -> None:
    doc = export_document(unit="PKR")
    check(generate(doc, "renstra", "PKR", None, "xlsx").content, [NAME, DEFINITION])
    check(generate(doc, "rencana-aksi", "PKR", 2022, "xlsx").content, [NAME, DEFINITION])
