"""Download the official documents of a unit: ``/laporan/<unit>/<jenis>/?tahun=2022&format=pdf``.

``jenis`` is ``lkj``, ``pk`` (``versi`` optional), ``renstra`` or ``rencana-aksi``. Access is
``require_view_unit``; a bad parameter gives a page with the reason in Bahasa Indonesia (HTTP 400),
an unknown unit HTTP 404, never a server error for bad input.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.core.types import KinerjaValidationError
from kinerja.organizations.access import unit_for
from kinerja.organizations.models import Unit
from kinerja.reports.service import FORMATS, KINDS, document_from_database, generate, reviu_from_database

_KIND_NAMES = {
    "lkj": gettext_lazy("Laporan Kinerja"),
    "pk": gettext_lazy("Perjanjian Kinerja"),
    "renstra": gettext_lazy("Matriks Renstra"),
    "rencana-aksi": gettext_lazy("Rencana Aksi"),
    "lhe": gettext_lazy("Laporan Hasil Evaluasi AKIP"),
}


def _bad(request: HttpRequest, unit: Unit | None, message: str, status: int = 400) -> HttpResponse:
    return render(request, "reports/error.html", {"unit": unit, "message": message}, status=status)


def _int_param(request: HttpRequest, name: str, label: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 6:
        raise KinerjaValidationError(
            _("%(label)s harus berupa bilangan bulat, bukan '%(raw)s'") % {"label": label, "raw": raw[:20]}
        )
    return int(raw)


@login_required
def download(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    unit = unit_for(request.user, code)[0]
    if kind not in KINDS:
        return _bad(
            request,
            unit,
            _("Jenis dokumen '%(kind)s' tidak dikenal. Pilihan: %(choices)s.")
            % {"kind": kind[:30], "choices": ", ".join(KINDS)},
        )
    fmt = request.GET.get("format", FORMATS[kind][0]).strip().lower()
    if fmt not in FORMATS[kind]:
        return _bad(
            request,
            unit,
            _("Format '%(format)s' tidak tersedia untuk %(kind)s. Pilihan: %(choices)s.")
            % {"format": fmt[:10], "kind": _KIND_NAMES[kind], "choices": ", ".join(FORMATS[kind])},
        )
    try:
        year = _int_param(request, "tahun", _("Tahun"))
        version = _int_param(request, "versi", _("Versi"))
        if kind != "renstra" and year is None:
            raise KinerjaValidationError(_("Tahun wajib diisi (parameter ?tahun=...)"))
        doc = document_from_database(unit)
        reviu = reviu_from_database(unit, year) if kind == "lkj" else None
        output = generate(doc, kind, unit.code, year, fmt, version=version, reviu=reviu)
    except KinerjaValidationError as exc:
        return _bad(
            request,
            unit,
            _("%(kind)s tidak dapat dibuat: %(reason)s.") % {"kind": _KIND_NAMES[kind], "reason": exc},
        )
    response = HttpResponse(output.content, content_type=output.media_type)
    response["Content-Disposition"] = f'attachment; filename="{output.filename}"'
    response["X-Kinerja-Data-Hash"] = output.provenance.identifier
    return response
