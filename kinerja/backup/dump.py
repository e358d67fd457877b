"""``create_backup``: the database (one consistent snapshot) and the evidence files it refers to,
in one archive (format: ``kinerja.backup.archive``).

Memory stays bounded: rows are read in chunks and written to the archive as they come; only the
file names the rows refer to and the many-to-many pairs of a model (user groups and permissions)
are held. Evidence files are copied after the snapshot's transaction has ended: an uploaded file
is never changed (a new upload gets a new random name), so the file a snapshot row names is the
one that was there; a file deleted in between is listed in ``missing_files`` and reported.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.files.storage import Storage
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.encoding import is_protected_type

from kinerja import __version__
from kinerja.backup.archive import (
    CHUNK,
    DATA,
    EXCLUDED_MODELS,
    MANIFEST,
    MEDIA_PREFIX,
    NATURAL_MODELS,
    BackupError,
    FileEntry,
    HashingWriter,
    Manifest,
    dumps_line,
    safe_media_name,
)
from kinerja.backup.snapshot import consistent_read

ROWS_PER_QUERY = 2000


@dataclass
class BackupSummary:
    path: Path
    objects: int
    models: dict[str, int]
    files: int
    file_bytes: int
    missing_files: list[str] = field(default_factory=list)


def backed_up_models() -> list[type[models.Model]]:
    """Every model whose rows are backed up, in an order that loads (natural keys first)."""
    app_list = []
    for config in apps.get_app_configs():
        chosen = [
            m
            for m in config.get_models()
            if not m._meta.proxy and m._meta.managed and m._meta.label_lower not in EXCLUDED_MODELS
        ]
        if chosen:
            app_list.append((config, chosen))
    return serializers.sort_dependencies(app_list, allow_cycles=True)


def migration_state(alias: str) -> dict[str, str]:
    """app -> latest migration applied; ``BackupError`` unless the database is at the code's."""
    executor = MigrationExecutor(connections[alias])
    graph = executor.loader.graph
    known_apps = {app for app, _ in graph.nodes}
    newer = sorted(
        f"{app}.{name}"
        for app, name in executor.loader.applied_migrations
        if app in known_apps and (app, name) not in graph.nodes
    )
    if newer:
        raise BackupError(
            f"basis data sudah dimigrasi oleh versi Kinerja yang lebih baru (migrasi {', '.join(newer[:3])} "
            f"tidak dikenal Kinerja {__version__}); jalankan 'kinerja backup' dari versi itu"
        )
    leaves = graph.leaf_nodes()
    pending = executor.migration_plan(leaves)
    if pending:
        raise BackupError(
            f"basis data belum dimigrasi ke versi kode ini ({len(pending)} migrasi belum dijalankan, "
            f"misalnya {pending[0][0].app_label}.{pending[0][0].name}); jalankan 'kinerja manage migrate' "
            "dahulu (atau basis data ini memang masih kosong)"
        )
    return {app: name for app, name in sorted(leaves)}


class _Natural:
    """Natural keys of content types and permissions in the snapshot (ids -> keys)."""

    def __init__(self, alias: str) -> None:
        from django.contrib.auth.models import Permission
        from django.contrib.contenttypes.models import ContentType

        self.keys: dict[str, dict[Any, list[str]]] = {}
        cts = {
            pk: [app, model]
            for pk, app, model in ContentType._base_manager.using(alias).values_list(
                "pk", "app_label", "model"
            )
        }
        self.keys["contenttypes.contenttype"] = cts
        self.keys["auth.permission"] = {
            pk: [codename, *cts[ct]]
            for pk, codename, ct in Permission._base_manager.using(alias).values_list(
                "pk", "codename", "content_type_id"
            )
        }

    def of(self, model: type[models.Model], pk: Any) -> list[str]:
        return self.keys[model._meta.label_lower][pk]


def _value(obj: models.Model, f: models.Field[Any, Any]) -> Any:
    """As Django's serialiser writes a field (protected types as they are, others as text)."""
    value = f.value_from_object(obj)
    return value if is_protected_type(value) else f.value_to_string(obj)


