"""The agency policy ``count_verified`` in the file: read, refused when not a boolean, written only
when true (so files without it are written byte for byte as before), kept through write -> parse."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from kinerja.core.types import KinerjaValidationError
from kinerja.interchange.parse import load_document, parse_text
from kinerja.interchange.write import dump_document
from tests.conftest import DEMO_DIR, FIXTURES

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "kinerja" / "interchange" / "schema.json").read_text()
)
HEAD = "format: kinerja/v1\nunits:\n  - {code: PKR, name: Dit PKR, level: eselon2}\n"


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("", False),
        ("policy: {max_achievement: 120}\n", False),
        ("policy: {count_verified: null}\n", False),
        ("policy: {count_verified: false}\n", False),
        ("policy: {count_verified: true}\n", True),
    ],
)
def test_count_verified_is_read_with_false_as_default(policy: str, expected: bool) -> None:
    assert parse_text(HEAD + policy).policy.count_verified is expected


@pytest.mark.parametrize("value", ["'ya'", "1", "[true]"])
def test_count_verified_that_is_not_a_boolean_is_refused_with_its_place(value: str) -> None:
    with pytest.raises(KinerjaValidationError) as info:
        parse_text(HEAD + f"policy:\n  count_verified: {value}\n", source="kebijakan.yaml")
    message = str(info.value)
    assert "kebijakan.yaml" in message and "baris 5" in message and "policy.count_verified" in message
    assert "true atau false" in message


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_count_verified_is_written_only_when_true_and_survives_the_file(fmt: str) -> None:
    doc = parse_text(HEAD)
    assert "count_verified" not in dump_document(doc, fmt=fmt)
    doc.policy.count_verified = True
    text = dump_document(doc, fmt=fmt)
    assert "count_verified" in text
    again = parse_text(text, source=f"lagi.{fmt}", fmt=fmt)
    assert again.policy.count_verified is True
    assert again == doc
    jsonschema.validate(json.loads(dump_document(again, fmt="json")), SCHEMA)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.yaml")) + sorted(DEMO_DIR.glob("*.yaml")))
def test_files_without_the_policy_are_written_without_it(path: Path) -> None:
    doc = load_document(path)
    assert doc.policy.count_verified is False
    assert "count_verified" not in dump_document(doc)


def test_schema_knows_count_verified_and_wants_a_boolean() -> None:
    data = {"format": "kinerja/v1", "policy": {"count_verified": True}}
    jsonschema.validate(data, SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"format": "kinerja/v1", "policy": {"count_verified": "ya"}}, SCHEMA)
