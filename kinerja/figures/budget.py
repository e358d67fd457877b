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

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from kinerja.core import budget as formulas
from kinerja.core.bands import Band
from kinerja.interchange import document as d

NOT_PLACED = "dicantumkan pagu awal dan pagu akhir tahun anggaran."


class _Index:
    """The budget sections of a document by unit and year, and the unit tree: read once, so that
    a ministry's roll-up, its children's table and its trend cost in proportion to the document,
    not to units x lines. Kept on the document (``_index``) and rebuilt when a list it reads is
    replaced or changes length."""

    def __init__(self, doc: d.Document) -> None:
        self.key = _index_key(doc)
        self.lines: dict[tuple[str, int], list[d.BudgetEntry]] = {}
        for b in doc.budgets:
            self.lines.setdefault((b.unit, b.year), []).append(b)
        self.scores: dict[tuple[str, int], list[d.BudgetScore]] = {}
        for s in doc.budget_scores:
            self.scores.setdefault((s.unit, s.year), []).append(s)
        self.outputs: dict[tuple[str, int], list[d.BudgetOutput]] = {}
        for o in doc.budget_outputs:
            self.outputs.setdefault((o.unit, o.year), []).append(o)
        self.children: dict[str, list[str]] = {}
        self.parent: dict[str, str | None] = {}
        self.names: dict[str, str] = {}
        for u in doc.units:
            self.parent[u.code] = u.parent
            self.names[u.code] = u.name
            if u.parent:
                self.children.setdefault(u.parent, []).append(u.code)
        self.memo: dict[tuple[str, int, bool], UnitBudget | None] = {}


def _index_key(doc: d.Document) -> tuple[int, ...]:
    lists = (doc.budgets, doc.budget_scores, doc.budget_outputs, doc.units)
    return tuple(x for lst in lists for x in (id(lst), len(lst)))


def _index(doc: d.Document) -> _Index:
    found: _Index | None = getattr(doc, "_budget_index", None)
    if found is None or found.key != _index_key(doc):
        found = _Index(doc)
        object.__setattr__(doc, "_budget_index", found)
    return found


@dataclass(frozen=True)
class PaguOn:
    amount: int | None  # None: the pagu in force on that day cannot be known from the data
    note: str  # why, in official Indonesian ("" when the amount needs no explanation)
    undated: tuple[d.BudgetEntry, ...] = field(default_factory=tuple)  # revisions without a date


def _whole_unit(doc: d.Document, unit: str, year: int, kind: str) -> list[d.BudgetEntry]:
    return [b for b in _index(doc).lines.get((unit, year), []) if b.kind == kind and not b.account]


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


_PART_NAMES = {
    "eka_penyerapan": "penyerapan (P)",
    "eka_konsistensi": "konsistensi terhadap RPD (K)",
    "eka_capaian_ro": "capaian RO (CRO)",
    "eka_efisiensi": "nilai efisiensi (NE)",
}

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


def _on_unit(entries: Sequence[d.BudgetEntry]) -> list[d.BudgetEntry]:
    """The lines that make the unit's own total: the lines for the whole unit (no account,
    objective or RO) when there are any; else the lines on its RO/KRO (every rupiah of a DIPA is on
    an RO); else its account and objective lines."""
    whole = [b for b in entries if not b.account and not b.objective and not b.output]
    if whole:
        return whole
    return [b for b in entries if b.output] or list(entries)


def _on_node(entries: Sequence[d.BudgetEntry]) -> list[d.BudgetEntry]:
    """The lines that make an RO's or KRO's total: its lines without an account when there are
    any, else its account lines (jenis belanja)."""
    return [b for b in entries if not b.account] or list(entries)


Choose = Callable[[Sequence[d.BudgetEntry]], list[d.BudgetEntry]]


def _amount(entries: Sequence[d.BudgetEntry], kind: str, choose: Choose = _on_unit) -> int | None:
    chosen = choose([b for b in entries if b.kind == kind])
    return sum(b.amount for b in chosen) if chosen else None


def _pagu_real(entries: Sequence[d.BudgetEntry], choose: Choose = _on_unit) -> tuple[int | None, int | None]:
    """Pagu akhir (else pagu awal plus revisions) and realisation (else the sum of the monthly
    realisation) of a set of lines: a unit's (``_on_unit``), an RO's or a KRO's (``_on_node``)."""
    akhir = _amount(entries, "pagu_akhir", choose)
    if akhir is None:
        awal = _amount(entries, "pagu_awal", choose)
        if awal is not None:
            akhir = awal + (_amount(entries, "revisi", choose) or 0)
    real = _amount(entries, "realisasi", choose)
    if real is None:
        real = _amount(entries, "realisasi_bulanan", choose)
    return akhir, real


