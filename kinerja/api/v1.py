"""The REST API, version 1 (``/api/v1/``), on django-ninja: the schema is generated from the code
(``/api/v1/openapi.json``) and shown at ``/api/v1/docs`` (Swagger UI, served from the package's
own static files: no CDN, no inline script). See docs/api.md."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from kinerja.api import problems
from kinerja.api.auth import AUTH, BadToken, RateLimited
from kinerja.core.types import KinerjaValidationError
from kinerja.measurement.workflow import RealizationLocked, VersionConflict, WorkflowError


class KinerjaAPI(NinjaAPI):
    """NinjaAPI whose schema says what the error answers really are: problem+json."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                for parameter in operation.get("parameters", []):
                    # pydantic's list of examples belongs in the parameter's schema; at the
                    # parameter itself OpenAPI wants one ``example`` (or a map of Example objects)
                    listed = parameter.pop("examples", None)
                    if isinstance(listed, list) and listed:
                        parameter["example"] = listed[0]
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if str(status)[0] in "45" and "application/json" in content:
                        content[problems.MEDIA_TYPE] = content.pop("application/json")
        return schema


api = KinerjaAPI(
    title="Kinerja API",
    version="1",
    description=(
        "API Kinerja (SAKIP): unit, Renstra, Perjanjian Kinerja, Rencana Aksi, realisasi, capaian "
        "resmi dan sementara, pemeriksaan data, dokumen, berkas interchange. Autentikasi: token akses "
        "pribadi (`Authorization: Bearer kin_...`, dibuat di /api/token/) atau sesi peramban. "
        "Galat berupa application/problem+json, dalam Bahasa Indonesia (atau Inggris dengan "
        "`Accept-Language: en`). / The Kinerja REST API; see docs/api.md."
    ),
    urls_namespace="api-v1",
    auth=AUTH,
    docs=Swagger(settings={"persistAuthorization": False}),
)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return problems.invalid(request, problems.field_errors(exc.errors))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problems.problem(
        401,
        _("Sertakan token akses (Authorization: Bearer kin_...) atau masuk terlebih dahulu."),
        headers={"WWW-Authenticate": 'Bearer realm="kinerja"'},
    )


@api.exception_handler(BadToken)
def _bad_token(request: HttpRequest, exc: BadToken) -> HttpResponse:
    return problems.problem(401, str(exc), headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


@api.exception_handler(RateLimited)
def _rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    return problems.problem(
        429,
        _("Batas permintaan token ini terlampaui; coba lagi dalam %(seconds)s detik.")
        % {"seconds": exc.wait},
        headers={"Retry-After": str(exc.wait)},
    )


@api.exception_handler(PermissionDenied)
def _denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problems.problem(403, str(exc) or _("Anda tidak berhak melakukan ini."))


@api.exception_handler(Http404)
def _missing(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problems.problem(404, str(exc) or _("Tidak ditemukan."))


@api.exception_handler(VersionConflict)
def _conflict(request: HttpRequest, exc: VersionConflict) -> HttpResponse:
    current = exc.current
    return problems.problem(
        412,
        exc.message,
        [("If-Match", _("versi sekarang %(now)s") % {"now": current.version})],
        headers={"ETag": f'"{current.pk}.{current.version}"'},
    )


@api.exception_handler(RealizationLocked)
def _locked(request: HttpRequest, exc: RealizationLocked) -> HttpResponse:
    return problems.problem(409, exc.message, kind="locked")


@api.exception_handler(WorkflowError)
def _workflow(request: HttpRequest, exc: WorkflowError) -> HttpResponse:
    return problems.problem(409 if exc.where is None else 422, exc.message, _where(exc))


@api.exception_handler(KinerjaValidationError)
def _bad_input(request: HttpRequest, exc: KinerjaValidationError) -> HttpResponse:
    return problems.problem(422, str(exc), _where(exc))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problems.problem(exc.status_code, str(exc))


def _where(exc: KinerjaValidationError) -> list[tuple[str, str]]:
    return [(str(exc.where), exc.message)] if exc.where else []


def _routers() -> None:
    from kinerja.api.endpoints import (
        budget,
        documents,
        evaluation,
        interchange,
        packs,
        performance,
        realizations,
        results,
        units,
    )

    api.add_router("/units", units.router)
    api.add_router("/realizations", realizations.router)
    api.add_router("/results", results.router)
    api.add_router("/documents", documents.router)
    api.add_router("/interchange", interchange.router)
    api.add_router("/packs", packs.router)
    api.add_router("", performance.router)
    api.add_router("/budget", budget.router)
    api.add_router("/evaluation", evaluation.router)


_routers()
