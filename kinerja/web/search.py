"""Search (the box in the header): units, indicators and documents (Renstra, Perjanjian Kinerja)
whose code or name holds the words typed, only among the units the user may read
(``visible_units``: the same scope as every page). Every word must match (AND), case-insensitive,
on SQLite and PostgreSQL alike (``icontains``). At most ``LIMIT`` hits a kind; the page says so
when there are more.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from kinerja.agreements.models import Agreement
from kinerja.organizations.access import visible_units
from kinerja.organizations.models import Unit
from kinerja.planning.models import Indicator, Plan
from kinerja.web.common import level_label

LIMIT = 25
MAX_QUERY = 200


@dataclass(frozen=True)
class Hit:
    kind: str  # "unit", "indicator", "document"
    title: str
    detail: str
    url: str


def words(query: str) -> list[str]:
    return [w for w in query[:MAX_QUERY].split() if w][:8]


def _all_words(fields: tuple[str, ...], terms: list[str]) -> Q:
    """Each term in at least one of ``fields``."""
    q = Q()
    for term in terms:
        one = Q()
        for f in fields:
            one |= Q(**{f"{f}__icontains": term})
        q &= one
    return q


def search(user: object, query: str) -> dict[str, list[Hit] | bool]:
    terms = words(query)
    if not terms:
        return {"units": [], "indicators": [], "documents": [], "more": False}
    units: QuerySet[Unit] = visible_units(user)
    unit_hits = list(units.filter(_all_words(("code", "name"), terms)).order_by("code")[: LIMIT + 1])
    indicators = list(
        Indicator.objects.filter(plan__unit__in=units)
        .filter(_all_words(("code", "name", "objective__statement"), terms))
        .select_related("plan", "plan__unit", "objective")
        .order_by("plan__unit__code", "-plan__period_start", "-plan__version", "code")[: LIMIT + 1]
    )
    plans = list(
        Plan.objects.filter(unit__in=units)
        .filter(_all_words(("unit__code", "unit__name", "label", "vision"), terms))
        .select_related("unit")
        .order_by("unit__code", "-period_start", "-version")[: LIMIT + 1]
    )
    agreements = list(
        Agreement.objects.filter(unit__in=units)
        .filter(
            _all_words(("unit__code", "unit__name", "label", "first_party_name", "second_party_name"), terms)
        )
        .select_related("unit")
        .order_by("unit__code", "-year", "-version")[: LIMIT + 1]
    )
    more = any(len(x) > LIMIT for x in (unit_hits, indicators, plans, agreements))
    return {
        "units": [
            Hit("unit", f"{u.name}", f"{u.code} · {level_label(u.level)}", reverse("web:unit", args=[u.code]))
            for u in unit_hits[:LIMIT]
        ],
        "indicators": [
            Hit(
                "indicator",
                f"{i.code} {i.name}",
                f"{i.plan.unit.code} · {_('Renstra')} {i.plan.period_start}–{i.plan.period_end} v{i.plan.version}"
                f" · {i.objective.code}",
                reverse("planning:indicator", args=[i.plan.unit.code, i.plan.pk, i.pk]),
            )
            for i in indicators[:LIMIT]
        ],
        "documents": [
            Hit(
                "document",
                f"{_('Renstra')} {p.unit.code} {p.period_start}–{p.period_end} v{p.version}",
                p.label or p.unit.name,
                reverse("planning:plan", args=[p.unit.code, p.pk]),
            )
            for p in plans[:LIMIT]
        ]
        + [
            Hit(
                "document",
                f"{_('Perjanjian Kinerja')} {a.unit.code} {a.year} v{a.version}",
                a.label or a.unit.name,
                reverse("agreements:detail", args=[a.unit.code, a.year, a.version]),
            )
            for a in agreements[:LIMIT]
        ],
        "more": more,
    }


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    found = search(request.user, query)
    total = sum(len(v) for v in found.values() if isinstance(v, list))
    return render(
        request,
        "web/search.html",
        {"search_query": query[:MAX_QUERY], "found": found, "total": total, "searched": bool(words(query))},
    )
