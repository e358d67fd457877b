"""The ``kinerja`` command as a user runs it: real subprocesses, a real SQLite file.

Bad input must end with exit status 2, a message in Bahasa Indonesia naming the file, no
traceback, and nothing written to the database.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "kinerja" / "demo" / "data" / "kemensos.yaml"
CONTRACT = REPO / "tests" / "fixtures" / "contract_example.yaml"


def run(args: list[str], tmp_path: Path, db: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["KINERJA_DATA_DIR"] = str(tmp_path / "data")
    if db is not None:
        env["DATABASE_URL"] = f"sqlite:///{db}"
    return subprocess.run(
        [sys.executable, "-m", "kinerja.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )


def table_count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def assert_clean_failure(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("Galat:"), proc.stderr
    for needle in needles:
        assert needle in proc.stderr, (needle, proc.stderr)


def test_compute_json_on_contract_example(tmp_path: Path) -> None:
    proc = run(["compute", str(CONTRACT), "--unit", "PKR", "--year", "2022", "--json"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    # the contract's keys in the contract's order, then the extensions: the basis, and the budget
    # of the unit-year (the example carries PKR's pagu and realisasi; issue 13)
    assert list(out) == ["unit", "year", "achievement", "objectives", "notes", "basis", "budget"]
    assert out["budget"]["penyerapan"] is not None
    assert out["basis"] == "official"
    assert out["unit"] == "PKR" and out["year"] == 2022
    ind = {i["code"]: i for o in out["objectives"] for i in o["indicators"]}
    assert ind["IKK 1.1"]["realization"] == "99.25"
    assert ind["IKK 1.1"]["achievement"] == "100.00"
    assert ind["IKK 1.1"]["achievement_uncapped"] == "100.25"
    expected_21 = (Decimal("97.99") / Decimal(87) * 100).quantize(Decimal("0.01"))
    assert ind["IKK 2.1"]["achievement"] == str(expected_21) == "112.63"


def test_compute_table_is_indonesian(tmp_path: Path) -> None:
    proc = run(["compute", str(DEMO), "--unit", "PKR", "--year", "2022"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "99,25" in proc.stdout
    assert "112,63" in proc.stdout
    assert "n.a" in proc.stdout


def test_compute_unknown_unit(tmp_path: Path) -> None:
    proc = run(["compute", str(DEMO), "--unit", "NOPE", "--year", "2022", "--json"], tmp_path)
    assert_clean_failure(proc, "NOPE")
    assert proc.stdout == ""


def test_compute_missing_file(tmp_path: Path) -> None:
    proc = run(["compute", "tidak-ada.yaml", "--unit", "PKR", "--year", "2022"], tmp_path)
    assert_clean_failure(proc, "tidak-ada.yaml", "tidak ditemukan")


def test_import_export_roundtrip_and_reimport(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    proc = run(["import", str(DEMO)], tmp_path, db)
    assert proc.returncode == 0, proc.stderr
    out1 = tmp_path / "out1.yaml"
    proc = run(["export", "-o", str(out1)], tmp_path, db)
    assert proc.returncode == 0, proc.stderr
    # The exported file imports into an empty database and exports to the same text.
    db2 = tmp_path / "b.sqlite3"
    proc = run(["import", str(out1)], tmp_path, db2)
    assert proc.returncode == 0, proc.stderr
    out2 = tmp_path / "out2.json"
    proc = run(["export", "-o", str(out2)], tmp_path, db2)
    assert proc.returncode == 0, proc.stderr
    out3 = tmp_path / "out3.json"
    run(["export", "-o", str(out3)], tmp_path, db)
    assert out2.read_text() == out3.read_text()
    # Computing from the export gives the same figures as from the demo file.
    a = run(["compute", str(DEMO), "--unit", "PKR", "--year", "2022", "--json"], tmp_path)
    b = run(["compute", str(out1), "--unit", "PKR", "--year", "2022", "--json"], tmp_path)
    assert a.returncode == b.returncode == 0
    assert json.loads(a.stdout) == json.loads(b.stdout)


def test_export_one_unit_subtree(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    assert run(["import", str(DEMO)], tmp_path, db).returncode == 0
    out = tmp_path / "pkr.yaml"
    proc = run(["export", "-o", str(out), "--unit", "PKR"], tmp_path, db)
    assert proc.returncode == 0, proc.stderr
    computed = run(["compute", str(out), "--unit", "PKR", "--year", "2022", "--json"], tmp_path)
    assert computed.returncode == 0, computed.stderr
    full = run(["compute", str(DEMO), "--unit", "PKR", "--year", "2022", "--json"], tmp_path)
    assert json.loads(computed.stdout) == json.loads(full.stdout)


BAD_FILES = {
    "angka.yaml": (
        "format: kinerja/v1\nunits:\n  - {code: PKR, name: Dit PKR, level: eselon2}\n"
        "plans:\n  - unit: PKR\n    period: [2020, 2024]\n    objectives:\n"
        "      - code: SK1\n        level: SK\n        statement: s\n        indicators:\n"
        '          - {code: I1, name: i, targets: {2022: "9,9,9"}}\n',
        ["angka.yaml", "9,9,9"],
    ),
    "unitlain.yaml": (
        "format: kinerja/v1\nunits:\n  - {code: PKR, name: Dit PKR, level: eselon2, parent: TIDAKADA}\n",
        ["unitlain.yaml", "TIDAKADA"],
    ),
    "siklus.yaml": (
        "format: kinerja/v1\nunits:\n  - {code: A, name: A, level: eselon1, parent: B}\n"
        "  - {code: B, name: B, level: eselon1, parent: A}\n",
        ["siklus.yaml"],
    ),
    "ganda.yaml": (
        "format: kinerja/v1\nunits:\n  - {code: A, name: A, level: eselon1}\n  - {code: A, name: A2, level: eselon1}\n",
        ["ganda.yaml", "A"],
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_are_rejected_and_nothing_is_written(tmp_path: Path, name: str) -> None:
    text, needles = BAD_FILES[name]
    bad = tmp_path / name
    bad.write_text(text)
    db = tmp_path / "db.sqlite3"
    assert run(["import", str(DEMO)], tmp_path, db).returncode == 0
    before = {t: table_count(db, t) for t in ("organizations_unit", "planning_indicator")}
    proc = run(["import", str(bad)], tmp_path, db)
    assert_clean_failure(proc, *needles)
    after = {t: table_count(db, t) for t in before}
    assert before == after


def test_binary_garbage(tmp_path: Path) -> None:
    bad = tmp_path / "sampah.yaml"
    bad.write_bytes(os.urandom(4096) + b"\x00\xff\xfe")
    proc = run(["compute", str(bad), "--unit", "PKR", "--year", "2022"], tmp_path)
    assert_clean_failure(proc, "sampah.yaml")


def test_fifty_megabyte_file(tmp_path: Path) -> None:
    big = tmp_path / "besar.yaml"
    with big.open("wb") as fh:
        fh.write(b"format: kinerja/v1\n# " + b"x" * (50 * 1024 * 1024) + b"\n")
    db = tmp_path / "db.sqlite3"
    proc = run(["import", str(big)], tmp_path, db)
    assert_clean_failure(proc, "besar.yaml")
    assert not db.exists() or table_count(db, "organizations_unit") == 0


def test_demo_no_serve_loads_data_and_prints_password(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    proc = run(["demo", "--no-serve"], tmp_path, db)
    assert proc.returncode == 0, proc.stderr
    assert "kata sandi" in proc.stdout
    assert table_count(db, "organizations_unit") > 5
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT is_superuser FROM auth_user WHERE username='admin'").fetchone()
    assert row == (1,)
    # A second run does not load the data twice.
    units = table_count(db, "organizations_unit")
    proc = run(["demo", "--no-serve"], tmp_path, db)
    assert proc.returncode == 0, proc.stderr
    assert table_count(db, "organizations_unit") == units
