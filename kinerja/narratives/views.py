"""The LKj narrative pages under ``/narasi/`` (rules in ``kinerja.narratives.services``).

* ``/narasi/<unit>/<tahun>/``: every text of the unit-year with its status, and the links to the
  per-indicator analysis (kept on the realisation records, ``/realisasi/``);
* ``/narasi/<unit>/<tahun>/<kunci>/``: one text: the approved text the LKj prints, the pending
  draft, the form (planner, ``edit_plan``), the steps, the history;
* ``/narasi/<unit>/<tahun>/<kunci>/langkah/`` (POST): submit, withdraw (planner), approve, return
  with a comment (unit head, ``approve_text``).

Every user who may read the unit reads the pages; a user without the right gets HTTP 403 on a
POST. A stale form or step is refused (HTTP 409) with the current text shown and the user's input
kept. Plain HTML forms: no JavaScript needed.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kinerja.history.models import Change
from kinerja.narratives import services
from kinerja.narratives.chapters import BY_KEY, Chapter
from kinerja.narratives.forms import TextForm
from kinerja.narratives.models import APPROVED, DRAFT, STATUS_CHOICES, SUBMITTED, Narrative
from kinerja.narratives.services import EMPTY, NarrativeError, TextState, VersionConflict
from kinerja.organizations import access, permissions
from kinerja.organizations.models import Unit

STATUS_LABELS: dict[str, Any] = {**dict(STATUS_CHOICES), EMPTY: gettext_lazy("Belum diisi")}
STEP_DONE = {
    "submit": gettext_lazy("Teks diajukan kepada pimpinan untuk disetujui."),
    "withdraw": gettext_lazy("Pengajuan ditarik kembali; teks kembali menjadi draf."),
    "approve": gettext_lazy("Teks disetujui; Laporan Kinerja kini mencetak teks ini."),
    "return": gettext_lazy("Teks dikembalikan kepada perencana dengan catatan."),
}
FIELD_LABELS = {
    "text": gettext_lazy("teks"),
    "status": gettext_lazy("status"),
    "comment": gettext_lazy("catatan pimpinan"),
}


def _year(year: int) -> int:
    if not services.MIN_YEAR <= year <= services.MAX_YEAR:
        raise Http404(_("Tahun %(year)s tidak sah") % {"year": year})
    return year


def _chapter(key: str) -> Chapter:
    chapter = BY_KEY.get(key)
    if chapter is None:
        raise Http404(_("Bagian teks LKj tidak dikenal"))
    return chapter


def _text_url(unit: Unit, year: int, key: str) -> str:
    return reverse("narratives:text", args=[unit.code, year, key])


# --- the unit-year ------------------------------------------------------------------------------


def _analysis_rows(unit: Unit, year: int) -> list[dict[str, Any]]:
    """The indicators the year measures, with their annual record's analysis (written on the
    realisation page, not here)."""
    from kinerja.measurement.services import period_view

    rows = []
    for row in period_view(unit, year, None).rows:
        if row.indicator is None:
            continue
        r = row.realization
        rows.append(
            {
                "code": row.indicator.code,
                "name": row.indicator.name,
                "objective": row.objective,
                "written": bool(r is not None and r.analysis.strip()),
                "url": reverse("measurement:detail", args=[unit.code, year, "tahun", row.indicator.pk]),
            }
        )
    return rows


@login_required
@require_GET
def year_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    unit, scope = access.unit_for(request.user, code)
    _year(year)
    states = services.year_states(unit, year)
    parts: list[dict[str, Any]] = []
    for state in states:
        if not parts or parts[-1]["part"] != state.chapter.part:
            parts.append({"part": state.chapter.part, "rows": []})
        parts[-1]["rows"].append({"state": state, "label": STATUS_LABELS[state.status]})
    return render(
        request,
        "narratives/year.html",
        {
            "unit": unit,
            "year": year,
            "parts": parts,
            "waiting": sum(1 for s in states if s.status == SUBMITTED),
            "drafts": sum(1 for s in states if s.status == DRAFT),
            "can_edit": scope.can(permissions.EDIT_PLAN, unit),
            "can_approve": scope.can(permissions.APPROVE_TEXT, unit),
            "analysis": _analysis_rows(unit, year),
        },
    )


# --- one text -----------------------------------------------------------------------------------


def _value(change: Change, value: str | None) -> str:
    """A history value as the page shows it: the text of a created/deleted record's snapshot,
    the label of a status."""
    if value is None:
        return ""
    if change.action != "update":
        try:
            data = json.loads(value)
        except ValueError:
            return value
        return str(data.get("text") or "") if isinstance(data, dict) else value
    if change.field == "status":
        return str(STATUS_LABELS.get(value, value))
    return value


def _history(state: TextState) -> list[dict[str, Any]]:
    narrative_type = Narrative._meta.label_lower
    rows = []
    for change in services.history(state):
        is_draft = f"{change.content_type.app_label}.{change.content_type.model}" == narrative_type
        rows.append(
            {
                "change": change,
                "record": _("Teks perencana") if is_draft else _("Teks yang dicetak (disetujui)"),
                "field": FIELD_LABELS.get(change.field, change.field),
                "old": _value(change, change.old_value),
                "new": _value(change, change.new_value),
            }
        )
    return rows


def _render(
    request: HttpRequest,
    unit: Unit,
    scope: access.Scope,
    state: TextState,
    *,
    form: TextForm | None = None,
    conflict: TextState | None = None,
    error: str = "",
    comment: str = "",
    status: int = 200,
) -> HttpResponse:
    can_edit = scope.can(permissions.EDIT_PLAN, unit)
    can_approve = scope.can(permissions.APPROVE_TEXT, unit)
    editable = can_edit and state.status != SUBMITTED
    if form is None and editable:
        form = TextForm(state.chapter, initial={"text": state.working_text, "token": state.token})
    return render(
        request,
        "narratives/text.html",
        {
            "unit": unit,
            "year": state.year,
            "state": state,
            "chapter": state.chapter,
            "label": STATUS_LABELS[state.status],
            "approved_label": STATUS_LABELS[APPROVED],
            "form": form if editable else None,
            "conflict": conflict,
            "error": error,
            "comment": comment,
            "can_submit": can_edit and state.status == DRAFT,
            "can_withdraw": can_edit and state.status == SUBMITTED,
            "can_decide": can_approve and state.status == SUBMITTED,
            "can_edit": can_edit,
            "history": _history(state),
        },
        status=status,
    )


@login_required
def text_page(request: HttpRequest, code: str, year: int, key: str) -> HttpResponse:
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    action = permissions.EDIT_PLAN if request.method == "POST" else permissions.VIEW
    unit, scope = access.unit_for(request.user, code, action)
    chapter = _chapter(key)
    _year(year)
    if request.method != "POST":
        return _render(request, unit, scope, services.text_state(unit, year, key))
    form = TextForm(chapter, request.POST)
    if not form.is_valid():
        return _render(request, unit, scope, services.text_state(unit, year, key), form=form, status=400)
    try:
        saved = services.save_text(
            request.user, unit, year, key, form.cleaned_data["text"], form.cleaned_data["token"]
        )
    except VersionConflict as exc:
        # the user's text stays in the form; the token is now the current one, so saving again
        # from this page is a deliberate overwrite
        data = request.POST.copy()
        data["token"] = exc.state.token
        form = TextForm(chapter, data)
        form.is_valid()
        form.add_error(None, str(exc))
        return _render(request, unit, scope, exc.state, form=form, conflict=exc.state, status=409)
    except NarrativeError as exc:
        form.add_error(None, str(exc))
        return _render(request, unit, scope, services.text_state(unit, year, key), form=form, status=400)
    if saved is None:
        messages.info(request, _("Tidak ada perubahan: teksnya sama dengan yang tersimpan."))
    else:
        messages.success(
            request,
            _("Draf “%(title)s” tersimpan. Ajukan kepada pimpinan bila sudah selesai.")
            % {"title": chapter.title},
        )
    return redirect(_text_url(unit, year, key))


@login_required
@require_POST
def text_step(request: HttpRequest, code: str, year: int, key: str) -> HttpResponse:
    unit, scope = access.unit_for(request.user, code)
    _chapter(key)
    _year(year)
    step = request.POST.get("langkah", "")
    if step not in STEP_DONE:
        return HttpResponseBadRequest(_("Langkah tidak dikenal."))
    token = request.POST.get("token", "")
    comment = request.POST.get("catatan", "")
    try:
        if step == "submit":
            services.submit(request.user, unit, year, key, token)
        elif step == "withdraw":
            services.withdraw(request.user, unit, year, key, token)
        elif step == "approve":
            services.approve(request.user, unit, year, key, token)
        else:
            services.return_text(request.user, unit, year, key, comment, token)
    except VersionConflict as exc:
        return _render(request, unit, scope, exc.state, error=str(exc), comment=comment, status=409)
    except NarrativeError as exc:
        state = services.text_state(unit, year, key)
        return _render(request, unit, scope, state, error=str(exc), comment=comment, status=400)
    messages.success(request, str(STEP_DONE[step]))
    return redirect(_text_url(unit, year, key))
