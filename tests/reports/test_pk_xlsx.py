"""Perjanjian Kinerja (DOCX/PDF) per version, and the Renstra / Rencana Aksi workbooks."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from kinerja.core.achievement import achievement
from kinerja.core.types import KinerjaValidationError, NumericTarget
from kinerja.figures.unit_year import compute_document
from kinerja.interchange import document as d
from kinerja.interchange.db import export_document, import_document
from kinerja.reports.service import data_hash, generate
from tests.reports.conftest import demo_document, docx_tables, docx_text, pdf_text, render_pages


@pytest.mark.parametrize(
    ("version", "date", "pagu"),
    [
        # the seed gives no day for either version: the date is said to be unknown, never invented
        (1, "Jakarta, (tanggal tidak tercatat)", "Rp14.742.125.743.000"),
        (None, "Jakarta, (tanggal tidak tercatat)", "Rp28.191.006.288.000"),
    ],
)
def test_pk_docx_statement_and_annex(pkr_doc: d.Document, version: int | None, date: str, pagu: str) -> None:
    out = generate(pkr_doc, "pk", "PKR", 2022, "docx", version=version)
    text = docx_text(out.content)
    assert "PERJANJIAN KINERJA TAHUN 2022" in text
    assert "LAMPIRAN PERJANJIAN KINERJA TAHUN 2022" in text
    assert "Dewi Suhartini" in text and "Direktur Jenderal Pemberdayaan Sosial" in text
    assert "selanjutnya disebut pihak pertama" in text and "selanjutnya disebut pihak kedua" in text
    assert date in text
    tables = docx_tables(out.content)
    annex = [
        rows
        for cap, rows in tables
        if cap.startswith("Sasaran, indikator kinerja dan target Perjanjian Kinerja")
    ][0]
    targets = {r[2].split(" Pers")[0].split(" Nilai")[0]: r[3] for r in annex[1:]}
    assert targets == {
        "IKK 1.1": "99,00",
        "IKK 1.2": "99,00",
        "IKK 1.3": "99,00",
        "IKK 1.4": "99,00",
        "IKK 2.1": "87,00",
        "IKK 2.2": "77,00",
        "IKK 3.1": "90,00",
    }
    budget = [rows for cap, rows in tables if cap.startswith("Anggaran Perjanjian Kinerja Tahun 2022")][0]
    # without a signing date the pagu in force that day is unknown: pagu awal and akhir, labelled
    assert [r[1].split(" ")[:2] for r in budget[1:]] == [["Pagu", "awal"], ["Pagu", "akhir"]]
    assert pagu in [r[2] for r in budget[1:]]
    assert "tidak dapat ditentukan" in text
    # the seed does not name the Director General: a PK without its second party's name is a draft
    assert "DRAF — Perjanjian Kinerja ini belum lengkap untuk ditandatangani: nama pihak kedua" in text
    assert "Atasan pihak pertama" not in text and "Pimpinan unit" not in text
    assert out.filename == f"PK_PKR_2022_v{version or 2}.docx"


def test_pk_pdf_and_unknown_version(pkr_doc: d.Document) -> None:
    out = generate(pkr_doc, "pk", "PKR", 2022, "pdf", version=2)
    text = pdf_text(out.content)
    assert "PERJANJIAN KINERJA TAHUN 2022" in text and "Jakarta, (tanggal tidak tercatat)" in text
    assert "Rp28.191.006.288.000" in text and "PK Terakhir (Oktober 2022), perubahan" in text
    assert "(versi 2)" not in text and "1 Oktober" not in text
    assert text.count("DRAF") >= 2 * len(PdfReader(io.BytesIO(out.content)).pages)  # mark and header
    meta = PdfReader(io.BytesIO(out.content)).metadata
    assert meta is not None and data_hash(pkr_doc) in str(meta.get("/Keywords"))
    render_pages(out.content, "pk_pkr_2022_v2")
    with pytest.raises(KinerjaValidationError, match="versi 9 tidak ada"):
        generate(pkr_doc, "pk", "PKR", 2022, "pdf", version=9)
    with pytest.raises(KinerjaValidationError, match="belum punya Perjanjian Kinerja"):
        generate(export_document(unit="KEMENSOS"), "pk", "KEMENSOS", 2022, "pdf")


def test_renstra_matrix_xlsx(pkr_doc: d.Document) -> None:
    out = generate(pkr_doc, "renstra", "PKR", None, "xlsx")
    wb = load_workbook(io.BytesIO(out.content))
    ws = wb["Matriks Renstra"]
    assert ws.freeze_panes == "C7"
    rows = {row[0].value: row for row in ws.iter_rows(min_row=7) if row[0].value}
    ikk11 = rows["IKK 1.1"]
    targets = [c.value for c in ikk11[4:9]]
    assert targets == [99, 99, 99, 99, 99]
    assert all(isinstance(v, int | float) for v in targets)
    assert ikk11[4].number_format == "#,##0.00"
    assert [c.value for c in rows["IKK 2.1"][4:9]] == [87] * 5
    funding = [row for row in ws.iter_rows(min_row=7) if str(row[1].value or "").startswith("Pendanaan:")]
    assert len(funding) == 1
    amounts = [c.value for c in funding[0][9:14]]
    assert amounts == [35969653000000, 35969653000000, 45181963000000, 45242534000000, 45267054000000]
    assert funding[0][9].number_format == '"Rp"#,##0'
    assert wb.properties.identifier == f"sha256:{data_hash(pkr_doc)}"


def test_action_plan_xlsx_quarters_against_core(demo_db: None) -> None:
    doc = demo_document()
    doc.action_plans.append(
        d.ActionPlan(
            unit="PKR",
            year=2022,
            indicator="IKK 3.1",
            quarters={3: NumericTarget(Decimal(85)), 4: NumericTarget(Decimal(90))},
        )
    )
    doc.realizations.append(
        d.Realization(unit="PKR", indicator="IKK 3.1", period=d.Period(2022, 3), value=Decimal("80.5"))
    )
    import_document(doc)
    data = export_document(unit="PKR")
    out = generate(data, "rencana-aksi", "PKR", 2022, "xlsx")
    wb = load_workbook(io.BytesIO(out.content))
    ws = wb["Rencana Aksi 2022"]
    assert ws.freeze_panes == "D7"
    row = next(r for r in ws.iter_rows(min_row=7) if r[1].value == "IKK 3.1")
    values = [c.value for c in row]
    assert values[7:9] == [85, 90]  # TW III, TW IV targets
    assert values[11] == pytest.approx(80.5)  # TW III realisation
    expected_q3 = achievement(NumericTarget(Decimal(85)), Decimal("80.5")).value
    assert expected_q3 is not None
    assert values[15] == pytest.approx(float(expected_q3))
    result = compute_document(data, "PKR", 2022)
    ikk31 = [i for o in result.objectives for i in o.indicators if i.code == "IKK 3.1"][0]
    assert values[17] == pytest.approx(float(ikk31.realization))  # type: ignore[arg-type]
    assert values[18] == pytest.approx(float(ikk31.achievement))  # type: ignore[arg-type]
    assert isinstance(values[18], float | int)
    assert row[18].number_format == "#,##0.00"
    last = [r for r in ws.iter_rows(min_row=7) if r[2].value == "Capaian kinerja unit"][0]
    assert last[18].value == pytest.approx(float(result.achievement))  # type: ignore[arg-type]


def test_charts_speak_indonesian_and_draw_only_what_exists(pkr_doc: d.Document) -> None:
    """Axis ticks in Indonesian notation; one measured year drawn as labelled bars (not one dot
    per series); no absorption chart without a realisation."""
    import copy

    from kinerja.reports import charts
    from kinerja.reports.assemble import assemble_unit_year

    assert [charts.tick_label(v) for v in (117.5, 100.0, 1250.0, 0.25)] == ["117,5", "100", "1.250", "0,25"]
    report = assemble_unit_year(pkr_doc, "PKR", 2022)
    assert charts.trend(report) is not None and charts.budget_absorption(report) is not None
    unrealised = copy.deepcopy(pkr_doc)
    unrealised.budgets = [b for b in unrealised.budgets if b.kind != "realisasi"]
    assert charts.budget_absorption(assemble_unit_year(unrealised, "PKR", 2022)) is None


def test_pk_docx_breaks_pages_before_not_after(pkr_doc: d.Document) -> None:
    """A page break is "page break before" on the next paragraph, never a paragraph of its own that
    could land on a fresh page and leave it blank (the stand-alone PK had a blank page 2)."""
    from docx import Document as open_docx
    from docx.oxml.ns import qn

    content = generate(pkr_doc, "pk", "PKR", 2022, "docx").content
    body = open_docx(io.BytesIO(content)).element.body
    lone_breaks = [
        p
        for p in body.iterchildren(qn("w:p"))
        if p.findall(f".//{qn('w:br')}[@{qn('w:type')}='page']") and not "".join(p.itertext()).strip()
    ]
    assert lone_breaks == []
    before = [
        p
        for p in body.iterchildren(qn("w:p"))
        if p.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None
    ]
    assert any("LAMPIRAN PERJANJIAN KINERJA" in "".join(p.itertext()) for p in before)
