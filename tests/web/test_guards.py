"""A NUL character in a request is refused with a clear page, never a 500 (issue #11, finding 10:
PostgreSQL cannot store NUL in text)."""

from __future__ import annotations

from typing import Any

from django.test import Client

from kinerja.history.models import Change


def test_nul_in_path_query_and_form_is_a_400_in_indonesian(users: dict[str, Any]) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(users["operator.pkr"])
    for url in ("/unit/PKR%00/", "/unit/%00/dasbor/", "/unit/PKR/?tahun=20%0022", "/realisasi/PKR/2022/"):
        response = client.get(url) if "%00" in url else client.post(url, {"catatan": "a\x00b"})
        assert response.status_code == 400, url
        assert "karakter NUL" in response.content.decode()
    assert Change.objects.count() == 1  # the demo's first load, nothing since


def test_ordinary_requests_pass(users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["operator.pkr"])
    assert client.get("/unit/PKR/?tahun=2022").status_code == 200


def test_session_state_answers_without_redirect(users: dict[str, Any], settings: Any) -> None:
    """/sesi/ tells the page's script whether the session is alive: 401, never the sign-in page."""
    visitor = Client()
    response = visitor.get("/sesi/")
    assert response.status_code == 401 and response.json() == {"signed_in": False}
    client = Client()
    client.force_login(users["operator.pkr"])
    response = client.get("/sesi/")
    assert response.status_code == 200 and response.json()["idle_seconds"] == settings.SESSION_COOKIE_AGE
    assert settings.SESSION_SAVE_EVERY_REQUEST  # every request starts the idle time again
    page = client.get("/unit/PKR/?tahun=2022").content.decode()
    assert 'data-session-url="/sesi/"' in page and "web/session.js" in page
