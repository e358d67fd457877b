"""Download the XLSX template of Dit. PKR 2022, fill it with openpyxl, upload it: real database
rows, real XLSX files, the services doing the saving (history, rights, versions)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from kinerja.agreements.models import ActionPlanTarget
from kinerja.core.numbers import round_half_up
from kinerja.core.types import QualitativeTarget, RangeTarget
from kinerja.figures.counting import Basis
from kinerja.figures.unit_year import compute_document
from kinerja.history.models import Change
from kinerja.interchange.db import export_document
from kinerja.measurement import workflow
from kinerja.measurement.models import Realization
from kinerja.measurement.services import compute_period, start_realization
from kinerja.organizations.models import Unit
from kinerja.planning import services as planning_services
from kinerja.planning.models import Indicator, IndicatorTarget
from kinerja.spreadsheets import layout as L
from kinerja.spreadsheets.template import template_for
from kinerja.spreadsheets.upload import Outcome, process_upload
from tests.spreadsheets.conftest import cell, columns, edit, find_row, open_xlsx

RS = L.REALIZATIONS_SHEET
QS = L.QUARTERS_SHEET
TS = L.TARGETS_SHEET


def ikk(code: str) -> Indicator:
    return Indicator.objects.get(plan__unit__code="PKR", code=code)


def record(code: str, quarter: int | None) -> Realization | None:
    return Realization.objects.filter(
        unit__code="PKR", indicator__code=code, year=2022, quarter=quarter
    ).first()


def download(user: Any, unit: Unit) -> bytes:
    return template_for(user, unit, 2022)


def upload(user: Any, unit: Unit, data: bytes) -> Outcome:
    return process_upload(user, unit, 2022, data)


def coord(wb: Workbook, sheet: str, code: str, key: str, period: str | None = None) -> str:
    ws = wb[sheet]
    return f"{get_column_letter(columns(ws)[key])}{find_row(ws, code, period)}"


def indicator_result(code: str, quarter: int | None = None, basis: Basis = Basis.PROVISIONAL) -> Any:
    """The engine's figure of what was entered (provisional: an upload leaves drafts)."""
    doc = export_document(unit="PKR")
    if quarter is None:
        result = compute_document(doc, "PKR", 2022, basis)
    else:
        result, _ = compute_period(doc, "PKR", 2022, quarter)
    return next(i for o in result.objectives for i in o.indicators if i.code == code)


@pytest.fixture
def no_annual_ikk11(pkr: Unit) -> None:
    """Without the demo's approved IKK 1.1 2022 record, so the operator enters it afresh."""
    Realization.objects.filter(unit=pkr, indicator__code="IKK 1.1", year=2022, quarter__isnull=True).delete()


# --- the template -------------------------------------------------------------------------------


def test_template_sheets_keys_protection_and_prefill(users: dict[str, Any], pkr: Unit) -> None:
    wb = open_xlsx(download(users["operator.pkr"], pkr))
    assert wb.sheetnames == [L.INSTRUCTIONS_SHEET, TS, QS, RS, L.META_SHEET]
    assert wb[L.META_SHEET].sheet_state == "veryHidden"
    assert wb[L.META_SHEET]["B3"].value == "PKR" and wb[L.META_SHEET]["B4"].value == "2022"
    assert "Isi hanya sel berwarna kuning" in str(wb[L.INSTRUCTIONS_SHEET]["A5"].value)
    for name in (TS, QS, RS):
        ws = wb[name]
        assert ws.freeze_panes is not None and ws.freeze_panes.endswith(str(L.FIRST_ROW))
        assert ws.protection.sheet
        cols = columns(ws)
        for key in L.KEY_COLUMNS:
            assert ws.column_dimensions[get_column_letter(cols[key])].hidden, (name, key)
    ws = wb[RS]
    # current values prefilled: the demo's approved IKK 1.1 2022 inputs, locked
    n = cell(ws, "IKK 1.1", "var:n", "2022")
    assert n.value == 18658193 and n.protection.locked
    assert "terkunci" in cell(ws, "IKK 1.1", "status", "2022").value
    # an empty quarter is open to the operator; the formula's value column is not
    assert cell(ws, "IKK 1.1", "var:n", "2022-Q1").protection.locked is False
    assert cell(ws, "IKK 1.1", "value", "2022-Q1").protection.locked
    # the operator may not edit targets: the target sheets are read-only for them
    assert cell(wb[TS], "IKK 1.1", "target").protection.locked
    assert cell(wb[TS], "IKK 1.1", "target").value == 99
    assert cell(wb[QS], "IKK 1.1", "tw1").protection.locked
    # and the planner gets the target cells open, the realisations closed
    planner = open_xlsx(download(users["perencana"], pkr))
    assert cell(planner[TS], "IKK 1.1", "target").protection.locked is False
    assert cell(planner[QS], "IKK 1.1", "tw4").protection.locked is False
    assert cell(planner[RS], "IKK 1.1", "var:n", "2022-Q1").protection.locked