def _own(doc: d.Document, unit: str, year: int) -> tuple[int | None, int | None]:
    return _pagu_real(_index(doc).lines.get((unit, year), []))


def _scores(doc: d.Document, unit: str, year: int) -> dict[str, Score]:
    given = {s.kind: s for s in _index(doc).scores.get((unit, year), [])}
    out: dict[str, Score] = {}
    if "eka" in given:
        out["eka"] = Score("eka", given["eka"].value, True, formulas.score_predicate(given["eka"].value))
    else:
        computed = eka_parts(doc, unit, year)
        parts = [given[k].value if k in given else computed.get(k) for k in d.EKA_PARTS]
        value = formulas.implementation_score(*parts)
        if value is not None:
            from_data = [_PART_NAMES[k] for k in d.EKA_PARTS if k not in given]
            note = "dihitung dari data anggaran dan RO: " + ", ".join(from_data) if from_data else ""
            out["eka"] = Score("eka", value, False, formulas.score_predicate(value), note)
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
    index = _index(doc)
    key = (unit, year, roll_up)
    if key not in index.memo:
        index.memo[key] = _unit_budget(doc, index, unit, year, roll_up)
    return index.memo[key]


def _unit_budget(doc: d.Document, index: _Index, unit: str, year: int, roll_up: bool) -> UnitBudget | None:
    akhir, real = _own(doc, unit, year)
    scores = _scores(doc, unit, year)
    rolled: tuple[str, ...] = ()
    if akhir is None and real is None and roll_up:
        children = index.children.get(unit, [])
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
    parent_of = _index(doc).parent
    out = [unit]
    node = parent_of.get(unit)
    while node is not None and node not in out:
        out.append(node)
        node = parent_of.get(node)
    return out


