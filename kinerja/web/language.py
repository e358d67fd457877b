"""Language choice: Bahasa Indonesia for everyone unless the user has chosen English.

Replaces Django's ``LocaleMiddleware``, which would follow the browser's ``Accept-Language``
header: a ministry user whose browser is set to English must still see Indonesian until they pick
English with the language form in the page header (Django's ``set_language`` view, which stores
the choice in the ``django_language`` cookie).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request: HttpRequest) -> str:
    """The language the user chose (cookie set by ``set_language``), else ``LANGUAGE_CODE``."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if code:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return str(settings.LANGUAGE_CODE)


class ChosenLanguageMiddleware:
    """Activate the chosen language for the request; the browser's language is ignored."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        # ``override`` puts the thread back as it was afterwards: the thread serves other
        # requests (and, under the test client, other tests) that must not inherit this choice.
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
