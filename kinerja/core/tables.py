"""Rows of an uploaded table: the first sheet of an XLSX workbook, or a CSV file (UTF-8, ``,``
``;`` or tab), as lists of stripped strings. Used by the SKM respondents import and the budget's
monthly realisation import; each caller says in its own words what was wrong (``TableError.kind``)."""

from __future__ import annotations

import csv
import io
from typing import Any


class TableError(ValueError):
    """``kind``: ``xlsx`` (workbook unreadable), ``utf8`` (CSV not UTF-8), ``format`` (neither)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def read_table(name: str, content: bytes) -> list[list[str]]:
    lower = name.lower()
    if lower.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - any unreadable workbook is the same answer
            raise TableError("xlsx") from None
        sheet = book.worksheets[0]
        rows = [
            ["" if c is None else str(c).strip() for c in row] for row in sheet.iter_rows(values_only=True)
        ]
        book.close()
        return rows
    if lower.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TableError("utf8") from None
        dialect: Any = csv.excel
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            pass
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    raise TableError("format")
