"""The published JSON Schema accepts every file we ship and what we export, and rejects a typo."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from kinerja.interchange.parse import load_document
from kinerja.interchange.write import dump_document
from tests.conftest import DEMO_DIR, FIXTURES

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "kinerja" / "interchange" / "schema.json").read_text()
)
FILES = sorted(FIXTURES.glob("*.yaml")) + sorted(DEMO_DIR.glob("*.yaml"))


def as_json(path: Path) -> object:
    return json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_shipped_and_exported_files_match_the_schema(path: Path) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    validator.validate(as_json(path))
    validator.validate(json.loads(dump_document(load_document(path), fmt="json")))


def test_schema_rejects_an_unknown_key() -> None:
    data = as_json(FIXTURES / "contract_example.yaml")
    assert isinstance(data, dict)
    data["plans"][1]["objectives"][0]["indicators"][0]["taget"] = {2022: 1}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)
