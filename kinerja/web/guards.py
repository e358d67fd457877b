"""Requests refused before any view runs, with a page in Bahasa Indonesia.

* A body larger than ``KINERJA_MAX_REQUEST_BYTES`` (by its ``Content-Length``): 413 before the
  body is read, instead of receiving 30 MB to refuse them afterwards.
* A NUL character (``%00``) anywhere in the path, the query or a form field: PostgreSQL cannot
  store one in text, so a view that passed it on answered 500. Django's form fields refuse NUL
  already; this covers every value a view reads directly (codes in the path, comments).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return any("\x00" in k or any("\x00" in v for v in values) for k, values in request.POST.lists())
    return False


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return render(
                request,
                "400.html",
                {
                    "reason": _(
                        "Permintaan memuat karakter NUL (%00), yang tidak dapat disimpan. Hapus karakter itu lalu coba lagi."
                    )
                },
                status=400,
            )
        return self.get_response(request)


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")


class RefuseLargeBodyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        limit = int(settings.KINERJA_MAX_REQUEST_BYTES)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            response = render(
                request,
                "400.html",
                {
                    "reason": _(
                        "Kiriman terlalu besar (%(size)s); paling besar %(limit)s. Perkecil atau pecah berkasnya."
                    )
                    % {"size": _megabytes(length), "limit": _megabytes(limit)}
                },
                status=413,
            )
            response["Connection"] = "close"  # the unread body is not taken as a next request
            return response
        return self.get_response(request)
