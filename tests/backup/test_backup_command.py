"""``kinerja backup``: what it says when it cannot write the archive or the database is not ready,
and when a file the database refers to is gone from MEDIA_ROOT (a warning; the rest is backed up
and restores)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kinerja.backup.restore import restore_backup
from kinerja.cli import main
from kinerja.measurement.models import Evidence
from tests.backup.conftest import wipe

pytestmark = pytest.mark.django_db


def test_a_missing_evidence_file_is_reported_and_listed(
    small: Evidence, media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (media / small.file.name).unlink()
    archive = tmp_path / "cadangan.zip"
    assert main(["backup", "-o", str(archive)]) == 0
    out = capsys.readouterr().out
    assert "0 berkas bukti" in out and "Peringatan: 1 berkas bukti" in out and small.file.name in out
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["files"] == [] and manifest["missing_files"] == [small.file.name]

    wipe(media)
    restore_backup(archive)
    assert Evidence.objects.get(pk=small.pk).file.name == small.file.name  # the row, as it was


def test_the_archive_cannot_be_written(
    small: Evidence, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backup", "-o", str(tmp_path / "tidak-ada" / "cadangan.zip")]) == 2
    assert "Folder tujuan tidak ada" in capsys.readouterr().err
    assert main(["backup", "-o", str(tmp_path)]) == 2
    assert "adalah folder" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["media"]  # nothing half-written


def test_a_database_without_the_schema_is_not_backed_up(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'baru.sqlite3'}",
        "KINERJA_DATA_DIR": str(tmp_path),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "kinerja.cli", "backup", "-o", str(tmp_path / "cadangan.zip")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert proc.returncode == 2, proc.stderr
    assert (
        proc.stderr.startswith("Galat:")
        and "belum dimigrasi" in proc.stderr
        and "Traceback" not in proc.stderr
    )
    assert not (tmp_path / "cadangan.zip").exists()
