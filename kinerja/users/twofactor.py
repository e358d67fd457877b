"""Two-step sign-in (verifikasi dua langkah) with a TOTP authenticator app, on django-otp.

* Any user may enrol one authenticator (/pengguna/dua-langkah/: a QR code and the secret, then
  a code to confirm). From then on, after the password, every sign-in asks for a code
  (/pengguna/dua-langkah/kode/) before any other page opens — the Django admin included.
* An agency may require it (``Agency.require_two_factor``): whoever holds an Admin, Pimpinan or
  APIP role in that agency must enrol before any other page opens.
* Wrong codes are throttled by django-otp (each failure doubles the wait) and logged to
  ``kinerja.auth``.

``TwoFactorMiddleware`` does the enforcing, after django-otp's ``OTPMiddleware`` (which tells
whether this session's sign-in was verified with a code). It costs one query per page for a
signed-in user whose session is not verified, none once it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from kinerja.organizations.models import Membership
from kinerja.organizations.permissions import ADMIN, APIP, PIMPINAN

# The roles an agency's "require two-step sign-in" applies to.
REQUIRED_FOR_ROLES = (ADMIN, PIMPINAN, APIP)

VERIFY = "verify"  # has a confirmed authenticator, this session has not given a code yet
ENROL = "enrol"  # must enrol (agency requirement) and has no confirmed authenticator

# Pages a user may open while asked for a code (VERIFY) or to enrol (ENROL).
OPEN_WHILE = {
    VERIFY: {"users:two_factor_verify", "web:logout", "set_language"},
    ENROL: {"users:two_factor", "users:two_factor_qr", "web:logout", "set_language"},
}


def required_filter(user: Any) -> Any:
    return Membership.objects.filter(user=user, role__in=REQUIRED_FOR_ROLES, agency__require_two_factor=True)


def is_required(user: Any) -> bool:
    """Does an agency where ``user`` is Admin, Pimpinan or APIP require two-step sign-in?"""
    return bool(user.is_authenticated) and required_filter(user).exists()


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def pending_state(user: Any) -> str | None:
    """What a signed-in user whose session is not verified must do first (``None``: nothing)."""
    from django.contrib.auth import get_user_model

    row = (
        get_user_model()
        ._default_manager.filter(pk=user.pk)
        .annotate(
            device=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            required=Exists(
                Membership.objects.filter(
                    user=OuterRef("pk"), role__in=REQUIRED_FOR_ROLES, agency__require_two_factor=True
                )
            ),
        )
        .values_list("device", "required")
        .first()
    )
    if row is None:
        return None
    device, required = row
    if device:
        return VERIFY
    if required:
        return ENROL
    return None


def _redirect(name: str, request: HttpRequest) -> HttpResponse:
    url = reverse(name)
    if request.method == "GET":
        url += "?" + urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
    return HttpResponseRedirect(url)


class TwoFactorMiddleware:
    """Sends a signed-in user to the code page or to enrolment until they have done it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if user.is_verified():
            return None
        state = pending_state(user)
        if state is None:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_WHILE[state]:
            return None
        if request.path.startswith("/api/v1/"):
            if request.headers.get("Authorization", "").lower().startswith("bearer "):
                return None  # the API authenticates the token (or refuses it), not this session
            # a program, not a person: no page to be sent to, the API's own error instead, in the
            # language the API answers in (Accept-Language)
            from django.utils import translation

            from kinerja.api.problems import problem
            from kinerja.api.urls import requested_language

            with translation.override(requested_language(request)):
                return problem(
                    401,
                    _(
                        "Sesi ini belum menyelesaikan verifikasi dua langkah: selesaikan di peramban, atau "
                        "pakai token akses pribadi."
                    ),
                    headers={"WWW-Authenticate": 'Bearer realm="kinerja"'},
                )
        return _redirect("users:two_factor_verify" if state == VERIFY else "users:two_factor", request)
