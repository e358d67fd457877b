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
    page = client.get("/unit/PKR/?tahun=2022").content.decode()
    assert 'data-session-url="/sesi/"' in page and "web/session.js" in page


def test_a_request_moves_the_idle_timeout_but_writes_the_session_once_a_minute(users: dict[str, Any]) -> None:
    from django.contrib.sessions.models import Session

    from kinerja.web.session import RENEWED

    client = Client()
    client.force_login(users["operator.pkr"])
    client.get("/sesi/")
    key = client.session.session_key
    first = Session.objects.get(session_key=key).expire_date
    client.get("/sesi/")
    assert Session.objects.get(session_key=key).expire_date == first  # within the minute: no write
    session = client.session
    session[RENEWED] = 0  # as if the last renewal was long ago
    session.save()
    before = Session.objects.get(session_key=key).expire_date
    client.get("/sesi/")
    assert Session.objects.get(session_key=key).expire_date >= before
    assert client.session[RENEWED] > 0  # renewed again


def test_a_body_larger_than_any_upload_is_refused_before_it_is_read(
    users: dict[str, Any], settings: Any
) -> None:
    client = Client()
    client.force_login(users["operator.pkr"])
    limit = settings.KINERJA_MAX_REQUEST_BYTES
    assert limit > settings.KINERJA_MAX_EVIDENCE_BYTES and limit > settings.KINERJA_MAX_XLSX_BYTES
    response = client.post(
        "/xlsx/PKR/2022/", data=b"x", content_type="application/octet-stream", CONTENT_LENGTH=str(limit + 1)
    )
    assert response.status_code == 413
    assert "Kiriman terlalu besar" in response.content.decode()


def test_kinerja_serve_refuses_a_large_body_before_receiving_it(db: Any, settings: Any) -> None:
    """waitress, as ``kinerja serve`` runs it, answers 413 from the headers alone: the client has
    sent none of its 2 GB."""
    import socket
    import threading

    from django.core.handlers.wsgi import WSGIHandler
    from waitress.server import create_server

    from kinerja.cli import waitress_options

    application = WSGIHandler()  # middleware made with this test's settings

    server = create_server(application, host="127.0.0.1", port=0, **waitress_options())
    port = server.effective_port  # type: ignore[union-attr]

    def run() -> None:
        try:
            server.run()
        except OSError:  # the socket closed under the loop at the end of the test
            pass

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(
                b"POST /xlsx/PKR/2022/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/octet-stream\r\nContent-Length: 2000000000\r\n\r\n"
            )
            answer = sock.recv(4096)
        assert answer.startswith(b"HTTP/1.1 413"), answer[:100]
    finally:
        server.close()
        thread.join(timeout=5)
