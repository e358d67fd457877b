"""The shared table component (kinerja/web/tables.py) on the dashboard's "units beneath": sort,
filter, pagination and CSV/XLSX export on the server, export safe against formulas."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from typing import Any

from django.test import Client
from openpyxl import load_workbook

from kinerja.organizations.models import Unit


def units_in_order(html: str) -> list[str]:
    table = html[html.index('id="sub-unit-table"') :]
    table = table[: table.index("</table>")]
    return re.findall(r'<tr data-unit="([^"]+)"', table)


def test_sort_filter_and_export_of_the_units_beneath(users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["perencana"])
    url = "/unit/KEMENSOS/dasbor/?tahun=2022"
    tree = units_in_order(client.get(url).content.decode())
    assert "PKR" in tree and "REHSOS" in tree and len(tree) == 8  # 7 Eselon I + Dit. PKR, tree order

    # sorted by achievement, highest first: every unit with a figure before those without
    html = client.get(url + "&unit_urut=-capaian").content.decode()
    ordered = units_in_order(html)
    assert sorted(ordered) == sorted(tree)
    assert 'aria-sort="descending"' in html
    response = client.get(url + "&unit_urut=-capaian&unit_unduh=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Unit", "Kode", "Tingkat", "Capaian (%)", "Predikat"]
    assert [r[1] for r in rows[1:]] == ordered  # the page's order, every row
    values = [Decimal(r[3]) for r in rows[1:] if r[3]]
    assert values == sorted(values, reverse=True)
    assert Decimal("104.05") in [round(v, 2) for v in values]  # PKR 2022 (seed), exact in the file

    # filtered: every word must match, the count says so
    html = client.get(url + "&unit_cari=rehabilitasi").content.decode()
    assert units_in_order(html) == ["REHSOS"] and "1 dari 8 baris" in html


def test_export_seals_formulas_and_pages_work(users: dict[str, Any]) -> None:
    Unit.objects.filter(code="ITJEN").update(name='=HYPERLINK("http://x.invalid","klik")')
    client = Client()
    client.force_login(users["perencana"])
    url = "/unit/KEMENSOS/dasbor/?tahun=2022&unit_cari=hyperlink"
    response = client.get(url + "&unit_unduh=xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws is not None
    cell = ws["A2"]
    assert (
        cell.value == '=HYPERLINK("http://x.invalid","klik")' and cell.data_type == "s" and cell.quotePrefix
    )
    text = client.get(url + "&unit_unduh=csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    # the page escapes it as any user text
    assert "<td" in client.get(url).content.decode()
    # a page number beyond the last gives the last page, not an error
    assert client.get("/unit/KEMENSOS/dasbor/?tahun=2022&unit_hal=99").status_code == 200
