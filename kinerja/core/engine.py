"""The computation of a whole unit-year: realisations, achievements and means.

``compute_unit_year`` resolves each indicator's realisation in this order:

1. **composite** (``spec.components`` not empty): each component's realisation, resolved by
   these same rules (components may be composites themselves, from any unit), combined by
   ``aggregate_components``. A cycle is refused with the cycle named (``A -> B -> A``); so are
   chains deeper than ``MAX_COMPONENT_DEPTH``. A component with a label realisation is left out
   as n.a with a note.
2. **the year's record** (``inp.annual``): with raw ``inputs``, the indicator's formula over them
   (a stated ``value`` that differs by more than 0,005 is noted, the formula wins); otherwise its
   ``value`` (a number, or a label for a qualitative indicator). A record with neither counts
   as absent.
3. **quarterly records** (``inp.quarterly``), each read as in 2, combined by ``quarter_rule``:
   ``sum``, ``average`` or ``last`` (the highest quarter that has a value); noted.
4. otherwise n.a ("realisasi belum ada").

A formula that cannot be computed (division by zero) or lacks an input value gives n.a with a
note; a malformed formula, a key missing from ``inp.indicators`` or a quarter outside 1..4 raises
``KinerjaValidationError``. Each realisation is resolved once (memoised per key).

Achievement uses ``achievement.achievement`` with the indicator's polarity, cap and scale and
the agency policy (lower-is-better rule, agency cap). An objective's achievement is the mean of
its indicators' capped achievements, a unit's the mean of its objectives'; n.a is left out and
named in a note. Nothing is rounded here.
"""

from __future__ import annotations

from decimal import Decimal, DecimalException, localcontext

from kinerja.core.achievement import NOTE_NO_REALIZATION, achievement
from kinerja.core.aggregation import aggregate_components, mean_skipping_na
from kinerja.core.formula import FormulaNotComputable, evaluate_formula, formula_variables, validate_formula
from kinerja.core.numbers import COMPUTE_CONTEXT, format_number
from kinerja.core.types import (
    ComponentResult,
    IndicatorResult,
    IndicatorSpec,
    KinerjaValidationError,
    ObjectiveResult,
    QuarterRule,
    RealizationInput,
    RealizationValue,
    UnitResult,
    UnitYearInput,
)

__all__ = ["MAX_COMPONENT_DEPTH", "STATED_VALUE_TOLERANCE", "compute_unit_year"]

MAX_COMPONENT_DEPTH = 50
STATED_VALUE_TOLERANCE = Decimal("0.005")
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_QUARTER_RULE_WORD = {
    QuarterRule.SUM: "jumlah",
    QuarterRule.AVERAGE: "rata-rata",
    QuarterRule.LAST: "terakhir",
}

_Resolved = tuple[RealizationValue | None, tuple[str, ...]]


def _dedupe(notes: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(notes))


