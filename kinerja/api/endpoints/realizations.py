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
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from kinerja.api.caller import Caller, caller
from kinerja.api.endpoints.common import READ_ERRORS, WRITE_ERRORS, Page, PageQuery, etag, if_match, page
from kinerja.api.problems import Problem
from kinerja.core.numbers import parse_number
from kinerja.core.types import KinerjaValidationError
from kinerja.measurement import evidence as ev
from kinerja.measurement import services, workflow
from kinerja.measurement.models import Evidence, Realization, RealizationInput
from kinerja.organizations import permissions
from kinerja.planning.models import Indicator

router = Router(tags=["realisasi"])

RealizationStatus = Literal["draft", "submitted", "verified", "approved"]
PeriodName = Literal["tahun", "tw1", "tw2", "tw3", "tw4"]
Number = str | int | float


class EvidenceOut(Schema):
    id: int
    name: str = Field(description="nama berkas dari pengunggah, atau keterangan")
    content_type: str
    size: int | None
    sha256: str
    uploaded_at: str | None
    download: str | None = Field(description="alamat unduh (API); null bila hanya keterangan")


def evidence_out(e: Evidence) -> EvidenceOut:
    return EvidenceOut(
        id=e.pk,
        name=e.reference,
        content_type=e.content_type,
        size=e.size,
        sha256=e.sha256,
        uploaded_at=e.uploaded_at.isoformat() if e.uploaded_at else None,
        download=f"/api/v1/realizations/evidence/{e.pk}" if e.file else None,
    )


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
    status: RealizationStatus
    locked: bool
    version: int
    evidence: list[EvidenceOut]
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
        inputs={i.name: _plain(i.value) for i in r.inputs.all()},
        analysis=r.analysis,
        supporting=r.supporting,
        inhibiting=r.inhibiting,
        follow_up=r.follow_up,
        status=r.status,  # type: ignore[arg-type]
        locked=r.locked,
        version=r.version,
        evidence=[evidence_out(e) for e in r.evidence.all()],
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
    status: RealizationStatus | None = None


def _rows() -> QuerySet[Realization]:
    return (
        Realization.objects.select_related("unit", "indicator__owner")
        .prefetch_related(
            Prefetch("inputs", queryset=RealizationInput.objects.order_by("position", "id")),
            Prefetch("evidence", queryset=Evidence.objects.order_by("position", "id")),
        )
        .order_by("unit__code", "year", "quarter", "indicator__code", "pk")
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


# before the steps: "/{pk}/evidence" is not a step
@router.post(
    "/{int:pk}/evidence",
    response={201: EvidenceOut, 413: Problem, **WRITE_ERRORS},
    summary="Unggah bukti dukung (PDF, PNG, JPEG, XLSX, XLS, CSV, DOCX; diperiksa isinya)",
    operation_id="uploadEvidence",
)
def upload_evidence(request: HttpRequest, pk: int, file: File[UploadedFile]) -> Any:
    who = caller(request)
    r = _get(who, pk)
    who.require(permissions.ENTER_REALIZATION, r.unit)
    try:
        added = ev.add_evidence(who.user, r, file)
    except ev.EvidenceError as exc:
        raise KinerjaValidationError(exc.message, "file") from exc
    return Status(201, evidence_out(added))


class StepIn(Schema):
    comment: str = Field(
        "", max_length=5000, description="wajib untuk 'return' (catatan) dan 'open_lock' (alasan)"
    )


StepName = Literal["submit", "verify", "approve", "return", "open_lock", "relock"]
STEP_RIGHTS = {
    "submit": permissions.SUBMIT,
    "verify": permissions.VERIFY,
    "approve": permissions.APPROVE,
    "return": permissions.RETURN,
    "open_lock": permissions.OPEN_LOCK,
    "relock": permissions.OPEN_LOCK,
}


@router.post(
    "/{int:pk}/{step}",
    response={200: RealizationOut, **WRITE_ERRORS},
    summary="Langkah alur: submit, verify, approve, return; admin: open_lock, relock (If-Match wajib)",
    operation_id="takeRealizationStep",
)
def take_step(request: HttpRequest, pk: int, step: StepName, payload: StepIn | None = None) -> Any:
    who = caller(request)
    r = _get(who, pk)
    who.require(STEP_RIGHTS[step], r.unit)
    expected = if_match(request, pk)
    comment = payload.comment if payload else ""
    if step == "submit":
        workflow.submit(who.user, r, expected)
    elif step == "verify":
        workflow.verify(who.user, r, expected)
    elif step == "approve":
        workflow.approve(who.user, r, expected)
    elif step == "return":
        workflow.return_realization(who.user, r, comment, expected)
    else:  # the lock steps take no version; checked here as the page does
        if expected is not None and r.version != expected:
            raise workflow.VersionConflict(r, {}, expected)
        if step == "open_lock":
            workflow.open_lock_exception(who.user, r, comment)
        else:
            workflow.relock(who.user, r, comment)
    return _tagged(_rows().get(pk=pk), who)


# --- evidence (bukti dukung) ----------------------------------------------------------------------


def _evidence(who: Caller, evidence_id: int) -> Evidence:
    found = Evidence.objects.filter(pk=evidence_id).select_related("realization__unit").first()
    if found is None:
        raise Http404(_("Bukti dukung %(id)s tidak ditemukan.") % {"id": evidence_id})
    who.require(permissions.VIEW, found.realization.unit)
    return found


@router.get(
    "/evidence/{int:evidence_id}",
    response=READ_ERRORS,
    summary="Unduh bukti dukung (selalu sebagai lampiran)",
    operation_id="downloadEvidence",
    openapi_extra={
        "responses": {
            200: {
                "description": "berkas bukti dukung",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def download_evidence(request: HttpRequest, evidence_id: int) -> Any:
    found = _evidence(caller(request), evidence_id)
    if not found.file:
        raise Http404(_("Bukti dukung ini hanya berupa keterangan, tanpa berkas."))
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Berkas bukti dukung tidak ada di penyimpanan.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=found.reference or "bukti",
        content_type=found.content_type or "application/octet-stream",
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@router.delete(
    "/evidence/{int:evidence_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Hapus bukti dukung (selama realisasi masih draf)",
    operation_id="deleteEvidence",
)
def delete_evidence(request: HttpRequest, evidence_id: int) -> Any:
    who = caller(request)
    found = _evidence(who, evidence_id)
    who.require(permissions.ENTER_REALIZATION, found.realization.unit)
    try:
        ev.delete_evidence(who.user, found)
    except ev.EvidenceError as exc:
        raise KinerjaValidationError(exc.message, "evidence") from exc
    return Status(204, None)