def test_unchanged_template_saves_nothing(users: dict[str, Any], pkr: Unit) -> None:
    before = Change.objects.count()
    out = upload(users["operator.pkr"], pkr, download(users["operator.pkr"], pkr))
    assert out.ok and out.total == 0
    assert Change.objects.count() == before


# --- realisations --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "t"), [(18658193, 18800000), ("18.658.193", "18.800.000"), ("18658193", "18.800.000,00")]
)
def test_inputs_round_trip_to_99_25(
    users: dict[str, Any], pkr: Unit, no_annual_ikk11: None, n: Any, t: Any
) -> None:
    operator = users["operator.pkr"]

    def fill(wb: Workbook) -> None:
        ws = wb[RS]
        cell(ws, "IKK 1.1", "var:n", "2022").value = n
        cell(ws, "IKK 1.1", "var:T", "2022").value = t
        cell(ws, "IKK 1.1", "analysis", "2022").value = "Penyaluran sukses transaksi."

    out = upload(operator, pkr, edit(download(operator, pkr), fill))
    assert out.ok, [str(p) for p in out.problems]
    assert out.counts == {TS: 0, QS: 0, RS: 1}
    r = record("IKK 1.1", None)
    assert r is not None and r.status == "draft" and r.analysis == "Penyaluran sukses transaksi."
    assert {i.name: i.value for i in r.inputs.all()} == {"n": Decimal(18658193), "T": Decimal(18800000)}
    result = indicator_result("IKK 1.1")  # the engine, over the database
    assert round_half_up(result.realization) == Decimal("99.25")
    assert result.achievement == Decimal(100)  # capped at 100 (tepat sasaran)
    # a draft is not an official figure until it is approved
    assert indicator_result("IKK 1.1", basis=Basis.OFFICIAL).realization is None
    changes = Change.objects.filter(username="operator.pkr")
    assert changes.filter(field="analysis").exists()
    assert changes.filter(object_repr__contains="n = 18658193").exists()


def test_quarter_inputs_as_indonesian_text(users: dict[str, Any], pkr: Unit) -> None:
    operator = users["operator.pkr"]

    def fill(wb: Workbook) -> None:
        cell(wb[RS], "IKK 1.1", "var:n", "2022-Q4").value = "18.658.193"
        cell(wb[RS], "IKK 1.1", "var:T", "2022-Q4").value = "18.800.000"

    out = upload(operator, pkr, edit(download(operator, pkr), fill))
    assert out.ok, [str(p) for p in out.problems]
    assert record("IKK 1.1", 4) is not None
    assert round_half_up(indicator_result("IKK 1.1", quarter=4).realization) == Decimal("99.25")


def test_one_bad_cell_among_good_ones_changes_nothing(users: dict[str, Any], pkr: Unit) -> None:
    operator = users["operator.pkr"]
    data = download(operator, pkr)
    wb = open_xlsx(data)
    bad = coord(wb, RS, "IKK 1.2", "var:n", "2022-Q2")

    def fill(wb: Workbook) -> None:
        ws = wb[RS]
        cell(ws, "IKK 1.1", "var:n", "2022-Q1").value = 18658193
        cell(ws, "IKK 1.1", "var:T", "2022-Q1").value = 18800000
        cell(ws, "IKK 1.2", "var:n", "2022-Q2").value = "9,9,9"
        cell(ws, "IKK 1.2", "var:T", "2022-Q2").value = 18800000

    before = (Realization.objects.count(), Change.objects.count())
    out = upload(operator, pkr, edit(data, fill))
    assert not out.ok
    assert [str(p) for p in out.problems] == [
        f"Sheet Realisasi, sel {bad}: angka tidak terbaca: '9,9,9' (contoh yang benar: 99,25 atau 1.234.567)"
    ]
    assert (Realization.objects.count(), Change.objects.count()) == before
    assert record("IKK 1.1", 1) is None


