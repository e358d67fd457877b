"""SKM (PermenPAN-RB 14/2017): NRR, IKM, mutu, Krejcie & Morgan, roll-up (rules.md §4, T3, T4, T11)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.core.numbers import contract_decimal
from kinerja.core.skm import (
    ELEMENTS,
    KM_TABLE,
    LEGACY_WEIGHTS,
    element_means,
    ikm_from_means,
    krejcie_morgan,
    quality,
    required_sample,
    roll_up,
    sample_check,
    survey_result,
)
from kinerja.core.types import KinerjaValidationError

D = Decimal

answer = st.integers(min_value=1, max_value=4)
respondent = st.lists(answer, min_size=9, max_size=9)


def test_nine_elements_in_regulation_order() -> None:
    assert [c for c, _ in ELEMENTS] == [f"U{i}" for i in range(1, 10)]
    assert ELEMENTS[7][1].startswith("Penanganan Pengaduan") and ELEMENTS[8][1] == "Sarana dan Prasarana"


def test_rules_T3_all_fours() -> None:
    means = element_means([[4] * 9, [4] * 9])
    assert contract_decimal(ikm_from_means(means)) == "100.00"
    assert contract_decimal(ikm_from_means(means, LEGACY_WEIGHTS[0])) == "99.90"
    assert contract_decimal(ikm_from_means(means, LEGACY_WEIGHTS[1])) == "99.00"


@pytest.mark.parametrize(
    ("ikm", "mutu", "kinerja"),
    [
        ("88.30", "B", "Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("76.60", "C", "Kurang Baik"),
        ("76.61", "B", "Baik"),
        ("64.99", "D", "Tidak Baik"),
        ("65.00", "C", "Kurang Baik"),
        ("92.26", "A", "Sangat Baik"),  # seed-001, Dit. PKR 2022
    ],
)
def test_rules_T4_mutu(ikm: str, mutu: str, kinerja: str) -> None:
    band = quality(D(ikm))
    assert band is not None and band.label == mutu and band.description == kinerja


def test_mutu_judged_on_the_printed_value() -> None:
    band = quality(D("88.305"))  # prints 88,31
    assert band is not None and band.label == "A"
    assert quality(None) is None


def test_nrr_per_element_skips_blanks() -> None:
    means = element_means([[4, 3, 2, 1, 4, 4, 4, 4, None], [2, 3, 2, 1, 4, 4, 4, 4, 3]])
    assert means[0] == D(3) and means[3] == D(1) and means[8] == D(3)
    assert ikm_from_means(element_means([[4] * 8 + [None]])) is None


def test_worked_example() -> None:
    # three respondents; NRR = 3, 3, 10/3, 3, 3, 3, 3, 3, 3 -> mean 82/27 -> IKM 75,93 (C)
    result = survey_result([[3] * 9, [3] * 9, [3, 3, 4, 3, 3, 3, 3, 3, 3]])
    assert result.respondents == 3 and contract_decimal(result.means[2]) == "3.33"
    assert contract_decimal(result.ikm) == "75.93" and result.mutu == "C"


@pytest.mark.parametrize(
    "bad",
    [[4] * 8, [4] * 10, [0] + [4] * 8, [5] + [4] * 8, ["4"] + [4] * 8, [True] + [4] * 8, "444444444"],
)
def test_bad_answers_are_refused_naming_respondent_and_element(bad: list[object]) -> None:
    with pytest.raises(KinerjaValidationError, match="responden ke-2"):
        element_means([[4] * 9, bad])  # type: ignore[list-item]


@given(st.lists(respondent, min_size=1, max_size=30))
def test_ikm_is_between_25_and_100_and_equals_mean_times_25(responses: list[list[int]]) -> None:
    result = survey_result(responses)
    assert result.ikm is not None and D(25) <= result.ikm <= D(100)
    flat = [v for r in responses for v in r]
    assert abs(result.ikm - D(sum(flat)) / len(flat) * 25) < D("1e-25")
    assert result.mutu in {"A", "B", "C", "D"}


@given(st.lists(respondent, min_size=1, max_size=10), st.lists(respondent, min_size=1, max_size=10))
def test_roll_up_by_respondents_equals_pooling_complete_answers(
    a: list[list[int]], b: list[list[int]]
) -> None:
    ra, rb = survey_result(a), survey_result(b)
    pooled = survey_result(a + b)
    rolled = roll_up([(ra.ikm, ra.respondents), (rb.ikm, rb.respondents)])
    assert rolled.respondents == len(a) + len(b)
    assert rolled.ikm is not None and pooled.ikm is not None
    assert abs(rolled.ikm - pooled.ikm) < D("1e-25")


def test_roll_up_leaves_out_empty_parts() -> None:
    rolled = roll_up([(D("92.26"), 100), (None, 50), (D("80"), 0), (D("70"), 300)])
    assert rolled.respondents == 400 and contract_decimal(rolled.ikm) == "75.57" and rolled.mutu == "C"
    assert roll_up([]).ikm is None and roll_up([]).mutu is None
    with pytest.raises(KinerjaValidationError):
        roll_up([(D(80), -1)])


@pytest.mark.parametrize(
    ("population", "sample"),
    [(100, 80), (1000, 278), (10, 10), (50, 44), (150, 108), (200, 132), (300, 169), (500, 217),
     (2000, 322), (5000, 357), (10000, 370), (75_000, 382), (100_000, 384), (1_000_000, 384), (5_000_000, 384)],
)  # fmt: skip
def test_rules_T11_krejcie_morgan(population: int, sample: int) -> None:
    assert required_sample(population) == sample


def test_between_rows_takes_the_next_higher_row_and_small_populations_are_surveyed_whole() -> None:
    assert required_sample(101) == 86 and required_sample(109) == 86
    assert required_sample(7) == 7 and required_sample(1) == 1 and required_sample(12) == 12
    with pytest.raises(KinerjaValidationError):
        required_sample(0)


def test_table_follows_the_formula() -> None:
    previous = 0
    for population, sample in KM_TABLE:
        assert sample >= previous
        previous = sample
        assert abs(krejcie_morgan(population) - sample) <= 1, population


@given(st.integers(min_value=1, max_value=2_000_000))
def test_sample_never_exceeds_population_nor_384(population: int) -> None:
    s = required_sample(population)
    assert 1 <= s <= min(population, 384)


def test_sample_check_message() -> None:
    ok = sample_check(1000, 300)
    assert ok.enough and ok.required == 278
    short = sample_check(1000, 120)
    assert not short.enough and "kurang dari sampel minimum 278" in short.message
