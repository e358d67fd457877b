"""Read-only pages: sign-in (landing on the user's unit dashboard), the unit tree, and per unit
its Renstra tree with targets, realisations and the capaian computed by the engine (the same path
as ``kinerja compute``: database -> Document -> engine), so the page and the engine never
disagree. The dashboard, organisation tree and pohon kinerja are in ``dashboard.py``,
``orgtree.py`` and ``cascade.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from kinerja.budget.models import BUDGET_KIND_LABELS
from kinerja.core.numbers import format_rupiah, show_target, show_value
from kinerja.core.types import (
    IndicatorResult,
    KinerjaValidationError,
)
from kinerja.figures.counting import Basis
from kinerja.figures.inforce import agreements_of, latest_plan, plan_for
from kinerja.figures.unit_year import figures_for
from kinerja.interchange.db import measured_document
from kinerja.interchange.document import Document, Plan
from kinerja.organizations.access import Scope, can_view_unit, unit_for, visible_units
from kinerja.organizations.models import Unit
from kinerja.organizations.permissions import AGENCY_WIDE_ROLES
from kinerja.web.common import basis_from, level_label
from kinerja.web.landing import landing_year, side_by_side
from kinerja.web.waiting import waiting_rows


@dataclass
class UnitNode:
    code: str
    name: str
    level: str
    children: list[UnitNode] = field(default_factory=list)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    # Only the units the user may read; a unit whose parent is hidden is shown as a root.
    units = list(
        visible_units(request.user).order_by("code").values("id", "code", "name", "level", "parent__code")
    )
    nodes = {u["code"]: UnitNode(u["code"], u["name"], level_label(u["level"])) for u in units}
    roots: list[UnitNode] = []
    root_ids: list[int] = []
    for u in units:
        parent = u["parent__code"]
        if parent and parent in nodes:
            nodes[parent].children.append(nodes[u["code"]])
        else:
            roots.append(nodes[u["code"]])
            root_ids.append(u["id"])
    context: dict[str, Any] = {"roots": roots, "count": len(units), "waiting": waiting_rows(request.user)}
    # the units side by side with their achievement of the year (kinerja/web/landing.py)
    year = landing_year(request, [u["id"] for u in units]) if units else None
    if year is not None:
        context.update({"year": year, "cards": side_by_side(request, root_ids, year)})
    return render(request, "web/home.html", context)


def landing_url(user: Any) -> str:
    """Where a user lands after signing in: the dashboard of their unit when all their roles are
    at one unit (and none covers the whole agency), else the unit tree."""
    scope = Scope(user)
    memberships = scope.memberships()
    unit_ids = {unit_id for _, unit_id, _ in memberships}
    agency_wide = any(role in AGENCY_WIDE_ROLES for _, _, role in memberships)
    if len(unit_ids) == 1 and not agency_wide and not scope.superuser:
        unit = Unit.objects.filter(pk=next(iter(unit_ids))).first()
        if unit is not None:
            return reverse("web:dashboard", args=[unit.code])
    return reverse("web:home")


class SignInView(auth_views.LoginView):
    """Sign-in for every user; without a ``next`` page (or with the unit tree as ``next``) it
    lands on ``landing_url``."""

    template_name = "web/login.html"
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        url = self.get_redirect_url()
        if url and url != reverse("web:home"):
            return url
        return landing_url(self.request.user)


def _default_year(doc: Document, unit: str, plan: Plan) -> int:
    years = [r.period.year for r in doc.realizations if r.unit == unit]
    if years:
        return max(years)
    return plan.period[0]


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = unit_for(request.user, code)[0]  # 404 when unknown, 403 outside the user's scope
    doc = measured_document(unit)  # what the unit's own figures read, every year
    # the newest adopted Renstra chooses the default year; the year's own plan comes from
    # ``compute.plan_for``, the engine's rule, so the page and the engine never disagree
    plan = latest_plan(doc, code)
    context: dict[str, object] = {
        "unit": unit,
        "plan": plan,
        "parent_visible": unit.parent is not None and can_view_unit(request.user, unit.parent),
    }
    if plan is None:
        return render(request, "web/unit.html", context)
    year_param = request.GET.get("tahun")
    try:
        year = int(year_param) if year_param else _default_year(doc, code, plan)
    except ValueError:
        year = _default_year(doc, code, plan)
    if not plan.period[0] <= year <= plan.period[1]:
        year = _default_year(doc, code, plan)
    plan = plan_for(doc, code, year) or plan
    years = list(range(plan.period[0], plan.period[1] + 1))
    error = None
    results: dict[str, IndicatorResult] = {}
    objective_achievement: dict[str, str] = {}
    unit_achievement = None
    notes: tuple[str, ...] = ()
    basis = basis_from(request)
    unapproved: list[str] = []
    left_out: list[str] = []
    try:
        figures = figures_for(doc, code, year, basis)
    except KinerjaValidationError as exc:
        error = str(exc)
    else:
        result = figures.result
        unapproved, left_out = figures.unapproved, figures.left_out
        unit_achievement = show_value(result.achievement)
        notes = result.notes
        for obj_result in result.objectives:
            objective_achievement[obj_result.code] = show_value(obj_result.achievement)
            for ind_result in obj_result.indicators:
                results[ind_result.code] = ind_result
    agreements = agreements_of(doc, code, year)
    rows = []
    for obj in plan.objectives:
        indicators = []
        for ind in obj.indicators:
            res = results.get(ind.code)
            indicators.append(
                {
                    "ind": ind,
                    "targets": [show_target(ind.targets.get(y)) for y in years],
                    "target": show_target(res.target) if res else "–",
                    "realization": show_value(res.realization) if res else "n.a",
                    "achievement": show_value(res.achievement) if res else "n.a",
                    "uncapped": show_value(res.achievement_uncapped) if res else "n.a",
                    "components": [(c.key, show_value(c.realization)) for c in res.components] if res else [],
                    "notes": res.notes if res else (),
                }
            )
        rows.append(
            {"obj": obj, "achievement": objective_achievement.get(obj.code, "n.a"), "indicators": indicators}
        )
    budgets = [b for b in doc.budgets if b.unit == code and b.year == year and b.kind != "renstra"]
    context.update(
        {
            "year": year,
            "years": years,
            "rows": rows,
            "unit_achievement": unit_achievement,
            "notes": notes,
            "error": error,
            "provisional": basis is Basis.PROVISIONAL,
            "unapproved": unapproved,
            "left_out": left_out,
            "agreements": agreements,
            "budgets": [
                {
                    "kind": str(BUDGET_KIND_LABELS.get(b.kind, b.kind)),
                    "date": b.date,
                    "account": b.account,
                    "note": b.note,
                    "amount": format_rupiah(b.amount),
                }
                for b in budgets
            ],
            "predecessors": list(unit.predecessor_links.select_related("predecessor"))
            if hasattr(unit, "predecessor_links")
            else [],
        }
    )
    return render(request, "web/unit.html", context)
