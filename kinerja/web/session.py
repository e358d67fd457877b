"""The idle timeout of a signed-in session, and the page's question "am I still signed in?".

A session ends after ``KINERJA_IDLE_MINUTES`` (default 30) without a request
(``SESSION_COOKIE_AGE``): ``IdleRenewalMiddleware`` starts the count again on a request, but
writes the session at most once a minute (a tenth of the idle time when that is shorter), not on
every page: a write per request was a database write per page view. ``web/static/web/session.js`` asks ``/sesi/`` while the user types, so a long narrative
does not end the session; warns two minutes before the end; and keeps what was typed in the
browser when the session ended anyway, restoring it after the user signs in again.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
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


RENEWED = "kinerja_renewed"  # when the session's expiry was last moved (seconds since the epoch)


class IdleRenewalMiddleware:
    """Move a signed-in session's expiry forward when it was last moved more than a minute ago
    (a tenth of the idle time, when that is shorter)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = time.time()
            every = min(60.0, settings.SESSION_COOKIE_AGE / 10)
            if now - float(session.get(RENEWED, 0)) >= every:
                session[RENEWED] = now  # modified: saved with a new expiry by SessionMiddleware
        return response
