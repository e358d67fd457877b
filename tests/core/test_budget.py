"""Budget performance formulas (kinerja.core.budget) with the test vectors of rules.md §8 (T5, T6,
T7) and properties that hold for any input."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.core import budget as b
from kinerja.core.bands import validate_bands
from kinerja.core.numbers import round_half_up

D = Decimal
money = st.integers(min_value=0, max_value=10**15)
months = st.dictionaries(st.integers(min_value=1, max_value=12), money, max_size=12)
score = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


def _near(value: Decimal | None, expected: Decimal) -> bool:
    return value is not None and round_half_up(value, 20) == round_half_up(expected, 20)


def test_t5_the_lan_2021_implementation_score() -> None:
    """P 95,53, K 99,61, CRO 99,72, NE 59,98 -> 87,93 (Puslatbang KMP LAN, LAKIP 2021)."""
    value = b.implementation_score(D("95.53"), D("99.61"), D("99.72"), D("59.98"))
    assert value == D("87.92791") and round_half_up(value, 2) == D("87.93")


def test_t6_efficiency_score() -> None:
    assert round_half_up(b.efficiency_score(D("3.992")), 2) == D("59.98")  # type: ignore[arg-type]
    assert b.efficiency_score(D("25")) == 100 and b.efficiency_score(D("-25")) == 0
    assert b.efficiency_score(D(0)) == 50 and b.efficiency_score(None) is None


@pytest.mark.parametrize(
    ("value", "label"),
    [("95.00", "Sangat Baik"), ("94.99", "Baik"), ("89.00", "Baik"), ("88.99", "Cukup"), ("70.00", "Cukup"),
     ("69.99", "Kurang")],
)  # fmt: skip
def test_t7_ikpa_predicates(value: str, label: str) -> None:
    band = b.ikpa_predicate(D(value))
    assert band is not None and band.label == label


def test_the_seed_absorption() -> None:
    """Dit. PKR 2022 (seed 001): pagu akhir Rp28.191.006.288.000; a realisation of 99 % of it."""
    assert b.absorption(27_909_096_225_120, 28_191_006_288_000) == D("99")
    assert b.absorption(1, 0) is None and b.absorption(None, 10) is None


def test_consistency_of_realisation_with_the_rpd() -> None:
    plan = {1: 100, 2: 100, 3: 100, 4: 100}
    real = {1: 50, 2: 150, 3: 100, 4: 100}
    # cumulative 50/100, 200/200, 300/300, 400/400 and then 400/400 each month to December
    assert b.consistency(real, plan, months=4) == (D(50) + 100 + 100 + 100) / 4
    assert _near(b.consistency(real, plan), (D(50) + 100 * 11) / 12)
    # ahead of the plan: uncapped, unless a cap is asked for
    assert b.consistency({1: 200}, {1: 100}, months=1) == 200
    assert b.consistency({1: 200}, {1: 100}, months=1, cap=D(100)) == 100
    assert b.consistency({1: 5}, {}) is None


def test_rpd_deviation() -> None:
    assert b.rpd_deviation({1: 80, 2: 120}, {1: 100, 2: 100}) == 20
    assert b.rpd_deviation({1: 80}, {}) is None


def test_output_achievement_leaves_out_what_cannot_be_measured() -> None:
    assert b.output_achievement([(D(100), D(100)), (D(50), D(25)), (D(0), D(5)), (None, D(1))]) == 75
    assert b.output_achievement([(D(10), D(20))], cap=D(100)) == 100
    assert b.output_achievement([(D(0), D(1))]) is None


def test_efficiency_of_kro() -> None:
    # spent 90 of 100 for a full output: 10 % efficient; half the output for all the money: -100 %
    assert b.efficiency([b.KroSpending(100, D(100), 90)]) == 10
    assert b.efficiency([b.KroSpending(100, D(100), 90), b.KroSpending(100, D(50), 100)]) == (D(10) - 100) / 2
    assert b.efficiency([b.KroSpending(0, D(100), 0)]) is None


def test_ikpa_with_all_weights_and_a_penalty() -> None:
    scores = {k: D(90) for k in b.IKPA_WEIGHTS}
    assert b.ikpa(scores).value == 90 and b.ikpa(scores).missing == ()
    scores["capaian_output"] = D(100)  # weight 25 of 100
    assert b.ikpa(scores).value == D("92.5")
    assert b.ikpa({**scores, "dispensasi_spm": D("0.5")}).value == D("92.0")


def test_ikpa_with_indicators_missing_scales_the_rest() -> None:
    result = b.ikpa({"penyerapan": D(80), "capaian_output": D(100)})  # weights 20 and 25
    assert _near(result.value, (D(20) * 80 + D(25) * 100) / 45)
    assert "revisi_dipa" in result.missing and len(result.missing) == 5
    assert b.ikpa({}).value is None
    with pytest.raises(ValueError, match="komponen IKPA tidak dikenal: smart"):
        b.ikpa({"smart": D(1)})


def test_nka_is_the_mean_of_eka_and_ikpa() -> None:
    assert b.nka(D("87.93"), D("96.07")) == D("92.00")
    assert b.nka(None, D(90)) is None
    band = b.score_predicate(D("92.00"))
    assert band is not None and band.label == "Sangat Baik"


def test_the_score_bands_cover_every_score() -> None:
    validate_bands(b.BUDGET_SCORE_BANDS)


@given(st.integers(min_value=0, max_value=10**15), st.integers(min_value=1, max_value=10**15))
def test_absorption_is_a_share(realised: int, allocation: int) -> None:
    value = b.absorption(realised, allocation)
    assert value is not None and value >= 0
    assert (value <= 100) == (realised <= allocation)


@given(months, months)
def test_consistency_of_a_plan_with_itself_is_100(real: dict[int, int], plan: dict[int, int]) -> None:
    same = b.consistency(plan, plan)
    assert same is None if not any(plan.values()) else same == 100
    capped = b.consistency(real, plan, cap=D(100))
    assert capped is None or D(0) <= capped <= 100


@given(st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False, allow_infinity=False))
def test_efficiency_score_is_monotone_and_bounded(ero: Decimal) -> None:
    ne = b.efficiency_score(ero)
    assert ne is not None and 0 <= ne <= 100
    assert b.efficiency_score(ero + 1) >= ne  # type: ignore[operator]


@given(score, score, score, score)
def test_implementation_score_stays_within_its_parts(
    p: Decimal, k: Decimal, cro: Decimal, ne: Decimal
) -> None:
    value = b.implementation_score(p, k, cro, ne)
    assert value is not None and min(p, k, cro, ne) <= value <= max(p, k, cro, ne)


@given(st.dictionaries(st.sampled_from(sorted(b.IKPA_WEIGHTS)), score, min_size=1))
def test_ikpa_stays_within_its_scores(scores: dict[str, Decimal]) -> None:
    value = b.ikpa(scores).value
    assert value is not None and min(scores.values()) <= value <= max(scores.values())
