"""Official and provisional figures of a unit-year or quarter, read from the stored results
(``kinerja.results.store``): which realisations count is ``kinerja.figures``' rule, never
decided here. Official figures count approved realisations only (or verified ones where the
agency admits them); provisional ones count everything entered, and say *sementara*."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from kinerja.api.caller import caller
from kinerja.api.endpoints.common import READ_ERRORS, UnitCode, Year
from kinerja.core.stored import dump_result
from kinerja.core.types import KinerjaValidationError
from kinerja.figures.counting import Basis
from kinerja.results.store import stored_figures, stored_quarter

router = Router(tags=["capaian"])


class TargetOut(Schema):
    value: str | None = None
    low: str | None = None
    high: str | None = None
    label: str | None = None


class ValueOut(Schema):
    number: str | None = None
    label: str | None = None


class ComponentOut(Schema):
    key: str
    realization: ValueOut | None


class IndicatorResultOut(Schema):
    key: str
    code: str
    target: TargetOut | None
    realization: ValueOut | None
    achievement: str | None = Field(description="capaian (%), desimal penuh; null = n.a")
    achievement_uncapped: str | None
    components: list[ComponentOut]
    notes: list[str]


class ObjectiveResultOut(Schema):
    code: str
    achievement: str | None
    indicators: list[IndicatorResultOut]
    notes: list[str]


class ResultOut(Schema):
    unit: str
    year: int
    quarter: int | None
    basis: Literal["official", "provisional"]
    label: str = Field(description="'resmi' atau 'sementara'")
    achievement: str | None = Field(description="capaian unit (%), desimal penuh; null = n.a atau galat")
    objectives: list[ObjectiveResultOut]
    notes: list[str]
    error: str | None = Field(description="mengapa tidak ada angka (mis. belum ada Renstra)")
    unapproved: list[str] = Field(description="realisasi yang belum disetujui (tidak dihitung resmi)")
    left_out: list[str]


class ResultQuery(Schema):
    basis: Literal["official", "provisional"] = Field(
        "official", description="official (resmi) atau provisional (sementara)"
    )
    quarter: int | None = Field(None, ge=1, le=4, description="triwulan 1-4; kosong: tahunan")


@router.get(
    "/{code}/{year}",
    response={200: ResultOut, **READ_ERRORS},
    summary="Capaian unit-tahun (atau triwulan): resmi atau sementara",
    operation_id="getResult",
)
def result(request: HttpRequest, code: UnitCode, year: Year, query: Query[ResultQuery]) -> Any:
    unit = caller(request).unit(code)
    if not 1900 <= year <= 2999:
        raise KinerjaValidationError(_("tahun di luar rentang 1900-2999"), "path.year")
    basis = Basis(query.basis)
    label = _("sementara") if basis is Basis.PROVISIONAL else _("resmi")
    unapproved: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()
    if query.quarter is None:
        found = stored_figures(unit, year, basis)
        res, error, unapproved, left_out = found.result, found.error, found.unapproved, found.left_out
    else:
        q = stored_quarter(unit, year, query.quarter, basis)
        res, error = q.result, q.error
    data = dump_result(res) if res is not None else {"achievement": None, "objectives": [], "notes": []}
    return ResultOut(
        unit=unit.code,
        year=year,
        quarter=query.quarter,
        basis=query.basis,
        label=label,
        achievement=data["achievement"],
        objectives=data["objectives"],
        notes=data["notes"],
        error=error,
        unapproved=list(unapproved),
        left_out=list(left_out),
    )
