"""Shared test set-up.

Tests run against the database named by ``DATABASE_URL`` (SQLite by default; CI runs the suite
again against PostgreSQL). Paths to the shared seed material and the demo data are fixtures.
"""

from __future__ import annotations

from pathlib import Path

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
