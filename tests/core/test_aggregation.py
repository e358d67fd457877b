"""Means skipping n.a and composite realisations."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.core.aggregation import aggregate_components, mean_skipping_na
from kinerja.core.types import Aggregation, KinerjaValidationError

D = Decimal


def test_mean_skips_na_and_names_it() -> None:
    result = mean_skipping_na([("IKK 1.1", D(100)), ("IKK 2.2", None), ("IKK 2.1", D("112.63"))])
    assert result.value == (D(100) + D("112.63")) / 2
    assert result.used == 2
    assert result.skipped == ("IKK 2.2",)


def test_mean_of_nothing_is_na() -> None:
    assert mean_skipping_na([]).value is None
    only_na = mean_skipping_na([("a", None), ("b", None)])
    assert only_na.value is None and only_na.used == 0 and only_na.skipped == ("a", "b")


def test_mean_uses_unrounded_inputs() -> None:
    third = D(1) / D(3)
    assert mean_skipping_na([("a", third), ("b", third), ("c", third)]).value != D("0.33")


def test_mean_refuses_non_finite() -> None:
    with pytest.raises(KinerjaValidationError):
        mean_skipping_na([("a", D("NaN"))])


def test_aggregations() -> None:
    values = [("A", D(90)), ("B", D(96))]
    assert aggregate_components(values, Aggregation.MEAN) == (D(93), ())
    assert aggregate_components(values, Aggregation.SUM) == (D(186), ())
    assert aggregate_components(values, Aggregation.MIN) == (D(90), ())
    assert aggregate_components(values, Aggregation.MAX) == (D(96), ())
    value, notes = aggregate_components(values, Aggregation.WEIGHTED_MEAN, {"A": D(2), "B": D(1)})
    assert value == D(92) and notes == ()


@pytest.mark.parametrize("aggregation", [Aggregation.MEAN, Aggregation.MIN, Aggregation.MAX])
def test_na_component_left_out_and_named(aggregation: Aggregation) -> None:
    value, notes = aggregate_components([("A", D(90)), ("B", None)], aggregation)
    assert value == D(90)
    assert len(notes) == 1 and "B" in notes[0] and "tidak dihitung" in notes[0]


def test_weighted_mean_renormalises_over_present_weights() -> None:
    value, notes = aggregate_components(
        [("A", D(90)), ("B", None), ("C", D(60))],
        Aggregation.WEIGHTED_MEAN,
        {"A": D(1), "B": D(5), "C": D(2)},
    )
    assert value == (D(90) + 2 * D(60)) / 3
    assert any("B" in note for note in notes)


def test_sum_with_na_component_is_na() -> None:
    value, notes = aggregate_components([("A", D(90)), ("B", None)], Aggregation.SUM)
    assert value is None and "B" in notes[0]


def test_all_na_or_empty() -> None:
    value, notes = aggregate_components([("A", None)], Aggregation.MEAN)
    assert value is None and "A" in notes[0]
    assert aggregate_components([], Aggregation.MEAN)[0] is None


def test_weighted_mean_zero_weights_present_is_na() -> None:
    value, notes = aggregate_components(
        [("A", D(1)), ("B", None)], Aggregation.WEIGHTED_MEAN, {"A": D(0), "B": D(1)}
    )
    assert value is None and notes


@pytest.mark.parametrize(
    "weights",
    [
        None,
        {},
        {"A": D(1)},
        {"A": D(1), "B": D(-1)},
        {"A": D(1), "B": D(1), "Z": D(1)},
        {"A": D(1), "B": D("NaN")},
    ],
)
def test_bad_weights_raise_validation_error(weights: dict[str, Decimal] | None) -> None:
    with pytest.raises(KinerjaValidationError):
        aggregate_components([("A", D(1)), ("B", D(2))], Aggregation.WEIGHTED_MEAN, weights)


def test_missing_weight_is_named() -> None:
    with pytest.raises(KinerjaValidationError, match="B"):
        aggregate_components([("A", D(1)), ("B", None)], Aggregation.WEIGHTED_MEAN, {"A": D(1)})


def test_duplicate_components_and_unknown_aggregation() -> None:
    with pytest.raises(KinerjaValidationError, match="ganda"):
        aggregate_components([("A", D(1)), ("A", D(2))], Aggregation.MEAN)
    with pytest.raises(KinerjaValidationError):
        aggregate_components([("A", D(1))], "median")  # type: ignore[arg-type]


_values = st.lists(
    st.tuples(
        st.text(min_size=1, max_size=3), st.none() | st.decimals(allow_nan=False, allow_infinity=False)
    ),
    max_size=6,
    unique_by=lambda p: p[0],
)


@given(_values, st.sampled_from(list(Aggregation)), st.booleans())
def test_property_aggregate_raises_only_validation_error(
    values: list[tuple[str, Decimal | None]], aggregation: Aggregation, with_weights: bool
) -> None:
    weights = {label: D(i % 3) for i, (label, _) in enumerate(values)} if with_weights else None
    try:
        value, _ = aggregate_components(values, aggregation, weights)
    except KinerjaValidationError:
        return
    present = [v for _, v in values if v is not None]
    if not present:
        assert value is None
    elif aggregation is Aggregation.MIN:
        assert value == min(present)
    elif aggregation is Aggregation.MAX:
        assert value == max(present)
    elif aggregation is Aggregation.SUM:
        assert (value is None) == (len(present) < len(values))
