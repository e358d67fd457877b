"""The backup archive (format 1): a ZIP file holding

* ``manifest.json``: ``format`` ("kinerja-cadangan"), ``format_version``, ``kinerja_version``,
  ``created_at``, ``database`` (the vendor it was taken from), ``migrations`` (app -> the latest
  migration applied), ``data`` (path, SHA-256, size, object count, count per model), ``files``
  (each evidence file: its name under ``MEDIA_ROOT``, path in the archive, SHA-256, size) and
  ``missing_files`` (names the database referred to whose file was not on disk);
* ``data.jsonl``: one JSON object per line, Django's serialised form
  (``{"model": "app.model", "pk": ..., "fields": {...}}``) of every row of every model of every
  installed app except sessions, models in dependency order and rows by primary key. Content
  types and permissions are written by natural key (no ``pk``) and referred to by natural key,
  because their ids differ from one database to the next; every other row keeps its id.
* ``media/<name>``: the evidence files.

Reading checks everything that can be checked before the database is touched; every problem is a
``BackupError`` with a message in Bahasa Indonesia naming what is wrong.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import json
import posixpath
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kinerja.core.types import KinerjaValidationError

FORMAT = "kinerja-cadangan"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024

# Never backed up: sessions (signing in again is expected after a restore).
EXCLUDED_MODELS = frozenset({"sessions.session"})
# Written and referred to by natural key (their ids are the target database's own).
NATURAL_MODELS = frozenset({"contenttypes.contenttype", "auth.permission"})


class BackupError(KinerjaValidationError):
    """A backup or restore that cannot be done; the message (Bahasa Indonesia) says why."""


class JSONEncoder(json.JSONEncoder):
    """Like Django's encoder, but keeps microseconds (Django's cuts times to milliseconds, which
    would change every timestamp on the way through a backup)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.date | datetime.time):
            return o.isoformat()
        if isinstance(o, decimal.Decimal | uuid.UUID):
            return str(o)
        return super().default(o)


def dumps_line(record: dict[str, Any]) -> bytes:
    return (json.dumps(record, cls=JSONEncoder, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def safe_media_name(name: str) -> bool:
    """A stored file name that stays under MEDIA_ROOT (relative, no '..', no backslash)."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return False
    norm = posixpath.normpath(name)
    return norm == name and not norm.startswith("../") and norm != ".." and norm != "."


class HashingWriter:
    """Writes to ``stream`` and keeps the SHA-256 and size of what was written."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self.stream.write(data)
        self.sha256.update(data)
        self.size += len(data)


@dataclass(frozen=True)
class FileEntry:
    name: str  # under MEDIA_ROOT
    sha256: str
    size: int

    @property
    def path(self) -> str:  # in the archive
        return MEDIA_PREFIX + self.name


@dataclass(frozen=True)
class Manifest:
    kinerja_version: str
    created_at: str
    database: str
    migrations: dict[str, str]
    data_sha256: str
    data_size: int
    objects: int
    models: dict[str, int]
    files: list[FileEntry]
    missing_files: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "kinerja_version": self.kinerja_version,
            "created_at": self.created_at,
            "database": self.database,
            "migrations": self.migrations,
            "data": {
                "path": DATA,
                "sha256": self.data_sha256,
                "size": self.data_size,
                "objects": self.objects,
                "models": self.models,
            },
            "files": [
                {"name": f.name, "path": f.path, "sha256": f.sha256, "size": f.size} for f in self.files
            ],
            "missing_files": self.missing_files,
        }


def _bad_manifest(what: str) -> BackupError:
    return BackupError(f"manifest.json tidak sah: {what}")


def _str(obj: dict[str, Any], key: str, where: str = "") -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise _bad_manifest(f"'{where}{key}' harus berupa teks")
    return value


def _int(obj: dict[str, Any], key: str, where: str = "") -> int:
    value = obj.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _bad_manifest(f"'{where}{key}' harus berupa bilangan bulat tidak negatif")
    return value


def _sha(obj: dict[str, Any], key: str, where: str = "") -> str:
    value = _str(obj, key, where)
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise _bad_manifest(f"'{where}{key}' bukan sidik SHA-256")
    return value


def parse_manifest(raw: bytes) -> Manifest:
    try:
        obj = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"manifest.json rusak (bukan JSON yang sah: {exc})") from None
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise BackupError(
            f"berkas ini bukan arsip cadangan Kinerja (manifest.json tidak menyebut format '{FORMAT}')"
        )
    version = obj.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _bad_manifest("'format_version' harus berupa bilangan bulat")
    if version > FORMAT_VERSION:
        raise BackupError(
            f"arsip memakai format cadangan versi {version}, lebih baru dari yang dikenal Kinerja ini "
            f"(versi {FORMAT_VERSION}); perbarui Kinerja lalu ulangi"
        )
    if version < 1:
        raise _bad_manifest(f"'format_version' {version} tidak dikenal")
    migrations = obj.get("migrations")
    if not isinstance(migrations, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in migrations.items()
    ):
        raise _bad_manifest("'migrations' harus berupa pasangan aplikasi -> nama migrasi")
    data = obj.get("data")
    if not isinstance(data, dict):
        raise _bad_manifest("'data' tidak ada")
    if data.get("path") != DATA:
        raise _bad_manifest(f"'data.path' harus '{DATA}'")
    models = data.get("models")
    if not isinstance(models, dict) or not all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) for k, v in models.items()
    ):
        raise _bad_manifest("'data.models' harus berupa pasangan model -> jumlah baris")
    files_raw = obj.get("files")
    if not isinstance(files_raw, list):
        raise _bad_manifest("'files' harus berupa daftar")
    files: list[FileEntry] = []
    seen: set[str] = set()
    for i, item in enumerate(files_raw):
        where = f"files[{i}]."
        if not isinstance(item, dict):
            raise _bad_manifest(f"'files[{i}]' harus berupa objek")
        entry = FileEntry(_str(item, "name", where), _sha(item, "sha256", where), _int(item, "size", where))
        if not safe_media_name(entry.name):
            raise _bad_manifest(f"nama berkas '{entry.name}' tidak aman (harus di dalam folder media)")
        if item.get("path") != entry.path:
            raise _bad_manifest(f"'{where}path' harus '{entry.path}'")
        if entry.name in seen:
            raise _bad_manifest(f"berkas '{entry.name}' tercantum dua kali")
        seen.add(entry.name)
        files.append(entry)
    missing = obj.get("missing_files", [])
    if not isinstance(missing, list) or not all(isinstance(m, str) for m in missing):
        raise _bad_manifest("'missing_files' harus berupa daftar nama berkas")
    return Manifest(
        kinerja_version=_str(obj, "kinerja_version"),
        created_at=_str(obj, "created_at"),
        database=_str(obj, "database"),
        migrations=dict(migrations),
        data_sha256=_sha(data, "sha256", "data."),
        data_size=_int(data, "size", "data."),
        objects=_int(data, "objects", "data."),
        models=dict(models),
        files=files,
        missing_files=list(missing),
    )


