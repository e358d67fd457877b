"""The interchange file (v1, docs/interchange.md) over HTTP: POST a file to import it, all or
nothing, with the same checks and messages as ``kinerja import``; GET a unit's subtree as a file,
as ``kinerja export --unit``.

Importing writes plans, agreements, realisations with their statuses and the agency's policy, past
the page-by-page workflow, exactly as the command does; so it needs the Admin role's rights over
the whole agency the file names (Admin at its top unit, or a superuser), and a write token not
narrowed to a subtree.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from kinerja.api.caller import Caller, caller
from kinerja.api.endpoints.common import READ_ERRORS, WRITE_ERRORS
from kinerja.core.types import KinerjaValidationError
from kinerja.interchange.db import import_document, unit_document
from kinerja.interchange.parse import max_import_bytes, parse_text
from kinerja.interchange.write import dump_document
from kinerja.organizations.models import Agency, Unit
from kinerja.organizations.permissions import ADMIN, MATRIX

router = Router(tags=["interchange"])


class ExportQuery(Schema):
    unit: str = Field(max_length=64, description="kode unit: unit itu dan unit di bawahnya")
    format: Literal["yaml", "json"] = "yaml"


@router.get(
    "/export",
    response=READ_ERRORS,
    summary="Ekspor berkas interchange v1 (unit dan unit di bawahnya)",
    openapi_extra={
        "responses": {
            200: {
                "description": "berkas interchange v1",
                "content": {
                    "application/yaml": {"schema": {"type": "string"}},
                    "application/json": {"schema": {"type": "object"}},
                },
            }
        }
    },
    operation_id="exportInterchange",
)
def export(request: HttpRequest, query: Query[ExportQuery]) -> Any:
    unit = caller(request).unit(query.unit)
    text = dump_document(unit_document(unit), fmt=query.format)
    media = "application/json" if query.format == "json" else "application/yaml"
    response = HttpResponse(text.encode("utf-8"), content_type=f"{media}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kinerja-{unit.code}.{query.format}"'
    return response


class ImportOut(Schema):
    source: str
    agency: str
    summary: dict[str, int] = Field(description="jumlah catatan per jenis yang diimpor")
    message: str


def _require_whole_agency(who: Caller, agency_code: str) -> None:
    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None:
        if who.scope.superuser and who.token_units() is None:
            return  # a new agency: a superuser's (as ``kinerja import`` by the operator)
        raise PermissionDenied(
            _("Instansi %(agency)s belum ada; hanya superuser yang dapat mengimpor instansi baru.")
            % {"agency": agency_code}
        )
    needed = sorted(MATRIX[ADMIN])
    for root in Unit.objects.filter(agency=agency, parent__isnull=True):
        for action in needed:
            if not who.can(action, root):
                raise PermissionDenied(
                    _(
                        "Impor berkas memerlukan hak Admin atas seluruh instansi %(agency)s (unit %(unit)s); "
                        "token yang dibatasi ke satu unit tidak dapat mengimpor."
                    )
                    % {"agency": agency_code, "unit": root.code}
                )


@router.post(
    "/import",
    response={200: ImportOut, 413: READ_ERRORS[400], **WRITE_ERRORS},
    summary="Impor berkas interchange v1 (semua atau tidak sama sekali)",
    operation_id="importInterchange",
)
def import_file(request: HttpRequest, file: File[UploadedFile]) -> Any:
    who = caller(request)
    source = (file.name or "berkas")[:200]
    limit = max_import_bytes()
    if (file.size or 0) > limit:
        from ninja.errors import HttpError

        raise HttpError(
            413,
            _(
                "berkas terlalu besar: batas %(mb)s MB (KINERJA_MAX_IMPORT_BYTES); pecah menjadi beberapa berkas"
            )
            % {"mb": limit // 1024 // 1024},
        )
    raw = file.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KinerjaValidationError(
            f"bukan berkas teks UTF-8 (byte tidak sah di posisi {exc.start}); diharapkan YAML atau JSON",
            source,
        ) from None
    fmt = "json" if source.lower().endswith(".json") else "yaml"
    doc = parse_text(text, source=source, fmt=fmt, check_refs=False)
    _require_whole_agency(who, doc.agency.code)
    summary = import_document(doc, source=source, user=who.user)
    return ImportOut(
        source=source,
        agency=doc.agency.code,
        summary=summary.as_dict(),
        message=_("Impor %(source)s selesai: %(summary)s.") % {"source": source, "summary": summary},
    )
