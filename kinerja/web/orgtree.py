"""Struktur organisasi: the units the user may see as an expandable tree (``<details>``, no
JavaScript), with level, validity period, head, and lineage across reorganisations
(predecessors and successors, e.g. Dit. PKR took over from Ditjen PFM in September 2022).

A unit whose parent the user may not see is shown as a root. A predecessor or successor outside
the user's scope is named (unit names are not unit data) but not linked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kinerja.organizations.access import Scope
from kinerja.organizations.models import UnitPredecessor
from kinerja.organizations.permissions import VIEW
from kinerja.web.common import level_label


@dataclass(frozen=True)
class LineageLink:
    code: str
    name: str
    since: date | None
    visible: bool


@dataclass
class OrgNode:
    code: str
    name: str
    level: str
    valid_from: date | None
    valid_to: date | None
    active: bool
    head: str
    agency: str
    predecessors: list[LineageLink] = field(default_factory=list)
    successors: list[LineageLink] = field(default_factory=list)
    children: list[OrgNode] = field(default_factory=list)


@dataclass(frozen=True)
class LineageRow:
    predecessor: LineageLink
    successor: LineageLink
    since: date | None


def organisation_tree(user: object, today: date) -> tuple[list[OrgNode], list[LineageRow]]:
    """The visible units as a forest, and every reorganisation between units the user sees at
    least one side of."""
    scope = Scope(user)
    units = list(scope.units(VIEW).select_related("agency").order_by("agency__code", "code"))
    visible = {u.pk for u in units}
    nodes: dict[int, OrgNode] = {}
    for u in units:
        head = ", ".join(x for x in (u.head_title, u.head_name) if x)
        nodes[u.pk] = OrgNode(
            code=u.code,
            name=u.name,
            level=level_label(u.level),
            valid_from=u.valid_from,
            valid_to=u.valid_to,
            active=(u.valid_to is None or u.valid_to >= today)
            and (u.valid_from is None or u.valid_from <= today),
            head=head,
            agency=u.agency.name,
        )
    links = (
        (
            UnitPredecessor.objects.filter(unit_id__in=sorted(visible))
            | UnitPredecessor.objects.filter(predecessor_id__in=sorted(visible))
        )
        .select_related("unit", "predecessor")
        .order_by("unit__code", "position")
    )
    lineage: list[LineageRow] = []
    for link in links:
        pred = LineageLink(
            link.predecessor.code, link.predecessor.name, link.since, link.predecessor_id in visible
        )
        succ = LineageLink(link.unit.code, link.unit.name, link.since, link.unit_id in visible)
        if link.unit_id in nodes:
            nodes[link.unit_id].predecessors.append(pred)
        if link.predecessor_id in nodes:
            nodes[link.predecessor_id].successors.append(succ)
        lineage.append(LineageRow(pred, succ, link.since))
    roots: list[OrgNode] = []
    for u in units:
        if u.parent_id is not None and u.parent_id in nodes:
            nodes[u.parent_id].children.append(nodes[u.pk])
        else:
            roots.append(nodes[u.pk])
    return roots, lineage


@login_required
def organisation(request: HttpRequest) -> HttpResponse:
    roots, lineage = organisation_tree(request.user, timezone.localdate())
    return render(request, "web/orgtree.html", {"roots": roots, "lineage": lineage})
