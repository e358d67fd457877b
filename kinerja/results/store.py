"""Reading stored results, computing the stale or missing ones, and rebuilding them all.

* ``stored_figures(unit, year, basis)``: one unit-year's figures, from its stored row when that
  row was computed from the current data version, else computed now
  (``figures.unit_year.figures_for`` over ``interchange.exporter.unit_year_document``, both
  bases at once) and stored.
* ``stored_quarter(unit, year, quarter, basis)``: one quarter's figures
  (``figures.quarters.quarter_figures``), stored when first read.
* ``stored_achievements(units, year, basis)``: the unit achievement of many unit-years in two
  queries, computing only those that are stale (the dashboard's list of units below).
* ``rebuild(agency_code=None, year=None)``: every unit-year of every (or one) agency from
  scratch, one year at a time: an export of the agency's plans and one year's realisations, cut
  into unit-years by
  ``figures.parts.Parts``, computed, and written in bulk (``kinerja recompute``).

The version is read before the data, so a write that commits while a result is computed leaves
that result one version behind: stale, and computed again on the next read.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from kinerja.core.stored import dump_result, load_result
from kinerja.core.types import KinerjaValidationError, UnitResult
from kinerja.figures.counting import Basis
from kinerja.figures.unit_year import figures_for
from kinerja.interchange import document as d
from kinerja.results.models import DataVersion, StoredResult

BATCH = 2000
# More stale unit-years than this in one list: rebuild the agency-year instead of one by one.
BULK_FROM = 100


@dataclass(frozen=True)
class Stored:
    """A unit-year's figures as stored: the result, or why there is none (no Renstra ...)."""

    result: UnitResult | None
    error: str | None = None
    unapproved: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()

    @property
    def achievement(self) -> Decimal | None:
        return None if self.result is None else self.result.achievement


def _payloads(doc: d.Document, unit: str, year: int) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for basis in Basis:
        try:
            f = figures_for(doc, unit, year, basis)
        except KinerjaValidationError as exc:
            out[basis.value] = {"error": str(exc)}
            continue
        out[basis.value] = {
            "result": dump_result(f.result),
            "unapproved": list(f.unapproved),
            "left_out": list(f.left_out),
        }
    return out


def _stored(payload: dict[str, Any]) -> Stored:
    if "error" in payload:
        return Stored(None, payload["error"])
    return Stored(
        load_result(payload["result"]), None, tuple(payload["unapproved"]), tuple(payload["left_out"])
    )


def _achievement(payload: dict[str, Any]) -> Decimal | None:
    value = payload.get("result", {}).get("achievement")
    return None if value is None else Decimal(value)


def _rows(
    agency_id: int, unit_id: int, year: int, version: int, payloads: dict[str, dict[str, Any]]
) -> list[StoredResult]:
    now = timezone.now()
    return [
        StoredResult(
            agency_id=agency_id,
            unit_id=unit_id,
            year=year,
            basis=basis,
            version=version,
            achievement=_achievement(payload),
            payload=payload,
            computed_at=now,
        )
        for basis, payload in payloads.items()
    ]


def _save(rows: list[StoredResult]) -> None:
    StoredResult.objects.bulk_create(
        rows,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["agency", "unit", "year", "basis", "quarter"],
        update_fields=["version", "achievement", "payload", "computed_at"],
    )


def _versions(agency_id: int, unit_ids: Iterable[int], year: int) -> dict[int, int]:
    return dict(
        DataVersion.objects.filter(agency_id=agency_id, unit_id__in=list(unit_ids), year=year).values_list(
            "unit_id", "version"
        )
    )


def _compute(unit: Any, year: int, version: int) -> dict[str, dict[str, Any]]:
    from kinerja.interchange.exporter import unit_year_document

    payloads = _payloads(unit_year_document(unit, year), unit.code, year)
    with transaction.atomic():
        DataVersion.objects.get_or_create(agency_id=unit.agency_id, unit_id=unit.pk, year=year)
        _save(_rows(unit.agency_id, unit.pk, year, version, payloads))
    return payloads


