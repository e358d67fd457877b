"""The Renstra service layer on the real database: rights, versions, target types, composite
cycles across units, references that block a delete, tokens and history notes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from kinerja.core.types import NumericTarget, QualitativeTarget, RangeTarget
from kinerja.history.models import Change
from kinerja.planning import services
from kinerja.planning.models import Indicator, IndicatorComponent, IndicatorTarget, Plan
from kinerja.planning.services import IndicatorData, PlanError, VersionConflict
from tests.planning.conftest import objective

D = Decimal


def data_for(ind: Indicator, **over: Any) -> IndicatorData:
    values: dict[str, Any] = {
        "code": ind.code,
        "name": ind.name,
        "owner_id": ind.owner_id,
        "formula": ind.formula,
        "scale": list(ind.scale or []),
        "aggregation": ind.aggregation,
        "components": [
            (f"{c.component.owner.code}:{c.component.code}", c.weight)
            for c in ind.component_links.select_related("component__owner")
        ],
    }
    values.update(over)
    return IndicatorData(**values)


def test_only_planners_write(users: dict[str, Any], pkr_plan: Plan) -> None:
    ind = Indicator.objects.get(plan=pkr_plan, code="IKK 1.1")
    for name in ("operator.pkr", "pimpinan.pkr", "apip", "operator.rehsos"):
        with pytest.raises(PermissionDenied):
            services.save_targets(users[name], ind, {2020: NumericTarget(D(1))}, None)
        with pytest.raises(PermissionDenied):
            services.new_version(users[name], pkr_plan, "alasan")
    assert Plan.objects.filter(unit__code="PKR").count() == 1


def test_targets_type_must_match(users: dict[str, Any], pkr_plan: Plan) -> None:
    ind = Indicator.objects.get(plan=pkr_plan, code="IKK 1.1")
    token = services.targets_token(ind)
    with pytest.raises(PlanError, match="tidak memiliki skala kualitatif"):
        services.save_targets(users["perencana"], ind, {2020: QualitativeTarget("WTP")}, token)
    with pytest.raises(PlanError, match="di luar periode"):
        services.save_targets(users["perencana"], ind, {2030: NumericTarget(D(1))}, token)
    services.save_targets(users["perencana"], ind, {2020: RangeTarget(D("80.5"), D(90)), 2021: None}, token)
    targets = {t.year: t for t in ind.targets.all()}
    assert targets[2020].get_target() == RangeTarget(D("80.5"), D(90))
    assert 2021 not in targets
    # a scale cannot be set while numeric Renstra targets exist
    with pytest.raises(PlanError, match="berupa angka"):
        services.save_indicator(
            users["perencana"],
            ind.objective,
            ind,
            data_for(ind, scale=["A", "B"]),
            services.indicator_token(ind),
        )


def test_stale_token_is_a_conflict(users: dict[str, Any], pkr_plan: Plan) -> None:
    ind = Indicator.objects.get(plan=pkr_plan, code="IKK 1.1")
    token = services.targets_token(ind)
    services.save_targets(users["perencana"], ind, {2020: NumericTarget(D(50))}, token)
    with pytest.raises(VersionConflict, match="telah diubah oleh pengguna lain"):
        services.save_targets(users["admin.pkr"], ind, {2020: NumericTarget(D(60))}, token)
    assert IndicatorTarget.objects.get(indicator=ind, year=2020).value == D(50)
    # an unchanged record keeps its token
    assert services.targets_token(Indicator.objects.get(pk=ind.pk)) == services.targets_token(ind)


def test_cycle_across_units_is_refused(users: dict[str, Any], demo: Any) -> None:
    """KEMENSOS IKSS with components in DAYASOS (from the demo); making the DAYASOS indicator a
    composite of that IKSS closes a cycle across two units' plans."""
    link = (
        IndicatorComponent.objects.select_related("indicator__owner", "component__plan")
        .filter(component__plan__unit__code="DAYASOS")
        .first()
    )
    assert link is not None
    comp = link.component
    key = f"{link.indicator.owner.code}:{link.indicator.code}"
    with pytest.raises(PlanError, match="siklus") as err:
        services.save_indicator(
            users["perencana"],
            comp.objective,
            comp,
            data_for(comp, components=[(key, None)]),
            services.indicator_token(comp),
        )
    assert f"DAYASOS:{comp.code}" in err.value.message and key in err.value.message
    assert not IndicatorComponent.objects.filter(indicator=comp).exists()


