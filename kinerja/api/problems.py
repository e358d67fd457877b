"""Errors as ``application/problem+json`` (RFC 9457), in the language of the request.

Every refusal of the API is one of these: ``type`` (a stable URI naming the kind), ``title``,
``status``, ``detail`` (what was wrong, Bahasa Indonesia unless the caller asked for English with
``Accept-Language``), and for bad input ``errors``: one entry per field, each naming the field
(``field``: its place, e.g. ``body.value_number`` or ``query.year``) and what was wrong with it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema

MEDIA_TYPE = "application/problem+json"
BASE = "https://kinerja.example/problems/"  # a namespace, not a page; docs/api.md lists them


class FieldError(Schema):
    field: str
    message: str


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] = []


TITLES = {
    400: gettext_lazy("Permintaan tidak dapat diproses"),
    401: gettext_lazy("Belum terautentikasi"),
    403: gettext_lazy("Tidak berhak"),
    404: gettext_lazy("Tidak ditemukan"),
    405: gettext_lazy("Metode tidak diizinkan"),
    409: gettext_lazy("Konflik"),
    412: gettext_lazy("Data sudah berubah"),
    413: gettext_lazy("Berkas terlalu besar"),
    415: gettext_lazy("Jenis isi tidak didukung"),
    422: gettext_lazy("Isian tidak sah"),
    428: gettext_lazy("If-Match wajib"),
    429: gettext_lazy("Terlalu banyak permintaan"),
}

KINDS = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    412: "version-conflict",
    413: "too-large",
    415: "unsupported-media-type",
    422: "invalid-input",
    428: "precondition-required",
    429: "rate-limited",
}


def problem(
    status: int,
    detail: str,
    errors: Iterable[tuple[str, str]] = (),
    headers: Mapping[str, str] | None = None,
    kind: str | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": BASE + (kind or KINDS.get(status, "error")),
        "title": str(TITLES.get(status, _("Galat"))),
        "status": status,
        "detail": detail,
        "errors": [{"field": f, "message": m} for f, m in errors],
    }
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# pydantic's error types -> the message shown (the field is named beside it)
_PYDANTIC = {
    "missing": gettext_lazy("wajib diisi"),
    "int_parsing": gettext_lazy("harus berupa bilangan bulat"),
    "int_type": gettext_lazy("harus berupa bilangan bulat"),
    "int_from_float": gettext_lazy("harus berupa bilangan bulat"),
    "bool_parsing": gettext_lazy("harus true atau false"),
    "bool_type": gettext_lazy("harus true atau false"),
    "string_type": gettext_lazy("harus berupa teks"),
    "string_too_long": gettext_lazy("terlalu panjang"),
    "string_too_short": gettext_lazy("terlalu pendek"),
    "greater_than_equal": gettext_lazy("terlalu kecil"),
    "less_than_equal": gettext_lazy("terlalu besar"),
    "greater_than": gettext_lazy("terlalu kecil"),
    "less_than": gettext_lazy("terlalu besar"),
    "literal_error": gettext_lazy("bukan salah satu pilihan yang sah"),
    "enum": gettext_lazy("bukan salah satu pilihan yang sah"),
    "dict_type": gettext_lazy("harus berupa objek"),
    "model_attributes_type": gettext_lazy("harus berupa objek"),
    "list_type": gettext_lazy("harus berupa daftar"),
    "json_invalid": gettext_lazy("bukan JSON yang sah"),
    "extra_forbidden": gettext_lazy("kolom tidak dikenal"),
    "string_pattern_mismatch": gettext_lazy("bentuknya tidak sah"),
}


def field_errors(errors: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """pydantic's errors as (field, message in the request's language)."""
    out = []
    for e in errors:
        loc = [str(part) for part in e.get("loc", ())]
        # ninja puts the parameter's name after "body" (body.payload.value): drop it
        if len(loc) >= 2 and loc[0] == "body" and loc[1] in {"payload", "data", "body"}:
            loc = [loc[0], *loc[2:]]
        field = ".".join(loc) or "body"
        kind = str(e.get("type", ""))
        message = _PYDANTIC.get(kind)
        out.append((field, str(message) if message else _("nilai tidak sah")))
    return out


def invalid(request: HttpRequest, errors: list[tuple[str, str]]) -> HttpResponse:
    names = ", ".join(f for f, _m in errors)
    return problem(422, _("Isian tidak sah: %(fields)s.") % {"fields": names}, errors)
