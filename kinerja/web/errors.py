"""Branded error pages (``handler404``/``handler500`` in ``kinerja/urls.py``; 400 and 403 use the
templates ``400.html`` and ``403.html`` through Django's defaults and ``guards.py``).

* 404: the full header (menu, search, language) in the user's language, as every page.
* 500: ``500.html`` with only the language (``LocaleMiddleware`` has already chosen it) and the
  static files: no user, no database query, no context processor, since any of them may be what
  failed.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views import defaults


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return defaults.page_not_found(request, exception, template_name="404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({}))
