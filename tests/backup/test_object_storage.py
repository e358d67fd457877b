"""Evidence in object storage (``KINERJA_STORAGE=s3``; here Django's in-memory storage, which
likewise is not a folder): backed up by reading through the storage, restored by uploading after
the commit, from a staging folder next to the archive. A file still in the bucket (the database was
lost, the bucket was not) is left as it is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.backup.dump import create_backup
from kinerja.backup.restore import restore_backup
from kinerja.measurement.evidence import add_evidence
from kinerja.measurement.models import Evidence
from tests.backup.conftest import PDF, wipe
from tests.orgtree import build_tree, make_realization, make_user

pytestmark = pytest.mark.django_db


def use_bucket(settings: Any, name: str) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage", "OPTIONS": {"location": name}},
    }


@pytest.mark.parametrize("bucket_kept", [False, True], ids=["empty-bucket", "bucket-kept"])
def test_evidence_in_object_storage_is_backed_up_and_restored(
    settings: Any, tmp_path: Path, bucket_kept: bool
) -> None:
    use_bucket(settings, "ember-asal")
    units = build_tree()
    operator = make_user("operator", "operator", units["DIR1"], password="kata-sandi-operator-1")
    ev = add_evidence(operator, make_realization(units["DIR1"]), SimpleUploadedFile("bukti.pdf", PDF))
    archive = tmp_path / "cadangan.zip"
    assert create_backup(archive).files == 1

    wipe(tmp_path / "media")
    if not bucket_kept:
        use_bucket(settings, "ember-baru")
        assert not default_storage.exists(ev.file.name)
    restore_backup(archive)

    restored = Evidence.objects.get(pk=ev.pk)
    with default_storage.open(restored.file.name, "rb") as fh:
        assert fh.read() == PDF
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cadangan.zip"]  # staging folder removed
