"""``ensure_schema`` creates the tables on an empty database (as ``kinerja import`` needs)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

SCRIPT = """
import django, json
django.setup()
from django.db import connection
from kinerja.interchange.db import ensure_schema
first = ensure_schema()
second = ensure_schema()
print(json.dumps([first, second, "organizations_unit" in connection.introspection.table_names()]))
"""


def test_ensure_schema_migrates_an_empty_database_once(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'kosong.sqlite3'}",
        "KINERJA_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "kinerja.settings",
    }
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[true, false, true]"


@pytest.mark.django_db
def test_ensure_schema_leaves_a_migrated_database_alone() -> None:
    from kinerja.interchange.db import ensure_schema

    assert ensure_schema() is False
