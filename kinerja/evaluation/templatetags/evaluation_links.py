"""``{% recommendations_link unit %}``: the link to a unit's recommendations for the unit page,
with how many are past their due date (every user who reads the unit sees it: the unit head and
the APIP among them)."""

from __future__ import annotations

from typing import Any

from django import template

from kinerja.evaluation.recommendations import today
from kinerja.organizations import access, permissions

register = template.Library()


@register.inclusion_tag("evaluation/_recommendations_link.html", takes_context=True)
def recommendations_link(context: template.Context, unit: Any) -> dict[str, Any]:
    from kinerja.evaluation.models import Recommendation

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if unit is None or user is None or not access.Scope(user).can(permissions.VIEW, unit):
        return {"show": False}
    overdue = Recommendation.objects.filter(unit=unit, due_date__lt=today()).exclude(status="closed").count()
    return {"show": True, "unit": unit, "overdue": overdue}


@register.inclusion_tag("evaluation/_dashboard_cards.html", takes_context=True)
def evaluation_cards(context: template.Context, unit: Any, year: Any) -> dict[str, Any]:
    """The dashboard's cards of reviu dan evaluasi: the unit's IKM (its own or rolled up from the
    units beneath), its final AKIP score, and its overdue recommendations."""
    from kinerja.evaluation.models import AkipEvaluation, Recommendation
    from kinerja.evaluation.skm import survey_document
    from kinerja.figures.akip import unit_akip
    from kinerja.figures.skm import unit_skm
    from kinerja.interchange.evaluations import export_evaluations

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if unit is None or not year or user is None or not access.Scope(user).can(permissions.VIEW, unit):
        return {"show": False}
    year = int(year)
    skm = unit_skm(survey_document(unit, year), unit.code, year)
    akip = None
    if AkipEvaluation.objects.filter(unit=unit, year=year, status="final").exists():
        from kinerja.interchange import document as d

        doc = d.Document(evaluations=export_evaluations(unit.agency, {unit.pk}, {unit.pk: unit.code}, year))
        akip = unit_akip(doc, unit.code, year)
    overdue = Recommendation.objects.filter(unit=unit, due_date__lt=today()).exclude(status="closed").count()
    return {"show": True, "unit": unit, "year": year, "skm": skm, "akip": akip, "overdue": overdue}
