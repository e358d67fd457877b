"""Comparisons across years, as the LKj "Informasi Kinerja" tables show them.

* ``year_over_year(previous, current)``: change in points (``current - previous``) and in
  percent of the previous value (``(current - previous) / |previous| x 100``, so a rise is
  positive even from a negative base). The percent is None when the previous value is 0 or
  missing; everything is None when either value is missing.
* ``against_end_target``: this year's realisation measured against the end-of-Renstra target
  (e.g. the 2024 target) with the same ``achievement`` rule as the year's target; no caps unless
  given, so the uncapped and capped values are the same by default.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, DecimalException, localcontext

from kinerja.core.achievement import achievement
from kinerja.core.numbers import COMPUTE_CONTEXT
from kinerja.core.types import (
    AchievementResult,
    KinerjaValidationError,
    LowerIsBetterRule,
    Polarity,
    RealizationValue,
    Target,
)

__all__ = ["YearOverYear", "against_end_target", "year_over_year"]


@dataclass(frozen=True)
class YearOverYear:
    previous: Decimal | None
    current: Decimal | None
    change_points: Decimal | None  # current - previous
    change_percent: Decimal | None  # (current - previous) / |previous| x 100; None if previous is 0


def year_over_year(previous: Decimal | None, current: Decimal | None) -> YearOverYear:
    """Change from the previous year's value to this year's, in points and percent."""
    if previous is None or current is None:
        return YearOverYear(previous, current, None, None)
    for what, value in (("nilai tahun lalu", previous), ("nilai tahun ini", current)):
        if isinstance(value, bool) or not isinstance(value, Decimal | int) or not Decimal(value).is_finite():
            raise KinerjaValidationError(f"{what} bukan angka terhingga: {value!r}")
    prev, cur = Decimal(previous), Decimal(current)
    try:
        with localcontext(COMPUTE_CONTEXT):
            points = cur - prev
            percent = None if prev == 0 else points / abs(prev) * 100
    except DecimalException as exc:
        raise KinerjaValidationError(
            "perubahan tahunan tidak dapat dihitung: angka di luar jangkauan"
        ) from exc
    return YearOverYear(prev, cur, points, percent)


def against_end_target(
    end_target: Target | None,
    realization: RealizationValue | None,
    polarity: Polarity = Polarity.HIGHER_IS_BETTER,
    rule: LowerIsBetterRule = LowerIsBetterRule.TWO_MINUS_RATIO,
    scale: Sequence[str] = (),
    indicator_cap: Decimal | None = None,
    agency_cap: Decimal | None = None,
) -> AchievementResult:
    """Achievement of this year's realisation against the end-of-period target."""
    return achievement(end_target, realization, polarity, rule, indicator_cap, agency_cap, scale)
