"""Shared test set-up.

Tests run against the database named by ``DATABASE_URL`` (SQLite by default; CI runs the suite
again against PostgreSQL). Paths to the shared seed material and the demo data are fixtures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
DEMO_DIR = REPO / "kinerja" / "demo" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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
