"""The Kemensos demo (Dit. PKR, 2022) with one user per demo role, and helpers to read and
write real XLSX files with openpyxl."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from kinerja.spreadsheets import layout as L


def open_xlsx(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def save_xlsx(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def columns(ws: Worksheet) -> dict[str, int]:
    return {
        str(ws.cell(row=L.KEY_ROW, column=c).value): c
        for c in range(1, ws.max_column + 1)
        if ws.cell(row=L.KEY_ROW, column=c).value
    }


def find_row(ws: Worksheet, code: str, period: str | None = None) -> int:
    """The row of indicator ``code`` (and period key, e.g. ``2022`` or ``2022-Q1``)."""
    cols = columns(ws)
    for r in range(L.FIRST_ROW, ws.max_row + 1):
        ref = str(ws.cell(row=r, column=cols["indicator"]).value or "")
        if ref.split(":", 1)[-1] != code:
            continue
        if period is None or str(ws.cell(row=r, column=cols["period"]).value) == period:
            return r
    raise AssertionError(f"no row {code} {period}")


def cell(ws: Worksheet, code: str, key: str, period: str | None = None) -> Any:
    return ws.cell(row=find_row(ws, code, period), column=columns(ws)[key])


def edit(data: bytes, change: Callable[[Workbook], None]) -> bytes:
    wb = open_xlsx(data)
    change(wb)
    return save_xlsx(wb)