class _Resolver:
    def __init__(self, inp: UnitYearInput) -> None:
        self.inp = inp
        self.memo: dict[str, _Resolved] = {}

    def spec(self, key: str, referenced_by: str | None = None) -> IndicatorSpec:
        spec = self.inp.indicators.get(key)
        if spec is None:
            by = f" (dirujuk oleh {referenced_by})" if referenced_by else ""
            raise KinerjaValidationError(f"indikator '{key}' tidak didefinisikan{by}")
        return spec

    def resolve(self, key: str, path: tuple[str, ...] = ()) -> _Resolved:
        if key in self.memo:
            return self.memo[key]
        if key in path:
            cycle = " -> ".join((*path[path.index(key) :], key))
            raise KinerjaValidationError(f"siklus komponen: {cycle}")
        if len(path) >= MAX_COMPONENT_DEPTH:
            raise KinerjaValidationError(
                f"komponen bersarang terlalu dalam (lebih dari {MAX_COMPONENT_DEPTH} tingkat) di '{key}'"
            )
        spec = self.spec(key, path[-1] if path else None)
        if spec.components:
            result = self._composite(spec, (*path, key))
        else:
            result = self._own(spec)
        self.memo[key] = result
        return result

    def _composite(self, spec: IndicatorSpec, path: tuple[str, ...]) -> _Resolved:
        if len(set(spec.components)) != len(spec.components):
            raise KinerjaValidationError(
                f"indikator '{spec.key}': komponen ganda: {', '.join(spec.components)}"
            )
        values: list[tuple[str, Decimal | None]] = []
        notes: list[str] = []
        for comp in spec.components:
            value, _ = self.resolve(comp, path)
            if isinstance(value, str):
                notes.append(f"komponen {comp}: realisasi berupa label ('{value}'), tidak dihitung")
                value = None
            values.append((comp, value))
        weights = dict(spec.weights) if spec.weights else None
        try:
            combined, agg_notes = aggregate_components(values, spec.aggregation, weights)
        except KinerjaValidationError as exc:
            raise KinerjaValidationError(exc.message, where=spec.key) from exc
        return combined, _dedupe([*notes, *agg_notes])

    def _own(self, spec: IndicatorSpec) -> _Resolved:
        record = self.inp.annual.get(spec.key)
        if record is not None and (record.value is not None or record.inputs):
            return self._record(spec, record, "")
        quarters = self.inp.quarterly.get(spec.key)
        if quarters:
            return self._quarters(spec, quarters)
        return None, (NOTE_NO_REALIZATION,)

    def _record(self, spec: IndicatorSpec, record: RealizationInput, prefix: str) -> _Resolved:
        if not record.inputs:
            return record.value, ()
        if not spec.formula:
            note = f"{prefix}ada masukan mentah tetapi indikator tidak punya rumus"
            if record.value is None:
                return None, (f"{note} (n.a)",)
            return record.value, (f"{note}; dipakai nilai yang dinyatakan",)
        try:
            validate_formula(spec.formula)
        except KinerjaValidationError as exc:
            raise KinerjaValidationError(exc.message, where=spec.key) from exc
        inputs = dict(record.inputs)
        missing = sorted(formula_variables(spec.formula) - set(inputs))
        if missing:
            return None, (f"{prefix}nilai masukan belum ada: {', '.join(missing)} (n.a)",)
        try:
            value = evaluate_formula(spec.formula, inputs)
        except FormulaNotComputable as exc:
            return None, (f"{prefix}{exc.message} (n.a)",)
        except KinerjaValidationError as exc:
            raise KinerjaValidationError(exc.message, where=spec.key) from exc
        notes: tuple[str, ...] = ()
        stated = record.value
        if stated is not None:
            if isinstance(stated, str):
                notes = (
                    f"{prefix}nilai yang dinyatakan ('{stated}') diganti hasil rumus {format_number(value)}",
                )
            elif abs(Decimal(stated) - value) > STATED_VALUE_TOLERANCE:
                notes = (
                    f"{prefix}nilai yang dinyatakan {format_number(Decimal(stated))} berbeda dari hasil rumus "
                    f"{format_number(value)}; dipakai hasil rumus",
                )
        return value, notes

    def _quarters(self, spec: IndicatorSpec, quarters: dict[int, RealizationInput]) -> _Resolved:
        bad = sorted(
            str(q) for q in quarters if isinstance(q, bool) or not isinstance(q, int) or q not in _ROMAN
        )
        if bad:
            raise KinerjaValidationError(
                f"triwulan tidak sah: {', '.join(bad)} (harus 1 sampai 4)", where=spec.key
            )
        notes: list[str] = []
        present: list[tuple[int, RealizationValue]] = []
        for q in sorted(quarters):
            value, q_notes = self._record(spec, quarters[q], f"TW {_ROMAN[q]}: ")
            notes.extend(q_notes)
            if value is not None:
                present.append((q, value))
        if not present:
            return None, _dedupe([*notes, NOTE_NO_REALIZATION])
        try:
            rule = QuarterRule(spec.quarter_rule)
        except ValueError as exc:
            raise KinerjaValidationError(
                f"aturan triwulan tidak dikenal: {spec.quarter_rule!r}", where=spec.key
            ) from exc
        shown = ", ".join(_ROMAN[q] for q, _ in present)
        if rule is QuarterRule.LAST:
            q, value = present[-1]
            notes.append(
                f"realisasi dari data triwulan (TW {shown}; {_QUARTER_RULE_WORD[rule]}: TW {_ROMAN[q]})"
            )
            return value, _dedupe(notes)
        labels = [q for q, v in present if isinstance(v, str)]
        if labels:
            verb = "dijumlahkan" if rule is QuarterRule.SUM else "dirata-rata"
            notes.append(f"realisasi triwulan berupa label tidak dapat {verb} (n.a)")
            return None, _dedupe(notes)
        nums = [Decimal(v) for _, v in present if not isinstance(v, str)]
        total = sum(nums, Decimal(0))
        value = total if rule is QuarterRule.SUM else total / len(nums)
        notes.append(f"realisasi dari data triwulan (TW {shown}; {_QUARTER_RULE_WORD[rule]})")
        return value, _dedupe(notes)


def _indicator(resolver: _Resolver, key: str, objective: str) -> IndicatorResult:
    inp = resolver.inp
    spec = resolver.spec(key, objective)
    realization, notes = resolver.resolve(key)
    target = inp.targets.get(key)
    try:
        ach = achievement(
            target,
            realization,
            spec.polarity,
            inp.policy.lower_is_better,
            spec.max_achievement,
            inp.policy.max_achievement,
            spec.scale,
        )
    except KinerjaValidationError as exc:
        raise KinerjaValidationError(exc.message, where=key) from exc
    components = tuple(ComponentResult(c, resolver.resolve(c)[0]) for c in spec.components)
    return IndicatorResult(
        key=key,
        code=spec.code,
        target=target,
        realization=realization,
        achievement=ach.value,
        achievement_uncapped=ach.uncapped,
        components=components,
        notes=_dedupe([*notes, *ach.notes]),
    )


def compute_unit_year(inp: UnitYearInput) -> UnitResult:
    """Realisations, achievements and means for every objective of ``inp`` (see module docstring)."""
    resolver = _Resolver(inp)
    objectives: list[ObjectiveResult] = []
    try:
        with localcontext(COMPUTE_CONTEXT):
            for obj in inp.objectives:
                indicators = tuple(_indicator(resolver, key, obj.code) for key in obj.indicator_keys)
                mean = mean_skipping_na([(ind.code, ind.achievement) for ind in indicators])
                obj_notes: tuple[str, ...] = ()
                if not indicators:
                    obj_notes = ("sasaran tanpa indikator (n.a)",)
                elif mean.skipped:
                    obj_notes = (f"n.a, tidak dihitung dalam rata-rata: {', '.join(mean.skipped)}",)
                objectives.append(ObjectiveResult(obj.code, mean.value, indicators, obj_notes))
            unit_mean = mean_skipping_na([(o.code, o.achievement) for o in objectives])
    except DecimalException as exc:
        raise KinerjaValidationError("perhitungan gagal: angka di luar jangkauan", where=inp.unit) from exc
    notes: tuple[str, ...] = ()
    if not objectives:
        notes = ("tidak ada sasaran (n.a)",)
    elif unit_mean.skipped:
        notes = (f"sasaran n.a, tidak dihitung dalam rata-rata unit: {', '.join(unit_mean.skipped)}",)
    return UnitResult(inp.unit, inp.year, unit_mean.value, tuple(objectives), notes)
