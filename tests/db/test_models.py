"""Schema: natural unique constraints, the agency on every row, measures and money types."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.db import IntegrityError, models, transaction

from kinerja.agreements.models import ActionPlanTarget, Agreement, AgreementTarget
from kinerja.budget.models import BudgetEntry, BudgetOutput, BudgetScore, OutputVolume
from kinerja.measurement.models import (
    Evidence,
    LockException,
    Realization,
    RealizationEvent,
    RealizationInput,
)
from kinerja.organizations.models import Agency, Membership, Unit, UnitPredecessor, UnitText
from kinerja.planning.models import (
    Goal,
    Indicator,
    IndicatorComponent,
    IndicatorTarget,
    IndicatorVariable,
    Mission,
    Objective,
    ObjectiveSupport,
    Plan,
)
from tests.db.conftest import kinerja_models

pytestmark = pytest.mark.django_db

NATURAL_KEYS = {
    Unit: ("agency", "code"),
    UnitPredecessor: ("agency", "unit", "predecessor"),
    UnitText: ("agency", "unit", "year", "key"),
    Plan: ("agency", "unit", "period_start", "period_end", "version"),
    Mission: ("agency", "plan", "position"),
    Goal: ("agency", "plan", "code"),
    Objective: ("agency", "plan", "code"),
    ObjectiveSupport: ("agency", "objective", "supported"),
    Indicator: ("agency", "plan", "owner", "code"),
    IndicatorVariable: ("agency", "indicator", "name"),
    IndicatorComponent: ("agency", "indicator", "component"),
    IndicatorTarget: ("agency", "indicator", "year"),
    Agreement: ("agency", "unit", "year", "version"),
    AgreementTarget: ("agency", "agreement", "indicator"),
    ActionPlanTarget: ("agency", "unit", "indicator", "year", "quarter"),
    Realization: ("agency", "unit", "indicator", "year", "quarter"),
    RealizationInput: ("agency", "realization", "name"),
    Evidence: ("agency", "realization", "position"),
    BudgetEntry: ("agency", "unit", "year", "position"),
    BudgetScore: ("agency", "unit", "year", "kind"),
    BudgetOutput: ("agency", "unit", "year", "code"),
    OutputVolume: ("agency", "output", "month"),
    Membership: ("agency", "user", "unit", "role"),
}
# Append-only logs: no natural key, but the agency on every row all the same.
LOGS = [RealizationEvent, LockException]


def test_every_model_is_covered() -> None:
    assert set(kinerja_models()) == set(NATURAL_KEYS) | {Agency} | set(LOGS)


@pytest.mark.parametrize("model", [*NATURAL_KEYS, *LOGS], ids=lambda m: m.__name__)
def test_every_row_belongs_to_an_agency_by_an_indexed_key(model) -> None:  # type: ignore[no-untyped-def]
    field = model._meta.get_field("agency")
    assert isinstance(field, models.ForeignKey) and field.related_model is Agency
    assert field.db_index and not field.null


@pytest.mark.parametrize("model", list(NATURAL_KEYS), ids=lambda m: m.__name__)
def test_natural_unique_constraint_starts_with_the_agency(model) -> None:  # type: ignore[no-untyped-def]
    keys = {tuple(c.fields) for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)}
    want = NATURAL_KEYS[model]
    if model is Realization:  # the year and each quarter are unique separately (quarter may be NULL)
        assert {want[:-1], want} <= keys
    else:
        assert want in keys


def test_measure_and_money_types() -> None:
    for model in kinerja_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.DecimalField):
                assert (field.max_digits, field.decimal_places) == (28, 10), field
    assert isinstance(BudgetEntry._meta.get_field("amount"), models.BigIntegerField)


def _duplicate(make) -> None:  # type: ignore[no-untyped-def]
    make()
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_unique_constraints_hold_in_the_database(db) -> None:  # type: ignore[no-untyped-def]
    agency = Agency.objects.create(code="A", name="Instansi")
    _duplicate(lambda: Agency.objects.create(code="B", name="x"))
    unit = Unit.objects.create(agency=agency, code="U", name="Unit", level="eselon2")
    _duplicate(lambda: Unit.objects.create(agency=agency, code="V", name="x", level="eselon2"))
    other = Unit.objects.get(code="V")
    _duplicate(lambda: UnitPredecessor.objects.create(agency=agency, unit=unit, predecessor=other))
    _duplicate(lambda: UnitText.objects.create(agency=agency, unit=unit, year=2022, key="k", text=""))
    plan = Plan.objects.create(agency=agency, unit=unit, period_start=2020, period_end=2024)
    _duplicate(
        lambda: Plan.objects.create(agency=agency, unit=unit, period_start=2020, period_end=2024, version=2)
    )
    _duplicate(lambda: Mission.objects.create(agency=agency, plan=plan, position=0, statement="m"))
    _duplicate(lambda: Goal.objects.create(agency=agency, plan=plan, code="T1", statement="g"))
    objective = Objective.objects.create(agency=agency, plan=plan, code="SK1", level="SK", statement="s")
    _duplicate(
        lambda: Objective.objects.create(agency=agency, plan=plan, code="SK2", level="SK", statement="s")
    )
    objective2 = Objective.objects.get(code="SK2")
    _duplicate(
        lambda: ObjectiveSupport.objects.create(agency=agency, objective=objective, supported=objective2)
    )
    ind = Indicator.objects.create(
        agency=agency, plan=plan, objective=objective, owner=unit, code="I1", name="i"
    )
    _duplicate(
        lambda: Indicator.objects.create(
            agency=agency, plan=plan, objective=objective, owner=unit, code="I2", name="i"
        )
    )
    ind2 = Indicator.objects.get(code="I2")
    _duplicate(lambda: IndicatorVariable.objects.create(agency=agency, indicator=ind, name="n"))
    _duplicate(lambda: IndicatorComponent.objects.create(agency=agency, indicator=ind, component=ind2))
    _duplicate(lambda: IndicatorTarget.objects.create(agency=agency, indicator=ind, year=2022, value=D(1)))
    agreement = Agreement.objects.create(agency=agency, unit=unit, year=2022)
    _duplicate(lambda: Agreement.objects.create(agency=agency, unit=unit, year=2022, version=2))
    _duplicate(
        lambda: AgreementTarget.objects.create(agency=agency, agreement=agreement, indicator=ind, value=D(1))
    )
    _duplicate(
        lambda: ActionPlanTarget.objects.create(
            agency=agency, unit=unit, indicator=ind, year=2022, quarter=1, value=D(1)
        )
    )
    real = Realization.objects.create(agency=agency, unit=unit, indicator=ind, year=2022)
    _duplicate(
        lambda: Realization.objects.create(agency=agency, unit=unit, indicator=ind, year=2022, quarter=1)
    )
    _duplicate(lambda: RealizationInput.objects.create(agency=agency, realization=real, name="n", value=D(1)))
    _duplicate(
        lambda: Evidence.objects.create(agency=agency, realization=real, reference="a.pdf", position=0)
    )
    _duplicate(
        lambda: BudgetEntry.objects.create(agency=agency, unit=unit, year=2022, kind="rpd", amount=1, month=1)
    )


def test_check_constraints_hold_in_the_database(db) -> None:  # type: ignore[no-untyped-def]
    agency = Agency.objects.create(code="A", name="Instansi")
    unit = Unit.objects.create(agency=agency, code="U", name="Unit", level="eselon2")
    plan = Plan.objects.create(agency=agency, unit=unit, period_start=2020, period_end=2024)
    objective = Objective.objects.create(agency=agency, plan=plan, code="SK1", level="SK", statement="s")
    ind = Indicator.objects.create(
        agency=agency, plan=plan, objective=objective, owner=unit, code="I1", name="i"
    )
    bad = [
        lambda: Plan.objects.create(agency=agency, unit=unit, period_start=2025, period_end=2024),
        lambda: IndicatorTarget.objects.create(
            agency=agency, indicator=ind, year=2022, kind="range", low=D(1)
        ),
        lambda: IndicatorTarget.objects.create(agency=agency, indicator=ind, year=2022, kind="number"),
        lambda: ActionPlanTarget.objects.create(
            agency=agency, unit=unit, indicator=ind, year=2022, quarter=5, value=1
        ),
        lambda: Realization.objects.create(agency=agency, unit=unit, indicator=ind, year=2022, quarter=0),
        lambda: Realization.objects.create(
            agency=agency, unit=unit, indicator=ind, year=2022, value_number=D(1), value_label="WTP"
        ),
        lambda: BudgetEntry.objects.create(
            agency=agency, unit=unit, year=2022, kind="rpd", amount=1, month=13
        ),
    ]
    for make in bad:
        with pytest.raises(IntegrityError), transaction.atomic():
            make()


def test_target_fields_hold_every_target_type(db) -> None:  # type: ignore[no-untyped-def]
    from kinerja.core.types import NumericTarget, QualitativeTarget, RangeTarget

    agency = Agency.objects.create(code="A", name="Instansi")
    unit = Unit.objects.create(agency=agency, code="U", name="Unit", level="eselon2")
    plan = Plan.objects.create(agency=agency, unit=unit, period_start=2020, period_end=2024)
    objective = Objective.objects.create(agency=agency, plan=plan, code="SK1", level="SK", statement="s")
    ind = Indicator.objects.create(
        agency=agency, plan=plan, objective=objective, owner=unit, code="I1", name="i"
    )
    for year, target in enumerate(
        [NumericTarget(D("99.25")), RangeTarget(D(7), D(8)), QualitativeTarget("WTP")]
    ):
        row = IndicatorTarget(agency=agency, indicator=ind, year=2020 + year)
        row.set_target(target)
        row.save()
        assert IndicatorTarget.objects.get(pk=row.pk).get_target() == target
    assert [t.target_display() for t in IndicatorTarget.objects.order_by("year")] == ["99.25", "7–8", "WTP"]


def test_deleting_an_agency_deletes_all_its_rows(db) -> None:  # type: ignore[no-untyped-def]
    from kinerja.interchange.db import import_document
    from tests.db.conftest import empty_database
    from tests.db.documents import rich_document

    import_document(rich_document())
    empty_database()


def test_child_rows_take_the_agency_of_their_parent(db) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    agency = Agency.objects.create(code="A", name="Instansi")
    unit = Unit.objects.create(agency=agency, code="U", name="Unit", level="eselon2")
    plan = Plan.objects.create(unit=unit, period_start=2020, period_end=2024)
    objective = Objective.objects.create(plan=plan, code="SK1", level="SK", statement="s")
    ind = Indicator.objects.create(objective=objective, owner=unit, code="I1", name="i")
    target = IndicatorTarget.objects.create(indicator=ind, year=2022, value=D(1))
    assert plan.agency_id == objective.agency_id == ind.agency_id == target.agency_id == agency.pk
    assert ind.plan_id == plan.pk
    duplicate = IndicatorTarget(indicator=ind, year=2022, value=D(2))
    with pytest.raises(ValidationError):
        duplicate.full_clean(exclude=["agency"])  # as a form without the agency field does
