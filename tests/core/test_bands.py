"""Predicate bands: data tables, classification and validation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.core.bands import (
    AKIP_BANDS,
    DEFAULT_ACHIEVEMENT_BANDS,
    IKM_BANDS,
    IKPA_BANDS,
    Band,
    classify,
    validate_bands,
)
from kinerja.core.types import KinerjaValidationError

D = Decimal


def label(value: str, bands: tuple[Band, ...]) -> str | None:
    band = classify(D(value), bands)
    return band.label if band else None


@pytest.mark.parametrize("bands", [DEFAULT_ACHIEVEMENT_BANDS, AKIP_BANDS, IKM_BANDS, IKPA_BANDS])
def test_shipped_tables_are_valid(bands: tuple[Band, ...]) -> None:
    validate_bands(bands)


@pytest.mark.parametrize(
    ("value", "expected"), [("90.00", "A"), ("90.01", "AA"), ("30.00", "D"), ("30.01", "C")]
)
def test_rules_T1_akip_boundaries(value: str, expected: str) -> None:
    assert label(value, AKIP_BANDS) == expected


def test_akip_all_categories_and_descriptions() -> None:
    assert [label(v, AKIP_BANDS) for v in ("100", "85", "75", "65", "55", "40", "0")] == [
        "AA",
        "A",
        "BB",
        "B",
        "CC",
        "C",
        "D",
    ]
    band = classify(D("77.08"), AKIP_BANDS)  # Kemensos RB index 2019 reported as "BB"
    assert band is not None and band.label == "BB" and band.description == "Sangat Baik"
    assert label("100.01", AKIP_BANDS) is None and label("-1", AKIP_BANDS) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("88.30", "B"), ("88.31", "A"), ("76.60", "C"), ("76.61", "B"), ("64.99", "D"), ("65.00", "C")],
)
def test_rules_T4_ikm_boundaries(value: str, expected: str) -> None:
    assert label(value, IKM_BANDS) == expected


def test_seed_ikm_92_26_is_sangat_baik() -> None:
    band = classify(D("92.26"), IKM_BANDS)
    assert band is not None and band.label == "A" and band.description == "Sangat Baik"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("95.00", "Sangat Baik"),
        ("94.99", "Baik"),
        ("89.00", "Baik"),
        ("88.99", "Cukup"),
        ("70.00", "Cukup"),
        ("69.99", "Kurang"),
    ],
)
def test_rules_T7_ikpa_boundaries(value: str, expected: str) -> None:
    assert label(value, IKPA_BANDS) == expected


def test_default_achievement_bands_follow_the_sourced_intervals() -> None:
    # 91-100 Sangat Baik, 76-90 Baik, 66-75 Cukup, 51-65 Kurang, <= 50 Sangat Kurang (rules.md 6.7)
    assert [
        label(v, DEFAULT_ACHIEVEMENT_BANDS) for v in ("91", "90", "76", "75", "66", "65", "51", "50")
    ] == [
        "Sangat Baik",
        "Baik",
        "Baik",
        "Cukup",
        "Cukup",
        "Kurang",
        "Kurang",
        "Sangat Kurang",
    ]
    assert label("112.63", DEFAULT_ACHIEVEMENT_BANDS) == "Sangat Baik"  # uncapped capaian above 100
    assert label("-5", DEFAULT_ACHIEVEMENT_BANDS) == "Sangat Kurang"


def test_classify_na() -> None:
    assert classify(None, AKIP_BANDS) is None


def test_validate_rejects_gap_overlap_and_bad_bands() -> None:
    a = Band(D(0), D(50), "a", "a", "#000")
    with pytest.raises(KinerjaValidationError, match="celah"):
        validate_bands([a, Band(D(60), None, "b", "b", "#000")])
    with pytest.raises(KinerjaValidationError, match="celah"):  # boundary 50 in neither band
        validate_bands([a, Band(D(50), None, "b", "b", "#000", low_inclusive=False)])
    with pytest.raises(KinerjaValidationError, match="tumpang tindih"):
        validate_bands([a, Band(D(40), None, "b", "b", "#000")])
    with pytest.raises(KinerjaValidationError, match="tumpang tindih"):  # boundary 50 in both
        validate_bands(
            [Band(D(0), D(50), "a", "a", "#000", high_inclusive=True), Band(D(50), None, "b", "b", "#0")]
        )
    with pytest.raises(KinerjaValidationError, match="tumpang tindih"):
        validate_bands([Band(D(0), None, "a", "a", "#000"), Band(D(50), None, "b", "b", "#000")])
    with pytest.raises(KinerjaValidationError):
        validate_bands([Band(D(10), D(5), "a", "a", "#000")])
    with pytest.raises(KinerjaValidationError):
        validate_bands([])
    validate_bands([a, Band(D(50), None, "b", "b", "#000")])  # contiguous: fine, any order
    validate_bands([Band(D(50), None, "b", "b", "#000"), a])


@given(st.decimals(min_value=D(0), max_value=D(100), allow_nan=False, places=2))
def test_property_every_value_in_range_has_exactly_one_band(value: Decimal) -> None:
    for bands in (AKIP_BANDS, DEFAULT_ACHIEVEMENT_BANDS, IKPA_BANDS):
        assert sum(band.contains(value) for band in bands) == 1
    if value >= 25:
        assert sum(band.contains(value) for band in IKM_BANDS) == 1