def test_bad_cells_of_every_sheet_listed_together(users: dict[str, Any], pkr: Unit, demo: Any) -> None:
    admin = users["admin.pkr"]  # may edit all three sheets

    def fill(wb: Workbook) -> None:
        cell(wb[TS], "IKK 2.1", "target").value = "delapan puluh"
        cell(wb[QS], "IKK 1.1", "tw2").value = "1.23.456"
        cell(wb[RS], "IKK 1.3", "var:T", "2022-Q3").value = "abc"
        cell(wb[RS], "IKK 1.1", "var:n", "2022-Q1").value = 5  # a good one

    data = download(admin, pkr)
    wb = open_xlsx(data)
    out = upload(admin, pkr, edit(data, fill))
    assert [(p.sheet, p.cell) for p in out.problems] == [
        (TS, coord(wb, TS, "IKK 2.1", "target")),
        (QS, coord(wb, QS, "IKK 1.1", "tw2")),
        (RS, coord(wb, RS, "IKK 1.3", "var:T", "2022-Q3")),
    ]
    assert record("IKK 1.1", 1) is None
    assert IndicatorTarget.objects.get(indicator=ikk("IKK 2.1"), year=2022).value == 87


def test_stale_row_refused(users: dict[str, Any], pkr: Unit) -> None:
    operator = users["operator.pkr"]
    data = download(operator, pkr)
    # someone saves TW I after the download
    r, _ = start_realization(users["admin.pkr"], pkr, ikk("IKK 1.1"), 2022, 1)
    workflow.save_realization(users["admin.pkr"], r, {"analysis": "oleh admin"}, r.version)

    def fill(wb: Workbook) -> None:
        cell(wb[RS], "IKK 1.1", "analysis", "2022-Q1").value = "oleh operator"
        cell(wb[RS], "IKK 1.2", "analysis", "2022-Q1").value = "baris lain"

    out = upload(operator, pkr, edit(data, fill))
    assert not out.ok
    assert len(out.problems) == 1
    assert out.problems[0].sheet == RS and "sudah diubah orang lain" in out.problems[0].message
    r.refresh_from_db()
    assert r.analysis == "oleh admin"
    assert record("IKK 1.2", 1) is None  # the good row is not saved either


def test_stale_file_saves_rows_the_user_did_not_touch_untouched(users: dict[str, Any], pkr: Unit) -> None:
    operator = users["operator.pkr"]
    data = download(operator, pkr)
    r, _ = start_realization(users["admin.pkr"], pkr, ikk("IKK 1.1"), 2022, 1)
    workflow.save_realization(users["admin.pkr"], r, {"analysis": "oleh admin"}, r.version)

    def fill(wb: Workbook) -> None:
        cell(wb[RS], "IKK 1.2", "analysis", "2022-Q1").value = "baris lain"

    out = upload(operator, pkr, edit(data, fill))
    assert out.ok, [str(p) for p in out.problems]
    r.refresh_from_db()
    assert r.analysis == "oleh admin"  # the old (empty) row in the file did not overwrite it
    other = record("IKK 1.2", 1)
    assert other is not None and other.analysis == "baris lain"


def test_stale_target_refused(users: dict[str, Any], pkr: Unit) -> None:
    planner = users["perencana"]
    data = download(planner, pkr)
    planning_services.save_targets(planner, ikk("IKK 2.1"), {2022: _number(88)}, None)

    def fill(wb: Workbook) -> None:
        cell(wb[TS], "IKK 2.1", "target").value = 89

    out = upload(planner, pkr, edit(data, fill))
    assert not out.ok and "sudah diubah orang lain" in out.problems[0].message
    assert IndicatorTarget.objects.get(indicator=ikk("IKK 2.1"), year=2022).value == 88


def _number(value: int) -> Any:
    from kinerja.core.types import NumericTarget

    return NumericTarget(Decimal(value))


