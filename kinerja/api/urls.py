"""``/api/``: the token page and the REST API v1 (``/api/v1/``)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, include, path, re_path
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from kinerja.api import problems, views
from kinerja.api.v1 import api


def requested_language(request: HttpRequest) -> str:
    """The API answers in Bahasa Indonesia unless the caller asks for English (``Accept-Language``
    or the web app's language cookie, for the session's own calls)."""
    header = request.headers.get("Accept-Language", "")
    if header:
        for part in header.split(","):
            code = part.split(";")[0].strip().lower()
            try:
                return translation.get_supported_language_variant(code)
            except LookupError:
                continue
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie:
        try:
            return translation.get_supported_language_variant(cookie)
        except LookupError:
            pass
    return str(settings.LANGUAGE_CODE)


def in_requested_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = requested_language(request)
        with translation.override(language):
            response = view(request, *args, **kwargs)
        patch_vary_headers(response, ("Accept-Language",))
        response["Content-Language"] = language
        return response

    return wrapped


def _api_urls() -> Any:
    patterns, app_name, namespace = api.urls
    for p in patterns:
        if isinstance(p, URLPattern):
            p.callback = in_requested_language(p.callback)
    return patterns, app_name, namespace


@csrf_exempt
def no_such_operation(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /api/v1/: 404 as problem+json, not the site's HTML page."""
    return problems.problem(404, _("Tidak ada operasi API di alamat ini (lihat /api/v1/docs)."))


token_patterns = [
    path("", views.token_list, name="tokens"),
    path("<int:pk>/cabut/", views.token_revoke, name="token_revoke"),
]

urlpatterns = [
    path("token/", include((token_patterns, "api"))),
    path("v1/", _api_urls()),
    re_path(r"^v1/(?P<rest>.*)$", in_requested_language(no_such_operation), name="api_v1_none"),
]
