"""Monthly realisation from a CSV/XLSX laid out like a SAKTI/OM-SPAN export: written all or
nothing, a problem named by row and column, a second import of the same months replaces them."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from kinerja.budget.models import BudgetEntry
from tests.web.demo_users import client_for

URL = "/anggaran/PKR/2023/isi/"

CSV = """tahun;bulan;rpd;realisasi;akun;keterangan
2023;1;2.500.000.000;1.000.000.000;;OM-SPAN Januari
2023;2;2.500.000.000;2.750.000.000;;OM-SPAN Februari
2023;2;100.000.000;90.000.000;521211 Belanja Bahan;
"""


def _post(client: Any, name: str, content: bytes) -> Any:
    return client.post(URL, {"action": "import", "file": SimpleUploadedFile(name, content)})


def _monthly() -> list[tuple[str, int | None, str, int]]:
    return sorted(
        BudgetEntry.objects.filter(
            unit__code="PKR", year=2023, kind__in=("rpd", "realisasi_bulanan")
        ).values_list("kind", "month", "account", "amount")
    )


def test_import_replace_and_the_budget_page(users: dict[str, Any]) -> None:
    client = client_for(users["keuangan.dayasos"])
    answer = _post(client, "omspan.csv", CSV.encode())
    assert answer.status_code == 302
    assert ("realisasi_bulanan", 2, "", 2_750_000_000) in _monthly() and len(_monthly()) == 6
    # the next month's export: January and February again, and March; nothing counted twice
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Tahun", "Bulan", "Realisasi"])
    for month, amount in ((1, 1_000_000_000), (2, 2_800_000_000), (3, 3_000_000_000)):
        sheet.append([2023, month, amount])
    data = io.BytesIO()
    book.save(data)
    assert _post(client, "omspan-maret.xlsx", data.getvalue()).status_code == 302
    real = [(m, a) for k, m, acc, a in _monthly() if k == "realisasi_bulanan" and not acc]
    assert real == [(1, 1_000_000_000), (2, 2_800_000_000), (3, 3_000_000_000)]
    assert len([x for x in _monthly() if x[0] == "rpd"]) == 3  # no rpd column: the plan is kept
    page = client_for(users["pimpinan.pkr"]).get("/anggaran/PKR/2023/").content.decode()
    assert 'id="budget-chart"' in page and "Rp3.000.000.000" in page


def test_a_bad_file_writes_nothing_and_names_the_place(users: dict[str, Any]) -> None:
    client = client_for(users["keuangan.dayasos"])
    for content, message in (
        (
            "tahun,bulan,realisasi\n2023,1,100\n2023,13,5\n",
            "Baris 3, kolom bulan: bulan harus 1 sampai 12, bukan &#x27;13&#x27;",
        ),
        ("tahun,bulan,realisasi\n2022,1,100\n", "Baris 2, kolom tahun: tahun 2022, bukan 2023"),
        ("tahun;bulan;realisasi\n2023;1;1.000,5\n", "Baris 2, kolom realisasi: Jumlah harus rupiah penuh"),
        ("tahun,bulan\n2023,1\n", "kolom realisasi tidak ada"),
        ("tahun,bulan,realisasi,pagu\n2023,1,1\n", "kolom &#x27;pagu&#x27; tidak dikenal"),
        (
            "tahun,bulan,realisasi\n2023,1,5\n2023,1,6\n",
            "Baris 3: bulan 1 akun &#x27;&#x27; tercantum dua kali",
        ),
    ):
        answer = _post(client, "salah.csv", content.encode())
        assert answer.status_code == 400 and message in answer.content.decode(), (content, message)
    assert _monthly() == []
    assert _post(client, "data.txt", b"x").status_code == 400
    assert _post(client_for(users["operator.pkr"]), "omspan.csv", CSV.encode()).status_code == 403
    assert _monthly() == []


def test_monthly_realisation_per_ro_feeds_the_efficiency(users: dict[str, Any]) -> None:
    """An OM-SPAN export per RO (column ``ro``): the demo's bansos RO gets its monthly
    realisation, so its KRO's realisation and efficiency can be computed; a whole-unit monthly line
    imported before is not replaced by the RO's rows; an unknown RO is named by row and column."""
    client = client_for(users["keuangan.dayasos"])
    url = "/anggaran/PKR/2022/isi/"

    def post(name: str, content: str) -> Any:
        return client.post(url, {"action": "import", "file": SimpleUploadedFile(name, content.encode())})

    assert post("unit.csv", "tahun;bulan;realisasi\n2022;12;2.000.000.000\n").status_code == 302
    per_ro = (
        "tahun;bulan;realisasi;ro;akun\n"
        "2022;11;13.000.000.000.000;RO-SEMBAKO;Belanja Bansos\n"
        "2022;12;13.500.000.000.000;RO-SEMBAKO;Belanja Bansos\n"
    )
    assert post("omspan-ro.csv", per_ro).status_code == 302
    lines = BudgetEntry.objects.filter(unit__code="PKR", year=2022, kind="realisasi_bulanan")
    assert sorted(lines.values_list("month", "amount", "output__code")) == [
        (11, 13_000_000_000_000, "RO-SEMBAKO"),
        (12, 2_000_000_000, None),
        (12, 13_500_000_000_000, "RO-SEMBAKO"),
    ]
    assert post("omspan-ro.csv", per_ro).status_code == 302 and lines.count() == 3  # replaced, not doubled
    html = client.get("/anggaran/PKR/2022/").content.decode()
    kro = html[html.index('data-output="KRO-BANSOS"') :].split("</tr>")[0]
    assert "Rp26.535.402.495.625" in kro  # 26.500.000.000.000 + the distribution's 35.402.495.625
    assert 'id="budget-ne">n.a<' not in html  # the KRO is complete: NE can be computed
    bad = post("salah.csv", "tahun;bulan;realisasi;ro\n2022;1;5;RO-TIDAK-ADA\n")
    assert bad.status_code == 400 and "Baris 2, kolom ro" in bad.content.decode()
    assert lines.count() == 3
