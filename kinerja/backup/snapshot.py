"""One consistent read of the whole database while the application keeps running.

* PostgreSQL: one transaction ``REPEATABLE READ, READ ONLY``. Every query of the backup sees the
  database as it was at the transaction's first query; writers are not blocked and what they
  commit meanwhile is not in the backup.
* SQLite: the database is first copied with SQLite's online backup API (``sqlite3.Connection.backup``
  in one step: a read lock for as long as the copy of the file takes, typically well under a
  second), then read from the copy through a separate connection. A long read transaction on the
  live file is avoided on purpose: in SQLite's default journal mode (Kinerja does not switch to
  WAL) it would hold back every writer for the whole backup, and after the 20 s busy timeout
  their saves would fail.
* Inside a transaction already open (a test, or a caller that holds its own snapshot): that
  transaction is the snapshot; the reads run in a savepoint.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from kinerja.backup.archive import BackupError

SNAPSHOT_ALIAS = "kinerja_backup_snapshot"


@contextmanager
def consistent_read(workdir: Path, using: str = DEFAULT_DB_ALIAS) -> Iterator[str]:
    """Yield the alias of a connection whose reads all see one state of database ``using``.
    ``workdir`` is where SQLite's copy is made (removed afterwards)."""
    conn = connections[using]
    if conn.in_atomic_block:
        with transaction.atomic(using=using):
            yield using
        return
    if conn.vendor == "postgresql":
        with transaction.atomic(using=using):
            with conn.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield using
        return
    if conn.vendor == "sqlite":
        with _sqlite_copy(using, workdir) as alias:
            yield alias
        return
    raise BackupError(
        f"basis data {conn.vendor} belum didukung oleh 'kinerja backup' (hanya SQLite dan PostgreSQL)"
    )


@contextmanager
def _sqlite_copy(using: str, workdir: Path) -> Iterator[str]:
    conn = connections[using]
    copy = workdir / "salinan.sqlite3"
    conn.ensure_connection()
    source = conn.connection
    target = sqlite3.connect(copy)
    try:
        source.backup(target)  # pages=-1: the whole database in one step
    finally:
        target.close()
    # a connection of our own, registered for this thread only (``connections.settings`` is left
    # alone: other threads and the rest of the process never see the copy)
    wrapper = type(conn)({**conn.settings_dict, "NAME": str(copy)}, alias=SNAPSHOT_ALIAS)
    connections[SNAPSHOT_ALIAS] = wrapper
    try:
        yield SNAPSHOT_ALIAS
    finally:
        wrapper.close()
        del connections[SNAPSHOT_ALIAS]
        copy.unlink(missing_ok=True)