def test_locked_rows_ignored_when_unchanged_refused_when_changed(users: dict[str, Any], pkr: Unit) -> None:
    operator = users["operator.pkr"]
    data = download(operator, pkr)
    locked = record("IKK 1.1", None)
    assert locked is not None and locked.locked

    def fill_ok(wb: Workbook) -> None:
        cell(wb[RS], "IKK 1.2", "var:n", "2022-Q1").value = 100
        cell(wb[RS], "IKK 1.2", "var:T", "2022-Q1").value = 200

    out = upload(operator, pkr, edit(data, fill_ok))
    assert out.ok and out.counts[RS] == 1  # the locked rows (unchanged) are ignored

    def fill_locked(wb: Workbook) -> None:
        cell(wb[RS], "IKK 1.1", "var:n", "2022").value = 18700000
        cell(wb[RS], "IKK 1.3", "analysis", "2022-Q2").value = "ok"

    out = upload(operator, pkr, edit(data, fill_locked))
    assert not out.ok
    assert [p.cell for p in out.problems] == [
        open_xlsx(data)[RS]["F" + str(find_row(open_xlsx(data)[RS], "IKK 1.1", "2022"))].coordinate
    ]
    assert "terkunci" in out.problems[0].message
    locked.refresh_from_db()
    assert {i.name: i.value for i in locked.inputs.all()}["n"] == 18658193
    assert record("IKK 1.3", 2) is None


def test_submitted_realisation_not_changed(users: dict[str, Any], pkr: Unit) -> None:
    operator = users["operator.pkr"]
    r, _ = start_realization(operator, pkr, ikk("IKK 1.3"), 2022, 1)
    workflow.save_realization(operator, r, {"inputs": {"n": "1", "T": "2"}}, r.version)
    workflow.submit(operator, r)
    data = download(operator, pkr)
    assert cell(open_xlsx(data)[RS], "IKK 1.3", "var:n", "2022-Q1").protection.locked

    def fill(wb: Workbook) -> None:
        cell(wb[RS], "IKK 1.3", "var:n", "2022-Q1").value = 2

    out = upload(operator, pkr, edit(data, fill))
    assert not out.ok and "diajukan" in out.problems[0].message


# --- targets -----------------------------------------------------------------------------------


def test_planner_saves_renstra_and_quarterly_targets(users: dict[str, Any], pkr: Unit) -> None:
    planner = users["perencana"]

    def fill(wb: Workbook) -> None:
        cell(wb[TS], "IKK 2.1", "target").value = "87,5"
        ws = wb[QS]
        for key, value in (("tw1", 25), ("tw2", "50"), ("tw3", "75,5"), ("tw4", 99)):
            cell(ws, "IKK 1.1", key).value = value

    out = upload(planner, pkr, edit(download(planner, pkr), fill))
    assert out.ok, [str(p) for p in out.problems]
    assert out.counts == {TS: 1, QS: 1, RS: 0}
    assert IndicatorTarget.objects.get(indicator=ikk("IKK 2.1"), year=2022).value == Decimal("87.5")
    quarters = {
        t.quarter: t.value
        for t in ActionPlanTarget.objects.filter(unit=pkr, indicator=ikk("IKK 1.1"), year=2022)
    }
    assert quarters == {1: 25, 2: 50, 3: Decimal("75.5"), 4: 99}
    assert Change.objects.filter(username="perencana", field="value", new_value="87.5").exists()
    assert Change.objects.filter(username="perencana", object_repr__startswith="RA PKR 2022-TW4").exists()
    # the quarter's realisation is now measured against the quarterly target
    assert indicator_result("IKK 1.1", quarter=1).target.value == 25


def test_quarter_rule_mismatch_refused(users: dict[str, Any], pkr: Unit) -> None:
    planner = users["perencana"]
    data = download(planner, pkr)

    def fill(wb: Workbook) -> None:
        cell(wb[QS], "IKK 1.1", "tw4").value = 98

    out = upload(planner, pkr, edit(data, fill))
    assert not out.ok
    assert out.problems[0].cell == coord(open_xlsx(data), QS, "IKK 1.1", "tw4")
    assert "seharusnya 99,00" in out.problems[0].message
    assert not ActionPlanTarget.objects.exists()