class _ModelWriter:
    def __init__(self, model: type[models.Model], alias: str, natural: _Natural) -> None:
        self.model = model
        self.alias = alias
        self.natural = natural
        self.label = model._meta.label_lower
        self.natural_pk = self.label in NATURAL_MODELS
        concrete = model._meta.concrete_model
        assert concrete is not None
        # as Django's serialisers: the concrete model's own fields (not the pk, not parent links)
        self.fields = [f for f in concrete._meta.local_fields if getattr(f, "serialize", False)]
        self.file_fields = [f for f in self.fields if isinstance(f, models.FileField)]
        self.m2m: dict[str, dict[Any, list[Any]]] = {}
        for m2m in concrete._meta.local_many_to_many:
            through: type[models.Model] | None = m2m.remote_field.through
            assert through is not None
            if not getattr(m2m, "serialize", False) or not through._meta.auto_created:
                continue  # an explicit through model is backed up as a model of its own
            source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            target_model: type[models.Model] = m2m.remote_field.model
            is_natural = target_model._meta.label_lower in NATURAL_MODELS
            pairs: dict[Any, list[Any]] = defaultdict(list)
            rows = (
                through._base_manager.using(alias).values_list(f"{source}_id", f"{target}_id").order_by("pk")
            )
            for src, tgt in rows.iterator(chunk_size=ROWS_PER_QUERY):
                pairs[src].append(natural.of(target_model, tgt) if is_natural else tgt)
            self.m2m[m2m.name] = pairs

    def record(self, obj: models.Model, files: dict[str, Storage]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for f in self.fields:
            if f.remote_field is not None:
                target = f.remote_field.model
                raw = getattr(obj, f.attname)
                if raw is not None and target._meta.label_lower in NATURAL_MODELS:
                    values[f.name] = self.natural.of(target, raw)
                else:
                    values[f.name] = _value(obj, f)
            else:
                values[f.name] = _value(obj, f)
        for name, pairs in self.m2m.items():
            values[name] = pairs.get(obj.pk, [])
        for f in self.file_fields:
            stored = getattr(obj, f.attname)
            name = stored.name if stored else ""
            if name:
                assert isinstance(f, models.FileField)
                files.setdefault(name, f.storage)
        out: dict[str, Any] = {"model": self.label}
        if not self.natural_pk:
            out["pk"] = _value(obj, self.model._meta.pk)
        out["fields"] = values
        return out


def _dump_rows(alias: str, writer: HashingWriter) -> tuple[dict[str, int], dict[str, Storage]]:
    natural = _Natural(alias)
    counts: dict[str, int] = {}
    files: dict[str, Storage] = {}
    for model in backed_up_models():
        w = _ModelWriter(model, alias, natural)
        n = 0
        rows = model._base_manager.using(alias).order_by("pk").iterator(chunk_size=ROWS_PER_QUERY)
        for obj in rows:
            writer.write(dumps_line(w.record(obj, files)))
            n += 1
        counts[w.label] = n
    return counts, files


def _copy_file(zf: zipfile.ZipFile, name: str, storage: Storage) -> FileEntry | None:
    if not safe_media_name(name):
        raise BackupError(f"nama berkas bukti '{name}' di basis data tidak aman; cadangan dibatalkan")
    h = hashlib.sha256()
    size = 0
    try:
        if not storage.exists(name):  # object storage may only fail once read
            return None
        src = storage.open(name, "rb")
    except FileNotFoundError:
        return None
    with src, zf.open(MEDIA_PREFIX + name, "w", force_zip64=True) as out:
        for chunk in iter(lambda: src.read(CHUNK), b""):
            h.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return FileEntry(name, h.hexdigest(), size)


def create_backup(path: Path, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write the archive to ``path`` (replaced only when complete; readable by the owner only:
    it holds password hashes)."""
    if path.exists() and path.is_dir():
        raise BackupError(f"{path} adalah folder; sebutkan nama berkas arsip, misalnya {path}/cadangan.zip")
    if not path.parent.exists():
        raise BackupError(f"Folder tujuan tidak ada: {path.parent}")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with (
            os.fdopen(fd, "wb") as raw,
            zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf,
        ):
            with tempfile.TemporaryDirectory(prefix=".kinerja-cadangan-", dir=path.parent) as work:
                with consistent_read(Path(work), using) as alias:
                    migrations = migration_state(alias)
                    vendor = connections[alias].vendor
                    created_at = timezone.now().isoformat()
                    with zf.open(DATA, "w", force_zip64=True) as data:
                        writer = HashingWriter(data)
                        counts, files = _dump_rows(alias, writer)
            entries: list[FileEntry] = []
            missing: list[str] = []
            for name in sorted(files):
                entry = _copy_file(zf, name, files[name])
                if entry is None:
                    missing.append(name)
                else:
                    entries.append(entry)
            manifest = Manifest(
                kinerja_version=__version__,
                created_at=created_at,
                database=vendor,
                migrations=migrations,
                data_sha256=writer.sha256.hexdigest(),
                data_size=writer.size,
                objects=sum(counts.values()),
                models=counts,
                files=entries,
                missing_files=missing,
            )
            zf.writestr(MANIFEST, json.dumps(manifest.to_json(), ensure_ascii=False, indent=2) + "\n")
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return BackupSummary(
        path=path,
        objects=manifest.objects,
        models=counts,
        files=len(entries),
        file_bytes=sum(e.size for e in entries),
        missing_files=missing,
    )
