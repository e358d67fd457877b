"""The backup reads one consistent state while the application keeps writing: what another
connection commits during the backup is not in it, what it deletes still is (PostgreSQL:
a REPEATABLE READ transaction; SQLite: a copy made by the online backup API first). Committed
data is needed to see this, hence a transactional test (kept small: no demo)."""

from __future__ import annotations

import json
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections

from kinerja.backup import dump
from kinerja.backup.dump import create_backup
from kinerja.backup.snapshot import SNAPSHOT_ALIAS


def _usernames(archive: Path) -> set[str]:
    with zipfile.ZipFile(archive) as zf:
        records = [json.loads(line) for line in zf.read("data.jsonl").splitlines()]
    return {r["fields"]["username"] for r in records if r["model"] == "auth.user"}


@pytest.mark.django_db(transaction=True)
def test_writes_during_the_backup_are_not_in_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    User = get_user_model()
    User.objects.create_user("lama", password="kata-sandi-lama-1")
    User.objects.create_user("dihapus", password="kata-sandi-lama-2")
    errors: list[BaseException] = []

    def write_elsewhere() -> None:
        try:
            User.objects.create_user("baru", password="kata-sandi-baru-1")
            User.objects.filter(username="dihapus").delete()
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            connection.close()

    original = dump.migration_state

    def state_then_write(alias: str) -> dict[str, str]:
        result = original(alias)  # the snapshot's first reads
        assert alias == (SNAPSHOT_ALIAS if connection.vendor == "sqlite" else "default")
        assert alias == "default" or not connections["default"].in_atomic_block
        thread = threading.Thread(target=write_elsewhere)
        thread.start()
        thread.join(timeout=60)
        return result

    monkeypatch.setattr(dump, "migration_state", state_then_write)
    archive = tmp_path / "cadangan.zip"
    create_backup(archive)

    assert errors == []
    assert set(User.objects.values_list("username", flat=True)) == {"lama", "baru"}
    assert _usernames(archive) == {"lama", "dihapus"}
    assert not (tmp_path / "salinan.sqlite3").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left
