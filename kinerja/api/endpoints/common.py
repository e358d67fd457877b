"""What the endpoints share: pagination, the problem responses every operation declares, ETags."""

from __future__ import annotations

import re
from typing import Annotated, Any, Generic, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path as PathParam
from ninja import Schema
from pydantic import Field

from kinerja.api.problems import Problem
from kinerja.core.types import KinerjaValidationError

T = TypeVar("T")

# Path parameters with an example from the demo data (Dit. PKR, 2022): the docs page fills them in,
# and schemathesis starts from them (tests/api/test_schemathesis.py).
UnitCode = Annotated[str, PathParam(..., description="kode unit, mis. PKR", examples=["PKR"], max_length=64)]
Year = Annotated[int, PathParam(..., description="tahun", examples=[2022])]

MAX_LIMIT = 500

# every operation may answer these (problem+json)
READ_ERRORS: dict[int, Any] = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    422: Problem,
    429: Problem,
}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 409: Problem, 412: Problem, 428: Problem}


class Page(Schema, Generic[T]):
    count: int = Field(description="jumlah seluruh baris yang cocok / rows matching in all")
    limit: int
    offset: int
    items: list[T]


class PageQuery(Schema):
    limit: int = Field(100, ge=1, le=MAX_LIMIT, description="baris per halaman (maks. 500)")
    offset: int = Field(0, ge=0, le=10**9, description="lewati sekian baris")


def page(rows: QuerySet[Any], query: PageQuery) -> tuple[int, list[Any]]:
    return rows.count(), list(rows[query.offset : query.offset + query.limit])


def etag(pk: int, version: int) -> str:
    return f'"{pk}.{version}"'


_TAG = re.compile(r'^\s*(?:W/)?"(\d+)\.(\d+)"\s*$')


def if_match(request: HttpRequest, pk: int, required: bool = True) -> int | None:
    """The version named by ``If-Match`` (``"<id>.<version>"``, as the ETag the GET gave).
    ``None`` when absent and not required."""
    raw = request.headers.get("If-Match")
    if raw is None or not raw.strip():
        if required:
            from ninja.errors import HttpError

            raise HttpError(
                428,
                _(
                    "Sertakan header If-Match berisi ETag realisasi (dari GET) agar perubahan orang lain tidak tertimpa."
                ),
            )
        return None
    found = _TAG.match(raw)
    if found is None or int(found.group(1)) != pk:
        raise KinerjaValidationError(
            _("If-Match harus berisi ETag realisasi ini, mis. %(example)s") % {"example": etag(pk, 1)},
            "If-Match",
        )
    return int(found.group(2))
