"""``kinerja serve`` behind the reverse proxy (nginx, a load balancer) every multi-server
deployment has: waitress, as ``kinerja serve`` runs it, lets the proxy's ``X-Forwarded-Proto``
and ``X-Forwarded-For`` through to Django when ``KINERJA_TRUSTED_PROXIES`` says there is one, and
removes them when there is none (a client cannot claim HTTPS or another address itself).

Before, waitress removed them always: under the production settings every page answered with a
redirect to itself over HTTPS (the proxy had already ended TLS), and every failed sign-in counted
against the proxy's address."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.db import DEFAULT_DB_ALIAS, connections
from waitress.server import create_server

from kinerja.cli import waitress_options
from tests.deployment.browser import Browser


@pytest.fixture
def behind_proxy(settings: Any) -> None:
    """The production settings' HTTPS rules (kinerja/settings/production.py)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


@pytest.fixture
def serve(transactional_db: Any, behind_proxy: None, monkeypatch: Any) -> Iterator[Any]:
    """Start waitress in this process with ``kinerja serve``'s options; its port. Its threads
    close their database connection after each request (none left open when the test database
    is dropped)."""
    monkeypatch.setitem(connections.settings[DEFAULT_DB_ALIAS], "CONN_MAX_AGE", 0)
    servers = []

    def start() -> int:
        from django.core.handlers.wsgi import WSGIHandler

        # a handler of its own: middleware reads settings when it is made (SecurityMiddleware's
        # SSL redirect), and kinerja.wsgi's may have been made by an earlier test
        application = WSGIHandler()

        server = create_server(application, host="127.0.0.1", port=0, **waitress_options())

        def run() -> None:
            try:
                server.run()
            except OSError:  # the socket closed under the loop at the end of the test
                pass

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        servers.append((server, thread))
        return int(server.effective_port)  # type: ignore[union-attr]

    yield start
    for server, thread in servers:
        server.close()
        thread.join(timeout=5)


def browser(port: int) -> Browser:
    return Browser(
        port, "waitress", proxy_headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    )


def test_with_a_proxy_its_headers_reach_django(serve: Any, settings: Any) -> None:
    settings.KINERJA_TRUSTED_PROXIES = 1
    assert waitress_options()["clear_untrusted_proxy_headers"] is False
    client = browser(serve())
    page = client.get("/masuk/")
    assert page.status == 200, (page.status, page.headers.get("Location"))  # HTTPS seen: no redirect
    assert client.cookies.get("csrftoken")
    # a wrong password counts against the client's address, not the proxy's
    assert client.post("/masuk/", {"username": "siapa", "password": "salah"}).status == 200
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.7"]


def test_without_a_proxy_a_client_cannot_claim_https_itself(serve: Any, settings: Any) -> None:
    settings.KINERJA_TRUSTED_PROXIES = 0
    assert waitress_options()["clear_untrusted_proxy_headers"] is True
    page = browser(serve()).get("/masuk/")
    assert page.status == 301 and page.headers["Location"].startswith("https://")
