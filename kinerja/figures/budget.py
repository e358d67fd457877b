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

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from kinerja.core import budget as formulas
from kinerja.core.bands import Band
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


# --- a unit-year's budget: the one home of which entries make it --------------------------------
#
# ``unit_budget(doc, unit, year)`` is what the pages, the LKj, ``kinerja compute --json`` and the
# indicators fed by a budget figure ask. The rules:
#
# * pagu akhir: the unit's ``pagu_akhir`` entries; without one, its ``pagu_awal`` plus every
#   ``revisi`` (the year is over: every revision counts, dated or not); realisasi: its
#   ``realisasi`` entries, else the sum of its ``realisasi_bulanan``. Entries for the whole unit
#   (no ``account``) are used when the unit has any of that kind; else its account lines (akun,
#   jenis belanja, RO) are summed;
# * a unit with neither pagu nor realisasi of its own is the sum of the units beneath it that have
#   a budget (``rolled_up``); a unit with entries of its own is never added to by its children,
#   so a Ditjen that records the DIPA and a directorate that records its share are not counted
#   twice: the unit's own entries win;
# * scores (EKA, IKPA, NKA): the unit's entered scores (``budget_scores``), else computed from the
#   parts it entered (``kinerja.core.budget``: EKA's implementation score from P, K, CRO and NE;
#   IKPA from its indicators; NKA from EKA and IKPA); each says whether it was computed or
#   entered. Scores are never summed from the units beneath: they belong to the DIPA holder;
# * an indicator with ``source`` penyerapan, eka, ikpa or nka takes the figure of its own unit,
#   else of the nearest unit above it that has one (the DIPA holder) — the unit's own entries
#   only, not a roll-up from beneath, so that one unit's page and ``kinerja compute`` on the whole
#   file give the same value.


@dataclass(frozen=True)
class Score:
    kind: str  # eka, ikpa, nka
    value: Decimal
    entered: bool  # True: entered from elsewhere (SMART, OM-SPAN); False: computed by Kinerja
    predicate: Band | None
    note: str = ""  # e.g. the IKPA indicators without a score


SCORE_NAMES = {
    "eka": "Evaluasi Kinerja Anggaran (EKA)",
    "ikpa": "Indikator Kinerja Pelaksanaan Anggaran (IKPA)",
    "nka": "Nilai Kinerja Anggaran (NKA)",
}


@dataclass(frozen=True)
class UnitBudget:
    unit: str
    year: int
    pagu_akhir: int | None
    realisasi: int | None
    penyerapan: Decimal | None
    rolled_up: tuple[str, ...] = ()  # the units beneath summed (empty: the unit's own entries)
    scores: dict[str, Score] = field(default_factory=dict)


def _amount(entries: Sequence[d.BudgetEntry], kind: str) -> int | None:
    of_kind = [b for b in entries if b.kind == kind]
    whole = [b for b in of_kind if not b.account and not b.objective]  # an objective's share is a part
    chosen = whole or of_kind
    return sum(b.amount for b in chosen) if chosen else None


def _own(doc: d.Document, unit: str, year: int) -> tuple[int | None, int | None]:
    entries = [b for b in doc.budgets if b.unit == unit and b.year == year]
    akhir = _amount(entries, "pagu_akhir")
    if akhir is None:
        awal = _amount(entries, "pagu_awal")
        if awal is not None:
            akhir = awal + (_amount(entries, "revisi") or 0)
    real = _amount(entries, "realisasi")
    if real is None:
        real = _amount(entries, "realisasi_bulanan")
    return akhir, real


def _scores(doc: d.Document, unit: str, year: int) -> dict[str, Score]:
    given = {s.kind: s for s in doc.budget_scores if s.unit == unit and s.year == year}
    out: dict[str, Score] = {}
    if "eka" in given:
        out["eka"] = Score("eka", given["eka"].value, True, formulas.score_predicate(given["eka"].value))
    else:
        parts = [given[k].value if k in given else None for k in d.EKA_PARTS]
        value = formulas.implementation_score(*parts)
        if value is not None:
            out["eka"] = Score("eka", value, False, formulas.score_predicate(value))
    if "ikpa" in given:
        out["ikpa"] = Score("ikpa", given["ikpa"].value, True, formulas.ikpa_predicate(given["ikpa"].value))
    else:
        found = formulas.ikpa(
            {k.removeprefix("ikpa_"): v.value for k, v in given.items() if k in d.IKPA_PARTS}
        )
        if found.value is not None:
            note = (
                "dihitung tanpa indikator " + ", ".join(formulas.IKPA_NAMES[k] for k in found.missing)
                if found.missing
                else ""
            )
            out["ikpa"] = Score("ikpa", found.value, False, formulas.ikpa_predicate(found.value), note)
    if "nka" in given:
        out["nka"] = Score("nka", given["nka"].value, True, formulas.score_predicate(given["nka"].value))
    elif "eka" in out and "ikpa" in out:
        value = formulas.nka(out["eka"].value, out["ikpa"].value)
        assert value is not None
        out["nka"] = Score("nka", value, False, formulas.score_predicate(value))
    return out


