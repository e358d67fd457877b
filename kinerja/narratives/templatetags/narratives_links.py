"""``{% narratives_link unit year %}``: the link to the unit-year's LKj narratives, for the unit
page (every user who reads the unit; a unit head also sees how many texts wait for approval)."""

from __future__ import annotations

from typing import Any

from django import template

from kinerja.narratives.models import SUBMITTED, Narrative
from kinerja.organizations import access, permissions

register = template.Library()


@register.inclusion_tag("narratives/_link.html", takes_context=True)
def narratives_link(context: template.Context, unit: Any, year: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if unit is None or not year or user is None:
        return {"show": False}
    scope = access.Scope(user)
    if not scope.can(permissions.VIEW, unit):
        return {"show": False}
    waiting = 0
    if scope.can(permissions.APPROVE_TEXT, unit):
        waiting = Narrative.objects.filter(unit=unit, year=year, status=SUBMITTED).count()
    return {"show": True, "unit": unit, "year": year, "waiting": waiting}
