from __future__ import annotations

from typing import Any

from django import template

from kinerja.notifications.services import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_nav.html", takes_context=True)
def notifications_nav(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    return {
        "signed_in": signed_in,
        "unread": unread_count(user) if signed_in else 0,
        "active": signed_in
        and getattr(getattr(request, "resolver_match", None), "app_name", "") == "notifications",
    }
