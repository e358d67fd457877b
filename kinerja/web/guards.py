"""Requests refused before any view runs, with a page in Bahasa Indonesia.

* A body larger than ``KINERJA_MAX_REQUEST_BYTES`` (by its ``Content-Length``): 413 before the
  body is read, instead of receiving 30 MB to refuse them afterwards.
* A NUL character (``%00``) anywhere in the path, the query or a form field: PostgreSQL cannot
  store one in text, so a view that passed it on answered 500. Django's form fields refuse NUL
  already; this covers every value a view reads directly (codes in the path, comments).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _refuse(request: HttpRequest, reason: str, status: int) -> HttpResponse:
    """The 400 page, or for the REST API (``/api/v1/``) the same reason as problem+json
    (docs/api.md)."""
    if request.path.startswith("/api/v1/"):
        kind = "too-large" if status == 413 else "bad-request"
        body = {"type": f"https://kinerja.example/problems/{kind}", "title": reason, "status": status}
        body.update(detail=reason, errors=[])
        return HttpResponse(
            json.dumps(body, ensure_ascii=False), status=status, content_type="application/problem+json"
        )
    return render(request, "400.html", {"reason": reason}, status=status)


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
            return _refuse(
                request,
                _(
                    "Permintaan memuat karakter NUL (%00), yang tidak dapat disimpan. Hapus karakter itu lalu coba lagi."
                ),
                400,
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
            response = _refuse(
                request,
                _("Kiriman terlalu besar (%(size)s); paling besar %(limit)s. Perkecil atau pecah berkasnya.")
                % {"size": _megabytes(length), "limit": _megabytes(limit)},
                413,
            )
            response["Connection"] = "close"  # the unread body is not taken as a next request
            return response
        return self.get_response(request)
