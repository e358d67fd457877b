"""Year-over-year change and achievement against the end-of-period target."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja.core.achievement import achievement
from kinerja.core.numbers import contract_decimal
from kinerja.core.trend import against_end_target, year_over_year
from kinerja.core.types import KinerjaValidationError, LowerIsBetterRule, NumericTarget, Polarity

D = Decimal


def test_year_over_year_points_and_percent() -> None:
    yoy = year_over_year(D("95.00"), D("99.25"))
    assert yoy.previous == D("95.00") and yoy.current == D("99.25")
    assert yoy.change_points == D("4.25")
    assert contract_decimal(yoy.change_percent) == "4.47"


def test_year_over_year_decrease_and_negative_base() -> None:
    assert year_over_year(D(100), D(80)).change_percent == D(-20)
    assert year_over_year(D(-10), D(-5)).change_percent == D(50)  # a rise is positive


def test_year_over_year_percent_none_when_previous_zero_or_missing() -> None:
    zero = year_over_year(D(0), D(5))
    assert zero.change_points == D(5) and zero.change_percent is None
    missing = year_over_year(None, D(5))
    assert missing.change_points is None and missing.change_percent is None
    assert year_over_year(D(5), None).change_points is None


def test_year_over_year_refuses_non_finite() -> None:
    with pytest.raises(KinerjaValidationError):
        year_over_year(D("NaN"), D(1))


def test_against_end_target_uses_the_achievement_rule() -> None:
    end = NumericTarget(D(100))
    assert against_end_target(end, D("92.26")) == achievement(end, D("92.26"))
    lower = against_end_target(
        NumericTarget(D(5)), D(4), Polarity.LOWER_IS_BETTER, LowerIsBetterRule.TWO_MINUS_RATIO
    )
    assert lower.value == D(120)
    # uncapped by default; caps only when asked
    assert against_end_target(end, D(130)).value == D(130)
    assert against_end_target(end, D(130), agency_cap=D(110)).value == D(110)
    assert against_end_target(None, D(1)).value is None
