"""A URL configuration with one view that fails, for the production logging test."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("bom-uji-produksi: pembagian dengan nol di halaman")


urlpatterns = [path("boom/", boom)]