def test_target_types_and_scale(users: dict[str, Any], pkr: Unit) -> None:
    ind = ikk("IKK 3.1")
    ind.scale = ["AA", "A", "BB", "B"]
    ind.save()
    t = IndicatorTarget.objects.get(indicator=ind, year=2022)
    t.set_target(QualitativeTarget("A"))
    t.save()
    t = IndicatorTarget.objects.get(indicator=ikk("IKK 2.2"), year=2022)
    t.set_target(RangeTarget(Decimal(75), Decimal(80)))
    t.save()
    planner = users["perencana"]
    data = download(planner, pkr)
    wb = open_xlsx(data)
    assert cell(wb[TS], "IKK 2.2", "target").value == "75 – 80"
    assert cell(wb[TS], "IKK 3.1", "target").value == "A"

    def wrong(wb: Workbook) -> None:
        cell(wb[TS], "IKK 3.1", "target").value = "C"
        cell(wb[TS], "IKK 2.2", "target").value = 80
        cell(wb[TS], "IKK 2.1", "target").value = "WTP"

    out = upload(planner, pkr, edit(data, wrong))
    messages = {p.cell: p.message for p in out.problems}
    assert "tidak ada dalam skala" in messages[coord(wb, TS, "IKK 3.1", "target")]
    assert "rentang" in messages[coord(wb, TS, "IKK 2.2", "target")]
    assert "jenis target indikator ini angka, bukan teks" in messages[coord(wb, TS, "IKK 2.1", "target")]

    def right(wb: Workbook) -> None:
        cell(wb[TS], "IKK 3.1", "target").value = "AA"
        cell(wb[TS], "IKK 2.2", "target").value = "76,5 - 81"

    out = upload(planner, pkr, edit(data, right))
    assert out.ok, [str(p) for p in out.problems]
    assert IndicatorTarget.objects.get(indicator=ind, year=2022).label == "AA"
    got = IndicatorTarget.objects.get(indicator=ikk("IKK 2.2"), year=2022)
    assert (got.low, got.high) == (Decimal("76.5"), Decimal(81))


def test_label_realisation_checked_against_scale(users: dict[str, Any], pkr: Unit) -> None:
    ind = ikk("IKK 3.1")
    ind.scale = ["AA", "A", "BB", "B"]
    ind.save()
    operator = users["operator.pkr"]
    data = download(operator, pkr)

    def fill(wb: Workbook) -> None:
        cell(wb[RS], "IKK 3.1", "value", "2022-Q1").value = "C"

    out = upload(operator, pkr, edit(data, fill))
    assert not out.ok and "tidak ada dalam skala" in out.problems[0].message

    def fill_ok(wb: Workbook) -> None:
        cell(wb[RS], "IKK 3.1", "value", "2022-Q1").value = "BB"

    out = upload(operator, pkr, edit(data, fill_ok))
    assert out.ok, [str(p) for p in out.problems]
    r = record("IKK 3.1", 1)
    assert r is not None and r.value_label == "BB"


# --- rights ------------------------------------------------------------------------------------


def test_rights_per_sheet(users: dict[str, Any], pkr: Unit) -> None:
    planner_file = download(users["perencana"], pkr)

    def targets(wb: Workbook) -> None:
        cell(wb[TS], "IKK 2.1", "target").value = 90

    out = upload(users["operator.pkr"], pkr, edit(planner_file, targets))
    assert not out.ok
    assert str(out.problems[0]).startswith("Sheet Target Renstra: Anda tidak berhak mengubah target Renstra")

    def realisation(wb: Workbook) -> None:
        cell(wb[RS], "IKK 1.2", "analysis", "2022-Q1").value = "x"

    out = upload(users["perencana"], pkr, edit(planner_file, realisation))
    assert not out.ok and "tidak berhak mengisi realisasi" in out.problems[0].message
    assert IndicatorTarget.objects.get(indicator=ikk("IKK 2.1"), year=2022).value == 87
    assert record("IKK 1.2", 1) is None


def test_other_units_operator_refused(users: dict[str, Any], pkr: Unit) -> None:
    data = download(users["operator.pkr"], pkr)

    def fill(wb: Workbook) -> None:
        cell(wb[RS], "IKK 1.1", "var:n", "2022-Q1").value = 1

    out = upload(users["operator.rehsos"], pkr, edit(data, fill))
    assert not out.ok and "tidak berhak mengisi realisasi pada unit PKR" in out.problems[0].message
    assert record("IKK 1.1", 1) is None


# --- files that are not the template ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "kosong"),
        (b"kode;indikator;nilai\nIKK 1.1;99,25\n", "bukan XLSX"),
        (b"%PDF-1.4\n", "bukan XLSX"),
        (b"PK\x03\x04garbage-not-a-zip", "rusak"),
    ],
)
def test_garbage_refused(users: dict[str, Any], pkr: Unit, content: bytes, expected: str) -> None:
    out = upload(users["operator.pkr"], pkr, content)
    assert not out.ok and expected in out.problems[0].message


