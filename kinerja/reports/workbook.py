"""The one door through which Kinerja writes an XLSX workbook.

Text that users typed (an indicator's name, a note, a unit's name) may begin with ``=``, ``+``,
``-`` or ``@``. openpyxl stores a string that begins with ``=`` as a *formula*: Excel would run
``=HYPERLINK(...)`` or ``=WEBSERVICE(...)`` when the file is opened, and Kinerja's own upload
then refused the unchanged template (a formula without a stored value). Kinerja never writes a
formula, so before a workbook is saved every text cell is made plain text again and marked with
Excel's "quote prefix" (the leading apostrophe of hand-typed text): the cell shows the text as
typed, and editing it in Excel or LibreOffice does not turn it into a formula either. Values
themselves are never changed, so a template comes back byte for byte.
"""

from __future__ import annotations

import io

from openpyxl import Workbook

# What spreadsheet programs read as the start of a formula (OWASP "CSV injection"), plus the
# tab and carriage return that can hide one.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def seal(wb: Workbook) -> int:
    """Make every text cell of ``wb`` that a spreadsheet could read as a formula plain text;
    returns how many cells were sealed."""
    sealed = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and (cell.data_type == "f" or value.startswith(FORMULA_START)):
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    sealed += 1
    return sealed


def workbook_bytes(wb: Workbook) -> bytes:
    """The XLSX file of ``wb``, sealed (see the module's text)."""
    seal(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
