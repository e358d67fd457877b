"""The Renstra ``status`` extension (draft | adopted): read, written only when draft, validated with
the line, and honoured by the engine (a draft version is never the plan in force)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from kinerja.core.types import KinerjaValidationError, NumericTarget
from kinerja.figures.inforce import plan_for
from kinerja.figures.output import result_to_json
from kinerja.figures.unit_year import compute_document
from kinerja.interchange import document as d
from kinerja.interchange.parse import load_document, parse_text
from kinerja.interchange.write import dump_document
from tests.conftest import DEMO_DIR

SCHEMA = Path(__file__).resolve().parents[2] / "kinerja" / "interchange" / "schema.json"


def _demo() -> d.Document:
    return load_document(DEMO_DIR / "kemensos.yaml")


def _pkr_plan(doc: d.Document) -> d.Plan:
    return next(p for p in doc.plans if p.unit == "PKR")


def _with_draft(doc: d.Document) -> d.Plan:
    """Add a draft version 2 of the PKR plan with one more indicator under SK3 and other targets."""
    draft = copy.deepcopy(_pkr_plan(doc))
    draft.version = 2
    draft.status = "draft"
    draft.adopted_on = None
    sk3 = next(o for o in draft.objectives if o.code == "SK3")
    sk3.indicators.append(
        d.Indicator(
            code="IKK 3.2",
            name="Indeks baru",
            unit_of_measure="indeks",
            targets={2022: NumericTarget(Decimal(50))},
        )
    )
    doc.plans.insert(doc.plans.index(_pkr_plan(doc)) + 1, draft)
    return draft


def test_plans_in_a_file_are_adopted_and_the_writer_omits_the_default() -> None:
    doc = _demo()
    assert {p.status for p in doc.plans} == {"adopted"}
    text = dump_document(doc, "yaml")
    assert "status: adopted" not in text
    # the demo export is unchanged by the extension: what was read is written back the same
    assert dump_document(load_document(DEMO_DIR / "kemensos.yaml"), "yaml") == text


def test_draft_status_round_trips_through_yaml_and_json(tmp_path: Path) -> None:
    doc = _demo()
    _with_draft(doc)
    for fmt in ("yaml", "json"):
        path = tmp_path / f"berkas.{fmt}"
        path.write_text(dump_document(doc, fmt), encoding="utf-8")
        back = load_document(path)
        assert [(p.unit, p.version, p.status) for p in back.plans if p.unit == "PKR"] == [
            ("PKR", 1, "adopted"),
            ("PKR", 2, "draft"),
        ]
    assert "status: draft" in dump_document(doc, "yaml")


def test_unknown_status_is_refused_with_the_line() -> None:
    text = (
        "format: kinerja/v1\nunits:\n  - {code: PKR, name: Dit PKR, level: eselon2}\n"
        "plans:\n  - unit: PKR\n    period: [2020, 2024]\n    status: disahkan\n"
    )
    with pytest.raises(KinerjaValidationError) as info:
        parse_text(text, source="renstra.yaml")
    message = str(info.value)
    assert "status Renstra 'disahkan' tidak dikenal" in message
    assert "draft, adopted" in message and "baris 7" in message and "renstra.yaml" in message


def test_schema_knows_the_status() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    found = [
        node["properties"]["status"]["enum"]
        for node in _walk(schema)
        if isinstance(node, dict) and "adopted_on" in node.get("properties", {})
    ]
    assert found == [["draft", "adopted"]]


def _walk(node: object):  # type: ignore[no-untyped-def]
    yield node
    if isinstance(node, dict):
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


def test_compute_ignores_a_draft_version_and_notes_it() -> None:
    doc = _demo()
    before = result_to_json(compute_document(doc, "PKR", 2022))
    draft = _with_draft(doc)
    assert plan_for(doc, "PKR", 2022) is _pkr_plan(doc)
    result = result_to_json(compute_document(doc, "PKR", 2022))
    assert result["achievement"] == before["achievement"] == "104.05"
    sk3 = next(o for o in result["objectives"] if o["code"] == "SK3")
    assert [i["code"] for i in sk3["indicators"]] == ["IKK 3.1"]
    assert "Renstra 2020-2024 versi 2 masih draf (belum ditetapkan); dipakai versi 1" in result["notes"]
    # adopted: version 2 is the plan in force
    draft.status = "adopted"
    assert plan_for(doc, "PKR", 2022) is draft
    result = result_to_json(compute_document(doc, "PKR", 2022))
    sk3 = next(o for o in result["objectives"] if o["code"] == "SK3")
    assert [i["code"] for i in sk3["indicators"]] == ["IKK 3.1", "IKK 3.2"]
    assert not any("masih draf (belum ditetapkan)" in n for n in result["notes"])


def test_only_a_draft_means_no_plan_in_force() -> None:
    doc = _demo()
    _pkr_plan(doc).status = "draft"
    with pytest.raises(KinerjaValidationError, match="belum punya Renstra yang ditetapkan untuk tahun 2022"):
        compute_document(doc, "PKR", 2022)
