"""``kinerja demo`` creates one user per role on the Kemensos demo units, with one-time passwords
that work, and a Rehsos operator who may not read Dit. PKR."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.contrib.auth.hashers import check_password

REPO = Path(__file__).resolve().parents[2]


def test_demo_prints_a_working_password_per_role(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(KINERJA_DATA_DIR=str(tmp_path / "data"), DATABASE_URL=f"sqlite:///{db}")
    proc = subprocess.run(
        [sys.executable, "-m", "kinerja.cli", "demo", "--no-serve"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    printed = dict(re.findall(r"^  ([a-z.]+)\s+(\S+)\s+[A-Z]+\s", proc.stdout, re.MULTILINE))
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT u.username, u.password, u.is_superuser, m.role, un.code FROM auth_user u "
            "JOIN organizations_membership m ON m.user_id = u.id "
            "JOIN organizations_unit un ON un.id = m.unit_id"
        ).fetchall()
    roles = {(name, role, unit) for name, _, _, role, unit in rows}
    assert roles == {
        ("perencana", "perencana", "KEMENSOS"),
        ("operator.pkr", "operator", "PKR"),
        ("verifikator.pkr", "verifikator", "PKR"),
        ("pimpinan.pkr", "pimpinan", "PKR"),
        ("operator.rehsos", "operator", "REHSOS"),
        ("apip", "apip", "ITJEN"),
        ("keuangan.dayasos", "keuangan", "DAYASOS"),
    }
    for name, hashed, superuser, _, _ in rows:
        assert superuser == 0, name
        assert check_password(printed[name], hashed), name
