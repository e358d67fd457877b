"""``kinerja backup -o FILE`` and ``kinerja restore FILE`` (docs/backup.md).

Errors are ``BackupError`` (a ``KinerjaValidationError``): ``kinerja.cli.main`` prints them as
"Galat: ..." with exit status 2, no traceback.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    import django

    django.setup()


def _database_label() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    engine = str(db["ENGINE"]).rsplit(".", 1)[-1]
    if engine == "sqlite3":
        return f"SQLite {db['NAME']}"
    return f"{engine} {db.get('HOST') or 'localhost'}/{db.get('NAME')}"


def size_text(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bita"


def _database_unusable(exc: Exception) -> Exception:
    from kinerja.backup.archive import BackupError

    return BackupError(f"basis data {_database_label()} tidak dapat dipakai: {str(exc).strip()}")


def cmd_backup(args: argparse.Namespace) -> int:
    _setup_django()
    from django.db import OperationalError

    from kinerja.backup.dump import create_backup

    try:
        summary = create_backup(Path(args.output))
    except OperationalError as exc:
        raise _database_unusable(exc) from None
    print(
        f"Cadangan {_database_label()} ditulis ke {summary.path}: {summary.objects} baris data "
        f"({sum(1 for n in summary.models.values() if n)} tabel berisi), {summary.files} berkas bukti "
        f"({size_text(summary.file_bytes)})."
    )
    if summary.missing_files:
        print(
            f"Peringatan: {len(summary.missing_files)} berkas bukti yang dirujuk basis data tidak ada di "
            f"folder media dan tidak ikut dicadangkan: {', '.join(summary.missing_files[:5])}"
            f"{' ...' if len(summary.missing_files) > 5 else ''}"
        )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    _setup_django()
    from django.db import OperationalError

    from kinerja.backup.restore import restore_backup

    try:
        summary = restore_backup(Path(args.file))
    except OperationalError as exc:
        raise _database_unusable(exc) from None
    print(
        f"Pemulihan {summary.path} (dibuat {summary.created_at}, Kinerja {summary.kinerja_version}) ke "
        f"{_database_label()}: selesai. {summary.objects} baris data, {summary.files} berkas bukti "
        f"({size_text(summary.file_bytes)})."
    )
    if summary.migrated_after_load:
        print("Arsip berasal dari versi Kinerja yang lebih lama; basis data sudah dimigrasi ke versi ini.")
    print("Sesi tidak ikut dicadangkan: setiap pengguna masuk kembali dengan kata sandinya.")
    return 0


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "backup", help="cadangkan seluruh basis data dan berkas bukti dukung ke satu arsip (.zip)"
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="BERKAS", help="arsip tujuan, misalnya cadangan.zip"
    )
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="pulihkan arsip 'kinerja backup' ke basis data yang masih kosong")
    p.add_argument("file", metavar="BERKAS")
    p.set_defaults(func=cmd_restore)
