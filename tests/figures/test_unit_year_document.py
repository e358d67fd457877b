"""The set-based read of one unit-year (``interchange.exporter.unit_year_document``) and the
in-memory cut of a whole agency (``figures.parts.Parts``) give the same figures as the whole agency's export, for every unit-year of the demo, of a ministry file
with cross-unit composites and of a synthetic agency, on both bases (issue #12)."""

from __future__ import annotations

from typing import Any

import pytest

from kinerja.core.types import KinerjaValidationError
from kinerja.demo.synthetic import sized_document
from kinerja.figures.counting import Basis
from kinerja.figures.inforce import plan_for
from kinerja.figures.parts import Parts
from kinerja.figures.unit_year import figures_for
from kinerja.interchange.db import export_document, import_document
from kinerja.interchange.exporter import measured_document, unit_year_document
from kinerja.interchange.parse import load_document
from kinerja.organizations.models import Agency, Unit
from tests.conftest import DEMO_DIR, FIXTURES


def _outcome(doc: Any, unit: str, year: int, basis: Basis) -> Any:
    try:
        f = figures_for(doc, unit, year, basis)
    except KinerjaValidationError as exc:
        return ("galat", str(exc))
    return (f.result, f.unapproved, f.left_out)


def _compare(agency: Agency) -> int:
    whole = export_document(agency_code=agency.code)
    parts = Parts(whole)
    compared = 0
    for unit in Unit.objects.filter(agency=agency).select_related("agency"):
        every_year = measured_document(unit)
        years = {y for p in whole.plans if p.unit == unit.code for y in range(p.period[0], p.period[1] + 1)}
        for year in sorted(years):
            if plan_for(whole, unit.code, year) is None:
                continue
            part = unit_year_document(unit, year)
            cut = parts.part(unit.code, year)
            assert len(part.realizations) <= len(whole.realizations)
            for basis in Basis:
                expected = _outcome(whole, unit.code, year, basis)
                assert _outcome(part, unit.code, year, basis) == expected, (unit.code, year, basis)
                assert _outcome(cut, unit.code, year, basis) == expected, ("parts", unit.code, year, basis)
                assert _outcome(every_year, unit.code, year, basis) == expected, (
                    "all years",
                    unit.code,
                    year,
                )
                compared += 1
    return compared


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(lambda: load_document(DEMO_DIR / "kemensos.yaml", check_refs=False), id="demo"),
        pytest.param(lambda: load_document(FIXTURES / "ministry_composite.yaml"), id="ministry-composite"),
        pytest.param(lambda: sized_document(12), id="synthetic"),
    ],
)
def test_one_unit_year_read_alone_computes_like_the_whole_agency(db: Any, source: Any) -> None:
    doc = source()
    import_document(doc)
    agency = Agency.objects.get(code=doc.agency.code)
    assert _compare(agency) > 0


def test_it_reads_only_that_years_realisations(db: Any) -> None:
    import_document(load_document(DEMO_DIR / "kemensos.yaml", check_refs=False))
    pkr = Unit.objects.get(code="PKR")
    part = unit_year_document(pkr, 2022)
    assert part.realizations and {r.period.year for r in part.realizations} == {2022}
    assert {a.year for a in part.agreements} == {2022}
