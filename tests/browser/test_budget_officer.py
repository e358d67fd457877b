"""Issue #13's done-when in Chromium: a finance officer (Pengelola Keuangan) of Ditjen
Pemberdayaan Sosial enters Dit. PKR's 2023 budget and the Ditjen's NKA in the browser; the PKR
dashboard shows the absorption, IKK 2.1 "Nilai Kinerja Anggaran (SMART)" takes the DIPA holder's
NKA with its source, and the LKj of PKR, of its Ditjen and of the ministry show the rolled-up
budget and the score (read back from the DOCX)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document as Docx

from kinerja.budget.models import BudgetEntry
from kinerja.organizations.models import Unit
from kinerja.planning.models import Indicator
from kinerja.reports.service import document_from_database, generate
from tests.browser.conftest import login, navigate, shot
from tests.web.demo_users import PASSWORD, demo_users, load_demo


@pytest.fixture
def demo_units(transactional_db: Any) -> dict[str, Unit]:
    units = load_demo()
    assert "keuangan.dayasos" in demo_users(units)  # the demo's finance officer, at the DIPA holder
    Indicator.objects.filter(plan__unit=units["PKR"], code="IKK 2.1").update(source="nka")
    return units


def _lkj(unit: Unit, year: int) -> str:
    content = generate(document_from_database(unit), "lkj", unit.code, year, "docx").content
    doc = Docx(io.BytesIO(content))
    return "\n".join(
        [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    )


def _add(page: Any, kind: str, amount: str) -> None:
    page.select_option("#kind", kind)
    page.fill("#amount", amount)
    navigate(page, "#budget-add-button")
    assert "Entri anggaran ditambahkan." in page.inner_text("main")


def test_the_finance_officer_enters_and_every_level_shows_it(
    demo_units: dict[str, Unit], live_server: Any, new_context: Any
) -> None:
    officer = new_context().new_page()
    login(officer, live_server.url, "keuangan.dayasos", PASSWORD, next_url="/anggaran/PKR/2023/")
    navigate(officer, "#budget-enter-link")
    _add(officer, "pagu_akhir", "30.000.000.000")
    _add(officer, "realisasi", "27.000.000.000")
    shot(officer, "budget-01-entries")
    officer.goto(f"{live_server.url}/anggaran/DAYASOS/2023/isi/")
    officer.select_option("#score-kind", "nka")
    officer.fill("#score-value", "92,40")
    officer.fill("#score-note", "SMART DJA, Ditjen Pemberdayaan Sosial")
    navigate(officer, "#budget-score-button")
    assert BudgetEntry.objects.filter(unit__code="PKR", year=2023).exclude(kind="renstra").count() == 2

    officer.goto(f"{live_server.url}/anggaran/DAYASOS/2023/")
    assert officer.inner_text("#budget-pagu") == "Rp30.000.000.000"  # summed from PKR
    assert officer.inner_text("#budget-penyerapan") == "90,00"
    assert "Nilai Kinerja Anggaran (NKA)" in officer.inner_text("#budget-scores")
    shot(officer, "budget-02-ditjen")

    head = new_context().new_page()
    login(head, live_server.url, "pimpinan.pkr", PASSWORD, next_url="/unit/PKR/dasbor/?tahun=2023")
    assert head.inner_text("#budget-absorption") == "90,00"
    html = head.content()
    assert (
        "realisasi diambil dari Nilai Kinerja Anggaran (NKA) Direktorat Jenderal Pemberdayaan Sosial 2023 (diinput)"
        in html
    )
    assert ">92,40<" in html  # IKK 2.1 realisation (in the SK2 table)
    shot(head, "budget-03-dashboard")

    pkr, ditjen, ministry = (Unit.objects.get(code=c) for c in ("PKR", "DAYASOS", "KEMENSOS"))
    own = _lkj(pkr, 2023)
    assert "Rp30.000.000.000" in own and "Rp27.000.000.000" in own and "90,00" in own
    summed = _lkj(ditjen, 2023)
    assert "Rp30.000.000.000" in summed and "Direktorat Pemberdayaan Kelompok Rentan" in summed
    assert (
        "Nilai Kinerja Anggaran (NKA)" in summed
        and "92,40" in summed
        and "diinput dari SMART/OM-SPAN" in summed
    )
    assert "Rp30.000.000.000" in _lkj(ministry, 2023)


def test_the_budget_workbook_round_trip_in_the_browser(
    demo_units: dict[str, Unit], live_server: Any, new_context: Any, tmp_path: Any
) -> None:
    """Download the XLSX template of PKR 2022 from the entry page, add an RO under the demo's
    KRO with its volume and money, upload it from the same page; the budget page shows the RO's
    capaian, and a wrong file is refused with its place and saves nothing."""
    from openpyxl import load_workbook

    officer = new_context(accept_downloads=True).new_page()
    login(officer, live_server.url, "keuangan.dayasos", PASSWORD, next_url="/anggaran/PKR/2022/isi/")
    with officer.expect_download() as info:
        officer.click("#budget-template-link")
    path = tmp_path / "isian.xlsx"
    info.value.save_as(path)
    book = load_workbook(path)
    ws = book["Keluaran"]
    cols = {c.value: c.column for c in ws[3] if c.value}
    row = next(r for r in range(5, ws.max_row + 1) if ws.cell(row=r, column=cols["code"]).value is None)
    for key, value in {
        "level": "ro", "code": "RO-ADAPTIF", "name": "KPM Sembako Adaptif", "parent": "KRO-BANSOS",
        "volume_target": 26177, "volume_unit": "KPM", "vol12": 15945,
    }.items():  # fmt: skip
        ws.cell(row=row, column=cols[key]).value = value  # seed 001: 15.945 of 26.177 KPM (60,9 %)
    book.save(path)
    officer.set_input_files("#budget-workbook-file", str(path))
    navigate(officer, "#budget-workbook-button")
    assert "Isian anggaran disimpan: 6 keluaran" in officer.inner_text("main")
    shot(officer, "budget-04-workbook")

    officer.goto(f"{live_server.url}/anggaran/PKR/2022/")
    adaptive = officer.inner_text('tr[data-output="RO-ADAPTIF"]')
    assert "15.945" in adaptive and "60,91" in adaptive  # 15.945 / 26.177
    assert officer.inner_text("#budget-cro") == "80,08"  # mean of 99,2457 and 60,9122
    shot(officer, "budget-05-outputs")

    # a fresh template holds the new RO; a wrong parent on it is refused by its row, nothing saved
    officer.goto(f"{live_server.url}/anggaran/PKR/2022/isi/")
    with officer.expect_download() as info:
        officer.click("#budget-template-link")
    info.value.save_as(path)
    book = load_workbook(path)
    ws = book["Keluaran"]
    row = next(
        r for r in range(5, ws.max_row + 1) if ws.cell(row=r, column=cols["code"]).value == "RO-ADAPTIF"
    )
    ws.cell(row=row, column=cols["parent"]).value = "KRO-HILANG"
    book.save(path)
    officer.set_input_files("#budget-workbook-file", str(path))
    navigate(officer, "#budget-workbook-button")
    text = officer.inner_text("main")
    assert "Tidak ada yang disimpan." in text and f"Lembar Keluaran baris {row}" in text
    from kinerja.budget.models import BudgetOutput

    kept = BudgetOutput.objects.get(unit__code="PKR", year=2022, code="RO-ADAPTIF")
    assert kept.parent is not None and kept.parent.code == "KRO-BANSOS"  # nothing of the file saved
