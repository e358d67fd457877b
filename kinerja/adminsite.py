"""Django's admin, for superusers only.

The admin screens edit rows directly and know nothing of unit scope: a staff user with model
permissions could change any unit's Renstra, PK or realisation from there. Kinerja's own pages
check every action against the user's unit scope (``kinerja.organizations.access``), and unit
administrators manage users at /pengguna/. So the Django admin is kept as a technical tool for
superusers, who already have the Admin role on every unit (see docs/permissions.md); being
``is_staff`` alone opens nothing.
"""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class SuperuserAdminSite(AdminSite):
    site_header = _("Kinerja — administrasi teknis")
    site_title = _("Kinerja admin")
    index_title = _("Administrasi teknis (khusus superuser)")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser)


class KinerjaAdminConfig(AdminConfig):
    default_site = "kinerja.adminsite.SuperuserAdminSite"
