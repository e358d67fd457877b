"""Who is calling and what they may do: the user's own rights (``kinerja.organizations.access``,
the same matrix and unit scope as the pages), narrowed by the token when the call carries one.

A token never adds a right. A read token may only read (``view``); a token for a unit covers that
unit and the units below it, nothing else, even where its user may do more.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from kinerja.api.models import ApiToken
from kinerja.organizations import access, permissions
from kinerja.organizations.models import Unit


class Caller:
    def __init__(self, user: Any, token: ApiToken | None = None) -> None:
        self.user = user
        self.token = token
        self.scope = access.Scope(user)
        self._token_units: set[int] | None = None

    def token_units(self) -> set[int] | None:
        """The units the token is limited to; ``None``: no limit beyond the user's own."""
        if self.token is None or self.token.unit_ref is None:
            return None
        if self._token_units is None:
            unit = self.token.unit
            self._token_units = set() if unit is None else self.scope.subtree(unit.agency_id, [unit.pk])
        return self._token_units

    def token_allows(self, action: str, unit: Unit) -> bool:
        if self.token is None:
            return True
        if action != permissions.VIEW and not self.token.writes:
            return False
        limit = self.token_units()
        return limit is None or unit.pk in limit

    def can(self, action: str, unit: Unit) -> bool:
        return self.token_allows(action, unit) and self.scope.can(action, unit)

    def require(self, action: str, unit: Unit) -> None:
        if not self.token_allows(action, unit):
            if action != permissions.VIEW and self.token is not None and not self.token.writes:
                raise PermissionDenied(_("Token ini hanya untuk membaca."))
            raise PermissionDenied(
                _("Token ini hanya berlaku untuk unit %(unit)s dan unit di bawahnya.")
                % {"unit": self.token.unit.code if self.token and self.token.unit else "?"}
            )
        self.scope.require(action, unit)

    def unit_ids(self, action: str = permissions.VIEW) -> set[int] | None:
        """Ids of the units where the caller may do ``action``; ``None``: every unit."""
        own = self.scope.unit_ids(action)
        if self.token is not None and action != permissions.VIEW and not self.token.writes:
            return set()
        limit = self.token_units()
        if limit is None:
            return own
        return set(limit) if own is None else own & limit

    def unit(self, code: str, action: str = permissions.VIEW) -> Unit:
        """The unit named ``code`` (the one the caller may read when agencies share a code):
        404 when there is none, 403 when the caller may not read it or do ``action`` there."""
        candidates = list(
            Unit.objects.filter(code=code).select_related("parent", "agency").order_by("agency__code")
        )
        if not candidates:
            raise Http404(_("Unit %(code)s tidak ditemukan.") % {"code": code[:50]})
        unit = next((u for u in candidates if self.can(permissions.VIEW, u)), candidates[0])
        self.require(permissions.VIEW, unit)
        if action != permissions.VIEW:
            self.require(action, unit)
        return unit


def caller(request: HttpRequest) -> Caller:
    found = getattr(request, "kinerja_caller", None)
    if found is None:  # pragma: no cover - every operation has an authentication
        raise PermissionDenied(_("Belum terautentikasi."))
    assert isinstance(found, Caller)
    return found
