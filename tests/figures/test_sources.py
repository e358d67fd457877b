"""Indicators that take their realisation from a source (kinerja.figures.sources), on the demo's
PKR 2022: IKK 2.1 "Nilai Kinerja Anggaran (SMART)" (97,99 entered against a target of 87) and
IKK 2.2 "Nilai Akuntabilitas Kinerja" (no realisation: n.a)."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from decimal import Decimal

import pytest
import yaml

from kinerja.figures import sources
from kinerja.figures.counting import Basis
from kinerja.figures.sources import Sourced
from kinerja.figures.unit_year import figures_for
from kinerja.interchange import document as d
from kinerja.interchange.parse import parse_data, parse_text
from kinerja.interchange.write import dump_document
from tests.figures.test_scenarios import demo_document

# A provider as the budget and evaluation packages write them: it reads the document (here: a
# whole-unit "realisasi" budget entry of the unit's parent, standing for a score the DIPA holder
# entered) and says where the value came from.
PROVIDER_MODULE = "tests_sources_provider"


def _parent_score(doc: d.Document, unit: str, year: int) -> Sourced | None:
    parent = next((u.parent for u in doc.units if u.code == unit), None)
    for b in doc.budgets:
        if b.unit == parent and b.year == year and b.kind == "realisasi" and b.account == "NKA":
            return Sourced(Decimal(b.amount) / 100, b.unit, f"Nilai Kinerja Anggaran (NKA) {b.unit} {year}")
    return None


@pytest.fixture
def nka_provider() -> Iterator[None]:
    module = types.ModuleType(PROVIDER_MODULE)
    module.provide = _parent_score  # type: ignore[attr-defined]
    sys.modules[PROVIDER_MODULE] = module
    sources.PROVIDERS["nka"] = f"{PROVIDER_MODULE}:provide"
    yield
    del sources.PROVIDERS["nka"]
    del sys.modules[PROVIDER_MODULE]
    sources._provider.cache_clear()


def _indicator(doc: d.Document, code: str) -> d.Indicator:
    return next(
        i for p in doc.plans if p.unit == "PKR" for o in p.objectives for i in o.indicators if i.code == code
    )


def _result(doc: d.Document, code: str, basis: Basis = Basis.OFFICIAL) -> tuple[object, object, list[str]]:
    figs = figures_for(doc, "PKR", 2022, basis)
    ind = next(i for o in figs.result.objectives for i in o.indicators if i.key == f"PKR:{code}")
    return ind.realization, ind.achievement, list(figs.result.notes)


def _places(value: object) -> Decimal:
    assert isinstance(value, Decimal)
    return value.quantize(Decimal("1e-20"))


def _with_parent_nka(doc: d.Document, value_x100: int) -> d.Document:
    parent = next(u.parent for u in doc.units if u.code == "PKR")
    assert parent is not None
    doc.budgets.append(
        d.BudgetEntry(unit=parent, year=2022, kind="realisasi", amount=value_x100, account="NKA")
    )
    return doc


def test_the_source_value_is_the_realisation_and_the_entered_one_is_passed_over(nka_provider: None) -> None:
    doc = _with_parent_nka(demo_document(), 9312)
    _indicator(doc, "IKK 2.1").source = "nka"
    for basis in Basis:
        realization, achievement, notes = _result(doc, "IKK 2.1", basis)
        assert realization == Decimal("93.12")
        assert _places(achievement) == _places(Decimal("93.12") / 87 * 100)
        taken = [n for n in notes if n.startswith("IKK 2.1: realisasi diambil dari")]
        assert taken == [
            "IKK 2.1: realisasi diambil dari Nilai Kinerja Anggaran (NKA) DAYASOS 2022; "
            "realisasi yang diisi untuk tahun ini tidak dipakai"
        ]


def test_a_source_without_data_leaves_the_entered_realisation(nka_provider: None) -> None:
    doc = demo_document()  # the parent has no NKA entry
    _indicator(doc, "IKK 2.1").source = "nka"
    realization, _, notes = _result(doc, "IKK 2.1")
    assert realization == Decimal("97.99")
    assert (
        "IKK 2.1: sumber realisasi Nilai Kinerja Anggaran (NKA) untuk PKR tahun 2022 belum tersedia; "
        "dipakai realisasi yang diisi"
    ) in notes


def test_a_source_fills_an_indicator_nobody_entered(nka_provider: None) -> None:
    doc = _with_parent_nka(demo_document(), 8000)
    before, _, _ = _result(doc, "IKK 2.2")
    assert before is None
    _indicator(doc, "IKK 2.2").source = "nka"
    realization, achievement, notes = _result(doc, "IKK 2.2")
    assert realization == Decimal("80") and _places(achievement) == _places(Decimal("80") / 77 * 100)
    assert any(n.endswith("DAYASOS 2022") for n in notes)  # nothing entered: nothing passed over


def test_a_kind_without_provider_has_no_data() -> None:
    doc = demo_document()
    _indicator(doc, "IKK 2.1").source = "akip"
    realization, _, notes = _result(doc, "IKK 2.1")
    assert realization == Decimal("97.99")
    assert any("sumber realisasi Nilai evaluasi Akuntabilitas" in n for n in notes)


def test_the_source_survives_the_file() -> None:
    doc = demo_document()
    _indicator(doc, "IKK 2.1").source = "nka"
    again = parse_text(dump_document(doc), fmt="yaml", check_refs=False)
    assert _indicator(again, "IKK 2.1").source == "nka"
    assert _indicator(again, "IKK 1.1").source == ""


def test_an_unknown_source_is_refused_by_name() -> None:
    data = yaml.safe_load(dump_document(demo_document()))
    plan = next(p for p in data["plans"] if p["unit"] == "PKR")
    indicator = next(i for o in plan["objectives"] for i in o["indicators"] if i["code"] == "IKK 2.1")
    indicator["source"] = "smart"
    with pytest.raises(Exception) as refused:
        parse_data(data, check_refs=False)
    message = str(refused.value)
    assert "sumber realisasi (source) 'smart' tidak dikenal" in message
    assert "penyerapan, eka, ikpa, nka, skm, akip" in message


@pytest.mark.django_db
def test_the_source_is_stored_and_exported() -> None:
    from kinerja.interchange.db import export_document, import_document
    from kinerja.planning.models import Indicator

    doc = demo_document()
    _indicator(doc, "IKK 2.1").source = "nka"
    import_document(doc)
    stored = Indicator.objects.get(owner__code="PKR", code="IKK 2.1")
    assert stored.source == "nka" and stored.get_source_display() == "Nilai Kinerja Anggaran (NKA)"
    again = export_document(unit="PKR")
    assert _indicator(again, "IKK 2.1").source == "nka"
    assert _indicator(again, "IKK 1.1").source == ""
