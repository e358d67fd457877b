"""A small shared table component: sort, filter, pagination and export to CSV/XLSX, all on the
server (plain links and a GET form: works without JavaScript).

A view builds ``DataTable(request, name, columns, rows)`` where each ``Column`` says how to read
its value from a row; the template renders the rows of ``table.page`` with its own markup and uses
``web/_table_head.html`` (sortable headers), ``web/_table_tools.html`` (filter box and export
links) and ``web/_table_pages.html`` (pagination). Before rendering, the view returns
``table.export()`` when it is not None (the user asked for ``?<name>_unduh=csv|xlsx``): the
filtered and sorted rows, every page.

The parameters carry the table's name (``<name>_urut``, ``<name>_cari``, ``<name>_hal``,
``<name>_unduh``) so two tables on a page do not mix. XLSX goes through
``reports.workbook.workbook_bytes`` (user text that starts like a formula is sealed); CSV cells
that start like a formula get a leading apostrophe for the same reason (OWASP CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook

from kinerja.reports.workbook import FORMULA_START, workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_FILTER = 100


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    value: Callable[[Any], Any]
    numeric: bool = False
    sortable: bool = True
    shown: bool = True  # False: in the export (and the filter) only, not a column of the page


@dataclass(frozen=True)
class HeadCell:
    column: Column
    url: str | None  # the link that sorts by this column (None: not sortable)
    direction: str  # "asc", "desc" or "" (not the sort column)


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None or value == "":
        return (1, "")  # empty values last, whichever the direction
    if isinstance(value, (int, float, Decimal)):
        return (0, value)
    return (0, str(value).casefold())


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)):
        return value
    return str(value)


class DataTable:
    def __init__(
        self,
        request: HttpRequest,
        name: str,
        columns: Sequence[Column],
        rows: Sequence[Any],
        *,
        per_page: int = 50,
        filename: str = "tabel",
    ) -> None:
        self.request = request
        self.name = name
        self.columns = list(columns)
        self.filename = filename
        get = request.GET
        self.query = get.get(f"{name}_cari", "").strip()[:MAX_FILTER]
        order = get.get(f"{name}_urut", "")
        self.descending = order.startswith("-")
        key = order.lstrip("-")
        self.sort_column = next((c for c in self.columns if c.key == key and c.sortable), None)
        kept = list(rows)
        if self.query:
            words = self.query.casefold().split()
            kept = [
                r
                for r in kept
                if all(any(w in str(_plain(c.value(r))).casefold() for c in self.columns) for w in words)
            ]
        if self.sort_column is not None:
            column = self.sort_column
            present = [r for r in kept if _sort_key(column.value(r))[0] == 0]
            empty = [r for r in kept if _sort_key(column.value(r))[0] == 1]
            present.sort(key=lambda r: _sort_key(column.value(r)), reverse=self.descending)
            kept = present + empty
        self.rows = kept
        self.total = len(rows)
        self.page: Page[Any] = Paginator(kept, per_page).get_page(get.get(f"{name}_hal"))

    # --- links ---------------------------------------------------------------------------------

    def _url(self, **changes: str) -> str:
        params = {k: v for k, v in self.request.GET.items()}
        for k, v in changes.items():
            full = f"{self.name}_{k}"
            if v:
                params[full] = v
            else:
                params.pop(full, None)
        return "?" + urlencode(params) if params else "?"

    @property
    def sorted(self) -> bool:
        return self.sort_column is not None

    def head(self) -> list[HeadCell]:
        cells = []
        for c in self.columns:
            if not c.shown:
                continue
            if not c.sortable:
                cells.append(HeadCell(c, None, ""))
                continue
            current = self.sort_column is c
            next_order = c.key if (not current or self.descending) else f"-{c.key}"
            cells.append(
                HeadCell(
                    c,
                    self._url(urut=next_order, hal=""),
                    ("desc" if self.descending else "asc") if current else "",
                )
            )
        return cells

    def page_url(self, number: int) -> str:
        return self._url(hal=str(number))

    def pages(self) -> Iterator[tuple[int, str, bool]]:
        for n in self.page.paginator.page_range:
            yield n, self.page_url(n), n == self.page.number

    def export_url(self, kind: str) -> str:
        return self._url(unduh=kind, hal="")

    @property
    def export_url_csv(self) -> str:
        return self.export_url("csv")

    @property
    def export_url_xlsx(self) -> str:
        return self.export_url("xlsx")

    @property
    def reset_url(self) -> str:
        return self._url(cari="", urut="", hal="")

    # --- export ------------------------------------------------------------------------------

    def export(self) -> HttpResponse | None:
        kind = self.request.GET.get(f"{self.name}_unduh", "")
        if kind == "csv":
            return self._csv()
        if kind == "xlsx":
            return self._xlsx()
        return None

    def _matrix(self) -> list[list[Any]]:
        return [[str(c.label) for c in self.columns]] + [
            [_plain(c.value(r)) for c in self.columns] for r in self.rows
        ]

    def _csv(self) -> HttpResponse:
        buf = io.StringIO()
        writer = csv.writer(buf)
        for row in self._matrix():
            writer.writerow(
                [f"'{v}" if isinstance(v, str) and v.startswith(FORMULA_START) else v for v in row]
            )
        response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.filename}.csv"'
        return response

    def _xlsx(self) -> HttpResponse:
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = self.filename[:31]
        for row in self._matrix():
            ws.append(row)
        response = HttpResponse(workbook_bytes(wb), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{self.filename}.xlsx"'
        return response
