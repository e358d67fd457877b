"""Achievement (capaian) of one indicator: polarity, ranges, labels, zero targets, caps."""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kinerja.core.achievement import achievement
from kinerja.core.formula import evaluate_formula
from kinerja.core.numbers import COMPUTE_CONTEXT, contract_decimal
from kinerja.core.types import (
    KinerjaValidationError,
    LowerIsBetterRule,
    NumericTarget,
    Polarity,
    QualitativeTarget,
    RangeTarget,
)

D = Decimal
LOWER = Polarity.LOWER_IS_BETTER
HIGHER = Polarity.HIGHER_IS_BETTER
T_OVER_R = LowerIsBetterRule.TARGET_OVER_REALIZATION
TWO_MINUS = LowerIsBetterRule.TWO_MINUS_RATIO
OPINION = ("WTP", "WDP", "TW", "TMP")


def n(value: str | int | Decimal) -> NumericTarget:
    return NumericTarget(D(value))


# --- seed figures (LKj Dit. PKR 2022) ---------------------------------------------------------


def test_seed_ikk_1_1_capped_at_100_uncapped_kept() -> None:
    realisation = evaluate_formula("n / T * 100", {"n": D(18658193), "T": D(18800000)})
    result = achievement(n(99), realisation, indicator_cap=D(100))
    assert contract_decimal(result.uncapped) == "100.25"
    assert result.value == D(100)
    assert contract_decimal(result.value) == "100.00"
    assert any("dibatasi" in note and "batas indikator" in note for note in result.notes)


def test_seed_ikk_2_1_nka_smart_not_capped() -> None:
    result = achievement(n(87), D("97.99"))
    assert contract_decimal(result.value) == "112.63"
    assert result.value == result.uncapped
    assert result.notes == ()


def test_seed_509_of_580_full_precision_rounds_to_88_65() -> None:
    realisation = evaluate_formula("n / T * 100", {"n": D(509), "T": D(580)})
    assert str(realisation).startswith("87.7586")
    result = achievement(n(99), realisation)
    # the seed prints a truncated 88,64; full precision, half-up gives 88,65
    assert contract_decimal(result.value) == "88.65"


def test_seed_ikm_92_26_against_90() -> None:
    assert contract_decimal(achievement(n(90), D("92.26")).value) == "102.51"


def test_full_precision_no_rounding_inside() -> None:
    result = achievement(n(3), D(1))
    with localcontext(COMPUTE_CONTEXT):
        assert result.value == D(1) / D(3) * 100
    assert result.value is not None and len(result.value.as_tuple().digits) == 34


# --- rules.md test vectors -------------------------------------------------------------------


def test_rules_T8_lower_is_better_range_7_8() -> None:
    below = achievement(RangeTarget(D(7), D(8)), D("6.5"), LOWER)
    above = achievement(RangeTarget(D(7), D(8)), D(9), LOWER)
    assert contract_decimal(below.value) == "107.14"
    assert contract_decimal(above.value) == "87.50"
    assert any("batas bawah" in note for note in below.notes)
    assert any("batas atas" in note for note in above.notes)


def test_rules_T9_higher_is_better_range_80_90() -> None:
    assert achievement(RangeTarget(D(80), D(90)), D(70)).value == D("87.5")


def test_range_inside_bounds_inclusive_is_100() -> None:
    for r in ("80", "85", "90"):
        for polarity in (HIGHER, LOWER):
            assert achievement(RangeTarget(D(80), D(90)), D(r), polarity).value == D(100)
    assert achievement(RangeTarget(D(80), D(90)), D(99)).value == D("110")


def test_range_with_inverted_bounds_is_na() -> None:
    result = achievement(RangeTarget(D(90), D(80)), D(85))
    assert result.value is None and "rentang" in result.notes[0]


# --- polarity ----------------------------------------------------------------------------------


def test_lower_is_better_two_minus_ratio() -> None:
    assert achievement(n(5), D(4), LOWER).value == D(120)
    assert achievement(n(5), D(5), LOWER).value == D(100)
    assert achievement(n(5), D(6), LOWER).value == D(80)


def test_lower_is_better_two_minus_ratio_never_below_zero() -> None:
    result = achievement(n(5), D(12), LOWER)
    assert result.value == D(0) and result.uncapped == D(0)
    assert any("negatif" in note for note in result.notes)


def test_lower_is_better_target_over_realisation() -> None:
    assert achievement(n(5), D(4), LOWER, T_OVER_R).value == D(125)
    assert achievement(n(5), D(10), LOWER, T_OVER_R).value == D(50)


