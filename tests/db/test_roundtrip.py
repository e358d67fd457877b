"""Import then export gives the document back; export -> empty database -> import -> export too."""

from __future__ import annotations

import copy
import random

import pytest

from kinerja.core.types import Aggregation
from kinerja.interchange.db import export_document, import_document
from kinerja.interchange.document import Document, Indicator
from tests.db.conftest import empty_database, row_counts
from tests.db.documents import rich_document

pytestmark = pytest.mark.django_db


def test_import_then_export_gives_the_document_back(rich: Document) -> None:
    exported = export_document()
    # field by field first, so a failure says where
    assert exported.agency == rich.agency
    assert exported.policy == rich.policy
    assert exported.units == rich.units
    for got, want in zip(exported.plans, rich.plans, strict=True):
        assert got == want, (want.unit, want.period, want.version)
    assert exported.agreements == rich.agreements
    assert exported.action_plans == rich.action_plans
    assert exported.realizations == rich.realizations
    assert exported.budgets == rich.budgets
    assert exported.texts == rich.texts
    assert exported == rich


def test_export_is_the_same_after_import_into_an_empty_database(rich: Document) -> None:
    first = export_document()
    empty_database()
    import_document(copy.deepcopy(first), source="export.yaml")
    assert export_document() == first


def test_export_with_agency_code(rich: Document) -> None:
    assert export_document(agency_code="KEMENSOS") == rich


def test_any_input_order_exports_in_the_documented_order(db) -> None:  # type: ignore[no-untyped-def]
    doc = rich_document()
    shuffled = copy.deepcopy(doc)
    rnd = random.Random(7)
    for name in ("units", "plans", "agreements", "action_plans", "realizations", "texts"):
        rnd.shuffle(getattr(shuffled, name))
    import_document(shuffled)
    assert export_document() == doc


def test_short_and_long_references_are_the_same(db) -> None:  # type: ignore[no-untyped-def]
    doc = rich_document()
    for r in doc.realizations:
        if ":" not in r.indicator:
            r.indicator = f"{r.unit}:{r.indicator}"
    doc.plans[3].objectives[0].indicators[0].owner = "PKR"  # the plan's own unit, spelt out
    import_document(doc)
    assert export_document() == rich_document()


def test_unit_export_is_self_contained(rich: Document) -> None:
    part = export_document(unit="PKR")
    codes = [u.code for u in part.units]
    # the subtree, its ancestors, its predecessors and the units it refers to
    assert {"PKR", "TU", "DAYASOS", "KEMENSOS", "PFM", "BALAI", "REHSOS"} <= set(codes)
    assert codes == sorted(codes)
    # PKR's plan, and the plans it refers to (cascade targets, and what those need)
    plans = {(p.unit, p.version) for p in part.plans}
    assert ("PKR", 1) in plans and ("DAYASOS", 1) in plans and ("KEMENSOS", 1) in plans
    # data of the subtree only, plus realisations of component indicators
    assert {a.unit for a in part.agreements} == {"PKR"}
    assert {b.unit for b in part.budgets} == {"PKR"}
    assert {r.unit for r in part.realizations} >= {"PKR"}
    assert [r for r in part.realizations if r.unit == "PKR"] == [
        r for r in rich.realizations if r.unit == "PKR"
    ]

    empty_database()
    import_document(copy.deepcopy(part), source="pkr.yaml")
    assert export_document(unit="PKR") == part


def test_unit_export_carries_component_realisations(db) -> None:  # type: ignore[no-untyped-def]
    doc = rich_document()
    dayasos = next(p for p in doc.plans if p.unit == "DAYASOS")
    dayasos.objectives[0].indicators.append(
        Indicator(code="IKP 2", name="Komposit", components=["REHSOS:IKP 1"], aggregation=Aggregation.MAX)
    )
    import_document(doc)
    assert export_document(unit="KEMENSOS") == export_document()  # the root's subtree is everything
    part = export_document(unit="DAYASOS")
    # IKP 2 is made of REHSOS's IKP 1: its plan and its realisation come along, so the part
    # computes like the whole; REHSOS's other data does not.
    assert ("REHSOS", "IKP 1") in {(r.unit, r.indicator) for r in part.realizations}
    assert "REHSOS" in {p.unit for p in part.plans}
    assert "REHSOS" not in {b.unit for b in part.budgets} | {a.unit for a in part.agreements}
    empty_database()
    import_document(copy.deepcopy(part))
    assert export_document(unit="DAYASOS") == part


def test_empty_database_exports_an_empty_document(db) -> None:  # type: ignore[no-untyped-def]
    doc = export_document()
    assert doc.units == [] and doc.plans == [] and doc.realizations == []
    assert not any(row_counts().values())