def _budget_source(kind: str, doc: d.Document, unit: str, year: int) -> Any:
    from kinerja.figures.sources import Sourced

    names = _index(doc).names
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
    unit (the lines ``_on_unit`` chooses), with their running totals and the RPD indicators of
    ``kinerja.core.budget``."""
    planned: dict[int, int] = {}
    realised: dict[int, int] = {}
    lines = [b for b in _index(doc).lines.get((unit, year), []) if b.month is not None]
    for kind, into in (("rpd", planned), ("realisasi_bulanan", realised)):
        for b in _on_unit([b for b in lines if b.kind == kind]):
            assert b.month is not None
            into[b.month] = into.get(b.month, 0) + b.amount
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


# --- the output structure (Program > Kegiatan > KRO > RO): capaian RO and efficiency --------------
#
# ``budget_outputs(doc, unit, year)`` is what the budget page, the LKj's "Analisis Efisiensi" and
# the computed EKA ask. The rules:
#
# * an RO's or KRO's pagu and realisation are the budget lines that name it (``output``), made as
#   a unit's are (pagu akhir, else pagu awal plus revisions; realisasi, else the monthly sum),
#   lines without an account before account lines (``_on_node``); a KRO's are its own lines plus
#   its RO's;
# * an RO's realised volume is the latest month's volume (volumes are cumulative, "s.d. bulan");
#   its capaian is realised over target (``core.budget.output_achievement``, not capped);
# * CRO is the mean over the RO with a positive target and a realised volume; a KRO's capaian is
#   the mean of its RO's; an RO without a KRO above it is its own group for the efficiency;
# * ERO (``core.budget.efficiency``) is over the groups with pagu, realisation and capaian; NE is
#   its score; EKA's four parts are P (the unit's absorption), K (``budget_months`` consistency),
#   CRO and NE.


@dataclass(frozen=True)
class OutputRow:
    level: str
    code: str
    name: str
    depth: int  # 0 for a top node, for the table's indent
    parent: str
    objective: str | None  # "UNIT:CODE" the node serves (its own, else the nearest above it)
    pagu: int | None
    realisasi: int | None
    penyerapan: Decimal | None
    volume_target: Decimal | None = None
    volume_unit: str = ""
    volume: Decimal | None = None  # realised volume (the latest month's)
    volume_month: int | None = None
    capaian: Decimal | None = None  # RO: volume / target; KRO: the mean of its RO's
    efficiency: Decimal | None = None  # KRO (or a lone RO): E_j in percent


@dataclass(frozen=True)
class Outputs:
    rows: list[OutputRow]  # every node in tree order
    capaian_ro: Decimal | None  # CRO
    efisiensi: Decimal | None  # ERO, percent
    nilai_efisiensi: Decimal | None  # NE

    @property
    def ros(self) -> list[OutputRow]:
        return [r for r in self.rows if r.level == "ro"]

    @property
    def empty(self) -> bool:
        return not self.rows


def budget_outputs(doc: d.Document, unit: str, year: int) -> Outputs:
    """The unit's own output structure in ``year`` with the figures of each node (rules above)."""
    from kinerja.interchange.refs import resolve_ref

    nodes = list(_index(doc).outputs.get((unit, year), []))
    if not nodes:
        return Outputs([], None, None, None)
    by_code = {o.code: o for o in nodes}
    children: dict[str, list[d.BudgetOutput]] = {}
    for o in nodes:
        children.setdefault(o.parent if o.parent in by_code else "", []).append(o)
    lines: dict[str, list[d.BudgetEntry]] = {}
    for b in _index(doc).lines.get((unit, year), []):
        if b.output:
            lines.setdefault(b.output, []).append(b)

    def objective_of(o: d.BudgetOutput) -> str | None:
        seen: set[str] = set()
        node: d.BudgetOutput | None = o
        while node is not None and node.code not in seen:
            if node.objective:
                return resolve_ref(node.objective, unit)
            seen.add(node.code)
            node = by_code.get(node.parent)
        return None

    rows: list[OutputRow] = []
    groups: list[formulas.KroSpending] = []
    ro_pairs: list[tuple[Decimal | None, Decimal | None]] = []

    def visit(o: d.BudgetOutput, depth: int, seen: frozenset[str]) -> list[Decimal]:
        """Adds the rows of ``o`` and its subtree; returns the capaian of the RO beneath it."""
        index = len(rows)
        rows.append(OutputRow(o.level, o.code, o.name, depth, o.parent, objective_of(o), None, None, None))
        own = list(lines.get(o.code, []))
        capaians: list[Decimal] = []
        for child in children.get(o.code, []):
            if child.code not in seen:
                capaians += visit(child, depth + 1, seen | {child.code})
        # a node's figures: its own lines (chosen as a node's) plus its children's totals
        parts = [_pagu_real(own, _on_node)] if own else []
        for child in children.get(o.code, []):
            row = next((r for r in rows[index + 1 :] if r.code == child.code), None)
            if row is not None:
                parts.append((row.pagu, row.realisasi))
        pagu, real = _sum_parts(parts)
        volume = month = capaian = None
        if o.level == "ro":
            if o.volumes:
                last = max(o.volumes, key=lambda v: v.month)
                volume, month = last.value, last.month
            capaian = formulas.output_achievement([(o.volume_target, volume)])
            ro_pairs.append((o.volume_target, volume))
            if capaian is not None:
                capaians = [capaian]
        elif o.level == "kro" and capaians:
            capaian = sum(capaians, Decimal(0)) / len(capaians)
        efficiency = None
        lone_ro = o.level == "ro" and by_code.get(o.parent) is None
        if (o.level == "kro" or lone_ro) and pagu is not None and real is not None and capaian is not None:
            spending = formulas.KroSpending(pagu, capaian, real)
            efficiency = formulas.efficiency([spending])
            if efficiency is not None:
                groups.append(spending)
        rows[index] = OutputRow(
            o.level,
            o.code,
            o.name,
            depth,
            o.parent,
            rows[index].objective,
            pagu,
            real,
            formulas.absorption(real, pagu),
            o.volume_target,
            o.volume_unit,
            volume,
            month,
            capaian,
            efficiency,
        )
        return capaians

    for top in children.get("", []):
        visit(top, 0, frozenset({top.code}))
    ero = formulas.efficiency(groups)
    return Outputs(rows, formulas.output_achievement(ro_pairs), ero, formulas.efficiency_score(ero))


def _sum_parts(parts: Sequence[tuple[int | None, int | None]]) -> tuple[int | None, int | None]:
    """The pagu and realisation of parts summed; the realisation only when every part with a pagu
    has one (a sum over some parts against the pagu of all would be a false absorption)."""
    pagus = [p for p, _ in parts if p is not None]
    reals = [r for _, r in parts if r is not None]
    pagu = sum(pagus) if pagus else None
    complete = all(r is not None for p, r in parts if p is not None)
    real = sum(reals) if reals and complete else None
    return pagu, real


def eka_parts(doc: d.Document, unit: str, year: int) -> dict[str, Decimal]:
    """EKA's four implementation variables computed from the unit's own data: penyerapan (P),
    konsistensi terhadap RPD (K), capaian RO (CRO) and nilai efisiensi (NE), each where the data
    allow it (keys of ``document.EKA_PARTS``)."""
    akhir, real = _own(doc, unit, year)
    outputs = budget_outputs(doc, unit, year)
    found = {
        "eka_penyerapan": formulas.absorption(real, akhir),
        "eka_konsistensi": budget_months(doc, unit, year).consistency,
        "eka_capaian_ro": outputs.capaian_ro,
        "eka_efisiensi": outputs.nilai_efisiensi,
    }
    return {k: v for k, v in found.items() if v is not None}


# --- tables: per objective, per account (jenis belanja), over the years -----------------------------


