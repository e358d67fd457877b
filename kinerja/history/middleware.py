"""Attribute every change made while answering a request to the signed-in user."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from kinerja.history.context import acting_as


class HistoryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # request.user stays lazy: it is read only when a change is recorded.
        with acting_as(getattr(request, "user", None)):
            return self.get_response(request)