# Errors a damaged or truncated ZIP raises while a member is read.
READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError)


def damaged(path: Path, member: str, exc: BaseException) -> BackupError:
    return BackupError(f"arsip {path} rusak atau terpotong: {member} tidak dapat dibaca utuh ({exc})")


class Archive:
    """An opened backup archive whose manifest and member list have been checked."""

    def __init__(self, path: Path, zf: zipfile.ZipFile, manifest: Manifest) -> None:
        self.path = path
        self.zip = zf
        self.manifest = manifest

    def copy_member(self, member: str, out: IO[bytes], size: int, sha256: str) -> None:
        """Copy ``member`` to ``out``; ``BackupError`` unless it has ``size`` and ``sha256``."""
        h = hashlib.sha256()
        n = 0
        try:
            with self.zip.open(member) as src:
                for chunk in iter(lambda: src.read(CHUNK), b""):
                    h.update(chunk)
                    n += len(chunk)
                    out.write(chunk)
        except READ_ERRORS as exc:
            raise damaged(self.path, member, exc) from None
        if n != size or h.hexdigest() != sha256:
            raise BackupError(
                f"isi {member} di arsip {self.path} tidak cocok dengan sidik SHA-256 di manifest.json "
                f"(arsip telah diubah atau rusak); pemulihan dibatalkan"
            )

    def check_data(self) -> None:
        m = self.manifest

        class _Null:
            def write(self, data: bytes) -> None:
                pass

        self.copy_member(DATA, _Null(), m.data_size, m.data_sha256)  # type: ignore[arg-type]

    @contextmanager
    def data_lines(self) -> Iterator[Iterator[bytes]]:
        try:
            with self.zip.open(DATA) as src:
                yield iter(src)
        except READ_ERRORS as exc:
            raise damaged(self.path, DATA, exc) from None


@contextmanager
def open_archive(path: Path) -> Iterator[Archive]:
    """Open and check an archive: a ZIP, a valid manifest, exactly the members it lists."""
    if not path.exists():
        raise BackupError(f"Berkas tidak ditemukan: {path}")
    if path.is_dir():
        raise BackupError(f"{path} adalah folder, bukan arsip cadangan (.zip)")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BackupError(
            f"{path} bukan arsip cadangan Kinerja: bukan berkas ZIP yang utuh (mungkin terpotong saat "
            f"disalin) ({exc})"
        ) from None
    with zf:
        names = zf.namelist()
        if MANIFEST not in names:
            raise BackupError(f"{path} bukan arsip cadangan Kinerja: tidak ada {MANIFEST} di dalamnya")
        try:
            raw = zf.read(MANIFEST)
        except READ_ERRORS as exc:
            raise damaged(path, MANIFEST, exc) from None
        try:
            manifest = parse_manifest(raw)
        except BackupError as exc:
            raise BackupError(f"{path}: {exc.message}") from None
        expected = {MANIFEST, DATA, *(f.path for f in manifest.files)}
        present = set(names)
        if len(present) != len(names):
            raise BackupError(f"arsip {path} memuat nama berkas ganda; arsip telah diubah")
        if DATA not in present:
            raise BackupError(f"arsip {path} tidak utuh: {DATA} (isi basis data) tidak ada")
        missing = sorted(expected - present)
        if missing:
            raise BackupError(
                f"arsip {path} tidak utuh: {len(missing)} berkas tercantum di manifest.json tetapi tidak ada "
                f"di arsip (misalnya {missing[0]})"
            )
        extra = sorted(present - expected)
        if extra:
            raise BackupError(
                f"arsip {path} memuat {len(extra)} berkas yang tidak tercantum di manifest.json "
                f"(misalnya {extra[0]}); arsip telah diubah"
            )
        yield Archive(path, zf, manifest)
