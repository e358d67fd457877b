"""Value types shared by the computation core and its callers.

Pure Python (no Django). The engine (``kinerja.core.engine``) takes these as input for a whole
unit-year at once and returns ``UnitResult``; the interchange ``compute`` command and the web
pages both build these inputs, so every number shown comes from the same code.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal


class KinerjaValidationError(ValueError):
    """Bad input, with a message in Bahasa Indonesia meant for the user.

    ``where`` names the place (file, line, path of keys) when known.
    """

    def __init__(self, message: str, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class Polarity(enum.StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class LowerIsBetterRule(enum.StrEnum):
    """Agency policy for lower-is-better indicators."""

    TWO_MINUS_RATIO = "two_minus_ratio"  # (2 - R/T) x 100
    TARGET_OVER_REALIZATION = "target_over_realization"  # T/R x 100


class Aggregation(enum.StrEnum):
    """How a composite indicator's realisation comes from its components."""

    MEAN = "mean"
    WEIGHTED_MEAN = "weighted_mean"
    SUM = "sum"
    MIN = "min"
    MAX = "max"


class QuarterRule(enum.StrEnum):
    """How quarterly realisations make the year's realisation."""

    SUM = "sum"
    AVERAGE = "average"
    LAST = "last"


@dataclass(frozen=True)
class NumericTarget:
    value: Decimal


@dataclass(frozen=True)
class RangeTarget:
    low: Decimal
    high: Decimal


@dataclass(frozen=True)
class QualitativeTarget:
    """A label from an ordered scale, best first (e.g. WTP > WDP > TW > TMP)."""

    label: str


Target = NumericTarget | RangeTarget | QualitativeTarget

# A realisation value: a number, or a label of the indicator's qualitative scale.
RealizationValue = Decimal | str


@dataclass(frozen=True)
class Policy:
    max_achievement: Decimal | None = None  # agency-wide cap in percent; None = no cap
    lower_is_better: LowerIsBetterRule = LowerIsBetterRule.TWO_MINUS_RATIO


@dataclass(frozen=True)
class IndicatorSpec:
    """Everything the engine needs to know about one indicator.

    ``key`` is the indicator's global reference ``"OWNER:CODE"``; ``components`` are keys too.
    """

    key: str
    code: str
    name: str = ""
    polarity: Polarity = Polarity.HIGHER_IS_BETTER
    max_achievement: Decimal | None = None  # per-indicator cap in percent
    formula: str | None = None  # realisation from named inputs, e.g. "n / T * 100"
    components: tuple[str, ...] = ()
    aggregation: Aggregation = Aggregation.MEAN
    weights: tuple[tuple[str, Decimal], ...] = ()  # (component key, weight) for weighted_mean
    scale: tuple[str, ...] = ()  # qualitative scale, best first
    quarter_rule: QuarterRule = QuarterRule.LAST


@dataclass(frozen=True)
class RealizationInput:
    """One realisation record: either a value, or raw inputs for the indicator's formula."""

    value: RealizationValue | None = None
    inputs: tuple[tuple[str, Decimal], ...] = ()


@dataclass(frozen=True)
class ObjectiveSpec:
    code: str
    indicator_keys: tuple[str, ...]
    statement: str = ""
    level: str = ""


@dataclass(frozen=True)
class UnitYearInput:
    """A whole unit-year for the engine.

    ``indicators`` must hold every indicator referenced, including components owned by other
    units. ``annual`` maps indicator key -> the year's realisation record; ``quarterly`` maps
    indicator key -> {quarter number 1..4: record}. ``targets`` maps indicator key -> target in
    force (the agreement's, else the Renstra's).
    """

    unit: str
    year: int
    objectives: tuple[ObjectiveSpec, ...]
    indicators: dict[str, IndicatorSpec]
    targets: dict[str, Target]
    annual: dict[str, RealizationInput] = field(default_factory=dict)
    quarterly: dict[str, dict[int, RealizationInput]] = field(default_factory=dict)
    policy: Policy = field(default_factory=Policy)


@dataclass(frozen=True)
class AchievementResult:
    value: Decimal | None  # after caps; None = "n.a"
    uncapped: Decimal | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeanResult:
    value: Decimal | None  # None when every input was n.a (or there were none)
    used: int
    skipped: tuple[str, ...]  # labels of the inputs left out as n.a


@dataclass(frozen=True)
class ComponentResult:
    key: str
    realization: RealizationValue | None


@dataclass(frozen=True)
class IndicatorResult:
    key: str
    code: str
    target: Target | None
    realization: RealizationValue | None
    achievement: Decimal | None
    achievement_uncapped: Decimal | None
    components: tuple[ComponentResult, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ObjectiveResult:
    code: str
    achievement: Decimal | None
    indicators: tuple[IndicatorResult, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnitResult:
    unit: str
    year: int
    achievement: Decimal | None
    objectives: tuple[ObjectiveResult, ...]
    notes: tuple[str, ...] = ()
