"""The official documents of a unit (LKj and PK as DOCX/PDF, Renstra matrix and Rencana Aksi as
XLSX), made by the same service as ``kinerja report`` and the download page."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from kinerja.api.caller import caller
from kinerja.api.endpoints.common import READ_ERRORS, UnitCode
from kinerja.core.types import KinerjaValidationError
from kinerja.reports.service import FORMATS, document_from_database, generate, reviu_from_database

router = Router(tags=["dokumen"])

Kind = Literal["lkj", "pk", "renstra", "rencana-aksi"]


class DocumentQuery(Schema):
    year: int | None = Field(None, ge=1900, le=2999, description="wajib kecuali untuk renstra")
    format: Literal["docx", "pdf", "xlsx"] | None = Field(
        None, description="lkj/pk: docx, pdf; renstra/rencana-aksi: xlsx"
    )
    version: int | None = Field(None, ge=1, le=10**6, description="versi PK (kosong: yang berlaku)")


_BINARY = {
    "content": {
        t: {"schema": {"type": "string", "format": "binary"}}
        for t in (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/pdf",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    },
    "description": "berkas dokumen; header X-Kinerja-Data-Hash: sidik data (provenans)",
}


@router.get(
    "/{code}/{kind}",
    response=READ_ERRORS,
    summary="Unduh dokumen resmi: LKj, PK (DOCX/PDF), Renstra, Rencana Aksi (XLSX)",
    openapi_extra={"responses": {200: _BINARY}},
    operation_id="downloadDocument",
)
def download(request: HttpRequest, code: UnitCode, kind: Kind, query: Query[DocumentQuery]) -> Any:
    unit = caller(request).unit(code)
    fmt = query.format or FORMATS[kind][0]
    if fmt not in FORMATS[kind]:
        raise KinerjaValidationError(
            _("format %(format)s tidak tersedia untuk %(kind)s (pilihan: %(choices)s)")
            % {"format": fmt, "kind": kind, "choices": ", ".join(FORMATS[kind])},
            "query.format",
        )
    if kind != "renstra" and query.year is None:
        raise KinerjaValidationError(_("tahun wajib diisi untuk %(kind)s") % {"kind": kind}, "query.year")
    doc = document_from_database(unit)
    reviu = reviu_from_database(unit, query.year) if kind == "lkj" else None
    try:
        output = generate(doc, kind, unit.code, query.year, fmt, version=query.version, reviu=reviu)
    except KinerjaValidationError as exc:
        raise KinerjaValidationError(
            _("dokumen tidak dapat dibuat: %(reason)s") % {"reason": exc}, "query"
        ) from exc
    response = HttpResponse(output.content, content_type=output.media_type)
    response["Content-Disposition"] = f'attachment; filename="{output.filename}"'
    response["X-Kinerja-Data-Hash"] = output.provenance.identifier
    return response
