"""Rencana Aksi check: do the quarterly targets (TW I-IV) of an indicator agree with its yearly
PK target under the indicator's quarter->year rule?

Pure Python (no Django): ``check_quarters`` takes the rule, the yearly target and the quarterly
targets and gives a ``QuarterCheck`` with a message in Bahasa Indonesia.

* ``sum`` (dijumlahkan): TW I + TW II + TW III + TW IV = target tahunan;
* ``average`` (dirata-ratakan): (TW I + ... + TW IV) / 4 = target tahunan;
* ``last`` (nilai terakhir, cumulative indicators): TW IV = target tahunan (TW I-III free).

A range target is checked bound by bound (the low bounds by the rule give the yearly low bound,
the high bounds the yearly high bound). A qualitative target (a scale label) can only be checked
under ``last``; under ``sum``/``average`` the check says it cannot be combined and never blocks.

Status:

* ``ok`` — consistent;
* ``incomplete`` — a quarter the rule needs is still empty (a draft: may be saved, with a warning);
* ``mismatch`` — every needed quarter is filled and the rule does not give the yearly target
  (saving is refused, the message names the indicator and the expected value);
* ``type`` — a quarter's target type differs from the yearly target's (refused);
* ``empty`` — no quarter filled yet; ``unchecked`` — nothing to check against / cannot be checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from kinerja.core.numbers import format_number
from kinerja.core.types import NumericTarget, QualitativeTarget, QuarterRule, RangeTarget, Target

QUARTERS = (1, 2, 3, 4)
QUARTER_NAMES = {1: "TW I", 2: "TW II", 3: "TW III", 4: "TW IV"}
RULE_NAMES = {
    QuarterRule.SUM: "dijumlahkan",
    QuarterRule.AVERAGE: "dirata-ratakan",
    QuarterRule.LAST: "nilai terakhir",
}
RULE_EXPLANATIONS = {
    QuarterRule.SUM: "jumlah TW I–IV harus sama dengan target tahunan",
    QuarterRule.AVERAGE: "rata-rata TW I–IV harus sama dengan target tahunan",
    QuarterRule.LAST: "target TW IV harus sama dengan target tahunan (TW I–III bertahap)",
}

OK = "ok"
INCOMPLETE = "incomplete"
MISMATCH = "mismatch"
TYPE = "type"
EMPTY = "empty"
UNCHECKED = "unchecked"
BLOCKING = frozenset({MISMATCH, TYPE})
KIND_NAMES = {NumericTarget: "angka", RangeTarget: "rentang", QualitativeTarget: "skala kualitatif"}


@dataclass(frozen=True)
class QuarterCheck:
    status: str
    message: str
    expected: str = ""  # the value the rule expects, for people ("99,00", "80,00–90,00", "WTP")

    @property
    def blocking(self) -> bool:
        return self.status in BLOCKING

    @property
    def ok(self) -> bool:
        return self.status == OK


def exact_number(value: Decimal) -> str:
    """Indonesian notation, at least 2 decimals and never fewer than the value has (0,686)."""
    exponent = value.normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return format_number(value, places)


def show_exact(target: Target) -> str:
    if isinstance(target, NumericTarget):
        return exact_number(target.value)
    if isinstance(target, RangeTarget):
        return f"{exact_number(target.low)}–{exact_number(target.high)}"
    return target.label


def _names(quarters: list[int]) -> str:
    return ", ".join(QUARTER_NAMES[q] for q in quarters)


def _combine(rule: QuarterRule, values: list[Decimal]) -> Decimal:
    total = sum(values, Decimal(0))
    if rule == QuarterRule.AVERAGE:
        return total / Decimal(len(values))
    return total


def check_quarters(
    indicator: str,
    rule: QuarterRule | str,
    year_target: Target | None,
    quarters: Mapping[int, Target | None],
) -> QuarterCheck:
    """Check the quarterly targets of ``indicator`` against ``year_target`` by ``rule``."""
    rule = QuarterRule(rule)
    filled = {q: t for q, t in quarters.items() if q in QUARTERS and t is not None}
    if year_target is None:
        return QuarterCheck(UNCHECKED, f"{indicator}: tidak ada target tahunan di PK; tidak dapat diperiksa.")
    expected_text = show_exact(year_target)
    wrong = [q for q, t in sorted(filled.items()) if type(t) is not type(year_target)]
    if wrong:
        return QuarterCheck(
            TYPE,
            f"{indicator}: jenis target {_names(wrong)} harus {KIND_NAMES[type(year_target)]}, "
            f"sama dengan target tahunan PK ({expected_text}).",
            expected_text,
        )
    if not filled:
        return QuarterCheck(EMPTY, f"{indicator}: rencana aksi belum diisi.", expected_text)
    rule_text = f"aturan triwulan: {RULE_NAMES[rule]}"

    if rule == QuarterRule.LAST:
        last = filled.get(4)
        if last is None:
            return QuarterCheck(
                INCOMPLETE,
                f"{indicator}: TW IV belum diisi; target TW IV harus {expected_text} "
                f"(sama dengan target tahunan PK; {rule_text}).",
                expected_text,
            )
        if last == year_target:
            return QuarterCheck(OK, f"Sesuai: TW IV = {expected_text} = target tahunan PK.", expected_text)
        return QuarterCheck(
            MISMATCH,
            f"{indicator}: target TW IV = {show_exact(last)}, seharusnya {expected_text} "
            f"(sama dengan target tahunan PK; {rule_text}).",
            expected_text,
        )

    if isinstance(year_target, QualitativeTarget):
        return QuarterCheck(
            UNCHECKED,
            f"{indicator}: target kualitatif ({expected_text}) tidak dapat {RULE_NAMES[rule]}; "
            "tidak diperiksa. Periksa aturan triwulan indikator ini (biasanya 'nilai terakhir').",
            expected_text,
        )

    missing = [q for q in QUARTERS if q not in filled]
    verb = "jumlah" if rule == QuarterRule.SUM else "rata-rata"
    if isinstance(year_target, RangeTarget):
        ranges = [t for _, t in sorted(filled.items()) if isinstance(t, RangeTarget)]
        if missing:
            return QuarterCheck(
                INCOMPLETE,
                f"{indicator}: {_names(missing)} belum diisi; {verb} batas bawah dan batas atas TW I–IV "
                f"harus {expected_text} ({rule_text}).",
                expected_text,
            )
        got = RangeTarget(
            low=_combine(rule, [t.low for t in ranges]), high=_combine(rule, [t.high for t in ranges])
        )
        if got == year_target:
            return QuarterCheck(
                OK, f"Sesuai: {verb} TW I–IV = {expected_text} = target tahunan PK.", expected_text
            )
        return QuarterCheck(
            MISMATCH,
            f"{indicator}: {verb} TW I–IV = {show_exact(got)}, seharusnya {expected_text} "
            f"(target tahunan PK; {rule_text}).",
            expected_text,
        )

    assert isinstance(year_target, NumericTarget)
    values = [t.value for _, t in sorted(filled.items()) if isinstance(t, NumericTarget)]
    if missing:
        done = sum(values, Decimal(0))
        if rule == QuarterRule.SUM:
            rest = year_target.value - done
            hint = f"jumlah yang sudah diisi {exact_number(done)}, sisa {exact_number(rest)} untuk triwulan yang belum diisi"
        else:
            need = year_target.value * 4
            hint = (
                f"keempat triwulan harus berjumlah {exact_number(need)} (rata-rata {expected_text}); "
                f"sisa {exact_number(need - done)} untuk triwulan yang belum diisi"
            )
        return QuarterCheck(
            INCOMPLETE, f"{indicator}: {_names(missing)} belum diisi; {hint} ({rule_text}).", expected_text
        )
    got_value = _combine(rule, values)
    if got_value == year_target.value:
        return QuarterCheck(
            OK, f"Sesuai: {verb} TW I–IV = {expected_text} = target tahunan PK.", expected_text
        )
    extra = ""
    if rule == QuarterRule.AVERAGE:
        extra = f"; jumlah keempat triwulan seharusnya {exact_number(year_target.value * 4)}"
    return QuarterCheck(
        MISMATCH,
        f"{indicator}: {verb} TW I–IV = {exact_number(got_value)}, seharusnya {expected_text} "
        f"(target tahunan PK; {rule_text}{extra}).",
        expected_text,
    )
