"""Browser tests: Playwright drives Debian's Chromium (``/usr/bin/chromium``; Playwright cannot
download its own browsers here) against pytest-django's live server.

* ``DJANGO_ALLOW_ASYNC_UNSAFE``: Playwright's sync API runs an event loop in the test's thread,
  and the tests read the database in that same thread (set-up and checks), which Django would
  otherwise refuse as "async-unsafe".
* ``shot(page, name)`` saves a full-page screenshot under ``$ARTIFACTS_DIR/screenshots``
  (default ``<repo>/artifacts/screenshots``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
PASSWORD = "kata-sandi-uji-7Q"


def screenshots_dir() -> Path:
    base = Path(os.environ.get("ARTIFACTS_DIR") or REPO / "artifacts")
    path = base / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def shot(page: Any, name: str, full_page: bool = True) -> Path:
    """Save a screenshot of ``page`` as ``<name>.png`` in the screenshots folder."""
    path = screenshots_dir() / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("KINERJA_REQUIRE_BROWSER"):  # CI: a missing browser is a failure, not a skip
            pytest.fail("Chromium Debian tidak ada di /usr/bin/chromium")
        pytest.skip(
            "Chromium Debian tidak ada di /usr/bin/chromium: apt-get install -y chromium "
            "(.ci/run memasangnya sebelum pengujian)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def new_context(browser: Any) -> Iterator[Callable[..., Any]]:
    """Make browser contexts (separate cookie jars: one per signed-in user); all closed after."""
    made: list[Any] = []
    refused: list[str] = []

    def watch(message: Any) -> None:
        # the Content-Security-Policy (settings.CONTENT_SECURITY_POLICY) refused something a
        # page of ours asked for: an inline script, a style element, a foreign source
        if "Content Security Policy" in message.text:
            refused.append(f"{message.page.url if message.page else '?'}: {message.text}")

    def make(**options: Any) -> Any:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("locale", "id-ID")
        ctx = browser.new_context(**options)
        ctx.set_default_timeout(15000)
        ctx.on("console", watch)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()
    assert not refused, "\n".join(refused)


@pytest.fixture
def page(new_context: Callable[..., Any]) -> Any:
    return new_context().new_page()


def navigate(page: Any, selector: str) -> Any:
    """Click something that loads a new page, and wait for that page (not the one clicked on,
    whose content may still match the next selector)."""
    with page.expect_navigation():
        page.click(selector)
    return page


def login(page: Any, base_url: str, username: str, password: str = PASSWORD, next_url: str = "/") -> Any:
    """Sign in at /masuk/ as a person does, and land on ``next_url``."""
    page.goto(f"{base_url}/masuk/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    navigate(page, "form.login button[type=submit]")
    assert "/masuk/" not in page.url, f"login as {username} failed"
    return page
