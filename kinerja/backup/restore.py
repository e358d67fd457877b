"""``restore_backup``: an archive of ``kinerja backup`` into an empty database, all or nothing.

1. The archive is checked before anything is written: a ZIP, a valid manifest, exactly the members
   it lists, the SHA-256 of ``data.jsonl``, migrations the code knows (an archive from a newer
   Kinerja is refused).
2. The target must hold no data (content types and permissions, which ``migrate`` creates, do not
   count; sessions are never restored). Otherwise it is refused: nothing is overwritten or mixed.
3. The evidence files are written to a staging folder, each checked against its SHA-256: inside
   ``MEDIA_ROOT`` for a folder storage, next to the archive for object storage (S3).
4. The schema is brought to the archive's migration state (a fresh database is migrated).
5. All rows are loaded in one transaction with their own ids (content types and permissions by
   natural key), foreign keys checked, PostgreSQL sequences moved past the loaded ids.
6. Only after the commit are the staged files put in the evidence storage (renamed into
   ``MEDIA_ROOT``, or uploaded). On any failure before, the staging folder is removed and the
   transaction rolled back; if putting the files fails, they stay in the staging folder, named in
   the message.
7. An archive from an older Kinerja (older migrations) is loaded with the models as they were at
   its migrations, then the database is migrated to the code's state.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers import base, python
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    IntegrityError,
    connections,
    models,
    transaction,
)
from django.db.migrations.exceptions import InvalidMigrationPlan, IrreversibleError
from django.db.migrations.executor import MigrationExecutor
from django.db.models.sql.subqueries import InsertQuery

from kinerja import __version__
from kinerja.backup.archive import EXCLUDED_MODELS, NATURAL_MODELS, Archive, BackupError, open_archive

ROWS_PER_BATCH = 1000


@dataclass
class RestoreSummary:
    path: Path
    objects: int
    files: int
    file_bytes: int
    kinerja_version: str  # of the archive
    created_at: str
    migrated_after_load: bool  # an older archive, migrated to the code's state after loading


# --- checks ----------------------------------------------------------------------------------


@dataclass
class _MigrationPlan:
    targets: list[tuple[str, str | None]]
    current: bool  # the archive is at the code's migration state


def _migration_plan(archive: Archive, using: str) -> _MigrationPlan:
    executor = MigrationExecutor(connections[using])
    graph = executor.loader.graph
    wanted = archive.manifest.migrations
    unknown = sorted(f"{app}.{name}" for app, name in wanted.items() if (app, name) not in graph.nodes)
    if unknown:
        raise BackupError(
            f"arsip dibuat oleh Kinerja {archive.manifest.kinerja_version} dengan migrasi yang tidak dikenal "
            f"Kinerja {__version__} ini ({', '.join(unknown[:3])}{' ...' if len(unknown) > 3 else ''}); "
            f"pulihkan dengan Kinerja {archive.manifest.kinerja_version} atau yang lebih baru"
        )
    leaves = dict(sorted(graph.leaf_nodes()))
    return _MigrationPlan(
        targets=[(app, wanted.get(app)) for app in leaves],
        current=wanted == leaves,
    )


def data_present(using: str = DEFAULT_DB_ALIAS) -> list[tuple[str, int]]:
    """(model, rows) of every model that holds data in database ``using`` (content types,
    permissions and sessions do not count)."""
    conn = connections[using]
    tables = set(conn.introspection.table_names())
    found = []
    for model in global_apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if model._meta.proxy or not model._meta.managed or label in NATURAL_MODELS | EXCLUDED_MODELS:
            continue
        if model._meta.db_table not in tables:
            continue
        n = model._base_manager.using(using).count()
        if n:
            found.append((label, n))
    return found


def _check_empty(using: str) -> None:
    found = data_present(using)
    if found:
        found.sort(key=lambda item: -item[1])
        sample = ", ".join(f"{n} baris {label}" for label, n in found[:3])
        raise BackupError(
            f"basis data tujuan sudah berisi data ({sample}{', ...' if len(found) > 3 else ''}). "
            "'kinerja restore' hanya memulihkan ke basis data kosong, agar tidak ada data yang tertimpa "
            "atau tercampur: buat basis data baru (DATABASE_URL) lalu ulangi"
        )


def _local_root() -> Path | None:
    """The folder of the evidence storage (``MEDIA_ROOT``), or ``None`` for any other storage
    (S3-compatible object storage)."""
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        return Path(storage.location)
    return None


def _stage_files(archive: Archive, local_root: Path | None) -> Path:
    """Write every evidence file to a new staging folder, each checked against its SHA-256: inside
    ``MEDIA_ROOT`` for a folder storage (moved into place by a rename), next to the archive for
    object storage (uploaded from there)."""
    parent = local_root if local_root is not None else archive.path.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kinerja-pemulihan-", dir=parent))
    try:
        for entry in archive.manifest.files:
            target = staging / entry.name
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as out:
                archive.copy_member(entry.path, out, entry.size, entry.sha256)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _upload(name: str, staged: Path, size: int) -> None:
    if default_storage.exists(name):
        # random names: the same upload, left in the bucket when the database was lost
        if default_storage.size(name) == size:
            return
        raise OSError(f"{name} sudah ada di penyimpanan dengan ukuran lain")
    with open(staged, "rb") as fh:
        saved = default_storage.save(name, File(fh, name=name))
    if saved != name:
        raise OSError(f"penyimpanan menyimpan {name} dengan nama lain ({saved})")


def _put_files(archive: Archive, staging: Path, local_root: Path | None) -> None:
    """Put the staged files in the evidence storage. After the commit, so a failure here leaves
    the files in ``staging`` for the operator to put in place."""
    try:
        for entry in archive.manifest.files:
            staged = staging / entry.name
            if local_root is None:
                _upload(entry.name, staged, entry.size)
                continue
            final = Path(default_storage.path(entry.name))
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, final)  # same file system: a rename
    except Exception as exc:  # noqa: BLE001 - a folder (OSError) or object storage (its client's errors)
        where = str(local_root) if local_root is not None else "penyimpanan berkas (KINERJA_STORAGE)"
        raise _FilesNotMoved(
            f"data basis data sudah dipulihkan, tetapi berkas bukti tidak dapat ditaruh di {where} "
            f"({exc}); berkas yang belum ditaruh ada di {staging}: salin isinya ke sana dengan struktur "
            "folder yang sama"
        ) from None


class _FilesNotMoved(BackupError):
    """The database is restored, the files are still in the staging folder (kept)."""


# --- loading ---------------------------------------------------------------------------------


class _Deserializer(python.Deserializer):
    """Django's deserialiser, with the models of ``model_apps`` (the archive's migration state)
    except content types and permissions, taken by natural key with the current models."""

    def __init__(self, object_list: Any, *, model_apps: Apps, **options: Any) -> None:
        super().__init__(object_list, **options)
        self.model_apps = model_apps

    def _get_model_from_node(self, model_identifier: str) -> type[models.Model]:
        try:
            if model_identifier in NATURAL_MODELS:
                return global_apps.get_model(model_identifier)
            return self.model_apps.get_model(model_identifier)
        except (LookupError, TypeError):
            raise base.DeserializationError(f"model tidak dikenal: {model_identifier}") from None


class _Loader:
    """Inserts deserialised rows in batches, as they are (``raw``: no ``auto_now``, no signals,
    so the history records nothing), keeping their ids."""

    def __init__(self, using: str) -> None:
        self.using = using
        self.model: type[models.Model] | None = None
        self.batch: list[base.DeserializedObject] = []
        self.counts: Counter[str] = Counter()
        self.loaded: dict[str, type[models.Model]] = {}

    def add(self, item: base.DeserializedObject) -> None:
        obj = item.object
        model = type(obj)
        label = model._meta.label_lower
        self.counts[label] += 1
        if label in NATURAL_MODELS or obj.pk is None:
            # found by natural key (then updated in place) or inserted
            self.flush()
            item.save(using=self.using)
            return
        if model is not self.model or len(self.batch) >= ROWS_PER_BATCH:
            self.flush()
            self.model = model
        self.batch.append(item)

    def flush(self) -> None:
        model, batch = self.model, self.batch
        if model is None or not batch:
            return
        self.batch = []
        fields = [f for f in model._meta.local_concrete_fields if not getattr(f, "generated", False)]
        objs = [item.object for item in batch]
        conn = connections[self.using]
        size = max(1, conn.ops.bulk_batch_size(fields, objs))
        for start in range(0, len(objs), size):
            query = InsertQuery(model)
            query.insert_values(fields, objs[start : start + size], raw=True)
            query.get_compiler(using=self.using).execute_sql(None)
        through_rows: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        for item in batch:
            for name, targets in (item.m2m_data or {}).items():
                m2m = model._meta.get_field(name)
                assert isinstance(m2m, models.ManyToManyField)
                through: type[models.Model] | None = m2m.remote_field.through
                assert through is not None
                source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
                for value in targets:
                    through_rows[through].append(
                        through(**{f"{source}_id": item.object.pk, f"{target}_id": value})
                    )
        for through, rows in through_rows.items():
            through._base_manager.using(self.using).bulk_create(rows, batch_size=ROWS_PER_BATCH)
        self.loaded[model._meta.label_lower] = model


class _NaturalKeys:
    """Content types and permissions named by natural key in the archive -> their ids in the
    target database (looked up with the current models, whatever the archive's migrations:
    the historical models of an older archive have no natural-key methods)."""

    def __init__(self, using: str, model_apps: Apps) -> None:
        self.using = using
        self.model_apps = model_apps
        self.fields: dict[str, dict[str, tuple[str, bool]]] = {}  # model -> field -> (target, many)
        self.ids: dict[tuple[str, tuple[str, ...]], Any] = {}

    def _fields_of(self, label: str) -> dict[str, tuple[str, bool]]:
        if label not in self.fields:
            found: dict[str, tuple[str, bool]] = {}
            try:
                model = (
                    global_apps.get_model(label)
                    if label in NATURAL_MODELS
                    else self.model_apps.get_model(label)
                )
            except (LookupError, ValueError):
                model = None  # the deserialiser says so
            if model is not None:
                for f in model._meta.get_fields():
                    if f.concrete and f.is_relation and f.related_model is not None:
                        target = f.related_model._meta.label_lower
                        if target in NATURAL_MODELS:
                            found[f.name] = (target, bool(f.many_to_many))
            self.fields[label] = found
        return self.fields[label]

    def _id(self, target: str, key: Any) -> Any:
        if not isinstance(key, list) or not all(isinstance(k, str) for k in key):
            return key  # an id, or something the deserialiser will refuse
        cache_key = (target, tuple(key))
        if cache_key not in self.ids:
            model = global_apps.get_model(target)
            try:
                self.ids[cache_key] = (
                    model._default_manager.db_manager(self.using).get_by_natural_key(*key).pk
                )
            except (model.DoesNotExist, TypeError):
                raise BackupError(
                    f"data.jsonl merujuk {target} {'.'.join(key)} yang tidak ada di arsip"
                ) from None
        return self.ids[cache_key]

    def resolve(self, record: dict[str, Any]) -> None:
        fields = record["fields"]
        for name, (target, many) in self._fields_of(record["model"]).items():
            if name not in fields or fields[name] is None:
                continue
            if many and isinstance(fields[name], list):
                fields[name] = [self._id(target, key) for key in fields[name]]
            elif not many:
                fields[name] = self._id(target, fields[name])


def _records(archive: Archive, natural: _NaturalKeys) -> Iterator[dict[str, Any]]:
    with archive.data_lines() as lines:
        for number, line in enumerate(lines, 1):
            try:
                record = json.loads(line)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise BackupError(f"data.jsonl baris {number} bukan JSON yang sah ({exc})") from None
            if (
                not isinstance(record, dict)
                or not isinstance(record.get("model"), str)
                or not isinstance(record.get("fields"), dict)
            ):
                raise BackupError(f"data.jsonl baris {number} bukan baris data Kinerja (model, pk, fields)")
            natural.resolve(record)
            yield record


def _load(archive: Archive, using: str, model_apps: Apps) -> None:
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()  # ids may have changed since they were cached
    conn = connections[using]
    if conn.vendor == "postgresql":
        with conn.cursor() as cursor:  # rows refer to rows further on: check at the end
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    loader = _Loader(using)
    try:
        records = _records(archive, _NaturalKeys(using, model_apps))
        for item in _Deserializer(records, using=using, model_apps=model_apps):
            loader.add(item)
        loader.flush()
    except base.DeserializationError as exc:
        raise BackupError(f"isi data.jsonl tidak dapat dimuat: {exc}") from None
    except (DatabaseError, ValueError, TypeError) as exc:
        raise BackupError(f"isi data.jsonl tidak dapat dimuat ke basis data: {exc}") from None
    expected = {label: n for label, n in archive.manifest.models.items() if n}
    if dict(loader.counts) != expected or sum(loader.counts.values()) != archive.manifest.objects:
        differ = sorted(
            label
            for label in set(expected) | set(loader.counts)
            if expected.get(label, 0) != loader.counts[label]
        )
        raise BackupError(
            f"jumlah baris di data.jsonl tidak sama dengan manifest.json (model {', '.join(differ[:3])}); "
            "arsip rusak"
        )
    loaded = list(loader.loaded.values())
    try:
        conn.check_constraints(table_names=[m._meta.db_table for m in loaded])
    except IntegrityError as exc:
        raise BackupError(f"data arsip tidak utuh: ada rujukan ke baris yang tidak ada ({exc})") from None
    statements = conn.ops.sequence_reset_sql(no_style(), loaded)
    if statements:
        with conn.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    ContentType.objects.clear_cache()  # the archive's content types, by their ids in this database


# --- the whole restore -----------------------------------------------------------------------


def _prepare_schema(plan: _MigrationPlan, using: str) -> None:
    conn = connections[using]
    executor = MigrationExecutor(conn)
    steps = executor.migration_plan(plan.targets)
    if not steps:
        return
    if conn.in_atomic_block:
        raise BackupError("skema basis data tidak dapat disiapkan di dalam transaksi yang sedang berjalan")
    try:
        if plan.current:
            call_command("migrate", database=using, interactive=False, verbosity=0)
        else:
            executor.migrate(plan.targets, plan=steps)
    except (InvalidMigrationPlan, IrreversibleError) as exc:
        raise BackupError(
            f"skema basis data tujuan tidak dapat dibawa ke keadaan migrasi arsip ({exc}); pulihkan ke "
            "basis data baru yang benar-benar kosong"
        ) from None


def restore_backup(path: Path, using: str = DEFAULT_DB_ALIAS) -> RestoreSummary:
    """Restore the archive at ``path`` into database ``using`` (which must hold no data) and
    ``MEDIA_ROOT``. ``BackupError`` (nothing changed) when the archive or the target is not fit."""
    with open_archive(path) as archive:
        manifest = archive.manifest
        archive.check_data()
        plan = _migration_plan(archive, using)
        _check_empty(using)
        local_root = _local_root()
        staging = _stage_files(archive, local_root)
        try:
            _prepare_schema(plan, using)
            if plan.current:
                model_apps: Apps = global_apps
            else:
                state = MigrationExecutor(connections[using]).loader.project_state(
                    list(manifest.migrations.items())
                )
                model_apps = state.apps
            with transaction.atomic(using=using):
                _check_empty(using)  # again: nobody wrote in between
                _load(archive, using, model_apps)
            _put_files(archive, staging, local_root)
        except _FilesNotMoved:
            raise
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        shutil.rmtree(staging, ignore_errors=True)
    if not plan.current:
        try:
            call_command("migrate", database=using, interactive=False, verbosity=0)
        except Exception as exc:
            raise BackupError(
                f"data arsip sudah dipulihkan, tetapi migrasi ke versi Kinerja {__version__} gagal ({exc}); "
                "jalankan 'kinerja manage migrate' untuk rinciannya"
            ) from exc
    return RestoreSummary(
        path=path,
        objects=manifest.objects,
        files=len(manifest.files),
        file_bytes=sum(f.size for f in manifest.files),
        kinerja_version=manifest.kinerja_version,
        created_at=manifest.created_at,
        migrated_after_load=not plan.current,
    )
