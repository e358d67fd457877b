"""Sign-in throttling with django-axes (docs/security.md, "Masuk dan kata sandi").

django-axes counts failed sign-ins per **username and client address together**
(``AXES_LOCKOUT_PARAMETERS``): after ``KINERJA_SIGNIN_FAILURE_LIMIT`` failures (default 5) that
pair is refused for ``KINERJA_SIGNIN_LOCKOUT_MINUTES`` (default 15), even with the right password.
An attacker guessing from one address is stopped; the same user signing in from their own
address is not locked out by someone else's guesses (that would take the victim's address).

This module gives axes what is Kinerja's own:

* ``username_key``: every spelling of one account (``OPERATOR.PKR``, fullwidth letters) counts
  under one key, as sign-in finds one account for them all;
* ``client_ip``: the client's address, also behind a reverse proxy (``KINERJA_TRUSTED_PROXIES``);
* ``lockout_response``: the page that says until when, in the user's language (HTTP 429);
* the ``kinerja.auth`` log: one WARNING per failed sign-in (username, address, path; never the
  password) and one per lock-out.
"""

from __future__ import annotations

import logging
import math
from datetime import datetime, timedelta
from typing import Any

from axes.helpers import get_client_ip_address, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from ipware.ip import get_client_ip

from kinerja.users import usernames

log = logging.getLogger("kinerja.auth")

# The header a reverse proxy appends the client address to (each proxy adds the address it saw).
FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"


def client_ip(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or with ``KINERJA_TRUSTED_PROXIES`` = N > 0 the
    address the outermost of those N proxies saw, i.e. the N-th entry of ``X-Forwarded-For``
    counted from the right (django-ipware). Entries further left are the client's own claims and
    are ignored, so a client cannot choose its address by sending the header itself."""
    proxies = int(getattr(settings, "KINERJA_TRUSTED_PROXIES", 0) or 0)
    if proxies > 0 and request.META.get(FORWARDED_FOR):
        ip, _routable = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=proxies - 1,  # ipware counts the proxies listed in the header
            request_header_order=(FORWARDED_FOR,),
            strict=False,
        )
        if ip:
            return ip
    return str(request.META.get("REMOTE_ADDR") or "")


def username_key(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """``AXES_USERNAME_CALLABLE``: the typed username, NFKC and case-folded."""
    raw = None
    if credentials:
        raw = credentials.get("username")
    elif request is not None:
        raw = request.POST.get("username")
    return usernames.throttle_key(str(raw)) if raw is not None else None


def retry_at(request: HttpRequest, credentials: dict[str, Any] | None) -> datetime | None:
    """When the username+address pair of this request may sign in again."""
    cool_off: timedelta | None = get_cool_off(request)
    if cool_off is None:
        return None
    last: datetime | None = (
        AccessAttempt.objects.filter(
            username=username_key(request, credentials), ip_address=get_client_ip_address(request)
        )
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return (last or timezone.now()) + cool_off


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the sign-in page's refusal, with the time to try again."""
    until = retry_at(request, credentials)
    now = timezone.now()
    minutes = max(1, math.ceil((until - now).total_seconds() / 60)) if until else None
    raw = (credentials or {}).get("username") or request.POST.get("username") or ""
    response = render(
        request,
        "users/locked_out.html",
        {
            "username": usernames.normalize(str(raw)),
            "failure_limit": get_failure_limit(request, credentials),
            "retry_at": until,
            "minutes": minutes,
        },
        status=429,
    )
    if until:
        response["Retry-After"] = str(max(1, math.ceil((until - now).total_seconds())))
    return response


def _where(request: HttpRequest | None) -> tuple[str, str]:
    if request is None:
        return "-", "-"
    return client_ip(request) or "-", request.path


@receiver(user_login_failed, dispatch_uid="kinerja.auth.failed")
def log_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    ip, path = _where(request)
    # ``credentials`` come with the password already masked by Django; only the username is logged
    username = usernames.normalize(str(credentials.get("username") or ""))
    # refused by axes before any password check: locked out, and no failure counted (axes's own
    # receiver, which may run before this one, counts a failure and sets the number)
    refused = (
        getattr(request, "axes_locked_out", False)
        and getattr(request, "axes_failures_since_start", None) is None
    )
    if refused:
        log.warning(
            "Masuk ditolak (terkunci sementara): nama pengguna %r dari %s lewat %s", username, ip, path
        )
    else:
        log.warning("Gagal masuk: nama pengguna %r dari %s lewat %s", username, ip, path)


@receiver(user_locked_out, dispatch_uid="kinerja.auth.locked")
def log_lockout(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str, **kwargs: Any
) -> None:
    if getattr(request, "axes_failures_since_start", None) is None:
        return  # a sign-in refused during a lock-out (logged above), not a new lock-out
    cool_off = get_cool_off(request) or timedelta(0)
    log.warning(
        "Masuk dikunci %s menit setelah %s kali gagal: nama pengguna %r dari %s",
        int(cool_off.total_seconds() // 60),
        get_failure_limit(request, None),
        username,
        ip_address,
    )