def test_other_xlsx_and_other_unit_refused(users: dict[str, Any], pkr: Unit, demo: dict[str, Unit]) -> None:
    from tests.spreadsheets.conftest import save_xlsx

    wb = Workbook()
    wb.active["A1"] = "IKK 1.1"
    out = upload(users["operator.pkr"], pkr, save_xlsx(wb))
    assert not out.ok and "bukan templat isian Kinerja" in out.problems[0].message
    other = template_for(users["perencana"], demo["DAYASOS"], 2022)
    out = upload(users["operator.pkr"], pkr, other)
    assert not out.ok and "templat unit DAYASOS tahun 2022, bukan PKR tahun 2022" in out.problems[0].message
    out = process_upload(users["operator.pkr"], pkr, 2023, download(users["operator.pkr"], pkr))
    assert not out.ok and "bukan PKR tahun 2023" in out.problems[0].message


def test_oversized_refused(users: dict[str, Any], pkr: Unit) -> None:
    data = download(users["operator.pkr"], pkr)
    out = process_upload(users["operator.pkr"], pkr, 2022, data, limit=len(data) - 1)
    assert not out.ok and "terlalu besar" in out.problems[0].message


def test_unknown_sheet_and_unknown_indicator(users: dict[str, Any], pkr: Unit) -> None:
    operator = users["operator.pkr"]
    data = download(operator, pkr)

    def fill(wb: Workbook) -> None:
        wb.create_sheet("Catatan saya")
        ws = wb[RS]
        ws.cell(row=find_row(ws, "IKK 1.4", "2022-Q1"), column=columns(ws)["indicator"]).value = "PKR:IKK 9.9"

    out = upload(operator, pkr, edit(data, fill))
    texts = [str(p) for p in out.problems]
    assert "Sheet Catatan saya: lembar tidak dikenal" in texts[0]
    assert "indikator 'PKR:IKK 9.9' tidak dikenal" in texts[1]


def test_formula_without_cached_value_reported(users: dict[str, Any], pkr: Unit) -> None:
    operator = users["operator.pkr"]
    data = download(operator, pkr)

    def fill(wb: Workbook) -> None:
        cell(wb[RS], "IKK 1.1", "var:n", "2022-Q1").value = "=1000*2"

    out = upload(operator, pkr, edit(data, fill))
    assert not out.ok
    assert out.problems[0].cell == coord(open_xlsx(data), RS, "IKK 1.1", "var:n", "2022-Q1")
    assert "rumus tanpa nilai tersimpan" in out.problems[0].message


def test_key_less_rows_and_foreign_unit_rows_reported(users: dict[str, Any], pkr: Unit) -> None:
    operator = users["operator.pkr"]

    def fill(wb: Workbook) -> None:
        ws = wb[RS]
        ws.cell(row=ws.max_row + 2, column=columns(ws)["analysis"]).value = "baris baru"
        ws.cell(row=find_row(ws, "IKK 1.4", "2022-Q2"), column=columns(ws)["unit"]).value = "REHSOS"

    out = upload(operator, pkr, edit(download(operator, pkr), fill))
    texts = [p.message for p in out.problems]
    assert any("baris untuk unit 'REHSOS'" in t for t in texts)
    assert any("baris tanpa kunci" in t for t in texts)


def test_year_without_renstra_or_pk(users: dict[str, Any], pkr: Unit, demo: dict[str, Unit]) -> None:
    operator = users["operator.pkr"]
    data = template_for(operator, pkr, 2030)
    wb = open_xlsx(data)
    assert "belum memiliki Renstra" in str(wb[TS]["A2"].value)
    assert "Belum ada Perjanjian Kinerja" in str(wb[QS]["A2"].value)
    assert wb[RS].max_row < L.FIRST_ROW
    out = process_upload(operator, pkr, 2030, data)
    assert out.ok and out.total == 0
    # a unit-year without a PK: the realisation rows are the Renstra's indicators
    wb = open_xlsx(template_for(users["perencana"], demo["DAYASOS"], 2022))
    assert wb[RS].max_row >= L.FIRST_ROW


def test_workbook_with_too_many_cells_refused_before_loading(
    users: dict[str, Any], pkr: Unit, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #11, finding 4: a small file that unfolds into millions of cells is refused after a
    streaming count, before the whole workbook is loaded (bench/upload.py measures the memory)."""
    from kinerja.spreadsheets import upload as up

    data = download(users["operator.pkr"], pkr)
    monkeypatch.setattr(up, "MAX_CELLS", 50)
    before = Change.objects.count()
    out = upload(users["operator.pkr"], pkr, data)
    assert not out.ok and "terlalu banyak sel" in out.problems[0].message
    assert Change.objects.count() == before
