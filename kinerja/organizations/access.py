"""Who may see and do what, scoped to a unit and its subtree.

Every view, service and API call asks this module; nothing else decides access. The rights of
each role are data (``kinerja.organizations.permissions.MATRIX``); a user's roles are their
``Membership`` rows. A role held at a unit applies to that unit and every unit below it in the
unit tree; an agency-wide role (APIP) applies to every unit of the membership's agency. A
superuser has the Admin role's rights on every unit. Inactive and anonymous users may do
nothing.

``can``/``require`` answer one question (one or two queries). For many questions about one user
(a list of rows, a page of buttons) take a ``Scope`` once: it loads the memberships and each
agency's unit tree a single time.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kinerja.organizations.models import Membership, Unit
from kinerja.organizations.permissions import (
    ACTION_LABELS,
    ACTIONS,
    AGENCY_WIDE_ROLES,
    MATRIX,
    SUPERUSER_ROLE,
    VIEW,
    allowed,
)

__all__ = [
    "Scope",
    "can",
    "require",
    "visible_units",
    "units_where",
    "roles_at",
    "can_view_unit",
    "require_view_unit",
]


class Scope:
    """What one user may do; memberships and unit trees are read once, on first need.

    Take a fresh ``Scope`` per request or per operation: it does not see memberships or units
    added after it read them.
    """

    def __init__(self, user: Any) -> None:
        self.user = user
        self.active = bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))
        self.superuser = self.active and bool(getattr(user, "is_superuser", False))
        self._memberships: list[tuple[int, int, str]] | None = None
        self._parents: dict[int, dict[int, int | None]] = {}

    # -- data --------------------------------------------------------------------------------

    def memberships(self) -> list[tuple[int, int, str]]:
        """(agency id, unit id, role) of every membership of the user."""
        if self._memberships is None:
            if not self.active or self.user.pk is None:
                self._memberships = []
            else:
                self._memberships = list(
                    Membership.objects.filter(user_id=self.user.pk).values_list(
                        "agency_id", "unit_id", "role"
                    )
                )
        return self._memberships

    def parents(self, agency_id: int) -> dict[int, int | None]:
        """unit id -> parent id for every unit of the agency (one query, then cached)."""
        if agency_id not in self._parents:
            self._parents[agency_id] = dict(
                Unit.objects.filter(agency_id=agency_id).values_list("id", "parent_id")
            )
        return self._parents[agency_id]

    def subtree(self, agency_id: int, roots: Iterable[int]) -> set[int]:
        """The given units and every unit below them (cycles in bad data are harmless)."""
        children: dict[int | None, list[int]] = {}
        for pk, parent in self.parents(agency_id).items():
            children.setdefault(parent, []).append(pk)
        out: set[int] = set()
        stack = list(roots)
        while stack:
            pk = stack.pop()
            if pk in out:
                continue
            out.add(pk)
            stack.extend(children.get(pk, ()))
        return out

    def ancestors_and_self(self, unit: Unit) -> set[int]:
        parents = self.parents(unit.agency_id)
        out: set[int] = set()
        node: int | None = unit.pk
        while node is not None and node not in out:
            out.add(node)
            node = parents.get(node)
        return out

    # -- questions ---------------------------------------------------------------------------

    def _grants(self, action: str, agency_id: int) -> list[tuple[int, str]]:
        return [
            (unit_id, role)
            for agency, unit_id, role in self.memberships()
            if agency == agency_id and allowed(role, action)
        ]

    def can(self, action: str, unit: Unit) -> bool:
        """May the user do ``action`` at ``unit``?"""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if not self.active:
            return False
        if self.superuser and allowed(SUPERUSER_ROLE, action):
            return True
        grants = self._grants(action, unit.agency_id)
        if not grants:
            return False
        if any(role in AGENCY_WIDE_ROLES for _, role in grants):
            return True
        at = {unit_id for unit_id, _ in grants}
        if unit.pk in at:
            return True
        return bool(at & self.ancestors_and_self(unit))

    def roles_at(self, unit: Unit) -> set[str]:
        """The roles that apply to ``unit`` (held there, above it, or agency-wide)."""
        if not self.active:
            return set()
        out = {SUPERUSER_ROLE} if self.superuser else set()
        line = None
        for agency, unit_id, role in self.memberships():
            if agency != unit.agency_id:
                continue
            if role in AGENCY_WIDE_ROLES:
                out.add(role)
                continue
            if line is None:
                line = self.ancestors_and_self(unit)
            if unit_id in line:
                out.add(role)
        return out

    def actions_at(self, unit: Unit) -> set[str]:
        """Every action the user may do at ``unit``."""
        return {action for role in self.roles_at(unit) for action in MATRIX.get(role, ())}

    def unit_ids(self, action: str) -> set[int] | None:
        """Ids of the units where the user may do ``action``; ``None`` means every unit."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if not self.active:
            return set()
        if self.superuser and allowed(SUPERUSER_ROLE, action):
            return None
        per_agency: dict[int, set[int]] = {}
        whole: set[int] = set()
        for agency, unit_id, role in self.memberships():
            if not allowed(role, action):
                continue
            if role in AGENCY_WIDE_ROLES:
                whole.add(agency)
            else:
                per_agency.setdefault(agency, set()).add(unit_id)
        out: set[int] = set()
        for agency in whole:
            out.update(self.parents(agency))
        for agency, roots in per_agency.items():
            if agency not in whole:
                out |= self.subtree(agency, roots)
        return out

    def units(self, action: str = VIEW) -> QuerySet[Unit]:
        ids = self.unit_ids(action)
        if ids is None:
            return Unit.objects.all()
        return Unit.objects.filter(pk__in=sorted(ids))

    def require(self, action: str, unit: Unit) -> None:
        if not self.can(action, unit):
            raise PermissionDenied(denial_message(action, unit))