def test_target_over_realisation_with_zero_realisation_takes_the_cap() -> None:
    capped = achievement(n(5), D(0), LOWER, T_OVER_R, indicator_cap=D(150), agency_cap=D(120))
    assert capped.value == D(120) and capped.uncapped is None
    assert any("tak terhingga" in note for note in capped.notes)
    uncapped = achievement(n(5), D(0), LOWER, T_OVER_R)
    assert uncapped.value is None and uncapped.uncapped is None
    assert any("batas maksimum" in note for note in uncapped.notes)


def test_target_over_realisation_with_negative_realisation_is_na() -> None:
    result = achievement(n(5), D(-1), LOWER, T_OVER_R)
    assert result.value is None and result.notes


def test_higher_is_better_can_exceed_100_and_be_low() -> None:
    assert achievement(n(50), D(75)).value == D(150)
    assert achievement(n(200), D(50)).value == D(25)


# --- zero and negative targets -----------------------------------------------------------------


def test_zero_target_met_or_not_met_never_divides() -> None:
    assert achievement(n(0), D(0), LOWER).value == D(100)
    assert achievement(n(0), D(3), LOWER).value == D(0)
    assert achievement(n(0), D(0), LOWER, T_OVER_R).value == D(100)
    assert achievement(n(0), D(3), LOWER, T_OVER_R).value == D(0)
    assert achievement(n(0), D(0)).value == D(100)
    assert achievement(n(0), D(7)).value == D(100)
    assert achievement(n(0), D(-1)).value == D(0)
    for result in (achievement(n(0), D(0), LOWER), achievement(n(0), D(3), LOWER)):
        assert any("target 0" in note for note in result.notes)


def test_zero_lower_bound_of_range_uses_the_zero_rule() -> None:
    assert achievement(RangeTarget(D(0), D(5)), D(-1)).value == D(0)


def test_negative_target_is_na_with_note() -> None:
    result = achievement(n(-5), D(-4))
    assert result.value is None and "negatif" in result.notes[0]


# --- qualitative -------------------------------------------------------------------------------


def test_qualitative_audit_opinion_by_rank() -> None:
    assert achievement(QualitativeTarget("WTP"), "WTP", scale=OPINION).value == D(100)
    assert achievement(QualitativeTarget("WTP"), "WDP", scale=OPINION).value == D(75)
    assert achievement(QualitativeTarget("WTP"), "TMP", scale=OPINION).value == D(25)
    assert contract_decimal(achievement(QualitativeTarget("WDP"), "WTP", scale=OPINION).value) == "133.33"
    # polarity does not apply to an ordered scale
    assert achievement(QualitativeTarget("WTP"), "WDP", LOWER, scale=OPINION).value == D(75)


def test_qualitative_labels_ignore_case_and_spaces() -> None:
    assert achievement(QualitativeTarget(" wtp"), "Wtp ", scale=OPINION).value == D(100)


def test_qualitative_akip_predicate_scale() -> None:
    scale = ("AA", "A", "BB", "B", "CC", "C", "D")
    assert contract_decimal(achievement(QualitativeTarget("A"), "BB", scale=scale).value) == "83.33"


@pytest.mark.parametrize(
    ("target", "realisation", "scale", "fragment"),
    [
        (QualitativeTarget("WTP"), "XYZ", OPINION, "tidak ada dalam skala"),
        (QualitativeTarget("ABC"), "WTP", OPINION, "tidak ada dalam skala"),
        (QualitativeTarget("WTP"), "WTP", (), "tidak punya skala"),
        (QualitativeTarget("WTP"), D(4), OPINION, "berupa angka"),
        (NumericTarget(D(99)), "WTP", OPINION, "berupa label"),
        (RangeTarget(D(1), D(2)), "WTP", (), "berupa label"),
    ],
)
def test_bad_combinations_give_na_with_note(
    target: object, realisation: object, scale: tuple[str, ...], fragment: str
) -> None:
    result = achievement(target, realisation, scale=scale)  # type: ignore[arg-type]
    assert result.value is None and result.uncapped is None
    assert any(fragment in note for note in result.notes)


def test_duplicate_scale_labels_are_refused() -> None:
    with pytest.raises(KinerjaValidationError, match="ganda"):
        achievement(QualitativeTarget("WTP"), "WTP", scale=("WTP", "wtp"))


# --- missing values ----------------------------------------------------------------------------


def test_missing_target_or_realisation_is_na_with_indonesian_note() -> None:
    assert achievement(n(99), None).notes == ("realisasi belum ada",)
    assert achievement(None, D(99)).notes == ("target belum ada",)
    both = achievement(None, None)
    assert both.value is None and both.uncapped is None
    assert set(both.notes) == {"realisasi belum ada", "target belum ada"}


