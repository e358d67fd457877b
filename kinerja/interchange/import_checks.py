"""The importer's checks of single values from the file (texts, codes, measures, years, targets)
and its resolution of references against what the database holds, each raising
``KinerjaValidationError`` with the file and the place in it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import connection

from kinerja.core.types import (
    KinerjaValidationError,
    NumericTarget,
    QualitativeTarget,
    RangeTarget,
    Target,
)
from kinerja.interchange import document as d
from kinerja.interchange.dbutil import (
    MEASURE_LIMIT,
    QUANTUM,
    SQLITE_DIGITS,
    split_ref,
    validation_error,
)
from kinerja.organizations.models import MEASURE_DIGITS, MEASURE_PLACES


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    version: int
    pk: int
    adopted: bool = True


class PlanIndex:
    """(unit code, code) -> the rows of every plan holding it; picks one by year or period."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], list[_Candidate]] = defaultdict(list)

    def add(
        self, unit: str, code: str, start: int, end: int, version: int, pk: int, status: str = "adopted"
    ) -> None:
        self.rows[(unit, code)].append(_Candidate(start, end, version, pk, status != "draft"))

    def __contains__(self, key: tuple[str, str]) -> bool:
        return key in self.rows

    def for_year(self, key: tuple[str, str], year: int) -> int | None:
        cands = self.rows.get(key)
        if not cands:
            return None
        return max(cands, key=lambda c: (c.start <= year <= c.end, c.adopted, c.start, c.version, -c.pk)).pk

    def for_period(self, key: tuple[str, str], start: int, end: int) -> int | None:
        cands = self.rows.get(key)
        if not cands:
            return None
        return max(
            cands, key=lambda c: (c.start <= end and start <= c.end, c.adopted, c.start, c.version, -c.pk)
        ).pk


class Checks:
    """The base of the importer: the file being imported and the checks that name its places.

    The importer fills ``agency``, ``units`` (code -> row) and the indexes as it goes."""

    agency: Any
    units: dict[str, Any]
    unit_codes: set[str]
    objective_index: PlanIndex
    indicator_index: PlanIndex

    def __init__(self, doc: d.Document, source: str) -> None:
        self.doc = doc
        self.source = source
        self.sqlite = connection.vendor == "sqlite"

    # helpers that raise with the place
    def fail(self, message: str, place: str | None = None) -> KinerjaValidationError:
        return validation_error(message, self.source, place)

    def text(self, value: Any, max_length: int, what: str, place: str, required: bool = False) -> str:
        text = "" if value is None else str(value)
        if required and not text.strip():
            raise self.fail(f"{what} wajib diisi", place)
        if len(text) > max_length:
            raise self.fail(
                f"{what} terlalu panjang ({len(text)} karakter, paling banyak {max_length})", place
            )
        return text

    def code(self, value: Any, what: str, place: str) -> str:
        return self.text(value, 64, what, place, required=True).strip()

    def measure(self, value: Any, what: str, place: str) -> Decimal | None:
        if value is None:
            return None
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value))
            if not number.is_finite():
                raise InvalidOperation
            too_big = abs(number) >= MEASURE_LIMIT
            if not too_big:
                number = number.quantize(QUANTUM, rounding=ROUND_HALF_UP)
        except (InvalidOperation, ValueError, TypeError):
            raise self.fail(f"{what} bukan angka: {value!r}", place) from None
        if too_big or abs(number) >= MEASURE_LIMIT:
            raise self.fail(
                f"{what} terlalu besar: {value} (paling banyak {MEASURE_DIGITS - MEASURE_PLACES} digit)",
                place,
            )
        if self.sqlite and len(number.normalize().as_tuple().digits) > SQLITE_DIGITS:
            # SQLite keeps decimals as floating point: never lose digits silently
            raise self.fail(
                f"{what} {value} punya lebih dari {SQLITE_DIGITS} digit bermakna; basis data SQLite tidak dapat "
                "menyimpannya persis (gunakan PostgreSQL atau bulatkan nilainya)",
                place,
            )
        return number

    def year(self, value: Any, place: str, what: str = "tahun") -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not 1000 <= value <= 9999:
            raise self.fail(f"{what} tidak sah: {value!r}", place)
        return value

    def target(self, row: Any, target: Target, place: str) -> None:
        if isinstance(target, RangeTarget):
            low = self.measure(target.low, "batas bawah target", place)
            high = self.measure(target.high, "batas atas target", place)
            if low is None or high is None:
                raise self.fail("target rentang perlu batas bawah dan batas atas", place)
            row.set_target(RangeTarget(low, high))
        elif isinstance(target, QualitativeTarget):
            row.set_target(
                QualitativeTarget(self.text(target.label, 100, "label target", place, required=True))
            )
        elif isinstance(target, NumericTarget):
            value = self.measure(target.value, "target", place)
            if value is None:
                raise self.fail("target kosong", place)
            row.set_target(NumericTarget(value))
        else:
            raise self.fail(f"target tidak dikenal: {target!r}", place)

    def unit(self, code: Any, place: str) -> Any:
        row = self.units.get(str(code).strip()) if code is not None else None
        if row is None:
            raise self.fail(f"unit {code} tidak dikenal", place)
        return row

    def resolve(
        self,
        index: PlanIndex,
        ref: Any,
        context: str,
        place: str,
        what: str,
        year: int | None = None,
        period: tuple[int, int] | None = None,
    ) -> int:
        if ref is None or not str(ref).strip():
            raise self.fail(f"rujukan {what} kosong", place)
        key = split_ref(str(ref), context, self.unit_codes)
        pk = index.for_year(key, year) if year is not None else index.for_period(key, *period)  # type: ignore[misc]
        if pk is None:
            raise self.fail(f"{what} {key[0]}:{key[1]} tidak dikenal", place)
        return pk