def denial_message(action: str, unit: Unit) -> str:
    if action == VIEW:
        return _("Anda tidak berhak melihat data unit ini.")
    return _("Anda tidak berhak %(action)s pada unit %(unit)s.") % {
        "action": ACTION_LABELS[action],
        "unit": unit.code,
    }


def can(user: Any, action: str, unit: Unit) -> bool:
    """May ``user`` do ``action`` (one of ``permissions.ACTIONS``) at ``unit``?"""
    return Scope(user).can(action, unit)


def require(user: Any, action: str, unit: Unit) -> None:
    """Raise ``PermissionDenied`` (HTTP 403, message in Bahasa Indonesia) unless ``can``."""
    Scope(user).require(action, unit)


def units_where(user: Any, action: str) -> QuerySet[Unit]:
    """The units where ``user`` may do ``action`` (a queryset)."""
    return Scope(user).units(action)


def visible_units(user: Any) -> QuerySet[Unit]:
    """The units whose data ``user`` may read (a queryset)."""
    return Scope(user).units(VIEW)


def roles_at(user: Any, unit: Unit) -> set[str]:
    """The roles of ``user`` that apply to ``unit``."""
    return Scope(user).roles_at(unit)


def can_view_unit(user: Any, unit: Unit) -> bool:
    """May ``user`` read ``unit``'s data (plans, agreements, realisations, documents)?"""
    return can(user, VIEW, unit)


def require_view_unit(user: Any, unit: Unit) -> None:
    """Raise ``PermissionDenied`` (HTTP 403) unless ``user`` may read ``unit``."""
    require(user, VIEW, unit)


def unit_for(user: Any, code: str, action: str = VIEW) -> tuple[Unit, Scope]:
    """The unit named ``code`` for a page or API call: the one ``user`` may read when two agencies
    share a code. ``Http404`` when there is none, ``PermissionDenied`` (403) when the user may not
    read it or may not do ``action`` there."""
    from django.http import Http404

    candidates = list(
        Unit.objects.filter(code=code).select_related("parent", "agency").order_by("agency__code")
    )
    if not candidates:
        raise Http404(_("Unit tidak ditemukan"))
    scope = Scope(user)
    unit = next((u for u in candidates if scope.can(VIEW, u)), candidates[0])
    scope.require(VIEW, unit)
    if action != VIEW:
        scope.require(action, unit)
    return unit, scope
