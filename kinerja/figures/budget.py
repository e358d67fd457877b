"""The pagu in force on a date: what a Perjanjian Kinerja signed that day carries.

The pagu of a unit-year (the whole unit: entries without an ``account``) moves from the pagu awal
through dated revisions to the pagu akhir. On a date ``on``:

* with a pagu awal: the pagu awal plus every revision dated on or before ``on``. A revision
  without a date cannot be placed: it is left out and named, so the reader knows the amount may
  be short;
* without a pagu awal: the pagu akhir when there is one;
* without a date ``on`` (a PK whose signing date is not recorded): the pagu cannot be placed in
  time; no amount is given (``amount`` None) and the note says why — the caller may show the pagu
  awal and the pagu akhir side by side, labelled — never a pagu of a date someone guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kinerja.interchange import document as d


@dataclass(frozen=True)
class PaguOn:
    amount: int | None
    note: str  # how the amount was made, in official Indonesian
    undated: tuple[d.BudgetEntry, ...] = field(default_factory=tuple)  # revisions left out


def _whole_unit(doc: d.Document, unit: str, year: int, kind: str) -> list[d.BudgetEntry]:
    return [b for b in doc.budgets if b.unit == unit and b.year == year and b.kind == kind and not b.account]


def pagu_on(doc: d.Document, unit: str, year: int, on: date | None) -> PaguOn:
    """The unit's pagu for ``year`` in force on ``on`` (see the module docstring)."""
    awal = _whole_unit(doc, unit, year, "pagu_awal")
    akhir = _whole_unit(doc, unit, year, "pagu_akhir")
    revisions = _whole_unit(doc, unit, year, "revisi")
    final = sum(b.amount for b in akhir) if akhir else None
    if on is None:
        if final is None and not awal:
            return PaguOn(None, "Belum ada data pagu anggaran.")
        return PaguOn(
            None,
            "Tanggal penandatanganan tidak tercatat, sehingga pagu yang berlaku pada tanggal itu tidak dapat "
            "ditentukan; dicantumkan pagu awal dan pagu akhir tahun anggaran.",
        )
    if not awal:
        if final is not None:
            return PaguOn(final, "Pagu akhir (pagu awal tidak tercatat).")
        return PaguOn(None, "Belum ada data pagu anggaran.")
    amount = sum(b.amount for b in awal)
    dated = [r for r in revisions if r.date is not None and r.date <= on]
    undated = tuple(r for r in revisions if r.date is None)
    amount += sum(r.amount for r in dated)
    note = "Pagu awal" + (f" ditambah {len(dated)} revisi sampai tanggal penandatanganan." if dated else ".")
    if undated:
        note += (
            f" {len(undated)} revisi anggaran tidak bertanggal sehingga tidak dapat dipastikan berlaku "
            "pada tanggal penandatanganan dan tidak dijumlahkan."
        )
    return PaguOn(amount, note, undated)
