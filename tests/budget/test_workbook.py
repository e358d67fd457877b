"""The budget workbook round trip: the finance officer downloads the XLSX template of PKR 2022
(prefilled with the demo's Program > Kegiatan > KRO > RO and the lines on them), adds an RO with
its volumes and money, uploads it back; the budget page shows the RO's capaian and the KRO's
efficiency. A wrong file is refused whole with the sheet and row named; text is sealed against
formula injection; the scope holds; the page's volume and RO-line forms write the same rows."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from kinerja.budget.models import BudgetEntry, BudgetOutput, OutputVolume
from kinerja.history.models import Change
from tests.web.demo_users import client_for

TEMPLATE = "/xlsx/PKR/2022/anggaran/templat/"
UPLOAD = "/xlsx/PKR/2022/anggaran/"
ENTER = "/anggaran/PKR/2022/isi/"


def _columns(ws: Any) -> dict[str, int]:
    return {c.value: c.column for c in ws[3] if c.value}


def _rows(ws: Any) -> list[dict[str, Any]]:
    cols = _columns(ws)
    out = []
    for r in range(5, ws.max_row + 1):
        row = {k: ws.cell(row=r, column=c).value for k, c in cols.items()}
        if any(v is not None for v in row.values()):
            out.append(row)
    return out


def _first_empty(ws: Any) -> int:
    cols = _columns(ws)
    for r in range(5, ws.max_row + 2):
        if all(ws.cell(row=r, column=c).value is None for c in cols.values()):
            return r
    raise AssertionError("no empty row")


def _put(ws: Any, row: int, **values: Any) -> None:
    cols = _columns(ws)
    for key, value in values.items():
        ws.cell(row=row, column=cols[key]).value = value


def _upload(client: Any, book: Any, url: str = UPLOAD) -> str:
    """Upload ``book``; the message the entry page then shows."""
    data = io.BytesIO()
    book.save(data)
    answer = client.post(url, {"berkas": SimpleUploadedFile("anggaran.xlsx", data.getvalue())})
    assert answer.status_code == 302 and answer["Location"].endswith("/isi/")
    shown = [str(m) for m in get_messages(answer.wsgi_request)]
    assert shown and client.get(answer["Location"]).status_code == 200  # the page shows (and clears) it
    return shown[-1]


def test_download_fill_upload_and_the_budget_page(users: dict[str, Any]) -> None:
    client = client_for(users["keuangan.dayasos"])
    answer = client.get(TEMPLATE)
    assert answer.status_code == 200 and answer["Content-Type"].startswith("application/vnd.openxml")
    book = load_workbook(io.BytesIO(answer.content))
    nodes = {r["code"]: r for r in _rows(book["Keluaran"])}
    assert nodes["RO-SEMBAKO"]["volume_target"] == 18_800_000 and nodes["RO-SEMBAKO"]["vol12"] == 18_658_193
    assert nodes["RO-SEMBAKO"]["parent"] == "KRO-BANSOS" and nodes["KRO-BANSOS"]["objective"] == "SK1"
    lines = _rows(book["Anggaran Keluaran"])
    assert {(x["output"], x["kind"], x["amount"]) for x in lines} >= {
        ("RO-DISTRIBUSI", "realisasi", 35_402_495_625),
        ("RO-SEMBAKO", "pagu_akhir", 27_063_925_400_000),
    }

    # a new KRO with one RO: 80 of 100 reports by December, Rp1.000.000 spent Rp750.000
    ws = book["Keluaran"]
    row = _first_empty(ws)
    _put(ws, row, level="kro", code="KRO-LAP", name="Laporan kinerja", parent="KEG-PKR", objective="SK2")
    _put(ws, row + 1, level="ro", code="RO-LAP", name="Laporan monev", parent="KRO-LAP", volume_target=100,
         volume_unit="Laporan", vol6="40", vol12="80")  # fmt: skip
    money = book["Anggaran Keluaran"]
    row = _first_empty(money)
    _put(money, row, output="RO-LAP", kind="pagu_akhir", amount="1.000.000", account="Belanja Barang")
    _put(money, row + 1, output="RO-LAP", kind="realisasi", amount=750_000, date="2022-12-20")
    kept = BudgetOutput.objects.get(unit__code="PKR", year=2022, code="RO-SEMBAKO").pk
    assert _upload(client, book) == "Isian anggaran disimpan: 7 keluaran dan 5 entri anggaran per keluaran."

    ro = BudgetOutput.objects.get(unit__code="PKR", year=2022, code="RO-LAP")
    assert ro.parent is not None and ro.parent.code == "KRO-LAP" and ro.volume_target == 100
    assert dict(OutputVolume.objects.filter(output=ro).values_list("month", "value")) == {6: 40, 12: 80}
    assert BudgetOutput.objects.get(code="RO-SEMBAKO", year=2022).pk == kept  # kept by its code
    assert Change.objects.filter(username="keuangan.dayasos").exists()
    # the unit's whole-unit lines were not touched (seed 001's pagu akhir)
    assert (
        BudgetEntry.objects.filter(unit__code="PKR", year=2022, kind="pagu_akhir", output=None, account="")
        .get()
        .amount
        == 28_191_006_288_000
    )

    # the same workbook again: made before this change, so refused whole (no lost edit)
    message = _upload(client, book)
    assert "sudah diubah setelah templat ini diunduh" in message
    assert BudgetOutput.objects.filter(unit__code="PKR", year=2022).count() == 7

    html = client.get("/anggaran/PKR/2022/").content.decode()
    lap = re.search(r'data-output="RO-LAP".*?</tr>', html, re.S)
    assert lap and "80,00" in lap.group(0) and "Rp750.000" in lap.group(0) and "75,00" in lap.group(0)
    kro = re.search(r'data-output="KRO-LAP".*?</tr>', html, re.S)
    # E = (1.000.000 x 80 % - 750.000) / (1.000.000 x 80 %) = 6,25 %
    assert kro and "6,25" in kro.group(0)
    # CRO = (99,2457 + 80) / 2; NE from the one KRO that can be measured: 50 + 6,25 / 20 x 50
    assert re.search(r'id="budget-cro">89,62<', html) and re.search(r'id="budget-ne">65,63<', html)
    # the objective the new KRO serves (SK2) takes its money
    sk2 = re.search(r"<td>SK2 .*?</tr>", html, re.S)
    assert sk2 and "Rp1.000.000" in sk2.group(0) and "75,00" in sk2.group(0)


def test_a_wrong_workbook_saves_nothing_and_names_the_place(users: dict[str, Any]) -> None:
    client = client_for(users["keuangan.dayasos"])
    book = load_workbook(io.BytesIO(client.get(TEMPLATE).content))
    ws = book["Keluaran"]
    row = _first_empty(ws)
    _put(ws, row, level="ro", code="RO-X", name="Baru", parent="TIDAK-ADA")
    before = BudgetOutput.objects.count(), BudgetEntry.objects.count()
    message = _upload(client, book)
    assert message.startswith("Tidak ada yang disimpan.") and f"Lembar Keluaran baris {row}" in message
    assert "induk 'TIDAK-ADA'" in message
    _put(ws, row, parent="KRO-BANSOS", vol3="tiga")  # unreadable volume: sheet and cell named
    message = _upload(client, book)
    assert "Lembar Keluaran sel" in message and str(row) in message
    _put(ws, row, vol3=None)
    money = book["Anggaran Keluaran"]
    line = _first_empty(money)
    _put(money, line, output="RO-X", kind="sisa", amount=5)
    message = _upload(client, book)
    assert f"Lembar Anggaran Keluaran baris {line}" in message and "jenis 'sisa'" in message
    assert (BudgetOutput.objects.count(), BudgetEntry.objects.count()) == before
    # a workbook of another year is refused as a whole
    message = _upload(client, book, "/xlsx/PKR/2023/anggaran/")
    assert "untuk PKR tahun 2022, bukan PKR tahun 2023" in message


def test_text_is_sealed_and_the_scope_holds(users: dict[str, Any]) -> None:
    ro = BudgetOutput.objects.get(unit__code="PKR", year=2022, code="RO-DISTRIBUSI")
    ro.name = '=HYPERLINK("http://contoh.invalid","klik")'
    ro.save()
    book = load_workbook(io.BytesIO(client_for(users["keuangan.dayasos"]).get(TEMPLATE).content))
    cell = next(c for row in book["Keluaran"].iter_rows() for c in row if c.value == ro.name)
    assert cell.data_type == "s" and cell.quotePrefix
    # outside the scope: no template, no upload; without the right: no upload
    assert client_for(users["operator.rehsos"]).get(TEMPLATE).status_code == 403
    assert client_for(users["operator.pkr"]).post(UPLOAD, {}).status_code == 403


def test_the_page_writes_volumes_and_lines_on_an_ro(users: dict[str, Any]) -> None:
    client = client_for(users["keuangan.dayasos"])
    page = client.get(ENTER).content.decode()
    assert 'id="budget-template-link"' in page and 'data-output="RO-SEMBAKO"' in page
    client.post(ENTER, {"action": "volume", "ro": "RO-SEMBAKO", "vmonth": "9", "volume": "14.100.000"})
    ro = BudgetOutput.objects.get(unit__code="PKR", year=2022, code="RO-SEMBAKO")
    assert OutputVolume.objects.get(output=ro, month=9).value == Decimal(14_100_000)
    answer = client.post(ENTER, {"action": "volume", "ro": "RO-SEMBAKO", "vmonth": "13", "volume": "1"})
    assert answer.status_code == 400 and "Bulan harus 1 sampai 12" in answer.content.decode()
    client.post(
        ENTER,
        {"action": "add", "kind": "realisasi", "amount": "26.900.000.000.000", "output": "RO-SEMBAKO", "account": "Belanja Bansos"},
    )  # fmt: skip
    line = BudgetEntry.objects.get(unit__code="PKR", year=2022, kind="realisasi", output=ro)
    assert line.amount == 26_900_000_000_000
    html = client.get("/anggaran/PKR/2022/").content.decode()
    kro = re.search(r'data-output="KRO-BANSOS".*?</tr>', html, re.S)
    # the KRO now has both RO's realisation: its absorption and efficiency can be shown
    assert kro and "Rp26.935.402.495.625" in kro.group(0) and "n.a" not in kro.group(0)
    assert re.search(r'id="budget-ne">\d', html)


def test_an_ro_moved_to_another_kro_keeps_its_row_and_volumes(users: dict[str, Any]) -> None:
    """The KRO of the demo's RO is dropped and the RO moved under a new KRO: the RO is the same
    row (its history and lines follow it), with its volumes."""
    client = client_for(users["keuangan.dayasos"])
    book = load_workbook(io.BytesIO(client.get(TEMPLATE).content))
    ws = book["Keluaran"]
    cols = _columns(ws)
    rows = {ws.cell(row=r, column=cols["code"]).value: r for r in range(5, ws.max_row + 1)}
    ws.cell(row=rows["KRO-BANSOS"], column=cols["code"]).value = "KRO-BARU"
    for code in ("RO-SEMBAKO", "RO-DISTRIBUSI"):
        ws.cell(row=rows[code], column=cols["parent"]).value = "KRO-BARU"
    before = BudgetOutput.objects.get(unit__code="PKR", year=2022, code="RO-SEMBAKO")
    assert _upload(client, book).startswith("Isian anggaran disimpan")
    after = BudgetOutput.objects.get(unit__code="PKR", year=2022, code="RO-SEMBAKO")
    assert after.pk == before.pk and after.parent is not None and after.parent.code == "KRO-BARU"
    assert OutputVolume.objects.get(output=after, month=12).value == 18_658_193
    assert not BudgetOutput.objects.filter(code="KRO-BANSOS").exists()
    from kinerja.history.models import DELETE

    gone = Change.objects.filter(content_type__model="budgetoutput", object_id=str(before.pk), action=DELETE)
    assert not gone.exists()
