"""The pagu in force on a date: what a Perjanjian Kinerja signed that day carries.

The pagu of a unit-year (the whole unit: entries without an ``account``) moves from the pagu awal
through dated revisions to the pagu akhir. The rule, on a date ``on``:

* with a pagu awal: the pagu awal plus every revision (``revisi``) dated on or before ``on``;
  revisions dated after ``on`` are not yet in force;
* without a pagu awal: the pagu akhir, but only when there is no revision at all (then the pagu
  akhir was in force the whole year);
* when no date is known — ``on`` is None (a PK whose signing date is not recorded), or a revision
  has no date so it cannot be placed before or after ``on`` — the pagu in force that day cannot be
  known: no amount is given (``amount`` None) and ``note`` says why, in official Indonesian. The
  caller then shows the pagu awal and the pagu akhir side by side, each labelled. It never shows
  the pagu akhir as the pagu of a day on which a later revision was not yet made, and never the
  pagu of a date someone guessed.

``note`` is empty when the amount follows from dated records alone (nothing to explain).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kinerja.interchange import document as d

NOT_PLACED = "dicantumkan pagu awal dan pagu akhir tahun anggaran."


@dataclass(frozen=True)
class PaguOn:
    amount: int | None  # None: the pagu in force on that day cannot be known from the data
    note: str  # why, in official Indonesian ("" when the amount needs no explanation)
    undated: tuple[d.BudgetEntry, ...] = field(default_factory=tuple)  # revisions without a date


def _whole_unit(doc: d.Document, unit: str, year: int, kind: str) -> list[d.BudgetEntry]:
    return [b for b in doc.budgets if b.unit == unit and b.year == year and b.kind == kind and not b.account]


def pagu_on(doc: d.Document, unit: str, year: int, on: date | None) -> PaguOn:
    """The unit's pagu for ``year`` in force on ``on`` (the rule is in the module docstring)."""
    awal = _whole_unit(doc, unit, year, "pagu_awal")
    akhir = _whole_unit(doc, unit, year, "pagu_akhir")
    revisions = _whole_unit(doc, unit, year, "revisi")
    undated = tuple(r for r in revisions if r.date is None)
    if not awal and not akhir:
        return PaguOn(None, f"Data pagu anggaran tahun {year} belum tersedia.", undated)
    if on is None:
        return PaguOn(
            None,
            "Tanggal penandatanganan tidak tercatat, sehingga pagu yang berlaku pada tanggal itu tidak dapat "
            "ditentukan; " + NOT_PLACED,
            undated,
        )
    if not awal:
        if not revisions:
            return PaguOn(sum(b.amount for b in akhir), "", undated)
        return PaguOn(
            None,
            "Pagu awal tidak tercatat, sehingga pagu yang berlaku pada tanggal penandatanganan tidak dapat "
            "ditentukan; dicantumkan pagu akhir tahun anggaran.",
            undated,
        )
    if undated:
        return PaguOn(
            None,
            "Tanggal revisi anggaran tidak seluruhnya tercatat, sehingga pagu yang berlaku pada tanggal "
            "penandatanganan tidak dapat ditentukan; " + NOT_PLACED,
            undated,
        )
    in_force = [r for r in revisions if r.date is not None and r.date <= on]
    return PaguOn(sum(b.amount for b in awal) + sum(r.amount for r in in_force), "")
