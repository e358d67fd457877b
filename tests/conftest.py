"""Shared test set-up.

Tests run against the database named by ``DATABASE_URL`` (SQLite by default; CI runs the suite
again against PostgreSQL). Paths to the shared seed material and the demo data are fixtures.
Passwords are hashed with MD5 for the whole session (see ``fast_password_hasher``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import global_settings
from django.test.utils import override_settings

REPO = Path(__file__).resolve().parent.parent
DEMO_DIR = REPO / "kinerja" / "demo" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True, scope="session")
def fast_password_hasher() -> Iterator[None]:
    """Hash new passwords with MD5 in every test: PBKDF2's deliberate slowness costs seconds per
    user created or signed in, and says nothing about our code. Django's own hashers stay in the
    list after it, so hashes made elsewhere (``kinerja demo`` in a subprocess) still verify."""
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher", *global_settings.PASSWORD_HASHERS]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield


@pytest.fixture
def demo_dir() -> Path:
    return DEMO_DIR


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


# --- the Kemensos demo in the real database, with one user per demo role ----------------------
# (imports inside the fixtures: tests.web.demo_users imports this module)


@pytest.fixture
def demo(db: Any) -> dict[str, Any]:
    """The demo data imported; unit code -> ``Unit``."""
    from tests.web.demo_users import load_demo

    return load_demo()


@pytest.fixture
def users(demo: dict[str, Any]) -> dict[str, Any]:
    """The users ``kinerja demo`` creates (perencana, operator.pkr, verifikator.pkr, pimpinan.pkr,
    operator.rehsos, apip), plus ``admin.pkr``."""
    from tests.orgtree import make_user
    from tests.web.demo_users import PASSWORD, demo_users

    out = demo_users(demo)
    out["admin.pkr"] = make_user("admin.pkr", "admin", demo["PKR"], password=PASSWORD)
    return out


@pytest.fixture
def pkr(demo: dict[str, Any]) -> Any:
    return demo["PKR"]


@pytest.fixture
def inbox(settings: Any) -> Iterator[Any]:
    """A real SMTP server on a free loopback port receiving Django's mail (``tests.smtp.Inbox``)."""
    from tests.smtp import serve

    yield from serve(settings)