def unit_budget(doc: d.Document, unit: str, year: int, roll_up: bool = True) -> UnitBudget | None:
    """The unit's budget in ``year`` (rules above), None when neither it nor (with ``roll_up``) the
    units beneath it have pagu, realisasi or a score."""
    akhir, real = _own(doc, unit, year)
    scores = _scores(doc, unit, year)
    rolled: tuple[str, ...] = ()
    if akhir is None and real is None and roll_up:
        children = [u.code for u in doc.units if u.parent == unit]
        parts = [b for b in (unit_budget(doc, c, year) for c in sorted(children)) if b is not None]
        parts = [b for b in parts if b.pagu_akhir is not None or b.realisasi is not None]
        if parts:
            akhir = (
                sum(b.pagu_akhir for b in parts if b.pagu_akhir is not None)
                if any(b.pagu_akhir is not None for b in parts)
                else None
            )
            real = (
                sum(b.realisasi for b in parts if b.realisasi is not None)
                if any(b.realisasi is not None for b in parts)
                else None
            )
            rolled = tuple(sorted({c for b in parts for c in (b.rolled_up or (b.unit,))}))
    if akhir is None and real is None and not scores:
        return None
    return UnitBudget(unit, year, akhir, real, formulas.absorption(real, akhir), rolled, scores)


# --- indicators fed by a budget figure (kinerja.figures.sources) ---------------------------------

_SOURCE_LABELS = {
    "penyerapan": "penyerapan anggaran",
    "eka": "Nilai Evaluasi Kinerja Anggaran (EKA)",
    "ikpa": "Nilai IKPA",
    "nka": "Nilai Kinerja Anggaran (NKA)",
}


def _up(doc: d.Document, unit: str) -> list[str]:
    parent_of = {u.code: u.parent for u in doc.units}
    out = [unit]
    node = parent_of.get(unit)
    while node is not None and node not in out:
        out.append(node)
        node = parent_of.get(node)
    return out


def _budget_source(kind: str, doc: d.Document, unit: str, year: int) -> Any:
    from kinerja.figures.sources import Sourced

    names = {u.code: u.name for u in doc.units}
    for holder in _up(doc, unit):
        found = unit_budget(doc, holder, year, roll_up=False)
        if found is None:
            continue
        if kind == "penyerapan":
            if found.penyerapan is None:
                continue
            value, how = found.penyerapan, "dihitung dari pagu akhir dan realisasi"
        else:
            score = found.scores.get(kind)
            if score is None:
                continue
            value, how = score.value, "diinput" if score.entered else "dihitung"
        label = f"{_SOURCE_LABELS[kind]} {names.get(holder, holder)} {year} ({how})"
        return Sourced(value, holder, label)
    return None


def penyerapan_source(doc: d.Document, unit: str, year: int) -> Any:
    return _budget_source("penyerapan", doc, unit, year)


def eka_source(doc: d.Document, unit: str, year: int) -> Any:
    return _budget_source("eka", doc, unit, year)


def ikpa_source(doc: d.Document, unit: str, year: int) -> Any:
    return _budget_source("ikpa", doc, unit, year)


def nka_source(doc: d.Document, unit: str, year: int) -> Any:
    return _budget_source("nka", doc, unit, year)


# --- the month by month view (the budget page) ------------------------------------------------------


@dataclass(frozen=True)
class Month:
    month: int
    rpd: int | None  # planned withdrawal (halaman III DIPA)
    realised: int | None
    rpd_cumulative: Decimal
    realised_cumulative: Decimal
    ratio: Decimal | None  # cumulative realisation / cumulative plan, percent


@dataclass(frozen=True)
class Monthly:
    months: list[Month]
    consistency: Decimal | None  # formulas.consistency: mean cumulative ratio, percent
    deviation: Decimal | None  # formulas.rpd_deviation: mean monthly deviation, percent of plan

    @property
    def empty(self) -> bool:
        return all(m.rpd is None and m.realised is None for m in self.months)


def budget_months(doc: d.Document, unit: str, year: int) -> Monthly:
    """The unit's own monthly plan (``rpd``) and realisation (``realisasi_bulanan``) of the whole
    unit (entries without an account), with their running totals and the RPD indicators of
    ``kinerja.core.budget``."""
    planned: dict[int, int] = {}
    realised: dict[int, int] = {}
    for b in doc.budgets:
        if b.unit != unit or b.year != year or b.account or b.month is None:
            continue
        if b.kind == "rpd":
            planned[b.month] = planned.get(b.month, 0) + b.amount
        elif b.kind == "realisasi_bulanan":
            realised[b.month] = realised.get(b.month, 0) + b.amount
    plan_c, real_c = formulas.cumulative(planned), formulas.cumulative(realised)
    months = [
        Month(
            m,
            planned.get(m),
            realised.get(m),
            plan_c[m],
            real_c[m],
            formulas.absorption(real_c[m], plan_c[m]) if realised else None,
        )
        for m in range(1, 13)
    ]
    return Monthly(months, formulas.consistency(realised, planned), formulas.rpd_deviation(realised, planned))