def test_new_version_maps_internal_links_and_records_reason(users: dict[str, Any], pkr_plan: Plan) -> None:
    sk1 = objective("PKR", "SK1")
    a = Indicator.objects.get(plan=pkr_plan, code="IKK 1.1")
    b = Indicator.objects.get(plan=pkr_plan, code="IKK 1.2")
    services.save_indicator(
        users["perencana"],
        sk1,
        b,
        data_for(b, aggregation="sum", components=[("PKR:IKK 1.1", None)]),
        services.indicator_token(b),
    )
    copy = services.new_version(users["perencana"], pkr_plan, "Reviu tengah periode", "Renstra PKR (reviu)")
    assert copy.version == 2 and copy.label == "Renstra PKR (reviu)" and copy.adopted_on is None
    b2 = Indicator.objects.get(plan=copy, code="IKK 1.2")
    a2 = Indicator.objects.get(plan=copy, code="IKK 1.1")
    assert [c.component_id for c in b2.component_links.all()] == [a2.pk]
    assert [c.component_id for c in b.component_links.all()] == [a.pk]
    assert services.version_reason(copy) == "Reviu tengah periode"
    # a draft does not supersede the adopted version 1, which stays in force and editable
    assert copy.status == "draft"
    assert services.status_of(pkr_plan) == services.STATUS_ADOPTED
    assert services.status_of(copy) == services.STATUS_DRAFT
    assert services.in_force_plan(pkr_plan.unit, 2022) == pkr_plan
    with pytest.raises(PlanError, match="versi 2 Renstra ini sudah ada"):
        services.new_version(users["perencana"], pkr_plan, "lagi")
    with pytest.raises(PlanError, match="masih draf"):
        services.new_version(users["perencana"], copy, "lagi")
    with pytest.raises(PlanError, match="wajib diisi"):
        services.adopt(users["perencana"], copy, None)
    with pytest.raises(PermissionDenied):
        services.adopt(users["operator.pkr"], copy, date(2023, 2, 1))
    copy = services.adopt(users["perencana"], copy, date(2023, 2, 1), "Permensos 3/2023")
    assert (copy.status, copy.adopted_on, copy.legal_basis) == (
        "adopted",
        date(2023, 2, 1),
        "Permensos 3/2023",
    )
    assert services.in_force_plan(pkr_plan.unit, 2022) == copy
    assert services.status_of(pkr_plan) == services.STATUS_SUPERSEDED
    assert services.status_of(copy) == services.STATUS_ADOPTED
    with pytest.raises(PlanError, match="sudah ditetapkan"):
        services.adopt(users["perencana"], copy, date(2023, 3, 1))
    notes = set(Change.objects.filter(action="create", username="perencana").values_list("note", flat=True))
    assert "Versi baru Renstra: Reviu tengah periode" in notes
    # the superseded version refuses every write
    with pytest.raises(PlanError, match="sudah digantikan"):
        services.save_targets(users["perencana"], a, {2020: NumericTarget(D(1))}, None)
    with pytest.raises(PlanError, match="sudah digantikan"):
        services.new_version(users["perencana"], pkr_plan, "lagi")
    with pytest.raises(PlanError, match="wajib diisi"):
        services.new_version(users["perencana"], copy, "  ")


def test_references_block_delete(users: dict[str, Any], pkr_plan: Plan) -> None:
    ind = Indicator.objects.get(plan=pkr_plan, code="IKK 1.1")
    why = services.references_of(ind)
    assert any("Perjanjian Kinerja" in w for w in why)
    assert any("realisasi" in w for w in why)
    with pytest.raises(PlanError, match="tidak dapat dihapus"):
        services.delete_indicator(users["perencana"], ind)
    assert Indicator.objects.filter(pk=ind.pk).exists()
