"""A stateless web tier: sessions in the database, uploaded evidence in a storage every app server
shares, chosen by the environment (``KINERJA_STORAGE``: ``filesystem``, the default, or ``s3``).

The settings are read in a fresh interpreter, as a deployment starts them. No S3 server runs
here, so the S3 choice is checked as far as the storage object django-storages builds from it;
evidence is stored and served through the storage API alone, checked with a storage of the test's
own that keeps files in memory and has no local path (as a bucket has none)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.conftest import REPO
from tests.orgtree import build_tree, make_realization, make_user

SETTINGS = ["kinerja.settings", "kinerja.settings.production"]

SHOW = """
import json
from django.conf import settings
print(json.dumps({
    "storage": settings.STORAGES["default"],
    "media_root": str(settings.MEDIA_ROOT),
    "session_engine": settings.SESSION_ENGINE,
}))
"""

BUILD_STORAGE = """
import json
import django
django.setup()
from django.core.files.storage import default_storage, storages
s = storages["default"]
print(json.dumps({
    "class": type(s).__module__ + "." + type(s).__name__,
    "default_storage": default_storage.bucket_name and type(default_storage._wrapped).__name__,
    "bucket": s.bucket_name,
    "endpoint": s.endpoint_url,
    "access_key": s.access_key,
    "file_overwrite": s.file_overwrite,
}))
"""

S3_ENV = {
    "KINERJA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "bukti-kinerja",
    "AWS_S3_ENDPOINT_URL": "https://objek.contoh.go.id",
    "AWS_ACCESS_KEY_ID": "kunci-uji",
    "AWS_SECRET_ACCESS_KEY": "rahasia-uji",
}


def run(code: str, settings_module: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AWS_", "KINERJA_")) and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    clean.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        SECRET_KEY="uji-" + "x" * 60,
        KINERJA_DATA_DIR=str(tmp_path / "data"),
        PYTHONPATH=str(REPO),
        **env,
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=clean, cwd=REPO, timeout=120
    )


def shown(settings_module: str, tmp_path: Path, **env: str) -> dict[str, Any]:
    proc = run(SHOW, settings_module, tmp_path, **env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.parametrize("settings_module", SETTINGS)
def test_by_default_evidence_goes_to_a_folder_and_sessions_to_the_database(
    settings_module: str, tmp_path: Path
) -> None:
    out = shown(settings_module, tmp_path)
    assert out["storage"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert out["media_root"] == str(tmp_path / "data" / "media")
    assert out["session_engine"] == "django.contrib.sessions.backends.db"


@pytest.mark.parametrize("settings_module", SETTINGS)
def test_a_shared_folder_is_named_by_kinerja_media_root(settings_module: str, tmp_path: Path) -> None:
    out = shown(settings_module, tmp_path, KINERJA_MEDIA_ROOT=str(tmp_path / "nfs" / "bukti"))
    assert out["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert out["media_root"] == str(tmp_path / "nfs" / "bukti")


@pytest.mark.parametrize("settings_module", SETTINGS)
def test_kinerja_storage_s3_selects_django_storages_with_the_environment(
    settings_module: str, tmp_path: Path
) -> None:
    out = shown(settings_module, tmp_path, **S3_ENV)
    assert out["storage"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "bukti-kinerja",
            "endpoint_url": "https://objek.contoh.go.id",
            "access_key": "kunci-uji",
            "secret_key": "rahasia-uji",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
    assert out["session_engine"] == "django.contrib.sessions.backends.db"


def test_without_keys_boto3_finds_the_credentials_itself(tmp_path: Path) -> None:
    out = shown("kinerja.settings", tmp_path, KINERJA_STORAGE="S3", AWS_STORAGE_BUCKET_NAME="bukti")
    assert out["storage"]["OPTIONS"] == {
        "bucket_name": "bukti",
        "file_overwrite": False,
        "querystring_auth": True,
    }


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"KINERJA_STORAGE": "s3"}, "KINERJA_STORAGE=s3 memerlukan AWS_STORAGE_BUCKET_NAME"),
        ({"KINERJA_STORAGE": "ftp"}, "KINERJA_STORAGE tidak dikenal: 'ftp' (pilihan: filesystem, s3)"),
    ],
)
def test_a_storage_that_cannot_work_stops_the_start(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    proc = run(SHOW, "kinerja.settings", tmp_path, **env)
    assert proc.returncode != 0
    assert "ImproperlyConfigured" in proc.stderr and message in proc.stderr, proc.stderr


def test_the_s3_storage_is_built_from_those_settings(tmp_path: Path) -> None:
    """With the optional dependency installed (``pip install 'kinerja[s3]'``), Django builds
    django-storages' S3 storage from the settings (no request is sent)."""
    pytest.importorskip("storages.backends.s3", reason="django-storages[s3] not installed (kinerja[s3])")
    proc = run(BUILD_STORAGE, "kinerja.settings.production", tmp_path, **S3_ENV)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out == {
        "class": "storages.backends.s3.S3Storage",
        "default_storage": "S3Storage",
        "bucket": "bukti-kinerja",
        "endpoint": "https://objek.contoh.go.id",
        "access_key": "kunci-uji",
        "file_overwrite": False,
    }


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class BucketLikeStorage(Storage):
    """Files kept in a dict by name, with no local path, as an object store keeps them."""

    objects: dict[str, bytes] = {}

    def _open(self, name: str, mode: str = "rb") -> File[bytes]:
        if name not in self.objects:
            raise FileNotFoundError(name)
        return ContentFile(self.objects[name], name=name)

    def _save(self, name: str, content: File[bytes]) -> str:
        content.seek(0)
        self.objects[name] = content.read()
        return name

    def exists(self, name: str) -> bool:
        return name in self.objects

    def delete(self, name: str) -> None:
        self.objects.pop(name, None)

    def size(self, name: str) -> int:
        return len(self.objects[name])


@pytest.mark.django_db
def test_evidence_is_stored_and_served_through_the_storage_api_alone(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Upload, download and deletion go through ``default_storage`` / ``FieldFile`` only: with a
    storage that has no local path (as a bucket has none), everything still works."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.BucketLikeStorage"},
    }
    from django.core.files.storage import default_storage

    from kinerja.measurement import evidence as ev

    BucketLikeStorage.objects.clear()
    units = build_tree()
    operator = make_user("operator", "operator", units["DIR1"], password="kata-sandi-operator-1")
    evidence = ev.add_evidence(operator, make_realization(units["DIR1"]), SimpleUploadedFile("foto.png", PNG))
    assert type(default_storage._wrapped) is BucketLikeStorage
    with pytest.raises(NotImplementedError):
        default_storage.path(evidence.file.name)  # no folder behind it
    assert BucketLikeStorage.objects == {evidence.file.name: PNG}

    client = Client()
    client.force_login(operator)
    response = client.get(reverse("measurement:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG  # type: ignore[attr-defined]

    name = evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the deletion commits
        ev.delete_evidence(operator, evidence)
    assert name not in BucketLikeStorage.objects
