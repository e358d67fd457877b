"""Fixtures for the backup tests: the demo with everything the interchange file does not carry
(users and roles, a group, history, workflow steps, lock exceptions, a reviu, uploaded evidence),
the state to compare after a restore, and emptying the database and MEDIA_ROOT."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, models

from kinerja.backup.dump import backed_up_models
from kinerja.backup.restore import data_present
from kinerja.evaluation.services import record_reviu
from kinerja.history.models import Change
from kinerja.interchange.db import export_document
from kinerja.interchange.write import dump_document
from kinerja.measurement import workflow
from kinerja.measurement.evidence import add_evidence
from kinerja.measurement.models import Evidence, LockException, Realization, RealizationEvent
from kinerja.organizations.models import Membership
from kinerja.planning.models import Indicator
from kinerja.users import services as user_services
from tests.orgtree import build_tree, make_realization, make_user
from tests.web.demo_users import PASSWORD

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
CSV = b"no;penerima;jumlah\n1;Kab. Contoh;1.250\n"


@pytest.fixture(autouse=True)
def fresh_content_types() -> Iterator[None]:
    """These tests flush and restore whole databases: content type ids change, and Django's
    process-wide cache of them must not carry the old ids into the next test."""
    from django.contrib.contenttypes.models import ContentType

    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def full(users: dict[str, Any], demo: dict[str, Any], media: Path) -> dict[str, Any]:
    """The demo and its users, plus what only a backup keeps: a user created by the unit admin
    (with a second role, then one deactivated), a group with a permission, a realisation entered,
    given two evidence files, submitted, verified, approved, opened by an admin, locked again and
    opened again, and APIP's reviu of PKR 2022."""
    admin = users["admin.pkr"]
    pkr = demo["PKR"]
    staf, _ = user_services.create_user(
        admin,
        username="staf.pkr",
        full_name="Staf Dit. PKR",
        email="staf@contoh.go.id",
        unit=pkr,
        role="operator",
        password="kata-sandi-staf-2024",
    )
    user_services.grant(admin, staf, pkr, "verifikator", note="membantu verifikasi")
    old, _ = user_services.create_user(
        admin,
        username="pensiun.pkr",
        full_name="Pegawai Pensiun",
        email="",
        unit=pkr,
        role="operator",
        password="kata-sandi-lama-2024",
    )
    user_services.set_active(admin, old, False)

    group = Group.objects.create(name="Pembaca laporan")
    group.permissions.add(Permission.objects.get(codename="view_realization"))
    users["apip"].groups.add(group)
    users["perencana"].user_permissions.add(Permission.objects.get(codename="view_indicator"))

    ind = Indicator.objects.get(plan__unit__code="PKR", code="IKK 1.1")
    r = Realization.objects.create(
        agency=ind.agency,
        unit=ind.plan.unit,
        indicator=ind,
        year=2022,
        quarter=1,
        value_number=Decimal("24.5"),
    )
    operator = users["operator.pkr"]
    workflow.save_realization(operator, r, {"analysis": "Penyaluran tahap 1 tepat waktu"}, r.version)
    add_evidence(operator, r, SimpleUploadedFile("Berita Acara Rekon.pdf", PDF))
    add_evidence(operator, r, SimpleUploadedFile("rekap penerima.csv", CSV))
    workflow.submit(operator, r)
    workflow.return_realization(users["verifikator.pkr"], r, "Lengkapi daftar penerima")
    workflow.submit(operator, r)
    workflow.verify(users["verifikator.pkr"], r)
    workflow.approve(users["pimpinan.pkr"], r)
    workflow.open_lock_exception(admin, r, "Salah ketik nilai realisasi")
    workflow.relock(admin, r, "Sudah diperbaiki")
    workflow.open_lock_exception(admin, r, "Bukti dukung tambahan")

    record_reviu(
        users["apip"],
        pkr,
        2022,
        reviewed_on=date(2023, 2, 14),
        reviewer_name="Dadang Iskandar",
        reviewer_title="Inspektur Jenderal",
        place="Jakarta",
    )
    assert RealizationEvent.objects.count() >= 6
    assert LockException.objects.count() == 2
    assert Evidence.objects.exclude(file="").count() == 2
    assert Change.objects.filter(content_type__model="user").exists()
    return {"users": users, "staf": staf, "realization": r, "password": PASSWORD}


