"""``kinerja lint``: from a file (no database) and from the database, table and JSON, exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kinerja.cli import main
from kinerja.interchange.write import dump_document
from tests.lint.helpers import DEMO, small

REPO = Path(__file__).resolve().parents[2]


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
        cwd=REPO,
        timeout=300,
    )


def test_table_on_demo_file_for_pkr_2022(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["lint", str(DEMO), "--unit", "PKR", "--year", "2022"])
    out = capsys.readouterr().out
    assert code == 1  # PK Terakhir has no revision reason (the seed does not give it)
    lines = out.splitlines()
    assert lines[-1] == (
        "Ringkasan (unit PKR, tahun 2022): 1 galat, 2 peringatan, 10 info. Perbaiki galat sebelum laporan dibuat."
    )
    # grouped by severity, galat first
    assert out.index("GALAT (1)") < out.index("PERINGATAN (2)") < out.index("INFO (10)")
    assert "L401  PKR             2022" in out and "L501  PKR             2022   SK2 / IKK 2.2" in out
    flat = " ".join(out.split())
    assert "adalah 580, sedangkan IKK 1.1, IKK 1.2, IKK 1.3 pada sasaran SK1 memakai 18.800.000" in flat
    assert "Saran:" in out and "Letak: realizations[3].inputs.T" in out
    heads = [line for line in lines if line[:1] == "L" and line[1:4].isdigit()]
    assert len(heads) == 13 and {line.split()[1] for line in heads} == {"PKR"}  # other units filtered out


def test_json_on_demo_file(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["lint", str(DEMO), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and data["exit_code"] == 1
    assert list(data) == ["format", "source", "unit", "year", "summary", "exit_code", "findings"]
    assert data["format"] == "kinerja-lint/v1"
    assert data["summary"] == {"galat": 2, "peringatan": 14, "info": 11, "total": 27}
    first = data["findings"][0]
    assert list(first) == [
        "code",
        "severity",
        "unit",
        "year",
        "objective",
        "indicator",
        "path",
        "message",
        "advice",
    ]
    k17 = next(f for f in data["findings"] if f["code"] == "L604")
    assert (k17["severity"], k17["unit"], k17["year"]) == ("galat", "KEMENSOS", 2022)
    assert "selisih Rp2.000.000.000" in k17["message"]


def test_warnings_only_exit_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = small()
    doc.plans[0].objectives[0].indicators[0].unit_of_measure = ""  # a warning (L106)
    path = tmp_path / "kecil.yaml"
    path.write_text(dump_document(doc), encoding="utf-8")
    assert main(["lint", str(path)]) == 0
    out = capsys.readouterr().out
    assert "PERINGATAN (1)" in out and "GALAT" not in out
    assert "0 galat, 1 peringatan, 0 info. Tidak ada galat" in out
    doc.plans[0].objectives[0].indicators[0].unit_of_measure = "indeks"
    path.write_text(dump_document(doc), encoding="utf-8")
    assert main(["lint", str(path)]) == 0
    assert "Data siap dilaporkan." in capsys.readouterr().out


def test_unknown_references_in_file_are_findings_not_crashes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = small()
    doc.plans[1].objectives[0].supports = ["M:SS7"]
    path = tmp_path / "rujukan.yaml"
    path.write_text(dump_document(doc), encoding="utf-8")
    assert main(["lint", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [f["code"] for f in data["findings"] if f["severity"] == "galat"] == ["L202"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["lint", "tidak-ada.yaml"], "Berkas tidak ditemukan"),
        (["lint", str(DEMO), "--unit", "TIDAKADA"], "unit 'TIDAKADA' tidak ada"),
        (["lint", str(DEMO), "--year", "20222"], "tahun 20222 tidak masuk akal"),
    ],
)
def test_bad_input_is_galat_exit_2(args: list[str], needle: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("Galat:") and needle in err


def test_broken_file_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "rusak.yaml"
    bad.write_text("format: kinerja/v1\nunits:\n  - {code: A, name: A, level: galaksi}\n", encoding="utf-8")
    proc = run(["lint", str(bad)], tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("Galat:") and "rusak.yaml" in proc.stderr
    assert "Traceback" not in proc.stderr
    missing = run(["lint", str(tmp_path / "tidak-ada.yaml")], tmp_path)
    assert missing.returncode == 2 and missing.stderr.startswith("Galat: Berkas tidak ditemukan")


def test_database_gives_the_same_findings_as_the_file(tmp_path: Path) -> None:
    db = tmp_path / "kinerja.sqlite3"
    empty = run(["lint"], tmp_path, db)
    assert empty.returncode == 2 and empty.stderr.startswith("Galat:") and "belum berisi data" in empty.stderr
    proc = run(["import", str(DEMO)], tmp_path, db)
    assert proc.returncode == 0, proc.stderr
    from_db = run(["lint", "--unit", "PKR", "--year", "2022", "--json"], tmp_path, db)
    assert from_db.returncode == 1, from_db.stderr
    from_file = run(["lint", str(DEMO), "--unit", "PKR", "--year", "2022", "--json"], tmp_path)
    a, b = json.loads(from_db.stdout), json.loads(from_file.stdout)
    assert a["source"].startswith("basis data SQLite") and b["source"].startswith("berkas ")

    def strip(fs: list[dict[str, object]]) -> list[tuple[object, ...]]:
        return [(f["code"], f["unit"], f["year"], f["indicator"], f["message"]) for f in fs]

    assert strip(a["findings"]) == strip(b["findings"])
    assert a["summary"] == b["summary"] == {"galat": 1, "peringatan": 2, "info": 10, "total": 13}
    whole = run(["lint"], tmp_path, db)
    assert whole.returncode == 1
    assert whole.stdout.splitlines()[-1].startswith("Ringkasan: 2 galat, 14 peringatan, 11 info.")
    unknown = run(["lint", "--unit", "TIDAKADA"], tmp_path, db)
    assert unknown.returncode == 2 and unknown.stderr.startswith("Galat:")
