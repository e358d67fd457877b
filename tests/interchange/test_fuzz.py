"""Bounded fuzzing of the importer (issue #11): a valid interchange file with one part replaced by
arbitrary YAML, a key dropped or an unknown key added. Whatever comes in, the result is either a
successful import or ``KinerjaValidationError`` with a message in Bahasa Indonesia, and a refused
file leaves the database as it was. Fixed seed (``derandomize``), a few seconds."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja.core.types import KinerjaValidationError
from kinerja.interchange.db import export_document, import_document
from kinerja.interchange.parse import parse_text
from kinerja.interchange.write import dump_document
from tests.conftest import FIXTURES
from tests.fuzzing import speaks_python

BASE = yaml.safe_load((FIXTURES / "contract_example.yaml").read_text(encoding="utf-8"))

junk = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["", "PKR", "IKK 1.1", "2022", "approved", "draft", "1.500", "99,25", "=1+1", "\x00"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


PATHS = [p for p in _paths(BASE) if p]


def _mutate(doc: Any, path: tuple[Any, ...], how: str, value: Any) -> Any:
    doc = copy.deepcopy(doc)
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "replace":
        parent[last] = value
    elif how == "drop":
        del parent[last]
    elif isinstance(parent, dict):
        parent["kunci_asing"] = value
    else:
        parent.append(value)
    return doc


def _state() -> str:
    return dump_document(export_document())


@pytest.fixture
def stored(db: Any, tmp_path: Path) -> str:
    import_document(parse_text(yaml.safe_dump(BASE, allow_unicode=True), source="dasar.yaml"))
    return _state()


@settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    path=st.sampled_from(PATHS),
    how=st.sampled_from(["replace", "drop", "add"]),
    value=junk,
)
def test_any_damaged_file_is_imported_or_refused_in_indonesian(
    stored: str, path: Any, how: str, value: Any
) -> None:
    text = yaml.safe_dump(_mutate(BASE, path, how, value), allow_unicode=True)
    before = _state()
    try:
        doc = parse_text(text, source="rusak.yaml")
        import_document(doc, source="rusak.yaml")
    except KinerjaValidationError as exc:
        message = str(exc)
        assert message.strip() and len(message) < 30_000, message[:200]
        assert not speaks_python(message), message
        assert _state() == before  # nothing half-saved
    # else: imported; a later example compares with the new state


@settings(max_examples=60, deadline=None, derandomize=True)
@given(data=st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_arbitrary_bytes_never_raise_anything_else(data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return  # the CLI refuses it before parsing (load_document: "bukan UTF-8")
    try:
        parse_text(text, source="acak.yaml", check_refs=False)
    except KinerjaValidationError as exc:
        assert not speaks_python(str(exc)), str(exc)
