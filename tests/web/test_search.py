"""The search box in the header (kinerja/web/search.py): units, indicators and documents, only
among the units the user may read."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def hits(html: str, kind: str) -> list[str]:
    return re.findall(rf'data-hit="{kind}"><strong>([^<]*)</strong>', html)


def test_search_finds_units_indicators_and_documents_in_scope_only(users: dict[str, Any]) -> None:
    rehsos = client_for(users["operator.rehsos"])
    html = rehsos.get("/cari/", {"q": "keberfungsian sosial"}).content.decode()
    indicators = hits(html, "indicator")
    # the five IKP of Ditjen Rehabilitasi Sosial's Renstra whose name holds both words (seed 003)
    assert "IKP 1.1 Indeks Keberfungsian Sosial Penduduk Rentan (PPKS)" in indicators
    assert "IKP 5.1 Indeks Keberfungsian Sosial Anak" in indicators
    assert all("Keberfungsian" in i for i in indicators)

    # the same words from Dit. PKR (a sibling of REHSOS' directorates): nothing of REHSOS
    pkr = client_for(users["operator.pkr"])
    html = pkr.get("/cari/", {"q": "keberfungsian sosial"}).content.decode()
    assert hits(html, "indicator") == [] and 'id="search-none"' in html
    # its own indicator and its own unit
    html = pkr.get("/cari/", {"q": "sembako tepat waktu"}).content.decode()
    assert any("tepat waktu" in i for i in hits(html, "indicator"))
    html = pkr.get("/cari/", {"q": "direktorat"}).content.decode()
    assert hits(html, "unit") == ["Direktorat Pemberdayaan Kelompok Rentan"]
    # documents: its Renstra and PK, linked to their pages
    html = pkr.get("/cari/", {"q": "PKR"}).content.decode()
    documents = hits(html, "document")
    assert any(d.startswith("Renstra PKR ") for d in documents)
    assert any(d.startswith("Perjanjian Kinerja PKR 2022") for d in documents)
    assert 'href="/pk/PKR/2022/v1/"' in html

    # the ministry's planner sees every unit: the Ditjen of REHSOS is found too
    html = client_for(users["perencana"]).get("/cari/", {"q": "rehabilitasi"}).content.decode()
    assert "Direktorat Jenderal Rehabilitasi Sosial" in hits(html, "unit")


def test_search_echoes_the_query_escaped_and_needs_sign_in(users: dict[str, Any]) -> None:
    client = client_for(users["operator.pkr"])
    html = client.get("/cari/", {"q": '<script>alert("x")</script>'}).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert client.get("/cari/").status_code == 200  # empty: the help text, no error
    assert Client().get("/cari/?q=PKR").status_code == 302  # a visitor signs in first
