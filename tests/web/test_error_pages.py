"""Branded error pages: 403 and 404 with the full header (menu, search, language) in the user's
language; 500 without the database (kinerja/web/errors.py)."""

from __future__ import annotations

from typing import Any

from django.test import Client, RequestFactory
from django.utils import translation

from kinerja.web.errors import server_error


def test_404_is_branded_with_the_header_in_the_users_language(users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["operator.pkr"])
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Halaman tidak ditemukan</h1>" in html
    assert 'id="nav-waiting"' in html and 'id="search-q"' in html and 'id="language-form"' in html
    assert "Not Found" not in html

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/unit/TIDAKADA/").content.decode()
    assert '<html lang="en">' in html and "<h1>Page not found</h1>" in html and "Waiting for me" in html

    # a visitor who is not signed in gets the same page, with the sign-in link
    html = Client().get("/tidak-ada-halaman-ini/").content.decode()
    assert "Halaman tidak ditemukan" in html and 'href="/masuk/"' in html


def test_403_has_the_header(users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["operator.rehsos"])
    response = client.get("/unit/PKR/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Akses ditolak</h1>" in html and 'id="nav-waiting"' in html and 'data-status="403"' in html


def test_500_needs_no_database_and_speaks_the_language(db: Any, django_assert_num_queries: Any) -> None:
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        with translation.override("en"):
            response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on the server" in html and 'data-status="500"' in html
    with translation.override("id"):
        html = server_error(request).content.decode()
    assert "Terjadi kesalahan pada server" in html and 'class="top kj-header"' in html
