"""Export packs: the documents of a unit-year for KemenPAN-RB's SAKIP evaluation (ZIP) and the
budget-performance inputs for SMART (CSV); ``kinerja/api/packs.py``."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router

from kinerja.api import packs
from kinerja.api.caller import caller
from kinerja.api.endpoints.common import READ_ERRORS, UnitCode, Year
from kinerja.core.types import KinerjaValidationError

router = Router(tags=["paket ekspor"])

_FILES = {
    "evaluation": ("application/zip", {"type": "string", "format": "binary"}),
    "smart": ("text/csv", {"type": "string"}),
}


@router.get(
    "/{code}/{year}/{kind}",
    response=READ_ERRORS,
    summary="Paket ekspor: evaluation (ZIP dokumen evaluasi SAKIP KemenPAN-RB) atau smart (CSV masukan SMART DJA)",
    operation_id="downloadPack",
    openapi_extra={
        "responses": {
            200: {
                "description": "ZIP (manifest.json di dalamnya) atau CSV UTF-8",
                "content": {media: {"schema": schema} for media, schema in _FILES.values()},
            }
        }
    },
)
def download_pack(
    request: HttpRequest, code: UnitCode, year: Year, kind: Literal["evaluation", "smart"]
) -> Any:
    unit = caller(request).unit(code)
    if not 1900 <= year <= 2999:
        raise KinerjaValidationError(_("tahun di luar rentang 1900-2999"), "path.year")
    if kind == "evaluation":
        pack = packs.evaluation_pack(unit, year)
        response = HttpResponse(pack.content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{pack.filename}"'
        response["X-Kinerja-Data-Hash"] = pack.manifest["data_hash"]
        return response
    response = HttpResponse(packs.smart_csv(unit, year), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="SMART_{unit.code}_{year}.csv"'
    return response
