"""A bad archive is refused before anything is written: a message in Bahasa Indonesia naming what
is wrong, exit status 2, no traceback, the (empty) database still empty, MEDIA_ROOT untouched."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kinerja.backup.dump import create_backup
from kinerja.backup.restore import data_present
from kinerja.cli import main
from kinerja.measurement.models import Evidence
from tests.backup.conftest import PDF, rewrite, wipe

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(small: Evidence, media: Path, tmp_path: Path) -> Path:
    """A small archive (an organisation tree, a user, one uploaded file), then an empty database."""
    path = tmp_path / "cadangan.zip"
    create_backup(path)
    wipe(media)
    return path


def restore_fails(path: Path, capsys: pytest.CaptureFixture[str], media: Path, *needles: str) -> str:
    rc = main(["restore", str(path)])
    err = capsys.readouterr().err
    assert rc == 2, err
    assert err.startswith("Galat:") and "Traceback" not in err, err
    for needle in needles:
        assert needle in err, (needle, err)
    assert data_present() == []
    assert not media.exists() or not any(media.iterdir()), list(media.rglob("*"))
    return err


def test_the_good_archive_restores(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["restore", str(archive)]) == 0
    out = capsys.readouterr().out
    assert "selesai" in out and "1 berkas bukti" in out and "masuk kembali" in out
    assert ("auth.user", 1) in data_present()


def test_a_file_that_is_not_a_zip(
    tmp_path: Path, media: Path, db: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cadangan.zip"
    path.write_text("kinerja: 1\nunits: []\n")
    restore_fails(path, capsys, media, str(path), "bukan berkas ZIP")


def test_a_missing_file(tmp_path: Path, media: Path, db: Any, capsys: pytest.CaptureFixture[str]) -> None:
    restore_fails(tmp_path / "tidak-ada.zip", capsys, media, "tidak ditemukan")


def test_a_truncated_archive(archive: Path, media: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = archive.read_bytes()
    archive.write_bytes(content[: len(content) * 2 // 3])
    restore_fails(archive, capsys, media, "bukan berkas ZIP yang utuh", "terpotong")


def test_a_corrupted_member(archive: Path, media: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Bytes changed inside the compressed data: the ZIP's own check or the hash catches it."""
    content = bytearray(archive.read_bytes())
    start = content.index(b"data.jsonl") + 40
    for i in range(start, start + 20):
        content[i] ^= 0xFF
    archive.write_bytes(bytes(content))
    restore_fails(archive, capsys, media, "data.jsonl")


@pytest.mark.parametrize(
    ("edit", "needle"),
    [
        (lambda m: m.update(format="lain"), "bukan arsip cadangan Kinerja"),
        (lambda m: m.update(format_version=99), "format cadangan versi 99"),
        (lambda m: m.pop("migrations"), "'migrations'"),
        (lambda m: m["data"].update(sha256="abc"), "bukan sidik SHA-256"),
        (lambda m: m["files"][0].update(name="../../etc/passwd"), "tidak aman"),
        (lambda m: m["migrations"].update(measurement="0099_dari_masa_depan"), "lebih baru"),
        (lambda m: m["migrations"].update(aplikasi_baru="0001_initial"), "aplikasi_baru.0001_initial"),
    ],
    ids=["format", "version", "no-migrations", "bad-hash", "unsafe-name", "newer-migration", "unknown-app"],
)
def test_a_bad_manifest(
    archive: Path,
    media: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    edit: Callable[[dict[str, Any]], None],
    needle: str,
) -> None:
    bad = rewrite(archive, tmp_path / "ubah.zip", manifest=edit)
    restore_fails(bad, capsys, media, needle)


def test_a_manifest_that_is_not_json(archive: Path, media: Path, tmp_path: Path, capsys: Any) -> None:
    bad = rewrite(archive, tmp_path / "ubah.zip", members={"manifest.json": b"{bukan json"})
    restore_fails(bad, capsys, media, "manifest.json rusak")


def test_a_tampered_evidence_file_is_refused(
    archive: Path, media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = json.loads(zipfile.ZipFile(archive).read("manifest.json"))
    member = manifest["files"][0]["path"]
    bad = rewrite(archive, tmp_path / "ubah.zip", members={member: PDF.replace(b"1.4", b"1.7")})
    restore_fails(bad, capsys, media, member, "SHA-256", "dibatalkan")


def test_tampered_data_is_refused(
    archive: Path, media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = (
        zipfile.ZipFile(archive).read("data.jsonl").replace(b'"is_superuser":false', b'"is_superuser":true')
    )
    bad = rewrite(archive, tmp_path / "ubah.zip", members={"data.jsonl": data})
    restore_fails(bad, capsys, media, "data.jsonl", "SHA-256")


def test_a_missing_or_an_extra_member_is_refused(
    archive: Path, media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = json.loads(zipfile.ZipFile(archive).read("manifest.json"))
    member = manifest["files"][0]["path"]
    restore_fails(
        rewrite(archive, tmp_path / "kurang.zip", members={member: None}), capsys, media, "tidak utuh"
    )
    extra = rewrite(archive, tmp_path / "lebih.zip", members={"media/bukti/sisipan.pdf": PDF})
    restore_fails(extra, capsys, media, "tidak tercantum", "media/bukti/sisipan.pdf")


def test_data_that_does_not_load_leaves_the_database_empty(
    archive: Path, media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hashes that agree (rewritten by hand) but a row referring to a unit that is not there: the
    load is rolled back and no file is moved into MEDIA_ROOT."""
    lines = zipfile.ZipFile(archive).read("data.jsonl").splitlines(keepends=True)
    changed = []
    for line in lines:
        record = json.loads(line)
        if record["model"] == "organizations.membership":
            record["fields"]["unit"] = 999999
            line = (json.dumps(record) + "\n").encode()
        changed.append(line)
    data = b"".join(changed)

    def fix(m: dict[str, Any]) -> None:
        m["data"].update(sha256=hashlib.sha256(data).hexdigest(), size=len(data))

    bad = rewrite(archive, tmp_path / "ubah.zip", members={"data.jsonl": data}, manifest=fix)
    restore_fails(bad, capsys, media, "tidak utuh")


def test_files_that_cannot_be_moved_after_the_commit_stay_in_the_staging_folder(
    archive: Path, media: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The database is restored by then: the message says so and where the files are."""

    def refuse(src: object, dst: object) -> None:
        raise PermissionError("ditolak")

    monkeypatch.setattr("kinerja.backup.restore.os.replace", refuse)
    assert main(["restore", str(archive)]) == 2
    err = capsys.readouterr().err
    assert "sudah dipulihkan" in err and ".kinerja-pemulihan-" in err and "ditolak" in err
    assert ("auth.user", 1) in data_present()
    assert len(list(media.glob(".kinerja-pemulihan-*/bukti/*/*.pdf"))) == 1
