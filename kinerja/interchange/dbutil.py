"""What the importer (``importer.py``) and the exporter (``exporter.py``) share: the database's
limits for numbers, decimals written the way the file writes them, ``UNIT:CODE`` references,
row snapshots and batching, and creating the schema."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, overload

from django.db import connection

from kinerja.core.types import KinerjaValidationError
from kinerja.organizations.models import MEASURE_DIGITS, MEASURE_PLACES

QUANTUM = Decimal(1).scaleb(-MEASURE_PLACES)
MEASURE_LIMIT = Decimal(10) ** (MEASURE_DIGITS - MEASURE_PLACES)
BIGINT_MAX = 2**63 - 1
SQLITE_DIGITS = 15  # significant digits SQLite keeps of a decimal (it stores them as REAL)


def validation_error(message: str, source: str, place: str | None = None) -> KinerjaValidationError:
    where = ": ".join(p for p in (source, place) if p) or None
    return KinerjaValidationError(message, where=where)


@overload
def plain_decimal(value: Decimal) -> Decimal: ...
@overload
def plain_decimal(value: None) -> None: ...
@overload
def plain_decimal(value: Decimal | None) -> Decimal | None: ...
def plain_decimal(value: Decimal | None) -> Decimal | None:
    """Without trailing zeros and without exponent: 99.2500000000 -> 99.25, 100.000 -> 100."""
    if value is None:
        return None
    value = value.normalize()
    if value.as_tuple().exponent > 0:  # type: ignore[operator]
        value = value.quantize(Decimal(1))
    if value == 0:
        return Decimal(0)
    return value


def split_ref(ref: str, context: str, units: Iterable[str] | None = None) -> tuple[str, str]:
    """``"UNIT:CODE"`` -> (UNIT, CODE); ``"CODE"`` -> (context, CODE).

    With ``units`` given, a prefix that is not a unit code is part of the code.
    """
    ref = str(ref).strip()
    if ":" in ref:
        unit, code = ref.split(":", 1)
        unit, code = unit.strip(), code.strip()
        if units is None or unit in units:
            return unit, code
    return context, ref


def join_ref(unit: str, code: str, context: str) -> str:
    return code if unit == context else f"{unit}:{code}"


def snapshot(row: Any, fields: Sequence[str]) -> tuple[Any, ...]:
    """The stored values of ``fields`` (foreign keys as ids), to tell later whether a row changed."""
    return tuple(getattr(row, row._meta.get_field(f).attname) for f in fields)


def changed_since(
    rows: Iterable[Any], before: dict[int, tuple[Any, ...]], fields: Sequence[str]
) -> list[Any]:
    """Rows (already in the database) whose ``fields`` differ from the snapshot ``before``."""
    return [r for r in rows if r.pk in before and snapshot(r, fields) != before[r.pk]]


def chunks(items: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def delete_by_ids(model: Any, ids: Iterable[int]) -> None:
    ids = sorted(set(ids))
    for chunk in chunks(ids):
        model.objects.filter(pk__in=list(chunk)).delete()


def ensure_schema() -> bool:
    """Create the tables (``migrate``, quietly) when the database has none of ours yet.

    Returns True when it migrated.
    """
    from django.core.management import call_command

    from kinerja.organizations.models import Agency

    if Agency._meta.db_table in connection.introspection.table_names():
        return False
    call_command("migrate", verbosity=0, interactive=False)
    return True


def refresh_statistics() -> None:
    """Let SQLite's query planner know the tables' sizes (``ANALYZE``) after an import: without
    statistics it reads a whole agency's rows through the ``agency`` index where an index on the
    unit or the indicator would read a few (one unit's figures of a 10.000-unit agency: 46 ms
    without, 15 ms with). PostgreSQL's autovacuum keeps its own statistics."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# columns whose values the database adapter cannot take as Python gives them: prepared by their
# field (Decimal as the backend stores it, datetimes in the database's time zone); every other
# column (ids, text, integers, booleans, None) goes as it is, as Django itself would send it
_PREPARED_TYPES = {"DecimalField", "DateTimeField", "DateField", "TimeField", "JSONField", "UUIDField"}


def insert_values(model: Any, fields: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """INSERT ``rows`` of plain values (ids for foreign keys, text, Decimal ...) into ``model``'s
    table, one ``executemany`` per chunk, without building model instances: the import's rows
    (new realisations, their inputs and evidence, the history), where Django's ``bulk_create``
    spent most of an import's time preparing every value of every instance. Values of decimal,
    date and time columns are prepared by their field exactly as ``bulk_create`` would store
    them; no signal is sent and no id is returned."""
    if not rows:
        return
    opts = model._meta
    columns = [opts.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(c.column) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    prepared = [i for i, c in enumerate(columns) if c.get_internal_type() in _PREPARED_TYPES]
    with connection.cursor() as cursor:
        for chunk in chunks(rows, 5000):
            if prepared:
                batch = []
                for row in chunk:
                    values = list(row)
                    for i in prepared:
                        if values[i] is not None:
                            values[i] = columns[i].get_db_prep_save(values[i], connection)
                    batch.append(tuple(values))
                cursor.executemany(sql, batch)
            else:
                cursor.executemany(sql, list(chunk))
