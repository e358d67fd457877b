"""/pengguna/ in a real browser (Chromium, JavaScript off: the forms work without it): the PKR admin
creates an operator with a generated password, the operator signs in with it and sees PKR only.
Screenshots: users-list, users-created, users-read-only."""

from __future__ import annotations

from typing import Any

import pytest

from kinerja.interchange.db import import_document
from kinerja.interchange.parse import load_document
from kinerja.organizations.models import Membership, Unit
from tests.browser.conftest import PASSWORD, login, navigate, shot
from tests.conftest import DEMO_DIR
from tests.orgtree import make_user


@pytest.fixture
def demo(transactional_db: Any) -> dict[str, Unit]:
    import_document(load_document(DEMO_DIR / "kemensos.yaml", check_refs=False))
    units = {u.code: u for u in Unit.objects.all()}
    for name, role, code in [
        ("admin.pkr", "admin", "PKR"),
        ("operator.pkr", "operator", "PKR"),
        ("operator.rehsos", "operator", "REHSOS"),
    ]:
        user = make_user(name, role, units[code])
        user.set_password(PASSWORD)
        user.save()
    return units


def test_an_admin_creates_an_operator_without_javascript(
    demo: dict[str, Unit],
    live_server: Any,
    new_context: Any,
) -> None:
    base = live_server.url
    page = new_context(java_script_enabled=False).new_page()
    login(page, base, "admin.pkr")
    page.click("#menu-admin > summary")  # the "Administrasi" menu: a <details>, opens without script
    navigate(page, "#nav-users")
    assert page.locator("#users tr[data-username]").count() == 2  # admin.pkr and operator.pkr
    shot(page, "users-list")
    navigate(page, "#new-user")
    page.fill("#id_username", "operator3.pkr")
    page.fill("#id_full_name", "Rina Wulandari")
    page.select_option("#id_unit", label=f"PKR – {demo['PKR'].name}")
    page.select_option("#id_role", value="operator")
    page.check("#id_generate")
    navigate(page, "#create-user button[type=submit]")
    password = page.locator("#new-password code").inner_text().strip()
    assert len(password) >= 12
    assert page.locator("#roles").inner_text().count("PKR") == 1
    shot(page, "users-created")

    # a user who also works at REHSOS is read-only for the PKR admin
    operator = Membership.objects.get(user__username="operator.pkr").user
    Membership.objects.create(user=operator, unit=demo["REHSOS"], role="verifikator")
    page.goto(f"{base}/pengguna/{operator.pk}/")
    assert "REHSOS" in page.locator("#read-only").inner_text()
    assert page.locator("#profile").count() == 0
    shot(page, "users-read-only")

    other = new_context(java_script_enabled=False).new_page()
    login(other, base, "operator3.pkr", password)
    assert other.goto(f"{base}/unit/PKR/").status == 200
    assert other.goto(f"{base}/unit/REHSOS/").status == 403
    assert other.locator("#nav-users").count() == 0
