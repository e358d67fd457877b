"""Whether an APIP reviu still matches the official figures it reviewed.

When the APIP records a reviu, the state of the unit-year's official figures is kept with it: a
digest (SHA-256 of the figures as ``kinerja compute --json`` gives them: every target,
realisation and capaian, and the unit's) and the unit's capaian as it then read. When official
data change afterwards, the digest differs: the reviu page, the dashboard and the LKj say so, and
the "Pernyataan Telah Direviu" is not printed on a document whose figures differ from what was
reviewed. Provisional data (not yet approved) never change the official figures, so entering or
verifying a value does not undo a reviu; approving one does.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kinerja.core.numbers import show_value
from kinerja.core.types import KinerjaValidationError, UnitResult
from kinerja.figures.counting import Basis
from kinerja.figures.output import result_to_json
from kinerja.figures.unit_year import compute_document
from kinerja.interchange import document as d


@dataclass(frozen=True)
class DataState:
    digest: str  # hex SHA-256 of the official figures ("" when they cannot be computed)
    achievement: str  # the unit's capaian as shown ("99,25", "n.a")


def _figures_only(value: Any) -> Any:
    """The JSON without its notes: explanations (e.g. how many drafts were left out) are not
    figures, and entering a draft must not undo a reviu."""
    if isinstance(value, dict):
        return {k: _figures_only(v) for k, v in value.items() if k != "notes"}
    if isinstance(value, list):
        return [_figures_only(v) for v in value]
    return value


def state_of_result(result: UnitResult) -> DataState:
    payload = json.dumps(
        _figures_only(result_to_json(result)), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return DataState(hashlib.sha256(payload.encode("utf-8")).hexdigest(), show_value(result.achievement))


def official_state(doc: d.Document, unit: str, year: int) -> DataState:
    """The state of ``unit``'s official figures for ``year``."""
    try:
        return state_of_result(compute_document(doc, unit, year, Basis.OFFICIAL))
    except KinerjaValidationError:
        return DataState("", "n.a")


class ReviuMatch(StrEnum):
    NONE = "none"  # no reviu recorded
    MATCHES = "matches"  # the official figures are those reviewed
    CHANGED = "changed"  # official figures changed after the reviu (or it predates digests)


def reviu_match(reviewed_digest: str | None, current: DataState) -> ReviuMatch:
    """``reviewed_digest`` is None when there is no reviu; "" for a reviu without a digest."""
    if reviewed_digest is None:
        return ReviuMatch.NONE
    if reviewed_digest and reviewed_digest == current.digest:
        return ReviuMatch.MATCHES
    return ReviuMatch.CHANGED
