"""write -> parse gives the same Document, for YAML and JSON, for every file we ship."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.core.types import NumericTarget
from kinerja.interchange.parse import load_document, parse_text
from kinerja.interchange.write import dump_document
from tests.conftest import DEMO_DIR, FIXTURES

FILES = sorted(FIXTURES.glob("*.yaml")) + sorted(DEMO_DIR.glob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_write_then_parse_is_identity(path: Path, fmt: str) -> None:
    doc = load_document(path)
    text = dump_document(doc, fmt=fmt)
    again = parse_text(text, source=f"again.{fmt}", fmt=fmt)
    assert again == doc
    assert dump_document(again, fmt=fmt) == text


@given(
    st.decimals(
        min_value=Decimal("-1e17"),
        max_value=Decimal("1e17"),
        places=10,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_any_decimal_survives_the_file(value: Decimal) -> None:
    text = (
        "format: kinerja/v1\nunits:\n  - {code: A, name: A, level: eselon1}\nplans:\n  - unit: A\n"
        "    period: [2020, 2024]\n    objectives:\n      - code: S\n        level: SS\n        statement: s\n"
        "        indicators:\n          - {code: I, name: i}\n"
    )
    doc = parse_text(text)
    doc.plans[0].objectives[0].indicators[0].targets[2022] = NumericTarget(value)
    for fmt in ("yaml", "json"):
        again = parse_text(dump_document(doc, fmt=fmt), fmt=fmt)
        assert again.plans[0].objectives[0].indicators[0].targets[2022] == NumericTarget(value)
