"""Who may see and do what, scoped to a unit and its subtree.

Every view and API call asks this module; nothing else decides access. The role model
(Admin, Perencana, Operator, Verifikator, Pimpinan, APIP) is filled in by the web-cycle work
(issue #3); until then every signed-in, active user may read every unit, as the read-only unit
page always allowed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from kinerja.organizations.models import Unit


def can_view_unit(user: Any, unit: Unit) -> bool:
    """May ``user`` read ``unit``'s data (plans, agreements, realisations, documents)?"""
    return bool(user.is_authenticated and user.is_active)


def require_view_unit(user: Any, unit: Unit) -> None:
    """Raise ``PermissionDenied`` (HTTP 403) unless ``user`` may read ``unit``."""
    if not can_view_unit(user, unit):
        raise PermissionDenied("Anda tidak berhak melihat data unit ini.")
