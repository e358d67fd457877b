"""Realisations: list, read, enter, and take them through the workflow, by the same services
the pages use (``kinerja.measurement.services`` and ``workflow``: scope, status, lock, history).

Optimistic concurrency as the forms: every read gives an ``ETag`` (``"<id>.<version>"``); a
change names it in ``If-Match``. If someone saved in between, nothing is saved: 412 with the
current ETag. Numbers in JSON are plain (``99.25``, ``18658193``) or strings in plain
dot-decimal notation; decimals come back as strings, at full precision.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from kinerja.api.caller import Caller, caller
from kinerja.api.endpoints.common import READ_ERRORS, WRITE_ERRORS, Page, PageQuery, etag, if_match, page
from kinerja.core.numbers import parse_number
from kinerja.core.types import KinerjaValidationError
from kinerja.measurement import services, workflow
from kinerja.measurement.models import Realization
from kinerja.organizations import permissions
from kinerja.planning.models import Indicator

router = Router(tags=["realisasi"])

Status = Literal["draft", "submitted", "verified", "approved"]
PeriodName = Literal["tahun", "tw1", "tw2", "tw3", "tw4"]
Number = str | int | float


class RealizationOut(Schema):
    id: int
    unit: str
    indicator_id: int
    indicator: str = Field(description="kunci PEMILIK:KODE")
    indicator_name: str
    year: int
    quarter: int | None
    period: PeriodName
    value_number: str | None
    value_label: str
    inputs: dict[str, str]
    analysis: str
    supporting: str
    inhibiting: str
    follow_up: str
    status: Status
    locked: bool
    version: int
    etag: str = Field(description="untuk If-Match pada perubahan berikutnya")
    steps: list[str] = Field(description="langkah yang boleh diambil pemanggil sekarang")


def out(r: Realization, who: Caller | None = None) -> RealizationOut:
    steps: list[str] = []
    if who is not None and who.token_allows(permissions.ENTER_REALIZATION, r.unit):
        steps = workflow.available_steps(who.user, r)
    return RealizationOut(
        id=r.pk,
        unit=r.unit.code,
        indicator_id=r.indicator_id,
        indicator=f"{r.indicator.owner.code}:{r.indicator.code}",
        indicator_name=r.indicator.name,
        year=r.year,
        quarter=r.quarter,
        period=services.period_of(r.quarter),  # type: ignore[arg-type]
        value_number=None if r.value_number is None else _plain(r.value_number),
        value_label=r.value_label,
        inputs={i.name: _plain(i.value) for i in r.inputs.order_by("position", "id")},
        analysis=r.analysis,
        supporting=r.supporting,
        inhibiting=r.inhibiting,
        follow_up=r.follow_up,
        status=r.status,  # type: ignore[arg-type]
        locked=r.locked,
        version=r.version,
        etag=etag(r.pk, r.version),
        steps=steps,
    )


def _plain(value: Decimal) -> str:
    """``18658193``, ``99.25``: plain dot-decimal, no exponent, no trailing zeros."""
    return format(value.normalize(), "f")


def _tagged(r: Realization, who: Caller, status: int = 200) -> HttpResponse:
    from ninja.responses import Response

    response = Response(out(r, who).model_dump(), status=status)
    response["ETag"] = etag(r.pk, r.version)
    return response


class ListQuery(PageQuery):
    unit: str | None = Field(None, max_length=64, description="kode unit (hanya unit itu)")
    year: int | None = Field(None, ge=1900, le=2999)
    period: PeriodName | None = None
    status: Status | None = None


def _rows() -> QuerySet[Realization]:
    return Realization.objects.select_related("unit", "indicator__owner").order_by(
        "unit__code", "year", "quarter", "indicator__code", "pk"
    )


@router.get(
    "",
    response={200: Page[RealizationOut], **READ_ERRORS},
    summary="Daftar realisasi (saring unit/tahun/periode/status)",
    operation_id="listRealizations",
)
def list_realizations(request: HttpRequest, query: Query[ListQuery]) -> Any:
    who = caller(request)
    rows = _rows()
    if query.unit is not None:
        rows = rows.filter(unit=who.unit(query.unit))
    else:
        ids = who.unit_ids()
        if ids is not None:
            rows = rows.filter(unit_id__in=sorted(ids))
    if query.year is not None:
        rows = rows.filter(year=query.year)
    if query.period is not None:
        q = services.quarter_of(query.period)
        rows = rows.filter(quarter__isnull=True) if q is None else rows.filter(quarter=q)
    if query.status is not None:
        rows = rows.filter(status=query.status)
    count, items = page(rows, query)
    return Page[RealizationOut](
        count=count, limit=query.limit, offset=query.offset, items=[out(r) for r in items]
    )


def _get(who: Caller, pk: int) -> Realization:
    r = _rows().filter(pk=pk).first()
    if r is None:
        raise Http404(_("Realisasi %(id)s tidak ditemukan.") % {"id": pk})
    who.require(permissions.VIEW, r.unit)
    return r


@router.get(
    "/{int:pk}",
    response={200: RealizationOut, **READ_ERRORS},
    summary="Satu realisasi (dengan ETag)",
    operation_id="getRealization",
)
def get_realization(request: HttpRequest, pk: int) -> Any:
    who = caller(request)
    return _tagged(_get(who, pk), who)


class Changes(Schema):
    value_number: Number | None = Field(
        None, description="angka (99.25) atau teks '99.25'; null mengosongkan"
    )
    value_label: str | None = Field(None, max_length=100, description="nilai skala kualitatif")
    inputs: dict[str, Number | None] | None = Field(
        None, description="variabel rumus -> angka; null menghapus"
    )
    analysis: str | None = Field(None, max_length=20000)
    supporting: str | None = Field(None, max_length=20000)
    inhibiting: str | None = Field(None, max_length=20000)
    follow_up: str | None = Field(None, max_length=20000)


class NewRealization(Changes):
    unit: str = Field(max_length=64)
    indicator_id: int = Field(ge=1, le=2**62, description="dari GET /units/{code}/periods/{year}/{period}")
    year: int = Field(ge=1900, le=2999)
    period: PeriodName


def _number(value: Any, field: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return parse_number(value, field)


def _changes(payload: Changes) -> dict[str, Any]:
    given = payload.model_dump(exclude_unset=True)
    out: dict[str, Any] = {}
    for name in workflow.EDITABLE_FIELDS:
        if name in given:
            out[name] = given[name]
    if "value_number" in out:
        out["value_number"] = _number(out["value_number"], "body.value_number")
    if "value_label" in out and out["value_label"] is None:
        out["value_label"] = ""
    for text in ("analysis", "supporting", "inhibiting", "follow_up"):
        if text in out and out[text] is None:
            out[text] = ""
    if given.get("inputs") is not None:
        out["inputs"] = {str(k): _number(v, f"body.inputs.{k}") for k, v in given["inputs"].items()}
    return out


@router.post(
    "",
    response={201: RealizationOut, **WRITE_ERRORS},
    summary="Isi realisasi baru (draf)",
    operation_id="createRealization",
)
def create_realization(request: HttpRequest, payload: NewRealization) -> Any:
    who = caller(request)
    unit = who.unit(payload.unit, permissions.ENTER_REALIZATION)
    indicator = (
        Indicator.objects.filter(pk=payload.indicator_id, plan__unit=unit)
        .select_related("owner", "plan__unit")
        .first()
    )
    if indicator is None:
        raise KinerjaValidationError(
            _("indikator %(id)s tidak ada di Renstra unit %(unit)s")
            % {"id": payload.indicator_id, "unit": unit.code},
            "body.indicator_id",
        )
    quarter = services.quarter_of(payload.period)
    changes = _changes(payload)
    with transaction.atomic():
        existing = services.find_realization(unit, indicator, payload.year, quarter)
        if existing is not None:
            from kinerja.api.problems import problem

            return problem(
                409,
                _(
                    "Realisasi ini sudah ada (id %(id)s); ubah dengan PATCH /api/v1/realizations/%(id)s dan If-Match."
                )
                % {"id": existing.pk},
                headers={
                    "Location": f"/api/v1/realizations/{existing.pk}",
                    "ETag": etag(existing.pk, existing.version),
                },
                kind="exists",
            )
        r, _created = services.start_realization(who.user, unit, indicator, payload.year, quarter)
        if changes:
            workflow.save_realization(who.user, r, changes, r.version)
    r = _rows().get(pk=r.pk)
    response = _tagged(r, who, status=201)
    response["Location"] = f"/api/v1/realizations/{r.pk}"
    return response


@router.patch(
    "/{int:pk}",
    response={200: RealizationOut, **WRITE_ERRORS},
    summary="Ubah draf (If-Match wajib)",
    operation_id="updateRealization",
)
def update_realization(request: HttpRequest, pk: int, payload: Changes) -> Any:
    who = caller(request)
    r = _get(who, pk)
    who.require(permissions.ENTER_REALIZATION, r.unit)
    expected = if_match(request, pk)
    assert expected is not None
    workflow.save_realization(who.user, r, _changes(payload), expected)
    return _tagged(_rows().get(pk=pk), who)


class StepIn(Schema):
    comment: str = Field("", max_length=5000, description="wajib untuk 'return'")


STEP_RIGHTS = {
    "submit": permissions.SUBMIT,
    "verify": permissions.VERIFY,
    "approve": permissions.APPROVE,
    "return": permissions.RETURN,
}


@router.post(
    "/{int:pk}/{step}",
    response={200: RealizationOut, **WRITE_ERRORS},
    summary="Langkah alur: submit, verify, approve, return (If-Match wajib)",
    operation_id="takeRealizationStep",
)
def take_step(
    request: HttpRequest,
    pk: int,
    step: Literal["submit", "verify", "approve", "return"],
    payload: StepIn | None = None,
) -> Any:
    who = caller(request)
    r = _get(who, pk)
    who.require(STEP_RIGHTS[step], r.unit)
    expected = if_match(request, pk)
    if step == "submit":
        workflow.submit(who.user, r, expected)
    elif step == "verify":
        workflow.verify(who.user, r, expected)
    elif step == "approve":
        workflow.approve(who.user, r, expected)
    else:
        workflow.return_realization(who.user, r, payload.comment if payload else "", expected)
    return _tagged(_rows().get(pk=pk), who)
