"""The idle timeout of a signed-in session, and the page's question "am I still signed in?".

A session ends after ``KINERJA_IDLE_MINUTES`` (default 30) without a request
(``SESSION_COOKIE_AGE`` with ``SESSION_SAVE_EVERY_REQUEST``: every request starts the count
again). ``web/static/web/session.js`` asks ``/sesi/`` while the user types, so a long narrative
does not end the session; warns two minutes before the end; and keeps what was typed in the
browser when the session ended anyway, restoring it after the user signs in again.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def session_state(request: HttpRequest) -> JsonResponse:
    """200 with the seconds left (the request itself renews the session), or 401 when the
    session has ended; never a redirect, so a script can tell."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    return JsonResponse({"signed_in": True, "idle_seconds": settings.SESSION_COOKIE_AGE})


def session_settings(request: HttpRequest) -> dict[str, int]:
    """Template context: ``idle_seconds`` for the page's session script."""
    return {"idle_seconds": int(settings.SESSION_COOKIE_AGE)}