@dataclass(frozen=True)
class Line:
    label: str
    pagu: int | None
    realisasi: int | None
    penyerapan: Decimal | None
    key: str = ""  # the objective's "UNIT:CODE", the account, the year
    renstra: int | None = None  # trend: the Renstra's funding need of that year


def _line(label: str, entries: Sequence[d.BudgetEntry], key: str = "") -> Line:
    """One table line from budget lines: each group of lines (a unit's RO or KRO, or its lines
    with no RO) made as a node's, then summed (``_sum_parts``)."""
    groups: dict[tuple[str, str], list[d.BudgetEntry]] = {}
    for b in entries:
        if b.kind != "renstra":
            groups.setdefault((b.unit, b.output), []).append(b)
    pagu, real = _sum_parts([_pagu_real(g, _on_node) for g in groups.values()])
    return Line(label, pagu, real, formulas.absorption(real, pagu), key)


def _beneath(doc: d.Document, unit: str) -> list[str]:
    """The unit and every unit beneath it."""
    kids = _index(doc).children
    out, seen, todo = [], set(), [unit]
    while todo:
        code = todo.pop()
        if code not in seen:
            seen.add(code)
            out.append(code)
            todo += kids.get(code, [])
    return out


def _budget_holders(doc: d.Document, unit: str, year: int) -> list[str]:
    """The units whose own lines make the unit's budget: the unit itself when it has pagu or
    realisation of its own, else the units ``unit_budget`` rolled up."""
    found = unit_budget(doc, unit, year)
    if found is None:
        return []
    return list(found.rolled_up) or [unit]


def budget_by_account(doc: d.Document, unit: str, year: int) -> list[Line]:
    """Pagu and realisation per account (akun or jenis belanja) over the units that make the
    unit's budget; lines without an account are not in this table."""
    groups: dict[str, list[d.BudgetEntry]] = {}
    lines = _index(doc).lines
    for holder in _budget_holders(doc, unit, year):
        for b in lines.get((holder, year), []):
            if b.account and b.kind != "renstra":
                groups.setdefault(b.account, []).append(b)
    return [_line(name, groups[name], name) for name in sorted(groups)]


def budget_by_objective(doc: d.Document, unit: str, year: int) -> list[Line]:
    """Pagu and realisation of each objective of the unit's Renstra in force, from the lines that
    name it or an RO serving it, in the unit and beneath it; an objective also takes what was
    spent on the objectives beneath that support it (Renstra cascade), each line counted once."""
    from kinerja.figures.inforce import plan_for
    from kinerja.interchange.refs import objective_key, resolve_ref

    plan = plan_for(doc, unit, year)
    if plan is None:
        return []
    units = set(_beneath(doc, unit))
    supported_by: dict[str, list[str]] = {}
    for p in doc.plans:
        if p.unit in units and p.period[0] <= year <= p.period[1]:
            for o in p.objectives:
                for target in o.supports:
                    supported_by.setdefault(resolve_ref(target, p.unit), []).append(objective_key(o, p))
    serving: dict[str, list[int]] = {}  # "UNIT:CODE" -> indexes of budget lines
    node_objective: dict[tuple[str, str], str | None] = {}
    for code in units:
        for row in budget_outputs(doc, code, year).rows:
            node_objective[(code, row.code)] = row.objective
    for i, b in enumerate(doc.budgets):
        if b.unit not in units or b.year != year:
            continue
        key = resolve_ref(b.objective, b.unit) if b.objective else None
        if key is None and b.output:
            key = node_objective.get((b.unit, b.output))
        if key is not None:
            serving.setdefault(key, []).append(i)
    out = []
    for o in plan.objectives:
        key = objective_key(o, plan)
        taken: set[int] = set()
        todo, seen = [key], set()
        while todo:
            k = todo.pop()
            if k in seen:
                continue
            seen.add(k)
            taken.update(serving.get(k, []))
            todo += supported_by.get(k, [])
        entries = [doc.budgets[i] for i in sorted(taken)]
        out.append(_line(f"{o.code} {o.statement}", entries, key))
    return out


def budget_trend(doc: d.Document, unit: str, year: int) -> list[Line]:
    """The unit's budget in each year of its Renstra in force (the years before and including
    ``year``, with the later years' plan where known), from ``unit_budget``."""
    from kinerja.figures.inforce import plan_for

    plan = plan_for(doc, unit, year)
    years = range(plan.period[0], plan.period[1] + 1) if plan else range(year, year + 1)
    out = []
    for y in years:
        found = unit_budget(doc, unit, y)
        need = [b.amount for b in _index(doc).lines.get((unit, y), []) if b.kind == "renstra"]
        renstra = sum(need) if need else None
        if found is None:
            out.append(Line(str(y), None, None, None, str(y), renstra))
        else:
            out.append(Line(str(y), found.pagu_akhir, found.realisasi, found.penyerapan, str(y), renstra))
    return out
