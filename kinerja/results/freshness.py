"""Which writes make which stored results stale: every save or delete of a row the figures read
adds one to the data version of the unit-years it can change, in the same transaction.

A unit-year's figures read its own plans, PK and realisations, and those of the keys it composes
from, which may belong to a unit above it (a value its parent publishes) or below it
(``figures.unit_year.in_scope``). So a write at unit U in year Y makes stale U, its ancestors
and its descendants in Y; a Renstra write does so for every year of the plan's period; a change
of the agency's policy or of the unit tree, and an import, make the whole agency stale.

Writes that bypass the models' signals (``QuerySet.update``, raw SQL) must call ``touch`` or
``touch_agency`` themselves; ``kinerja recompute`` rebuilds everything from scratch.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import F
from django.db.models.signals import post_delete, post_save

from kinerja.interchange.importer import importing
from kinerja.results.models import DataVersion


def related_units(agency_id: int, unit_id: int) -> set[int]:
    """``unit_id``, its ancestors and its descendants: one query per level up and per level down,
    so a leaf of a large agency costs a handful of small queries, not a read of the whole tree."""
    from kinerja.organizations.models import Unit

    units = Unit.objects.filter(agency_id=agency_id)
    out = {unit_id}
    node = units.filter(pk=unit_id).values_list("parent_id", flat=True).first()
    while node is not None and node not in out:
        out.add(node)
        node = units.filter(pk=node).values_list("parent_id", flat=True).first()
    level = {unit_id}
    while level:
        level = set(units.filter(parent_id__in=level).values_list("id", flat=True)) - out
        out |= level
    return out


def touch(agency_id: int, unit_id: int, years: Iterable[int]) -> None:
    """Data of ``unit_id`` in ``years`` changed: its results and those of related units are stale."""
    years = sorted(set(years))
    if not years:
        return
    units = related_units(agency_id, unit_id)
    # every stored result has its DataVersion row (store.py makes it with the result), so raising
    # the rows there are is enough; a unit-year without one has nothing stored to make stale
    DataVersion.objects.filter(agency_id=agency_id, unit_id__in=units, year__in=years).update(
        version=F("version") + 1
    )


def touch_agency(agency_id: int) -> None:
    """Anything of the agency may have changed (policy, unit tree, an import)."""
    DataVersion.objects.filter(agency_id=agency_id).update(version=F("version") + 1)


# --- what a row touches --------------------------------------------------------------------------


def _plan_years(plan: Any) -> range:
    return range(plan.period_start, plan.period_end + 1)


def _of_plan(plan_id: int | None) -> tuple[int, int, range] | None:
    from kinerja.planning.models import Plan

    if plan_id is None:
        return None

    plan = Plan.objects.filter(pk=plan_id).only("agency_id", "unit_id", "period_start", "period_end").first()
    if plan is None:
        return None
    return plan.agency_id, plan.unit_id, _plan_years(plan)


def _of_realization(realization_id: int | None) -> tuple[int, int, range] | None:
    from kinerja.measurement.models import Realization

    if realization_id is None:
        return None

    row = Realization.objects.filter(pk=realization_id).values_list("agency_id", "unit_id", "year").first()
    return None if row is None else (row[0], row[1], range(row[2], row[2] + 1))


def _of_agreement(agreement_id: int | None) -> tuple[int, int, range] | None:
    from kinerja.agreements.models import Agreement

    if agreement_id is None:
        return None

    row = Agreement.objects.filter(pk=agreement_id).values_list("agency_id", "unit_id", "year").first()
    return None if row is None else (row[0], row[1], range(row[2], row[2] + 1))


def _of_survey(survey_id: int) -> tuple[int, int, range] | None:
    from kinerja.evaluation.models import Survey

    row = Survey.objects.filter(pk=survey_id).values_list("agency_id", "service__unit_id", "year").first()
    return None if row is None else (row[0], row[1], range(row[2], row[2] + 1))


def _scope(instance: Any) -> tuple[int, int, range] | None:
    """(agency, unit, years) whose figures ``instance`` can change; None: nothing to do."""
    label = instance._meta.label
    if label in ("measurement.Realization", "agreements.Agreement", "agreements.ActionPlanTarget"):
        return instance.agency_id, instance.unit_id, range(instance.year, instance.year + 1)
    if label == "measurement.RealizationInput":
        return _of_realization(instance.realization_id)
    if label == "agreements.AgreementTarget":
        return _of_agreement(instance.agreement_id)
    if label == "planning.Plan":
        return instance.agency_id, instance.unit_id, _plan_years(instance)
    if label in ("planning.Objective", "planning.Indicator"):
        return _of_plan(instance.plan_id)
    if label in ("planning.IndicatorTarget", "planning.IndicatorVariable", "planning.IndicatorComponent"):
        from kinerja.planning.models import Indicator

        plan_id = Indicator.objects.filter(pk=instance.indicator_id).values_list("plan_id", flat=True).first()
        return _of_plan(plan_id)
    if label == "evaluation.Survey":  # an indicator with ``source: skm`` reads the unit's IKM
        from kinerja.evaluation.models import SurveyService

        unit_id = (
            SurveyService.objects.filter(pk=instance.service_id).values_list("unit_id", flat=True).first()
        )
        return (
            None
            if unit_id is None
            else (instance.agency_id, unit_id, range(instance.year, instance.year + 1))
        )
    if label in ("budget.BudgetEntry", "budget.BudgetScore", "budget.BudgetOutput"):
        # indicators fed by a budget figure (EKA is computed from the RO too)
        return instance.agency_id, instance.unit_id, range(instance.year, instance.year + 1)
    if label == "budget.OutputVolume":
        from kinerja.budget.models import BudgetOutput

        found = BudgetOutput.objects.filter(pk=instance.output_id).values_list("unit_id", "year").first()
        return None if found is None else (instance.agency_id, found[0], range(found[1], found[1] + 1))
    if label == "evaluation.SurveyResponse":
        return _of_survey(instance.survey_id)
    if label == "evaluation.AkipEvaluation":  # an indicator with ``source: akip`` reads the score
        return instance.agency_id, instance.unit_id, range(instance.year, instance.year + 1)
    if label == "evaluation.AkipAnswer":
        from kinerja.evaluation.models import AkipEvaluation

        row = (
            AkipEvaluation.objects.filter(pk=instance.evaluation_id)
            .values_list("agency_id", "unit_id", "year")
            .first()
        )
        return None if row is None else (row[0], row[1], range(row[2], row[2] + 1))
    return None


WATCHED = (
    "measurement.Realization",
    "measurement.RealizationInput",
    "agreements.Agreement",
    "agreements.AgreementTarget",
    "agreements.ActionPlanTarget",
    "planning.Plan",
    "planning.Objective",
    "planning.Indicator",
    "planning.IndicatorTarget",
    "planning.IndicatorVariable",
    "planning.IndicatorComponent",
    "evaluation.Survey",
    "evaluation.SurveyResponse",
    "budget.BudgetEntry",
    "budget.BudgetScore",
    "budget.BudgetOutput",
    "budget.OutputVolume",
    "evaluation.AkipEvaluation",
    "evaluation.AkipAnswer",
)
WHOLE_AGENCY = ("organizations.Agency", "organizations.Unit")


def on_write(sender: type[models.Model], instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or importing.get():
        # fixtures and restores load rows as they were, versions included; an import raises
        # the whole agency once at its end (on_import), not row by row
        return
    label = sender._meta.label
    if label in WHOLE_AGENCY:
        touch_agency(instance.pk if label == "organizations.Agency" else instance.agency_id)
        return
    scope = _scope(instance)
    if scope is not None:
        touch(*scope)


def on_import(sender: Any, agency_id: int, **kwargs: Any) -> None:
    touch_agency(agency_id)


def connect() -> None:
    from django.apps import apps

    from kinerja.interchange.importer import document_imported

    for label in (*WATCHED, *WHOLE_AGENCY):
        model = apps.get_model(label)
        uid = f"kinerja-results-{label}"
        post_save.connect(on_write, sender=model, dispatch_uid=uid)
        post_delete.connect(on_write, sender=model, dispatch_uid=uid)
    document_imported.connect(on_import, dispatch_uid="kinerja-results-import")
