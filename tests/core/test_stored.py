"""A stored result reads back exactly as the engine made it (kinerja/core/stored.py)."""

from __future__ import annotations

import json

import pytest

from kinerja.core.stored import dump_result, load_result
from kinerja.core.types import KinerjaValidationError
from kinerja.figures.counting import Basis
from kinerja.figures.unit_year import compute_document
from kinerja.interchange.parse import load_document
from tests.conftest import DEMO_DIR, FIXTURES


@pytest.mark.parametrize("path", [DEMO_DIR / "kemensos.yaml", FIXTURES / "ministry_composite.yaml"])
def test_every_result_round_trips_through_json_text(path: object) -> None:
    doc = load_document(path, check_refs=False)  # type: ignore[arg-type]
    seen = 0
    for unit in {p.unit for p in doc.plans}:
        for year in range(2020, 2025):
            for basis in Basis:
                try:
                    result = compute_document(doc, unit, year, basis)
                except KinerjaValidationError:
                    continue
                assert load_result(json.loads(json.dumps(dump_result(result)))) == result
                seen += 1
    assert seen > 10


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="format"):
        load_result({"format": 99})
