"""How a call is authenticated: a personal access token (``Authorization: Bearer kin_...``),
or the web app's own session (with Django's CSRF check on writes). Each token's requests are
counted against its rate limit (``tokens.spend``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from kinerja.api import tokens
from kinerja.api.caller import Caller


class RateLimited(Exception):
    def __init__(self, wait: int) -> None:
        self.wait = wait
        super().__init__(wait)


class BadToken(Exception):
    """A bearer token was given and is not valid (unknown, expired, revoked, user inactive)."""


class TokenAuth(HttpBearer):
    """``Authorization: Bearer kin_<prefix>_<secret>``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = tokens.find(token.strip())
        if found is None:
            raise BadToken(_("Token tidak dikenal, kedaluwarsa, atau sudah dicabut."))
        wait = tokens.spend(found)
        if wait is not None:
            raise RateLimited(wait)
        request.kinerja_caller = Caller(found.user, found)  # type: ignore[attr-defined]
        return found


class CookieSessionAuth(SessionAuth):
    """The web app's session (writes need the CSRF token, as forms do)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None:
            request.kinerja_caller = Caller(user)  # type: ignore[attr-defined]
        return user


AUTH = [TokenAuth(), CookieSessionAuth()]
