"""A ``UnitResult`` as plain JSON data and back, exactly (stored results, issue #12).

Decimals travel as strings (no float on the way), a realisation label is told from a number by
its key, every target kind keeps its kind. ``load_result(dump_result(r)) == r`` for every result
the engine makes (tests/core/test_stored.py).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kinerja.core.types import (
    ComponentResult,
    IndicatorResult,
    NumericTarget,
    ObjectiveResult,
    QualitativeTarget,
    RangeTarget,
    RealizationValue,
    Target,
    UnitResult,
)

FORMAT = 1


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _undec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _value(value: RealizationValue | None) -> dict[str, str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return {"label": value}
    return {"number": str(value)}


def _unvalue(data: dict[str, str] | None) -> RealizationValue | None:
    if data is None:
        return None
    if "label" in data:
        return data["label"]
    return Decimal(data["number"])


def _target(target: Target | None) -> dict[str, str] | None:
    if target is None:
        return None
    if isinstance(target, NumericTarget):
        return {"value": str(target.value)}
    if isinstance(target, RangeTarget):
        return {"low": str(target.low), "high": str(target.high)}
    return {"label": target.label}


def _untarget(data: dict[str, str] | None) -> Target | None:
    if data is None:
        return None
    if "value" in data:
        return NumericTarget(Decimal(data["value"]))
    if "low" in data:
        return RangeTarget(Decimal(data["low"]), Decimal(data["high"]))
    return QualitativeTarget(data["label"])


def _indicator(ind: IndicatorResult) -> dict[str, Any]:
    return {
        "key": ind.key,
        "code": ind.code,
        "target": _target(ind.target),
        "realization": _value(ind.realization),
        "achievement": _dec(ind.achievement),
        "achievement_uncapped": _dec(ind.achievement_uncapped),
        "components": [{"key": c.key, "realization": _value(c.realization)} for c in ind.components],
        "notes": list(ind.notes),
    }


def _unindicator(data: dict[str, Any]) -> IndicatorResult:
    return IndicatorResult(
        key=data["key"],
        code=data["code"],
        target=_untarget(data["target"]),
        realization=_unvalue(data["realization"]),
        achievement=_undec(data["achievement"]),
        achievement_uncapped=_undec(data["achievement_uncapped"]),
        components=tuple(ComponentResult(c["key"], _unvalue(c["realization"])) for c in data["components"]),
        notes=tuple(data["notes"]),
    )


def dump_result(result: UnitResult) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "unit": result.unit,
        "year": result.year,
        "achievement": _dec(result.achievement),
        "objectives": [
            {
                "code": o.code,
                "achievement": _dec(o.achievement),
                "indicators": [_indicator(i) for i in o.indicators],
                "notes": list(o.notes),
            }
            for o in result.objectives
        ],
        "notes": list(result.notes),
    }


def load_result(data: dict[str, Any]) -> UnitResult:
    if data.get("format") != FORMAT:
        raise ValueError(f"stored result format {data.get('format')!r}, expected {FORMAT}")
    return UnitResult(
        unit=data["unit"],
        year=data["year"],
        achievement=_undec(data["achievement"]),
        objectives=tuple(
            ObjectiveResult(
                code=o["code"],
                achievement=_undec(o["achievement"]),
                indicators=tuple(_unindicator(i) for i in o["indicators"]),
                notes=tuple(o["notes"]),
            )
            for o in data["objectives"]
        ),
        notes=tuple(data["notes"]),
    )
