"""Units and what each unit plans: Renstra, PK versions, Rencana Aksi, the rows of a period, and
the linter's findings. Everything is read through the unit scope of the caller."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field, WithJsonSchema

from kinerja.api.caller import caller
from kinerja.api.endpoints.common import READ_ERRORS, Page, PageQuery, UnitCode, Year, page
from kinerja.core.stored import dump_result
from kinerja.core.types import KinerjaValidationError
from kinerja.interchange import document as d
from kinerja.interchange.db import measured_document
from kinerja.interchange.write import document_to_data
from kinerja.lint.cli import document_from_database
from kinerja.lint.run import lint_document
from kinerja.measurement import services
from kinerja.organizations.models import Unit

router = Router(tags=["unit"])

# The Renstra, PK and Rencana Aksi are given in the interchange file's own shape (v1), described by
# its JSON Schema (kinerja/interchange/schema.json, the public contract): the same objects a file
# carries, and the schema's own definitions in the OpenAPI document.
_CONTRACT = json.loads(resources.files("kinerja.interchange").joinpath("schema.json").read_text("utf-8"))


def _contract(key: str, description: str) -> WithJsonSchema:
    schema = dict(_CONTRACT["properties"][key])
    schema["description"] = description
    return WithJsonSchema(schema)


PlanList = Annotated[
    list[dict[str, Any]], _contract("plans", "Renstra unit (semua versi), bentuk berkas interchange v1")
]
AgreementList = Annotated[
    list[dict[str, Any]],
    _contract(
        "agreements", "Semua versi Perjanjian Kinerja (draf dan ditandatangani), bentuk interchange v1"
    ),
]
ActionPlanList = Annotated[
    list[dict[str, Any]],
    _contract("action_plans", "Rencana Aksi: target triwulan per indikator, bentuk interchange v1"),
]


class UnitOut(Schema):
    code: str
    name: str
    level: str
    parent: str | None
    agency: str
    head_title: str
    head_name: str


def unit_out(u: Unit) -> UnitOut:
    return UnitOut(
        code=u.code,
        name=u.name,
        level=u.level,
        parent=u.parent.code if u.parent_id and u.parent else None,
        agency=u.agency.code,
        head_title=u.head_title,
        head_name=u.head_name,
    )


@router.get(
    "",
    response={200: Page[UnitOut], **READ_ERRORS},
    summary="Daftar unit yang boleh dibaca",
    operation_id="listUnits",
)
def list_units(request: HttpRequest, query: Query[PageQuery]) -> Any:
    ids = caller(request).unit_ids()
    rows = Unit.objects.select_related("parent", "agency").order_by("agency__code", "code", "pk")
    if ids is not None:
        rows = rows.filter(pk__in=sorted(ids))
    count, items = page(rows, query)
    return Page[UnitOut](
        count=count, limit=query.limit, offset=query.offset, items=[unit_out(u) for u in items]
    )


@router.get("/{code}", response={200: UnitOut, **READ_ERRORS}, summary="Satu unit", operation_id="getUnit")
def get_unit(request: HttpRequest, code: UnitCode) -> Any:
    return unit_out(caller(request).unit(code))


def _own(unit: Unit) -> d.Document:
    return measured_document(unit)


class Plans(Schema):
    unit: str
    plans: PlanList


@router.get(
    "/{code}/renstra",
    response={200: Plans, **READ_ERRORS},
    summary="Renstra: sasaran, indikator, target",
    operation_id="getRenstra",
)
def renstra(request: HttpRequest, code: UnitCode) -> Any:
    unit = caller(request).unit(code)
    doc = _own(unit)
    mine = dataclasses.replace(doc, plans=[p for p in doc.plans if p.unit == unit.code])
    return Plans(unit=unit.code, plans=document_to_data(mine).get("plans", []))


class YearQuery(Schema):
    year: int | None = Field(None, ge=1900, le=2999, description="tahun; kosong: semua tahun")


class Agreements(Schema):
    unit: str
    agreements: AgreementList


@router.get(
    "/{code}/agreements",
    response={200: Agreements, **READ_ERRORS},
    summary="Versi Perjanjian Kinerja",
    operation_id="listAgreements",
)
def agreements(request: HttpRequest, code: UnitCode, query: Query[YearQuery]) -> Any:
    unit = caller(request).unit(code)
    doc = _own(unit)
    rows = [a for a in doc.agreements if a.unit == unit.code and (query.year is None or a.year == query.year)]
    return Agreements(
        unit=unit.code,
        agreements=document_to_data(dataclasses.replace(doc, agreements=rows)).get("agreements", []),
    )


class ActionPlans(Schema):
    unit: str
    action_plans: ActionPlanList


@router.get(
    "/{code}/action-plans",
    response={200: ActionPlans, **READ_ERRORS},
    summary="Rencana Aksi",
    operation_id="listActionPlans",
)
def action_plans(request: HttpRequest, code: UnitCode, query: Query[YearQuery]) -> Any:
    unit = caller(request).unit(code)
    doc = _own(unit)
    rows = [
        a for a in doc.action_plans if a.unit == unit.code and (query.year is None or a.year == query.year)
    ]
    data = document_to_data(dataclasses.replace(doc, action_plans=rows))
    return ActionPlans(unit=unit.code, action_plans=data.get("action_plans", []))


class PeriodRow(Schema):
    indicator_id: int | None = Field(description="id indikator untuk POST /realizations")
    indicator: str = Field(description="kunci PEMILIK:KODE")
    name: str
    objective: str
    target: str
    realization_id: int | None
    status: str | None
    locked: bool
    version: int = Field(description="versi data realisasi; 0 bila belum ada")
    value: str
    achievement: str
    annual_target: bool = Field(
        description="triwulan tanpa target Rencana Aksi: diukur terhadap target tahunan"
    )


class PeriodOut(Schema):
    unit: str
    year: int
    period: Literal["tahun", "tw1", "tw2", "tw3", "tw4"]
    basis: Literal["provisional"]
    label: str = Field(description="'sementara': semua yang sudah diisi, belum tentu disetujui")
    achievement: str
    error: str | None
    rows: list[PeriodRow]
    result: dict[str, Any] | None


@router.get(
    "/{code}/periods/{year}/{period}",
    response={200: PeriodOut, **READ_ERRORS},
    summary="Indikator satu periode dengan realisasinya (seperti halaman realisasi)",
    operation_id="getPeriod",
)
def period(
    request: HttpRequest, code: UnitCode, year: Year, period: Literal["tahun", "tw1", "tw2", "tw3", "tw4"]
) -> Any:
    unit = caller(request).unit(code)
    if not 1900 <= year <= 2999:
        raise KinerjaValidationError(_("tahun di luar rentang 1900-2999"), "path.year")
    view = services.period_view(unit, year, services.quarter_of(period))
    rows = [
        PeriodRow(
            indicator_id=r.indicator.pk if r.indicator else None,
            indicator=r.key,
            name=r.doc_indicator.name,
            objective=r.objective,
            target=r.target,
            realization_id=r.realization.pk if r.realization else None,
            status=r.realization.status if r.realization else None,
            locked=bool(r.realization and r.realization.locked),
            version=r.realization.version if r.realization else 0,
            value=r.value,
            achievement=r.achievement,
            annual_target=r.annual_target,
        )
        for r in view.rows
    ]
    return PeriodOut(
        unit=unit.code,
        year=view.year,
        period=period,
        basis="provisional",
        label=_("sementara"),
        achievement=view.achievement,
        error=view.error,
        rows=rows,
        result=dump_result(view.result) if view.result else None,
    )


class FindingOut(Schema):
    code: str
    severity: str
    message: str
    advice: str
    unit: str | None
    year: int | None
    objective: str | None
    indicator: str | None
    path: str


class LintOut(Schema):
    unit: str
    year: int | None
    counts: dict[str, int]
    findings: list[FindingOut]


@router.get(
    "/{code}/lint",
    response={200: LintOut, **READ_ERRORS},
    summary="Temuan pemeriksaan data (kinerja lint)",
    operation_id="getLintFindings",
)
def lint(request: HttpRequest, code: UnitCode, query: Query[YearQuery]) -> Any:
    unit = caller(request).unit(code)
    try:
        doc = document_from_database(unit.code, unit.agency.code)
        report = lint_document(doc, unit=unit.code, year=query.year)
    except KinerjaValidationError as exc:  # pragma: no cover - the unit exists
        raise Http404(str(exc)) from exc
    return LintOut(
        unit=unit.code,
        year=query.year,
        counts={k: int(v) for k, v in report.counts.items()},
        findings=[
            FindingOut(
                code=f.code,
                severity=str(f.severity.value),
                message=f.message,
                advice=f.advice,
                unit=f.unit,
                year=f.year,
                objective=f.objective,
                indicator=f.indicator,
                path=f.path,
            )
            for f in report.findings
        ],
    )
