"""``{% users_nav %}``: the menus of this app in the header: "Administrasi" ("Pengguna" for who
holds ``manage_users`` somewhere, Django's admin for a superuser) and the account menu ("Ubah kata
sandi", "Token API", "Keluar") for every signed-in user."""

from __future__ import annotations

from typing import Any

from django import template

from kinerja.users.services import Manager

register = template.Library()


@register.inclusion_tag("users/_nav.html", takes_context=True)
def users_nav(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    return {
        "signed_in": signed_in,
        "manager": signed_in and Manager(user).is_manager,
        "user": user,
        "csrf_token": context.get("csrf_token"),  # the sign-out form in the account menu
    }
