"""Pohon kinerja: from a unit's objectives follow the cascade (``supports``) up to the SP and SS
they serve and down to the objectives of other units that support them, across units, as
nested ``<details>`` (no JavaScript). Each node shows its indicators and this year's capaian,
the engine's figures of the node's unit-year as stored (``kinerja.results``).

Objectives of units outside the user's scope are named (code, statement, unit), so one can see
what an SK serves, but their indicators and figures are not shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from kinerja.core.numbers import show_target, show_value
from kinerja.core.types import KinerjaValidationError, UnitResult
from kinerja.figures.inforce import plan_for
from kinerja.figures.unit_year import compute_document
from kinerja.interchange.db import export_document
from kinerja.interchange.document import Document, Objective, Plan
from kinerja.interchange.refs import indicator_key, resolve_ref
from kinerja.organizations.models import Unit
from kinerja.organizations.permissions import VIEW
from kinerja.results.store import stored_figures
from kinerja.web.common import BandBadge, band_legend, band_of, plan_years, viewable_unit, year_from

MAX_DEPTH = 12  # a cascade deeper than this is cut (and bad data with cycles is harmless)
LEVEL_NAMES = {
    "SS": gettext_lazy("Sasaran Strategis"),
    "SP": gettext_lazy("Sasaran Program"),
    "SK": gettext_lazy("Sasaran Kegiatan"),
}


@dataclass(frozen=True)
class IndicatorFigure:
    code: str
    name: str
    target: str
    realization: str
    achievement: str
    band: BandBadge | None


@dataclass
class CascadeNode:
    key: str  # "UNIT:CODE"
    unit: str
    unit_name: str
    code: str
    level: str
    level_name: str
    statement: str
    found: bool  # False: a link to an objective the data does not hold
    visible: bool  # the user may read the unit's data
    achievement: str = "n.a"
    band: BandBadge | None = None
    indicators: list[IndicatorFigure] = field(default_factory=list)
    children: list[CascadeNode] = field(default_factory=list)
    cut: bool = False  # the walk stopped here (cycle or depth)


class Cascade:
    """The cascade of one year over a whole agency's ``Document``."""

    def __init__(
        self,
        doc: Document,
        year: int,
        visible_units: set[str] | None,
        results: Callable[[str], UnitResult | None] | None = None,
    ) -> None:
        self.doc = doc
        self.results = results  # unit code -> its figures (the stored results); else computed
        self.year = year
        self.visible_units = visible_units  # None = every unit
        self.unit_names = {u.code: u.name for u in doc.units}
        self.objectives: dict[str, tuple[Plan, Objective]] = {}
        self.up: dict[str, list[str]] = {}
        self.down: dict[str, list[str]] = {}
        self._results: dict[str, UnitResult | None] = {}
        for unit in sorted({p.unit for p in doc.plans}):
            plan = plan_for(doc, unit, year)
            if plan is None:
                continue
            for obj in plan.objectives:
                self.objectives[f"{unit}:{obj.code}"] = (plan, obj)
        for key, (plan, obj) in self.objectives.items():
            for ref in obj.supports:
                target = resolve_ref(ref, plan.unit)
                self.up.setdefault(key, []).append(target)
                self.down.setdefault(target, []).append(key)

    def result(self, unit: str) -> UnitResult | None:
        if unit not in self._results:
            if self.results is not None:
                self._results[unit] = self.results(unit)
                return self._results[unit]
            try:
                self._results[unit] = compute_document(self.doc, unit, self.year)
            except KinerjaValidationError:
                self._results[unit] = None
        return self._results[unit]

    def visible(self, unit: str) -> bool:
        return self.visible_units is None or unit in self.visible_units

    def node(self, key: str) -> CascadeNode:
        unit, _, code = key.partition(":")
        found = self.objectives.get(key)
        if found is None:
            return CascadeNode(
                key, unit, self.unit_names.get(unit, unit), code, "", "", "", found=False, visible=False
            )
        plan, obj = found
        node = CascadeNode(
            key,
            unit,
            self.unit_names.get(unit, unit),
            obj.code,
            obj.level,
            str(LEVEL_NAMES.get(obj.level, obj.level)),
            obj.statement,
            found=True,
            visible=self.visible(unit),
        )
        if not node.visible:
            return node
        result = self.result(unit)
        figures: dict[str, Any] = {}
        if result is not None:
            for o in result.objectives:
                if o.code == obj.code:
                    node.achievement = show_value(o.achievement)
                    node.band = band_of(o.achievement)
                    figures = {i.key: i for i in o.indicators}
        for ind in obj.indicators:
            res = figures.get(indicator_key(ind, plan))
            node.indicators.append(
                IndicatorFigure(
                    ind.code,
                    ind.name,
                    show_target(res.target) if res else "–",
                    show_value(res.realization) if res else "n.a",
                    show_value(res.achievement) if res else "n.a",
                    band_of(res.achievement) if res else None,
                )
            )
        return node

    def walk(self, key: str, edges: dict[str, list[str]], path: tuple[str, ...] = ()) -> CascadeNode:
        """``key`` and, nested, every objective reached by ``edges`` (up or down)."""
        node = self.node(key)
        path = (*path, key)
        for nxt in edges.get(key, []):
            if nxt in path or len(path) >= MAX_DEPTH:
                child = self.node(nxt)
                child.cut = True
                node.children.append(child)
                continue
            node.children.append(self.walk(nxt, edges, path))
        return node

    def for_unit(self, unit: str) -> list[tuple[CascadeNode, CascadeNode]]:
        """Per objective of ``unit``: (the chain up, the tree down); both start at the objective."""
        plan = plan_for(self.doc, unit, self.year)
        if plan is None:
            return []
        out = []
        for obj in plan.objectives:
            key = f"{unit}:{obj.code}"
            out.append((self.walk(key, self.up), self.walk(key, self.down)))
        return out


@login_required
def pohon(request: HttpRequest, code: str) -> HttpResponse:
    unit, scope = viewable_unit(request, code)  # 404 unknown, 403 outside the user's scope
    doc = export_document(agency_code=unit.agency.code)
    years = plan_years(doc, unit.code)
    context: dict[str, Any] = {
        "unit": unit,
        "parent_visible": unit.parent is not None and scope.can(VIEW, unit.parent),
        "band_legend": band_legend(),
    }
    if not years:
        return render(request, "web/pohon.html", context)
    year = year_from(request, doc, unit, years)
    ids = scope.unit_ids(VIEW)
    visible = (
        None
        if ids is None
        else set(
            Unit.objects.filter(pk__in=sorted(ids), agency_id=unit.agency_id).values_list("code", flat=True)
        )
    )
    rows = {u.code: u for u in Unit.objects.filter(agency_id=unit.agency_id).select_related("agency")}

    def stored(code: str) -> UnitResult | None:
        row = rows.get(code)
        return None if row is None else stored_figures(row, year).result

    cascade = Cascade(doc, year, visible, stored)
    context.update({"year": year, "years": years, "trees": cascade.for_unit(unit.code)})
    return render(request, "web/pohon.html", context)
