"""Backup, empty the database and MEDIA_ROOT, restore: everything comes back (the interchange
export, users with their password hashes, roles, history, workflow steps, lock exceptions, the
reviu, the evidence files by SHA-256), users can sign in, new rows get fresh ids. A restore into
a database that holds data is refused."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from kinerja.backup.archive import BackupError
from kinerja.backup.dump import create_backup
from kinerja.backup.restore import data_present, restore_backup
from kinerja.measurement.models import Evidence, LockException, RealizationEvent
from kinerja.organizations.models import Membership
from tests.backup.conftest import CSV, PDF, state, wipe

pytestmark = pytest.mark.django_db


def signed_in(username: str, password: str) -> bool:
    """Signs in on the sign-in page as a user does; True when the home page then opens."""
    client = Client()
    response = client.post("/masuk/", {"username": username, "password": password})
    return response.status_code == 302 and client.get("/").status_code == 200


def test_backup_then_restore_into_the_emptied_database_gives_everything_back(
    full: dict[str, Any], media: Path, tmp_path: Path
) -> None:
    before = state(media)
    archive = tmp_path / "cadangan.zip"
    summary = create_backup(archive)
    assert summary.files == 2 and summary.missing_files == []

    wipe(media)
    assert get_user_model().objects.count() == 0 and not media.exists()

    restored = restore_backup(archive)
    assert restored.objects == summary.objects and restored.files == 2
    after = state(media)
    # one by one first, so that a failure names what was lost
    assert after["export"] == before["export"]
    assert after["users"] == before["users"]
    assert after["memberships"] == before["memberships"]
    assert after["history"] == before["history"]
    assert after["events"] == before["events"]
    assert after["lock_exceptions"] == before["lock_exceptions"]
    assert after["evidence"] == before["evidence"]
    assert after["files"] == before["files"]
    assert after["rows"] == before["rows"]

    # the evidence files are the uploads, byte for byte, where the rows say
    stored = {e.reference: (media / e.file.name).read_bytes() for e in Evidence.objects.exclude(file="")}
    assert stored == {"Berita Acara Rekon.pdf": PDF, "rekap penerima.csv": CSV}
    # nothing left over from the staging folder
    assert sorted(p.name for p in media.iterdir()) == ["bukti"]


def test_users_sign_in_after_a_restore_and_new_rows_get_new_ids(
    full: dict[str, Any], media: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "cadangan.zip"
    create_backup(archive)
    User = get_user_model()
    last_user = User.objects.order_by("-pk").first()
    last_membership = Membership.objects.order_by("-pk").first()
    assert last_user is not None and last_membership is not None
    wipe(media)
    restore_backup(archive)

    assert signed_in("operator.pkr", full["password"])
    assert signed_in("staf.pkr", "kata-sandi-staf-2024")
    assert not signed_in("pensiun.pkr", "kata-sandi-lama-2024")  # deactivated
    apip = User.objects.get(username="apip")
    assert apip.has_perm("measurement.view_realization")  # through the group
    assert User.objects.get(username="perencana").has_perm("planning.view_indicator")

    # sequences moved past the restored ids
    new = User.objects.create_user("baru.pkr", password="kata-sandi-baru-2024")
    assert new.pk > last_user.pk
    role = Membership.objects.create(user=new, unit=last_membership.unit, role="operator")
    assert role.pk > last_membership.pk


def test_the_archive_holds_a_manifest_the_data_and_the_files(
    full: dict[str, Any], media: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "cadangan.zip"
    create_backup(archive)
    assert archive.stat().st_mode & 0o077 == 0  # password hashes: the owner's eyes only
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert manifest["format"] == "kinerja-cadangan" and manifest["format_version"] == 1
        assert manifest["migrations"]["measurement"] and manifest["migrations"]["auth"]
        assert manifest["data"]["models"]["auth.user"] == get_user_model().objects.count()
        assert "sessions.session" not in manifest["data"]["models"]
        assert manifest["data"]["models"]["measurement.realizationevent"] == RealizationEvent.objects.count()
        assert manifest["data"]["models"]["measurement.lockexception"] == LockException.objects.count()
        names = {f["name"] for f in manifest["files"]}
        assert names == set(Evidence.objects.exclude(file="").values_list("file", flat=True))
        assert set(zf.namelist()) == {"manifest.json", "data.jsonl", *(f"media/{n}" for n in names)}
        lines = zf.read("data.jsonl").decode().splitlines()
    assert len(lines) == manifest["data"]["objects"]
    records = [json.loads(line) for line in lines]
    # content types and permissions by natural key, everything else by id
    ct = next(r for r in records if r["model"] == "contenttypes.contenttype")
    assert "pk" not in ct and set(ct["fields"]) == {"app_label", "model"}
    change = next(r for r in records if r["model"] == "history.change")
    assert isinstance(change["fields"]["content_type"], list)
    # timestamps keep their microseconds
    event = next(r for r in records if r["model"] == "measurement.realizationevent")
    assert event["fields"]["at"] == RealizationEvent.objects.get(pk=event["pk"]).at.isoformat()


def test_restore_into_a_database_that_holds_data_is_refused(
    full: dict[str, Any], media: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "cadangan.zip"
    create_backup(archive)
    before = data_present()
    with pytest.raises(BackupError) as info:
        restore_backup(archive)
    message = str(info.value)
    assert "sudah berisi data" in message and "basis data kosong" in message
    assert data_present() == before
    assert sorted(p.name for p in media.iterdir()) == ["bukti"]  # no staging folder left
