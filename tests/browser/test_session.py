"""The idle timeout in a real browser (issue #11): a warning before the end, "Tetap masuk" keeps
the session, and what was typed when the session ended comes back after signing in again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kinerja.interchange.db import import_document
from kinerja.interchange.parse import load_document
from kinerja.measurement.models import Realization
from kinerja.organizations.models import Unit
from kinerja.planning.models import Indicator
from tests.browser.conftest import PASSWORD, login, navigate
from tests.conftest import DEMO_DIR
from tests.orgtree import make_user

IDLE = 6  # seconds: the warning comes at half of it (kinerja/web/static/web/session.js)


@pytest.fixture
def operator_page(
    transactional_db: Any, settings: Any, tmp_path: Path, live_server: Any, new_context: Any
) -> Any:
    settings.SESSION_COOKIE_AGE = IDLE
    settings.MEDIA_ROOT = tmp_path / "media"
    import_document(load_document(DEMO_DIR / "kemensos.yaml", check_refs=False))
    pkr = Unit.objects.get(code="PKR")
    user = make_user("operator.pkr", "operator", pkr)
    user.set_password(PASSWORD)
    user.save()
    ind = Indicator.objects.get(plan__unit=pkr, code="IKK 1.1")
    path = f"/realisasi/PKR/2022/tw1/{ind.pk}/"
    return login(new_context().new_page(), live_server.url, "operator.pkr", next_url=path), path


def test_warning_and_staying_signed_in(operator_page: Any) -> None:
    page, _path = operator_page
    page.wait_for_selector("#session-warning", state="visible", timeout=(IDLE + 2) * 1000)
    page.click("#session-keep")
    page.wait_for_selector("#session-banner", state="hidden")
    # "Tetap masuk" renewed the session: the page still works past the first deadline
    page.wait_for_timeout(IDLE * 1000 * 0.7)
    assert page.locator("#session-ended").is_hidden()
    page.reload()
    assert "/masuk/" not in page.url


def test_what_was_typed_survives_the_end_of_the_session(operator_page: Any, live_server: Any) -> None:
    page, path = operator_page
    text = "Analisis yang panjang, diketik sebelum sesi berakhir."
    page.fill("#id_analysis", text)
    page.wait_for_selector("#session-ended", state="visible", timeout=(IDLE + 4) * 1000)
    # sending now would lose the text on the sign-in page: the script stops it
    page.click("#realization-form button[type=submit]")
    page.wait_for_timeout(500)
    assert path in page.url and not Realization.objects.filter(analysis=text).exists()
    navigate(page, "#session-login")
    assert "/masuk/" in page.url
    page.fill("#id_username", "operator.pkr")
    page.fill("#id_password", PASSWORD)
    navigate(page, "form.login button[type=submit]")
    assert path in page.url
    assert page.input_value("#id_analysis") == text
    assert page.locator("#session-restored").is_visible()
