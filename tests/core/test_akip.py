"""AKIP evaluation (LKE, PermenPAN-RB 88/2021): score and predicate (rules.md §3, T1, T2)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.core.akip import (
    GRADES,
    Lke,
    answer_percent,
    compare,
    lke_from_data,
    predicate,
    score,
    subcomponent_value,
)
from kinerja.core.numbers import contract_decimal
from kinerja.core.types import KinerjaValidationError

D = Decimal

WEIGHTS = {"1": ("30", "6", "9", "15"), "2": ("30", "6", "9", "15"), "3": ("15", "3", "4.5", "7.5"),
           "4": ("25", "5", "7.5", "12.5")}  # fmt: skip


def lke(criteria: int = 2) -> Lke:
    return lke_from_data(
        {
            "code": "test-88-2021",
            "title": "LKE uji",
            "components": [
                {
                    "code": c,
                    "title": f"Komponen {c}",
                    "weight": w[0],
                    "subcomponents": [
                        {
                            "code": f"{c}.{s}",
                            "title": "",
                            "weight": sw,
                            "criteria": [
                                {"code": f"{c}.{s}.{k}", "text": "x"} for k in range(1, criteria + 1)
                            ],
                        }
                        for s, sw in zip("abc", w[1:], strict=True)
                    ],
                }
                for c, w in WEIGHTS.items()
            ],
        }
    )


def test_rules_T2_subcomponent_graded_bb() -> None:
    assert contract_decimal(subcomponent_value(D(9), ["BB"])) == "7.20"
    result = score(lke(), {"1.b": "BB"})
    assert contract_decimal(result.subcomponents["1.b"]) == "7.20"
    assert contract_decimal(result.total) == "7.20" and "1.a" in result.unanswered


@pytest.mark.parametrize(
    ("value", "label"), [("90.00", "A"), ("90.01", "AA"), ("30.00", "D"), ("30.01", "C")]
)
def test_rules_T1_predicate(value: str, label: str) -> None:
    band = predicate(D(value))
    assert band is not None and band.label == label


def test_all_aa_is_100_and_all_e_is_0() -> None:
    sheet = lke()
    codes = [k.code for c in sheet.components for s in c.subcomponents for k in s.criteria]
    assert score(sheet, dict.fromkeys(codes, "AA")).total == D(100)
    top = score(sheet, dict.fromkeys(codes, "AA"))
    assert top.predicate == "AA" and top.components == {"1": 30, "2": 30, "3": 15, "4": 25}
    assert score(sheet, dict.fromkeys(codes, "E")).predicate == "D"


def test_criteria_average_within_a_subcomponent_and_y_t_variant() -> None:
    # 1.c (15): BB and B -> 75 % -> 11,25; 3.a (3): Y and T -> 50 % -> 1,5
    result = score(lke(), {"1.c.1": "BB", "1.c.2": "b", "3.a.1": "Y", "3.a.2": "T"})
    assert result.subcomponents["1.c"] == D("11.25") and result.subcomponents["3.a"] == D("1.5")
    assert result.components["1"] == D("11.25") and result.total == D("12.75")


def test_unknown_answer_and_code_are_refused() -> None:
    with pytest.raises(KinerjaValidationError, match="'Z' tidak dikenal"):
        answer_percent("Z")
    with pytest.raises(KinerjaValidationError, match="9.z"):
        score(lke(), {"9.z": "A"})


def test_weights_must_add_up() -> None:
    with pytest.raises(KinerjaValidationError, match="bukan 100"):
        lke_from_data({"code": "x", "components": [{"code": "1", "weight": 90, "subcomponents": []}]})
    with pytest.raises(KinerjaValidationError, match="subkomponen 1"):
        lke_from_data(
            {
                "code": "x",
                "components": [
                    {"code": "1", "weight": 100, "subcomponents": [{"code": "1.a", "weight": 50}]}
                ],
            }
        )
    with pytest.raises(KinerjaValidationError, match="bobot"):
        lke_from_data({"code": "x", "components": [{"code": "1", "weight": "abc"}]})


def test_compare_with_last_year() -> None:
    assert compare(D("72.5"), D("70.25")) == D("2.25")
    assert compare(None, D(70)) is None and compare(D(70), None) is None


@given(st.dictionaries(st.sampled_from([f"{c}.{s}.{k}" for c in "1234" for s in "abc" for k in (1, 2)]),
                       st.sampled_from(sorted(GRADES) + ["Y", "T"])))  # fmt: skip
def test_score_in_range_and_monotone(answers: dict[str, str]) -> None:
    sheet = lke()
    result = score(sheet, answers)
    assert D(0) <= result.total <= D(100)
    assert sum(result.components.values()) == result.total
    # raising any answer to AA never lowers the total
    for code in answers:
        better = score(sheet, {**answers, code: "AA"})
        assert better.total >= result.total
    band = predicate(result.total)
    assert band is not None
