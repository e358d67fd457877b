"""Indexes over one interchange ``Document``, built once, so every rule is a plain loop.

Pure Python: no Django, no database. The same ``Document`` comes from a file
(``kinerja.interchange.parse.load_document``) or from the database
(``kinerja.interchange.db.export_document``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kinerja.core.numbers import format_number, format_rupiah
from kinerja.core.types import KinerjaValidationError, NumericTarget, RangeTarget, Target
from kinerja.figures.inforce import InForce, in_force, plan_for
from kinerja.interchange import document as d
from kinerja.interchange.refs import indicator_key, objective_key, resolve_ref


@dataclass(frozen=True)
class IndRef:
    """Where an indicator sits: its key ``OWNER:CODE`` and its indices in the document."""

    key: str
    plan_index: int
    objective_index: int
    indicator_index: int
    plan: d.Plan
    objective: d.Objective
    indicator: d.Indicator

    @property
    def path(self) -> str:
        return (
            f"plans[{self.plan_index}].objectives[{self.objective_index}].indicators[{self.indicator_index}]"
        )


@dataclass(frozen=True)
class ObjRef:
    key: str
    plan_index: int
    objective_index: int
    plan: d.Plan
    objective: d.Objective

    @property
    def path(self) -> str:
        return f"plans[{self.plan_index}].objectives[{self.objective_index}]"


class Context:
    """The document and its lookups. Built in one pass; rules only read it."""

    def __init__(self, doc: d.Document) -> None:
        self.doc = doc
        self.units: dict[str, d.Unit] = {u.code: u for u in doc.units}
        self.unit_index: dict[str, int] = {u.code: i for i, u in enumerate(doc.units)}
        self._ancestors: dict[str, list[str]] = {}
        self._subtrees: dict[str, set[str]] = {}
        self.children: dict[str, list[str]] = defaultdict(list)
        for u in doc.units:
            if u.parent:
                self.children[u.parent].append(u.code)
        self.indicators: dict[str, list[IndRef]] = defaultdict(list)
        self.objectives: dict[str, list[ObjRef]] = defaultdict(list)
        for pi, plan in enumerate(doc.plans):
            for oi, obj in enumerate(plan.objectives):
                self.objectives[objective_key(obj, plan)].append(
                    ObjRef(objective_key(obj, plan), pi, oi, plan, obj)
                )
                for ii, ind in enumerate(obj.indicators):
                    key = indicator_key(ind, plan)
                    self.indicators[key].append(IndRef(key, pi, oi, ii, plan, obj, ind))
        self._in_force: dict[tuple[str, int], InForce | None] = {}
        self.agreements: dict[tuple[str, int], list[tuple[int, d.Agreement]]] = defaultdict(list)
        for i, a in enumerate(doc.agreements):
            self.agreements[(a.unit, a.year)].append((i, a))
        for versions in self.agreements.values():
            versions.sort(key=lambda item: item[1].version)
        # realisation records by (indicator key, year), from any unit
        self.records: dict[tuple[str, int], list[tuple[int, d.Realization]]] = defaultdict(list)
        for i, r in enumerate(doc.realizations):
            self.records[(resolve_ref(r.indicator, r.unit), r.period.year)].append((i, r))

    # --- units -------------------------------------------------------------------------------

    def ancestors(self, unit: str) -> list[str]:
        cached = self._ancestors.get(unit)
        if cached is None:
            cached = self._ancestors[unit] = self._walk_up(unit)
        return cached

    def _walk_up(self, unit: str) -> list[str]:
        result: list[str] = []
        seen = {unit}
        current = self.units.get(unit)
        while current is not None and current.parent and current.parent not in seen:
            result.append(current.parent)
            seen.add(current.parent)
            current = self.units.get(current.parent)
        return result

    def subtree(self, unit: str) -> set[str]:
        cached = self._subtrees.get(unit)
        if cached is None:
            cached = self._subtrees[unit] = self._walk_down(unit)
        return cached

    def _walk_down(self, unit: str) -> set[str]:
        result = {unit}
        stack = [unit]
        while stack:
            for child in self.children.get(stack.pop(), ()):
                if child not in result:
                    result.add(child)
                    stack.append(child)
        return result

    def unit_exists_in(self, unit: str, year: int) -> bool:
        """Did the unit exist at some time in ``year`` (by ``valid_from``/``valid_to``)?"""
        u = self.units.get(unit)
        if u is None:
            return True
        if u.valid_from and u.valid_from.year > year:
            return False
        return not (u.valid_to and u.valid_to.year < year)

    # --- plans, indicators, agreements ---------------------------------------------------------

    def plan_for(self, unit: str, year: int) -> tuple[int, d.Plan] | None:
        """The unit's Renstra covering ``year`` (latest start, then highest version), as the engine."""
        plan = plan_for(self.doc, unit, year)
        if plan is None:
            return None
        return next((i, p) for i, p in enumerate(self.doc.plans) if p is plan)

    def in_force(self, unit: str, year: int) -> InForce | None:
        """What the engine measures the unit-year by (``kinerja.figures.inforce.in_force``)."""
        if (unit, year) not in self._in_force:
            try:
                self._in_force[(unit, year)] = in_force(self.doc, unit, year)
            except KinerjaValidationError:
                self._in_force[(unit, year)] = None
        return self._in_force[(unit, year)]

    def indicator(self, ref: str, context_unit: str) -> IndRef | None:
        refs = self.indicators.get(resolve_ref(ref, context_unit))
        return refs[0] if refs else None

    def latest_agreement(self, unit: str, year: int) -> tuple[int, d.Agreement] | None:
        versions = self.agreements.get((unit, year))
        return versions[-1] if versions else None

    def pk_years(self, unit: str) -> list[int]:
        return sorted(year for (u, year) in self.agreements if u == unit)

    def has_record(self, key: str, year: int, seen: frozenset[str] = frozenset()) -> bool:
        """Can the engine find a realisation of ``key`` in ``year``? A record with a value, inputs or
        quarters, or (for a composite) at least one component that has one."""
        for _, r in self.records.get((key, year), ()):
            if r.value is not None or r.inputs:
                return True
        refs = self.indicators.get(key)
        if not refs or key in seen:
            return False
        ref = refs[0]
        return any(
            self.has_record(resolve_ref(c, ref.plan.unit), year, seen | {key})
            for c in ref.indicator.components
        )


# --- formatting helpers (Indonesian notation, as the reports print) ------------------------------


def num(value: Decimal | int) -> str:
    """``18.800.000``, ``99,25``, ``0,686`` (no trailing zeros beyond 2 places)."""
    dec = Decimal(value)
    if dec == dec.to_integral_value():
        return format_number(dec, 0)
    exponent = dec.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) else 2
    return format_number(dec, min(max(places, 2), 6))


def rupiah(amount: int) -> str:
    return format_rupiah(amount)


def target_text(target: Target | None) -> str:
    if target is None:
        return "kosong"
    if isinstance(target, NumericTarget):
        return num(target.value)
    if isinstance(target, RangeTarget):
        return f"{num(target.low)}–{num(target.high)}"
    return target.label


def target_magnitude(target: Target) -> Decimal | None:
    if isinstance(target, NumericTarget):
        return abs(target.value)
    if isinstance(target, RangeTarget):
        return max(abs(target.low), abs(target.high))
    return None


def norm(text: str) -> str:
    """Text compared as people read it: case, spaces and punctuation spacing ignored."""
    return " ".join(text.casefold().split())


MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def date_text(value: date) -> str:
    """``1 September 2022``."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def years_text(years: list[int]) -> str:
    return ", ".join(str(y) for y in years)
