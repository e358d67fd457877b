"""Pages of the spreadsheet round-trip, per unit and year:

* ``/xlsx/<unit>/<year>/templat/`` (GET): the XLSX template, for whoever may read the unit
  (sheets the user may not edit come read-only);
* ``/xlsx/<unit>/<year>/`` (GET): the page with the download link and, for who may edit
  something there (``edit_plan``, ``edit_agreement`` or ``enter_realization``), the upload form;
  (POST): the upload, checked as a whole; the page shows the problems per cell (nothing saved,
  HTTP 400) or what was saved, per sheet.

Every page needs a signed-in user; a user without the right gets HTTP 403.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kinerja.organizations import access, permissions
from kinerja.organizations.models import Unit
from kinerja.spreadsheets import layout as L
from kinerja.spreadsheets import template
from kinerja.spreadsheets import upload as up

log = logging.getLogger(__name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EDIT_ACTIONS = (permissions.EDIT_PLAN, permissions.EDIT_AGREEMENT, permissions.ENTER_REALIZATION)
MIN_YEAR, MAX_YEAR = 1900, 2999


def _unit(request: HttpRequest, code: str, year: int) -> tuple[Unit, access.Scope]:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404(_("Tahun tidak sah"))
    return access.unit_for(request.user, code)


def _can_upload(scope: access.Scope, unit: Unit) -> bool:
    return any(scope.can(action, unit) for action in EDIT_ACTIONS)


@login_required
def template_download(request: HttpRequest, code: str, year: int) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    unit, _scope = _unit(request, code, year)
    content = template.template_for(request.user, unit, year)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{template.filename(unit, year)}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def upload(request: HttpRequest, code: str, year: int) -> HttpResponse:
    unit, scope = _unit(request, code, year)
    can_upload = _can_upload(scope, unit)
    context: dict[str, Any] = {
        "unit": unit,
        "year": year,
        "can_upload": can_upload,
        "rights": [
            (L.TARGETS_SHEET, scope.can(permissions.EDIT_PLAN, unit)),
            (L.QUARTERS_SHEET, scope.can(permissions.EDIT_AGREEMENT, unit)),
            (L.REALIZATIONS_SHEET, scope.can(permissions.ENTER_REALIZATION, unit)),
        ],
        "max_size": up.max_bytes() // (1024 * 1024),
    }
    if request.method in ("GET", "HEAD"):
        return render(request, "spreadsheets/upload.html", context)
    if request.method != "POST":
        return HttpResponse(status=405)
    if not can_upload:
        raise PermissionDenied(
            _("Anda tidak berhak mengubah data unit %(unit)s lewat berkas XLSX.") % {"unit": unit.code}
        )
    uploaded = request.FILES.get("berkas")
    if uploaded is None:
        context["outcome"] = up.Outcome(
            problems=[up.Problem(None, None, _("Pilih berkas XLSX yang akan diunggah."))]
        )
        return render(request, "spreadsheets/upload.html", context, status=400)
    limit = up.max_bytes()
    try:
        if uploaded.size is not None and uploaded.size > limit:
            outcome = up.too_large(uploaded.size, limit)  # refused without reading the upload
        else:
            outcome = up.process_upload(
                request.user, unit, year, uploaded.read(limit + 1), limit, source=uploaded.name or ""
            )
    except PermissionDenied:
        raise
    except Exception:  # noqa: BLE001 - never a 500 for a file: report it, nothing was saved
        log.exception("XLSX upload failed for %s %s", unit.code, year)
        outcome = up.Outcome(
            problems=[
                up.Problem(
                    None,
                    None,
                    _("Berkas tidak dapat diproses karena kesalahan tak terduga; tidak ada yang disimpan."),
                )
            ]
        )
    context["outcome"] = outcome
    context["filename"] = uploaded.name
    return render(request, "spreadsheets/upload.html", context, status=200 if outcome.ok else 400)


@login_required
def budget_template(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The budget workbook (output structure and lines on RO/KRO) of a unit-year."""
    from kinerja.spreadsheets import budget

    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    unit, _scope = _unit(request, code, year)
    response = HttpResponse(budget.build(request.user, unit, year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{budget.filename(unit, year)}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def budget_upload(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """POST: the filled budget workbook, saved all or nothing; back to the entry page, which says
    what was saved or every problem found (by sheet, row and cell)."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from kinerja.budget.services import BudgetRefused
    from kinerja.spreadsheets import budget

    if request.method != "POST":
        return HttpResponse(status=405)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404(_("Tahun tidak sah"))
    unit, _scope = access.unit_for(request.user, code, permissions.ENTER_BUDGET)
    uploaded = request.FILES.get("berkas")
    try:
        if uploaded is None:
            raise up.UploadRefused(_("Pilih berkas XLSX yang akan diunggah."))
        limit = up.max_bytes()
        if uploaded.size is not None and uploaded.size > limit:
            raise up.UploadRefused(
                _("Berkas terlalu besar; paling besar %(n)s MB.") % {"n": limit // (1024 * 1024)}
            )
        nodes, lines = budget.upload(request.user, unit, year, uploaded.read(limit + 1))
        messages.success(
            request,
            _("Isian anggaran disimpan: %(nodes)s keluaran dan %(lines)s entri anggaran per keluaran.")
            % {"nodes": nodes, "lines": lines},
        )
    except (up.UploadRefused, BudgetRefused) as exc:
        messages.error(request, _("Tidak ada yang disimpan. %(problem)s") % {"problem": exc.message})
    except PermissionDenied:
        raise
    except Exception:  # noqa: BLE001 - never a 500 for a file: report it, nothing was saved
        log.exception("budget XLSX upload failed for %s %s", unit.code, year)
        messages.error(
            request, _("Berkas tidak dapat diproses karena kesalahan tak terduga; tidak ada yang disimpan.")
        )
    return redirect("budget:enter", unit.code, year)
