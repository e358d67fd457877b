"""Requests refused before any view runs, with a page in Bahasa Indonesia.

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
                {"reason": _("Permintaan memuat karakter NUL (%00), yang tidak dapat disimpan. Hapus karakter itu lalu coba lagi.")},
                status=400,
            )
        return self.get_response(request)
