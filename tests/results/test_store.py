"""Stored results are the engine's figures, kept in step with every write (issue #12):

* a rebuild from scratch stores, for every unit-year of the demo, a ministry file with composites
  and a synthetic agency, exactly what the engine computes from the whole agency's export;
* a realisation saved through the workflow, a PK signed, a Renstra target edited and an import
  each make the unit-years they touch stale, and the next read computes them again;
* a stale row is never returned as it was.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kinerja.core.types import KinerjaValidationError
from kinerja.demo.synthetic import sized_document
from kinerja.figures.counting import Basis
from kinerja.figures.unit_year import figures_for
from kinerja.interchange import document as d
from kinerja.interchange.db import export_document, import_document
from kinerja.interchange.parse import load_document
from kinerja.measurement import workflow
from kinerja.measurement.services import start_realization
from kinerja.organizations.models import Agency, Unit
from kinerja.planning.models import Indicator, IndicatorTarget
from kinerja.results.models import DataVersion, StoredResult
from kinerja.results.store import rebuild, stored_achievements, stored_figures
from tests.conftest import DEMO_DIR, FIXTURES


def _engine(doc: d.Document, unit: str, year: int, basis: Basis) -> Any:
    try:
        f = figures_for(doc, unit, year, basis)
    except KinerjaValidationError as exc:
        return ("galat", str(exc))
    return (f.result, tuple(f.unapproved), tuple(f.left_out))


def _stored(unit: Unit, year: int, basis: Basis) -> Any:
    s = stored_figures(unit, year, basis)
    return ("galat", s.error) if s.result is None else (s.result, s.unapproved, s.left_out)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(lambda: load_document(DEMO_DIR / "kemensos.yaml", check_refs=False), id="demo"),
        pytest.param(lambda: load_document(FIXTURES / "ministry_composite.yaml"), id="ministry-composite"),
        pytest.param(lambda: sized_document(15), id="synthetic"),
    ],
)
def test_rebuild_stores_what_the_engine_computes_for_every_unit_year(db: Any, source: Any) -> None:
    import_document(source())
    agency = Agency.objects.get()
    stats = rebuild()
    assert stats.rows == StoredResult.objects.count() > 0 and stats.rows == 2 * stats.unit_years
    whole = export_document(agency_code=agency.code)
    units = {u.pk: u for u in Unit.objects.filter(agency=agency).select_related("agency")}
    checked = 0
    for row in StoredResult.objects.all():
        unit, basis = units[row.unit_id], Basis(row.basis)
        version = DataVersion.objects.get(unit_id=row.unit_id, year=row.year).version
        assert row.version == version  # fresh: read back as stored, not computed again
        assert _stored(unit, row.year, basis) == _engine(whole, unit.code, row.year, basis), (
            unit.code,
            row.year,
        )
        checked += 1
    assert checked == stats.rows


@pytest.fixture
def stored_demo(users: dict[str, Any], pkr: Unit) -> dict[str, Any]:
    rebuild()
    return users


def test_a_realisation_saved_makes_its_unit_year_stale_and_the_read_computes_it_again(
    stored_demo: dict[str, Any], pkr: Unit
) -> None:
    operator = stored_demo["operator.pkr"]
    before = stored_figures(pkr, 2023, Basis.PROVISIONAL)
    version = DataVersion.objects.get(unit=pkr, year=2023).version
    parent = DataVersion.objects.get(unit=pkr.parent, year=2023).version
    ikk31 = Indicator.objects.get(plan__unit=pkr, code="IKK 3.1", plan__period_start=2020)
    record, _ = start_realization(operator, pkr, ikk31, 2023, None)
    workflow.save_realization(operator, record, {"value_number": "50"}, record.version)
    assert DataVersion.objects.get(unit=pkr, year=2023).version > version
    assert DataVersion.objects.get(unit=pkr.parent, year=2023).version > parent  # composites above
    after = stored_figures(pkr, 2023, Basis.PROVISIONAL)
    assert after.result != before.result
    whole = export_document(agency_code="KEMENSOS")
    assert (after.result, after.unapproved, after.left_out) == _engine(whole, "PKR", 2023, Basis.PROVISIONAL)
    # the official figures do not count the draft: same achievement as before the save
    assert (
        stored_figures(pkr, 2023, Basis.OFFICIAL).achievement
        == _engine(whole, "PKR", 2023, Basis.OFFICIAL)[0].achievement
    )


def test_a_renstra_target_edited_makes_every_year_of_the_plan_stale(
    stored_demo: dict[str, Any], pkr: Unit
) -> None:
    versions = dict(DataVersion.objects.filter(unit=pkr).values_list("year", "version"))
    target = IndicatorTarget.objects.filter(indicator__plan__unit=pkr, year=2023).first()
    assert target is not None
    target.save()  # any saved change, through the model as the pages and the admin do
    after = dict(DataVersion.objects.filter(unit=pkr).values_list("year", "version"))
    assert all(after[y] > versions[y] for y in range(2020, 2025))


def test_an_import_makes_the_agency_stale(stored_demo: dict[str, Any], pkr: Unit) -> None:
    before = stored_figures(pkr, 2023).achievement
    old = dict(DataVersion.objects.values_list("id", "version"))
    import_document(
        d.Document(
            agency=d.Agency(code="KEMENSOS", name="Kementerian Sosial"),
            realizations=[
                d.Realization(unit="PKR", indicator="IKK 3.1", period=d.Period(2023, None), value=Decimal(1))
            ],
        )
    )
    assert all(v > old[pk] for pk, v in DataVersion.objects.values_list("id", "version"))
    after = stored_figures(pkr, 2023).achievement
    assert after != before
    assert (
        after == _engine(export_document(agency_code="KEMENSOS"), "PKR", 2023, Basis.OFFICIAL)[0].achievement
    )


def test_many_units_in_two_queries_when_fresh(
    stored_demo: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    units = list(Unit.objects.select_related("agency"))
    with django_assert_max_num_queries(2):
        values = stored_achievements(units, 2022)
    whole = export_document(agency_code="KEMENSOS")
    for unit in units:
        expected = _engine(whole, unit.code, 2022, Basis.OFFICIAL)
        exact = None if expected[0] == "galat" else expected[0].achievement
        # the list's column keeps 10 decimal places, as every stored measure does
        if exact is None or values[unit.pk] is None:
            assert values[unit.pk] == exact, unit.code
        else:
            assert abs(values[unit.pk] - exact) < Decimal("1e-10"), unit.code


def test_related_units_are_the_chain_up_and_the_subtree_down(demo: dict[str, Unit]) -> None:
    from kinerja.results.freshness import related_units

    pkr = demo["PKR"]
    up = {u.pk for u in (pkr, pkr.parent, pkr.parent.parent) if u is not None}
    assert related_units(pkr.agency_id, pkr.pk) == up
    root = demo["KEMENSOS"]
    assert related_units(root.agency_id, root.pk) == set(
        Unit.objects.filter(agency=root.agency).values_list("id", flat=True)
    )


def test_many_stale_at_once_are_rebuilt_together(stored_demo: dict[str, Any], monkeypatch: Any) -> None:
    """After an import every unit-year is stale: a list of more than BULK_FROM rebuilds the
    agency-year once instead of computing each unit alone, and gives the same figures."""
    from django.db.models import F

    from kinerja.results import store

    DataVersion.objects.filter(year=2022).update(version=F("version") + 1)  # as an import does
    calls: list[Any] = []
    real = store.rebuild
    monkeypatch.setattr(store, "BULK_FROM", 2)
    monkeypatch.setattr(store, "rebuild", lambda **kw: calls.append(kw) or real(**kw))
    units = list(
        Unit.objects.filter(code__in=["PKR", "DAYASOS", "KEMENSOS", "REHSOS"]).select_related("agency")
    )
    values = stored_achievements(units, 2022)
    assert calls == [{"agency_code": "KEMENSOS", "year": 2022}]
    whole = export_document(agency_code="KEMENSOS")
    for unit in units:
        expected = _engine(whole, unit.code, 2022, Basis.OFFICIAL)
        exact = None if expected[0] == "galat" else expected[0].achievement
        assert (values[unit.pk] is None) == (exact is None), unit.code
        if exact is not None:
            assert abs(values[unit.pk] - exact) < Decimal("1e-10"), unit.code


def test_a_quarter_is_stored_when_first_read_and_computed_again_after_a_write(db: Any) -> None:
    """Stored quarters (``stored_quarter``) are ``figures.quarters.quarter_figures`` of the whole
    agency's export, on both bases; a realisation saved makes them stale."""
    from kinerja.figures.quarters import quarter_figures
    from kinerja.measurement.models import Realization
    from kinerja.results.store import stored_quarter
    from tests.figures.test_quarters import _document

    import_document(_document())
    pkr = Unit.objects.select_related("agency").get(code="PKR")
    for quarter in (1, 2, 3, 4):
        for basis in Basis:
            stored = stored_quarter(pkr, 2022, quarter, basis)
            engine = quarter_figures(export_document(agency_code="KEMENSOS"), "PKR", 2022, quarter, basis)
            assert stored.result == engine.result and stored.year_target == engine.year_target
    assert StoredResult.objects.filter(unit=pkr, year=2022).exclude(quarter=0).count() == 8
    assert not StoredResult.objects.filter(unit=pkr, year=2022, quarter=0).exists()  # the year: not read

    record = Realization.objects.get(unit=pkr, year=2022, quarter=1, indicator__code="IKK 2.1")
    record.value_number = Decimal(30)
    record.save()
    ikk = next(
        i
        for o in stored_quarter(pkr, 2022, 1).result.objectives  # type: ignore[union-attr]
        for i in o.indicators
        if i.key == "PKR:IKK 2.1"
    )
    assert ikk.realization == Decimal(30) and ikk.achievement == Decimal(150)  # 30 against TW I's 20


def test_a_years_realisations_alone_are_those_of_the_years_export(db: Any) -> None:
    """The rebuild adds ``agency_realizations`` a year at a time to one export without them."""
    from kinerja.interchange.exporter import agency_realizations

    import_document(load_document(DEMO_DIR / "kemensos.yaml", check_refs=False))
    skeleton = export_document(agency_code="KEMENSOS", with_realizations=False)
    whole = export_document(agency_code="KEMENSOS")
    assert skeleton.realizations == [] and skeleton.plans == whole.plans
    for year in (2020, 2021, 2022, 2023):
        alone = agency_realizations("KEMENSOS", year)
        assert alone == export_document(agency_code="KEMENSOS", year=year).realizations
        assert alone == [r for r in whole.realizations if r.period.year == year]
    assert agency_realizations("KEMENSOS", 2022)  # the demo's year has realisations
