"""What a code may look like: the one rule every entry path asks (the interchange parser, the
model field behind the admin and the forms).

* Every code (unit, objective, indicator, goal): not empty, no ``:`` (the ``UNIT:KODE``
  separator), no control character (a newline, a tab, NUL), at most ``CODE_LENGTH`` characters.
* A unit code also names pages (``/unit/PKR/``), file names and spreadsheet keys, so it is
  stricter: ASCII letters and digits, with ``.``, ``-`` or ``_`` between them
  (``PKR``, ``DIT-PKR``, ``1.01.01``). A ``/`` broke every page that links to the unit; a quote
  or a newline broke the spreadsheet download.

Each check returns ``None`` when the code is acceptable, or the problem in Bahasa Indonesia.
"""

from __future__ import annotations

import re

CODE_LENGTH = 64

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_UNIT = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")


def code_problem(text: str, what: str = "kode") -> str | None:
    """What is wrong with ``text`` as any code, or ``None``."""
    if not text.strip():
        return f"{what} tidak boleh kosong"
    if ":" in text:
        return f"{what} '{_shown(text)}' tidak boleh memuat ':' (pemisah UNIT:KODE)"
    if _CONTROL.search(text):
        return f"{what} '{_shown(text)}' memuat karakter kendali (ganti baris, tab atau NUL)"
    if len(text) > CODE_LENGTH:
        return f"{what} '{_shown(text)}' terlalu panjang (paling banyak {CODE_LENGTH} karakter)"
    return None


def unit_code_problem(text: str, what: str = "kode unit") -> str | None:
    """What is wrong with ``text`` as a unit code, or ``None``."""
    problem = code_problem(text, what)
    if problem is not None:
        return problem
    if not _UNIT.fullmatch(text):
        return (
            f"{what} '{_shown(text)}' hanya boleh berisi huruf A-Z, angka dan tanda . - _ di antaranya "
            "(contoh: PKR, DIT-PKR, 1.01.01)"
        )
    return None


def _shown(text: str) -> str:
    """The code as a message can show it: control characters visible, long codes cut."""
    visible = _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)
    return visible if len(visible) <= 40 else visible[:37] + "..."
