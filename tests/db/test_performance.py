"""Imports and exports batch their writes and reads: the number of queries does not grow with
the size of the file (no query per row)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.demo.synthetic import sized_document
from kinerja.interchange.db import export_document, import_document

pytestmark = pytest.mark.django_db


def queries(fn) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_import_and_export_queries_do_not_grow_with_the_file(db) -> None:  # type: ignore[no-untyped-def]
    from kinerja.organizations.models import Agency as AgencyRow

    counts = {}
    for size in (3, 30):
        doc = sized_document(size)
        first = queries(lambda doc=doc: import_document(doc))
        again = queries(lambda doc=doc: import_document(doc))
        exported = queries(lambda: export_document())
        unit = queries(lambda: export_document(unit="U001"))
        counts[size] = (first, again, exported, unit)
        assert export_document() == doc
        AgencyRow.objects.all().delete()
    # ten times the rows; only the batching of big inserts (SQLite: 999 parameters) may add a few
    for small, big in zip(counts[3], counts[30], strict=True):
        assert big - small <= 10, counts


def test_an_import_gives_sqlite_its_planner_statistics(transactional_db) -> None:  # type: ignore[no-untyped-def]
    """Without ANALYZE, SQLite reads a whole agency through the ``agency`` index where one unit's
    figures need a few rows (bench/write.py); an import leaves the statistics behind."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's autovacuum keeps its own statistics")
    import_document(sized_document(3))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'planning_indicator'")
        assert cursor.fetchone()[0] > 0