# --- caps --------------------------------------------------------------------------------------


def test_agency_cap_and_indicator_cap() -> None:
    result = achievement(n(100), D(130), indicator_cap=D(125), agency_cap=D(110))
    assert result.value == D(110) and result.uncapped == D(130)
    assert any("batas instansi" in note for note in result.notes)
    below = achievement(n(100), D(105), indicator_cap=D(125), agency_cap=D(110))
    assert below.value == below.uncapped == D(105) and below.notes == ()


def test_bad_caps_and_non_finite_numbers_raise_validation_error() -> None:
    for kwargs in ({"indicator_cap": D(0)}, {"agency_cap": D(-10)}, {"agency_cap": D("NaN")}):
        with pytest.raises(KinerjaValidationError):
            achievement(n(100), D(1), **kwargs)  # type: ignore[arg-type]
    for target, real in ((n(100), D("NaN")), (NumericTarget(D("Infinity")), D(1)), (n(1), True)):
        with pytest.raises(KinerjaValidationError):
            achievement(target, real)  # type: ignore[arg-type]
    with pytest.raises(KinerjaValidationError):
        achievement(n(1), D(1), "sideways")  # type: ignore[arg-type]


# --- properties --------------------------------------------------------------------------------

positive = st.decimals(
    min_value=D("0.001"), max_value=D("1e9"), allow_nan=False, allow_infinity=False, places=3
)
non_negative = st.decimals(
    min_value=D(0), max_value=D("1e9"), allow_nan=False, allow_infinity=False, places=3
)
caps = st.none() | st.decimals(
    min_value=D(1), max_value=D(500), allow_nan=False, allow_infinity=False, places=2
)


@given(positive, non_negative, non_negative)
def test_property_higher_is_better_monotone_non_decreasing(t: Decimal, r1: Decimal, r2: Decimal) -> None:
    lo, hi = sorted((r1, r2))
    a, b = achievement(n(t), lo).value, achievement(n(t), hi).value
    assert a is not None and b is not None and a <= b


@given(positive, non_negative, non_negative, st.sampled_from(list(LowerIsBetterRule)), caps, caps)
def test_property_lower_is_better_monotone_non_increasing(
    t: Decimal, r1: Decimal, r2: Decimal, rule: LowerIsBetterRule, icap: Decimal | None, acap: Decimal | None
) -> None:
    lo, hi = sorted((r1, r2))
    if rule is T_OVER_R and lo == 0:
        assume(icap is not None or acap is not None)  # R = 0 has a value only under a cap
    a = achievement(n(t), lo, LOWER, rule, icap, acap).value
    b = achievement(n(t), hi, LOWER, rule, icap, acap).value
    assert a is not None and b is not None and a >= b


@given(
    positive,
    non_negative,
    st.sampled_from(list(Polarity)),
    st.sampled_from(list(LowerIsBetterRule)),
    caps,
    caps,
)
def test_property_capped_is_min_of_uncapped_and_caps(
    t: Decimal,
    r: Decimal,
    polarity: Polarity,
    rule: LowerIsBetterRule,
    icap: Decimal | None,
    acap: Decimal | None,
) -> None:
    result = achievement(n(t), r, polarity, rule, icap, acap)
    if result.uncapped is None:
        return
    assert result.value == min([result.uncapped, *(c for c in (icap, acap) if c is not None)])
    for cap in (icap, acap):
        if cap is not None:
            assert result.value is not None and result.value <= cap


_any_decimal = st.decimals(allow_nan=True, allow_infinity=True) | st.integers(-(10**6), 10**6).map(D)
_targets = (
    st.none()
    | st.builds(NumericTarget, _any_decimal)
    | st.builds(RangeTarget, _any_decimal, _any_decimal)
    | st.builds(QualitativeTarget, st.sampled_from([*OPINION, "X", ""]))
)
_realisations = st.none() | _any_decimal | st.sampled_from([*OPINION, "X", ""])


@given(
    _targets,
    _realisations,
    st.sampled_from(list(Polarity)),
    st.sampled_from(list(LowerIsBetterRule)),
    st.none() | _any_decimal,
    st.none() | _any_decimal,
    st.sampled_from([(), OPINION, ("A", "a")]),
)
def test_property_any_input_raises_only_validation_error(
    target: object,
    realisation: object,
    polarity: Polarity,
    rule: LowerIsBetterRule,
    icap: object,
    acap: object,
    scale: tuple[str, ...],
) -> None:
    try:
        result = achievement(target, realisation, polarity, rule, icap, acap, scale)  # type: ignore[arg-type]
    except KinerjaValidationError:
        return
    assert result.value is None or result.value.is_finite()
    if result.value is None:
        assert result.notes
