"""A finding of the data linter: what is wrong, where, how bad, and what to do."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, TypedDict


class Severity(enum.StrEnum):
    """``galat`` blocks a correct report; ``peringatan`` is probably wrong; ``info`` is worth a look."""

    GALAT = "galat"
    PERINGATAN = "peringatan"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def label(self) -> str:
        return _LABEL[self]


_RANK = {Severity.GALAT: 0, Severity.PERINGATAN: 1, Severity.INFO: 2}
_LABEL = {Severity.GALAT: "Galat", Severity.PERINGATAN: "Peringatan", Severity.INFO: "Info"}


class Place(TypedDict, total=False):
    """Keyword arguments placing a finding (a subset of ``Finding``'s fields)."""

    unit: str | None
    year: int | None
    objective: str | None
    indicator: str | None


@dataclass(frozen=True)
class Finding:
    """One problem. ``path`` is the place in the interchange document (``plans[9].objectives[0]
    .indicators[3].targets.2020``): in the file for ``kinerja lint FILE``, in the export of the
    database otherwise. ``message`` says what is wrong, ``advice`` what to do (Bahasa Indonesia)."""

    code: str
    severity: Severity
    message: str
    advice: str
    unit: str | None = None
    year: int | None = None
    objective: str | None = None
    indicator: str | None = None
    path: str = ""

    def sort_key(self) -> tuple[Any, ...]:
        return (
            self.severity.rank,
            self.code,
            self.unit or "",
            self.year or 0,
            self.objective or "",
            self.indicator or "",
            self.path,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "unit": self.unit,
            "year": self.year,
            "objective": self.objective,
            "indicator": self.indicator,
            "path": self.path,
            "message": self.message,
            "advice": self.advice,
        }