def stored_figures(unit: Any, year: int, basis: Basis = Basis.OFFICIAL) -> Stored:
    """The figures of ``unit`` (an ``organizations.Unit``) in ``year`` on ``basis``, never stale."""
    version = _versions(unit.agency_id, [unit.pk], year).get(unit.pk, 0)
    row = StoredResult.objects.filter(
        agency_id=unit.agency_id, unit_id=unit.pk, year=year, basis=basis.value, quarter=0, version=version
    ).first()
    if row is not None:
        return _stored(row.payload)
    return _stored(_compute(unit, year, version)[basis.value])


@dataclass(frozen=True)
class StoredQuarter:
    """A quarter's figures as stored (``kinerja.figures.quarters``), or why there are none."""

    result: UnitResult | None
    error: str | None = None
    year_target: frozenset[str] = frozenset()  # keys measured against the year's target


def _quarter_payloads(doc: d.Document, unit: str, year: int, quarter: int) -> dict[str, dict[str, Any]]:
    from kinerja.figures.quarters import quarter_figures

    out: dict[str, dict[str, Any]] = {}
    for basis in Basis:
        try:
            found = quarter_figures(doc, unit, year, quarter, basis)
        except KinerjaValidationError as exc:
            out[basis.value] = {"error": str(exc)}
            continue
        out[basis.value] = {"result": dump_result(found.result), "year_target": sorted(found.year_target)}
    return out


def stored_quarter(unit: Any, year: int, quarter: int, basis: Basis = Basis.OFFICIAL) -> StoredQuarter:
    """The figures of one quarter (1..4) of ``unit``'s ``year`` on ``basis``, never stale: read
    from its row when computed from the current data version, else computed and stored (both
    bases). Quarters are stored when first read; ``rebuild`` stores the years and leaves the
    quarters to be read."""
    from kinerja.interchange.exporter import unit_year_document

    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"triwulan {quarter} tidak ada (1-4)")
    version = _versions(unit.agency_id, [unit.pk], year).get(unit.pk, 0)
    row = StoredResult.objects.filter(
        agency_id=unit.agency_id,
        unit_id=unit.pk,
        year=year,
        basis=basis.value,
        quarter=quarter,
        version=version,
    ).first()
    if row is not None:
        payload = row.payload
    else:
        payloads = _quarter_payloads(unit_year_document(unit, year), unit.code, year, quarter)
        rows = _rows(unit.agency_id, unit.pk, year, version, payloads)
        for r in rows:
            r.quarter = quarter
        with transaction.atomic():
            DataVersion.objects.get_or_create(agency_id=unit.agency_id, unit_id=unit.pk, year=year)
            _save(rows)
        payload = payloads[basis.value]
    if "error" in payload:
        return StoredQuarter(None, payload["error"])
    return StoredQuarter(load_result(payload["result"]), None, frozenset(payload["year_target"]))


def stored_achievements(
    units: list[Any], year: int, basis: Basis = Basis.OFFICIAL, bulk: bool = True
) -> dict[int, Decimal | None]:
    """Unit id -> the unit's achievement in ``year`` (None: n.a or no Renstra), for ``units`` of
    one agency; two queries, plus a computation for each stale or missing one."""
    if not units:
        return {}
    agency_id = units[0].agency_id
    versions = _versions(agency_id, [u.pk for u in units], year)
    fresh = {
        unit_id: (version, achievement)
        for unit_id, version, achievement in StoredResult.objects.filter(
            agency_id=agency_id, unit_id__in=[u.pk for u in units], year=year, basis=basis.value, quarter=0
        ).values_list("unit_id", "version", "achievement")
    }
    stale = [u for u in units if (held := fresh.get(u.pk)) is None or held[0] != versions.get(u.pk, 0)]
    if bulk and len(stale) > BULK_FROM:
        # many at once (after an import): one rebuild of the agency-year costs less than
        # computing each alone; then read again (what is still missing, one by one)
        rebuild(agency_code=units[0].agency.code, year=year)
        return stored_achievements(units, year, basis, bulk=False)
    out: dict[int, Decimal | None] = {}
    for unit in units:
        version = versions.get(unit.pk, 0)
        held = fresh.get(unit.pk)
        if held is not None and held[0] == version:
            out[unit.pk] = held[1]
        else:
            out[unit.pk] = _achievement(_compute(unit, year, version)[basis.value])
    return out


