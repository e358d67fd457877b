"""Achievement (capaian) of one indicator, in percent, at full ``Decimal`` precision.

Rules (DESIGN.md "Computation rules", rules.md §6):

* higher is better: ``R / T x 100``;
* lower is better, policy ``two_minus_ratio`` (default): ``(2 - R / T) x 100``, never below 0
  (a note says when 0 was used instead of a negative value);
* lower is better, policy ``target_over_realization``: ``T / R x 100``. R = 0 has no finite
  value: the achievement is the smallest cap in force (uncapped stays None, "tak terhingga"),
  or n.a when there is no cap; R < 0 is n.a. Both with a note;
* range target ``[lo, hi]``: inside (bounds included) = 100; below ``lo`` the rule of the
  polarity against ``lo``, above ``hi`` against ``hi`` (PermenPAN-RB 8/2021: 80–90, R = 70 ->
  87,5; lower is better 7–8, R = 6,5 -> 107,14 and R = 9 -> 87,5);
* qualitative target with an ordered scale (best first, e.g. WTP, WDP, TW, TMP): each label
  scores its rank counted from the worst (TMP = 1 ... WTP = 4); capaian = score(R) / score(T)
  x 100. Labels match ignoring case and surrounding spaces. Polarity does not apply;
* target 0 (e.g. "0 temuan"): met = 100, not met = 0, with a note. Higher is better: met when
  R >= 0; lower is better: met when R <= 0;
* a negative numeric target (or range bound used as target): n.a with a note — a ratio
  against a negative number has no meaning;
* missing target or realisation: n.a with a note ("target belum ada", "realisasi belum ada");
* a label realisation against a numeric target, a number against a label target, a label not in
  the scale: n.a with a note.

Caps: ``value = min(uncapped, indicator_cap, agency_cap)`` over the caps that are set; the
uncapped value is always returned too, and a note names the cap that applied. Caps must be
positive. Non-finite numbers and malformed scales raise ``KinerjaValidationError``; no other
exception escapes.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, DecimalException, localcontext

from kinerja.core.numbers import COMPUTE_CONTEXT, format_number
from kinerja.core.types import (
    AchievementResult,
    KinerjaValidationError,
    LowerIsBetterRule,
    NumericTarget,
    Polarity,
    QualitativeTarget,
    RangeTarget,
    RealizationValue,
    Target,
)

__all__ = ["NOTE_NO_REALIZATION", "NOTE_NO_TARGET", "achievement", "qualitative_score"]

NOTE_NO_REALIZATION = "realisasi belum ada"
NOTE_NO_TARGET = "target belum ada"

_HUNDRED = Decimal(100)


class _Outcome:
    """Uncapped value plus notes; ``unbounded`` = infinitely good (T/R with R = 0)."""

    __slots__ = ("notes", "unbounded", "value")

    def __init__(self, value: Decimal | None, notes: list[str], unbounded: bool = False) -> None:
        self.value = value
        self.notes = notes
        self.unbounded = unbounded


def _finite(value: object, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise KinerjaValidationError(f"{what} harus berupa angka, bukan {value!r}")
    dec = Decimal(value)
    if not dec.is_finite():
        raise KinerjaValidationError(f"{what} bukan angka terhingga: {value!r}")
    return dec


def _cap(value: Decimal | None, what: str) -> Decimal | None:
    if value is None:
        return None
    cap = _finite(value, what)
    if cap <= 0:
        raise KinerjaValidationError(f"{what} harus lebih dari 0, bukan {format_number(cap)}")
    return cap


def _label(value: str) -> str:
    return value.strip().casefold()


def qualitative_score(label: str, scale: Sequence[str]) -> int | None:
    """Rank of ``label`` counted from the worst end of ``scale`` (best first): worst = 1.

    None when the label is not in the scale. A scale with a repeated label is refused.
    """
    keys = [_label(s) for s in scale]
    if len(set(keys)) != len(keys):
        raise KinerjaValidationError(f"skala kualitatif berisi label ganda: {', '.join(scale)}")
    try:
        index = keys.index(_label(label))
    except ValueError:
        return None
    return len(keys) - index


def achievement(
    target: Target | None,
    realization: RealizationValue | None,
    polarity: Polarity = Polarity.HIGHER_IS_BETTER,
    rule: LowerIsBetterRule = LowerIsBetterRule.TWO_MINUS_RATIO,
    indicator_cap: Decimal | None = None,
    agency_cap: Decimal | None = None,
    scale: Sequence[str] = (),
) -> AchievementResult:
    """Achievement in percent (uncapped and capped) with notes; see the module docstring."""
    icap = _cap(indicator_cap, "batas maksimum capaian indikator")
    acap = _cap(agency_cap, "batas maksimum capaian instansi")
    missing = []
    if target is None:
        missing.append(NOTE_NO_TARGET)
    if realization is None:
        missing.append(NOTE_NO_REALIZATION)
    if target is None or realization is None:
        return AchievementResult(value=None, uncapped=None, notes=tuple(missing))
    try:
        polarity = Polarity(polarity)
        rule = LowerIsBetterRule(rule)
    except ValueError as exc:
        raise KinerjaValidationError(f"polaritas atau aturan tidak dikenal: {polarity!r}, {rule!r}") from exc
    try:
        with localcontext(COMPUTE_CONTEXT):
            outcome = _uncapped(target, realization, polarity, rule, scale)
            return _apply_caps(outcome, icap, acap)
    except DecimalException as exc:
        raise KinerjaValidationError("capaian tidak dapat dihitung: angka di luar jangkauan") from exc


def _apply_caps(outcome: _Outcome, icap: Decimal | None, acap: Decimal | None) -> AchievementResult:
    notes = list(outcome.notes)
    caps = [(c, who) for c, who in ((icap, "batas indikator"), (acap, "batas instansi")) if c is not None]
    if outcome.unbounded:
        if not caps:
            notes.append("tanpa batas maksimum capaian, nilainya tidak dapat ditetapkan (n.a)")
            return AchievementResult(value=None, uncapped=None, notes=tuple(notes))
        cap, who = min(caps, key=lambda c: c[0])
        notes.append(f"capaian ditetapkan {format_number(cap)} ({who})")
        return AchievementResult(value=cap, uncapped=None, notes=tuple(notes))
    uncapped = outcome.value
    if uncapped is None:
        return AchievementResult(value=None, uncapped=None, notes=tuple(notes))
    value = uncapped
    applied = ""
    for cap, who in caps:
        if cap < value:
            value = cap
            applied = who
    if value < uncapped:
        notes.append(f"capaian {format_number(uncapped)} dibatasi menjadi {format_number(value)} ({applied})")
    return AchievementResult(value=value, uncapped=uncapped, notes=tuple(notes))


def _uncapped(
    target: Target,
    realization: RealizationValue,
    polarity: Polarity,
    rule: LowerIsBetterRule,
    scale: Sequence[str],
) -> _Outcome:
    if isinstance(target, QualitativeTarget):
        return _qualitative(target, realization, scale)
    if not isinstance(target, NumericTarget | RangeTarget):
        raise KinerjaValidationError(f"jenis target tidak dikenal: {target!r}")
    if isinstance(realization, str):
        return _Outcome(
            None, [f"realisasi berupa label ('{realization}') sedangkan target berupa angka (n.a)"]
        )
    r = _finite(realization, "realisasi")
    if isinstance(target, NumericTarget):
        return _numeric(_finite(target.value, "target"), r, polarity, rule)
    low = _finite(target.low, "batas bawah target")
    high = _finite(target.high, "batas atas target")
    if low > high:
        return _Outcome(
            None,
            [
                f"target rentang tidak sah: batas bawah {format_number(low)} > batas atas {format_number(high)} (n.a)"
            ],
        )
    if low <= r <= high:
        return _Outcome(_HUNDRED, [])
    bound, which = (low, "bawah") if r < low else (high, "atas")
    outcome = _numeric(bound, r, polarity, rule)
    outcome.notes.insert(
        0, f"realisasi di luar rentang target; dibandingkan dengan batas {which} {format_number(bound)}"
    )
    return outcome


def _numeric(t: Decimal, r: Decimal, polarity: Polarity, rule: LowerIsBetterRule) -> _Outcome:
    if t < 0:
        return _Outcome(None, [f"target negatif ({format_number(t)}): capaian tidak dihitung (n.a)"])
    if t == 0:
        met = r >= 0 if polarity is Polarity.HIGHER_IS_BETTER else r <= 0
        if met:
            return _Outcome(_HUNDRED, ["target 0: tercapai (100)"])
        return _Outcome(Decimal(0), ["target 0: tidak tercapai (0)"])
    if polarity is Polarity.HIGHER_IS_BETTER:
        return _Outcome(r / t * _HUNDRED, [])
    if rule is LowerIsBetterRule.TWO_MINUS_RATIO:
        value = (2 - r / t) * _HUNDRED
        if value < 0:
            return _Outcome(
                Decimal(0), [f"capaian (2 − R/T) × 100 = {format_number(value)} negatif; dipakai 0"]
            )
        return _Outcome(value, [])
    if r > 0:
        return _Outcome(t / r * _HUNDRED, [])
    if r == 0:
        return _Outcome(None, ["realisasi 0 dengan rumus T/R: capaian tak terhingga"], unbounded=True)
    return _Outcome(
        None, [f"realisasi negatif ({format_number(r)}) tidak dapat dihitung dengan rumus T/R (n.a)"]
    )


def _qualitative(target: QualitativeTarget, realization: RealizationValue, scale: Sequence[str]) -> _Outcome:
    if not scale:
        return _Outcome(
            None, [f"target berupa label ('{target.label}') tetapi indikator tidak punya skala (n.a)"]
        )
    if not isinstance(realization, str):
        return _Outcome(
            None, [f"realisasi berupa angka sedangkan target berupa label '{target.label}' (n.a)"]
        )
    shown = ", ".join(scale)
    t_score = qualitative_score(target.label, scale)
    if t_score is None:
        return _Outcome(None, [f"target '{target.label}' tidak ada dalam skala ({shown}) (n.a)"])
    r_score = qualitative_score(realization, scale)
    if r_score is None:
        return _Outcome(None, [f"realisasi '{realization}' tidak ada dalam skala ({shown}) (n.a)"])
    return _Outcome(Decimal(r_score) / Decimal(t_score) * _HUNDRED, [])