@pytest.fixture
def small(media: Path) -> Evidence:
    """No demo: an organisation tree, an operator, one uploaded file (its ``Evidence``)."""
    units = build_tree()
    operator = make_user("operator", "operator", units["DIR1"], password="kata-sandi-operator-1")
    return add_evidence(operator, make_realization(units["DIR1"]), SimpleUploadedFile("bukti.pdf", PDF))


# --- the state a restore must give back -------------------------------------------------------


def _natural(model: type[models.Model], pk: Any) -> Any:
    if pk is None:
        return None
    if model is ContentType:
        ct = ContentType.objects.get(pk=pk)
        return (ct.app_label, ct.model)
    if model is Permission:
        p = Permission.objects.select_related("content_type").get(pk=pk)
        return (p.codename, p.content_type.app_label, p.content_type.model)
    return pk


def every_row() -> dict[str, list[Any]]:
    """Every row of every backed-up model (and of their many-to-many tables), with references
    to content types and permissions by natural key: their ids are the database's own."""
    out: dict[str, list[Any]] = {}
    tables: list[type[models.Model]] = []
    for model in backed_up_models():
        tables.append(model)
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            if through is not None and through._meta.auto_created:
                tables.append(through)
    for model in tables:
        label = model._meta.label_lower
        fks = {
            f.attname: f.remote_field.model
            for f in model._meta.concrete_fields
            if f.remote_field is not None and f.remote_field.model in (ContentType, Permission)
        }
        rows = []
        for row in model._base_manager.order_by("pk").values():
            row = {k: (_natural(fks[k], v) if k in fks else v) for k, v in row.items()}
            if model in (ContentType, Permission) or model._meta.auto_created:
                row.pop("id")
            rows.append(row)
        if model in (ContentType, Permission) or model._meta.auto_created:
            rows.sort(key=repr)
        out[label] = rows
    return out


def file_hashes(media: Path) -> dict[str, str]:
    return {
        str(p.relative_to(media)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(media.rglob("*"))
        if p.is_file()
    }


def state(media: Path) -> dict[str, Any]:
    """What a restore must give back, named so that a failure says what was lost."""
    User = get_user_model()
    return {
        "export": dump_document(export_document(), fmt="yaml"),
        "users": list(
            User.objects.order_by("username").values_list(
                "id", "username", "password", "is_active", "is_staff", "is_superuser", "email", "last_login"
            )
        ),
        "memberships": list(
            Membership.objects.order_by("pk").values_list(
                "pk", "user__username", "unit__code", "role", "agency_id"
            )
        ),
        "history": list(
            Change.objects.order_by("pk").values_list(
                "pk",
                "at",
                "username",
                "content_type__model",
                "object_id",
                "action",
                "field",
                "old_value",
                "new_value",
            )
        ),
        "events": list(RealizationEvent.objects.order_by("pk").values()),
        "lock_exceptions": list(LockException.objects.order_by("pk").values()),
        "evidence": list(Evidence.objects.order_by("pk").values("pk", "file", "sha256", "reference", "size")),
        "files": file_hashes(media),
        "rows": every_row(),
    }


def wipe(media: Path) -> None:
    """Empty the database (``flush``: content types and permissions come back with new ids, as
    after ``migrate``) and MEDIA_ROOT."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # TRUNCATE refuses tables with pending FK checks
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    ContentType.objects.clear_cache()
    shutil.rmtree(media, ignore_errors=True)
    assert data_present() == []


# --- editing an archive -----------------------------------------------------------------------


def rewrite(
    source: Path,
    target: Path,
    members: dict[str, bytes | None] | None = None,
    manifest: Callable[[dict[str, Any]], None] | None = None,
) -> Path:
    """A copy of the archive with members replaced (``None``: left out) and the manifest edited."""
    members = members or {}
    with zipfile.ZipFile(source) as src:
        data = json.loads(src.read("manifest.json"))
        if manifest is not None:
            manifest(data)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
            for name in src.namelist():
                if name == "manifest.json" and name not in members:
                    out.writestr(name, json.dumps(data))
                    continue
                content = members.get(name, src.read(name))
                if content is not None:
                    out.writestr(name, content)
            for name, content in members.items():
                if name not in src.namelist() and content is not None:
                    out.writestr(name, content)
    target.write_bytes(buf.getvalue())
    return target