# --- rebuild ---------------------------------------------------------------------------------------


@dataclass
class RebuildStats:
    agencies: int = 0
    unit_years: int = 0
    rows: int = 0
    seconds: float = 0.0
    per_agency: list[tuple[str, int, float]] = field(default_factory=list)


def rebuild(agency_code: str | None = None, year: int | None = None) -> RebuildStats:
    """Compute and store every unit-year of one agency (or all), for one year (or every year a
    Renstra covers); returns what was written."""
    from kinerja.figures.parts import Parts
    from kinerja.interchange.exporter import agency_realizations, export_document
    from kinerja.organizations.models import Agency, Unit

    stats = RebuildStats()
    start = time.perf_counter()
    agencies = Agency.objects.filter(code=agency_code) if agency_code else Agency.objects.all()
    if agency_code and not agencies.exists():
        raise KinerjaValidationError(f"instansi {agency_code} tidak ada di basis data")
    for agency in agencies.order_by("code"):
        began = time.perf_counter()
        ids = dict(Unit.objects.filter(agency=agency).values_list("code", "id"))
        # the versions first, then the data (see the module's text)
        with transaction.atomic():
            wanted = _unit_years(agency.pk, year)
            DataVersion.objects.bulk_create(
                [DataVersion(agency_id=agency.pk, unit_id=u, year=y) for u, y in wanted],
                batch_size=BATCH,
                ignore_conflicts=True,
            )
        versions = {
            (u, y): v
            for u, y, v in DataVersion.objects.filter(agency=agency).values_list("unit_id", "year", "version")
        }
        # one export of the agency without its realisations, then one year's realisations at a
        # time: the figures of a year read only that year's records, so the memory held is the
        # plans and one year's realisations and rows, not the agency's whole history
        rows_written = count = 0
        skeleton = export_document(agency_code=agency.code, with_realizations=False)
        for y in _years(agency.pk, year):
            doc = dataclasses.replace(skeleton, realizations=agency_realizations(agency.code, y))
            parts = Parts(doc)
            rows: list[StoredResult] = []
            for code in parts.units():
                unit_id = ids.get(code)
                if unit_id is None or y not in _plan_years(doc, parts.plans_of_unit[code], y):
                    continue
                payloads = _payloads(parts.part(code, y), code, y)
                rows += _rows(agency.pk, unit_id, y, versions.get((unit_id, y), 0), payloads)
                count += 1
            with transaction.atomic():
                StoredResult.objects.filter(agency=agency, year=y).delete()
                StoredResult.objects.bulk_create(rows, batch_size=BATCH)
            rows_written += len(rows)
            del doc, parts, rows
        if year is None:  # rows of years no Renstra covers any more
            StoredResult.objects.filter(agency=agency).exclude(year__in=_years(agency.pk, None)).delete()
        stats.agencies += 1
        stats.unit_years += count
        stats.rows += rows_written
        stats.per_agency.append((agency.code, rows_written, time.perf_counter() - began))
    stats.seconds = time.perf_counter() - start
    return stats


def _plan_years(doc: d.Document, plan_ids: list[int], year: int | None) -> list[int]:
    years = {y for i in plan_ids for y in range(doc.plans[i].period[0], doc.plans[i].period[1] + 1)}
    return sorted(years if year is None else years & {year})


def _years(agency_id: int, year: int | None) -> list[int]:
    """The years some Renstra of the agency covers (only ``year`` when given)."""
    return sorted({y for _, y in _unit_years(agency_id, year)})


def _unit_years(agency_id: int, year: int | None) -> list[tuple[int, int]]:
    from kinerja.planning.models import Plan

    out: set[tuple[int, int]] = set()
    for unit_id, start, end in Plan.objects.filter(agency_id=agency_id).values_list(
        "unit_id", "period_start", "period_end"
    ):
        out.update((unit_id, y) for y in range(start, end + 1) if year is None or y == year)
    return sorted(out)
