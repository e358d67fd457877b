"""Realisation pages: the list per unit-year-period, the entry form with evidence and the
workflow steps, the "menunggu saya" list, and evidence downloads behind an access check.

Every figure shown is computed by the engine (``kinerja.measurement.services``); every change
goes through ``kinerja.measurement.workflow`` / ``kinerja.measurement.evidence``, which ask
``kinerja.organizations.access`` (a refused POST is a 403 page). Works without JavaScript; a
small script only previews the computed realisation while typing.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kinerja.calendar.rules import closed_message, period_closed
from kinerja.core.numbers import show_target, show_value
from kinerja.core.types import KinerjaValidationError
from kinerja.figures.inforce import plan_for
from kinerja.interchange import document as d
from kinerja.interchange.db import measured_document
from kinerja.measurement import evidence as ev
from kinerja.measurement import services, workflow
from kinerja.measurement.forms import EvidenceForm, RealizationForm, read_number
from kinerja.measurement.models import EVENT_LABELS, STATUS_LABELS, VERIFY, Evidence, Realization
from kinerja.organizations import access, permissions
from kinerja.organizations.models import Unit
from kinerja.planning.models import Indicator

STEP_FUNCTIONS = {"submit", "verify", "approve", "return", "open_lock", "relock"}
STEP_BUTTONS = {
    "submit": gettext_lazy("Ajukan untuk verifikasi"),
    "verify": gettext_lazy("Verifikasi"),
    "approve": gettext_lazy("Setujui dan kunci"),
    "return": gettext_lazy("Kembalikan"),
    "open_lock": gettext_lazy("Buka kunci"),
    "relock": gettext_lazy("Kunci kembali"),
}
STEP_DONE = {
    "submit": gettext_lazy("Realisasi diajukan untuk verifikasi."),
    "verify": gettext_lazy("Realisasi diverifikasi."),
    "approve": gettext_lazy("Realisasi disetujui dan dikunci."),
    "return": gettext_lazy("Realisasi dikembalikan dengan catatan."),
    "open_lock": gettext_lazy("Kunci dibuka; realisasi dapat dikoreksi."),
    "relock": gettext_lazy("Realisasi dikunci kembali."),
}


# --- lookups ------------------------------------------------------------------------------------


def _unit(code: str, user: Any) -> Unit:
    return access.unit_for(user, code)[0]


def _quarter(period: str) -> int | None:
    try:
        return services.quarter_of(period)
    except ValueError:
        raise Http404(_("Periode tidak dikenal (tahun, tw1-tw4)")) from None


def _indicator(unit: Unit, pk: int) -> Indicator:
    indicator = Indicator.objects.filter(pk=pk, plan__unit=unit).select_related("owner", "plan__unit").first()
    if indicator is None:
        raise Http404(_("Indikator tidak ditemukan di Renstra unit ini"))
    return indicator


def _require_plan(doc: d.Document, unit: Unit, year: int) -> None:
    if plan_for(doc, unit.code, year) is None:
        raise Http404(_("Unit tidak punya Renstra untuk tahun ini"))


def detail_url(unit: Unit, year: int, period: str, indicator: Indicator | int) -> str:
    pk = indicator if isinstance(indicator, int) else indicator.pk
    return reverse("measurement:detail", args=[unit.code, year, period, pk])


# --- list ---------------------------------------------------------------------------------------


@login_required
@require_GET
def unit_start(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit(code, request.user)
    view = services.period_view(unit, None, None)
    if not view.year:
        return render(request, "measurement/list.html", {"view": view, "unit": unit, "periods": []})
    return redirect("measurement:list", unit.code, view.year)


@login_required
@require_GET
def realization_list(request: HttpRequest, code: str, year: int) -> HttpResponse:
    unit = _unit(code, request.user)
    period = request.GET.get("periode") or "tahun"
    quarter = _quarter(period)
    view = services.period_view(unit, year, quarter)
    scope = access.Scope(request.user)
    rows = []
    for row in view.rows:
        r = row.realization
        rows.append(
            {
                "row": row,
                "status": str(STATUS_LABELS.get(r.status, r.status)) if r else _("belum diisi"),
                "status_code": r.status if r else "none",
                "locked": bool(r and r.locked),
                "url": detail_url(unit, year, period, row.indicator) if row.indicator else "",
            }
        )
    return render(
        request,
        "measurement/list.html",
        {
            "unit": unit,
            "view": view,
            "rows": rows,
            "period": period,
            "period_label": services.period_label(period, year),
            "periods": [(p, services.PERIOD_LABELS[p]) for p in services.PERIODS],
            "can_enter": scope.can(permissions.ENTER_REALIZATION, unit),
        },
    )


# --- detail and entry ---------------------------------------------------------------------------


def _shown(field: str, value: str | None) -> str | None:
    """A value of the history as people read it: status words, ya/tidak, Indonesian numbers."""
    if value is None:
        return None
    if field in ("status", "from_status", "to_status"):
        return str(STATUS_LABELS.get(value, value))
    if field == "locked":
        return {"True": _("ya"), "False": _("tidak")}.get(value, value)
    if field in ("value", "value_number") and value:
        try:
            return services.format_input(Decimal(value))
        except (ArithmeticError, ValueError, KinerjaValidationError):
            return value
    return value


def _snapshot(text: str | None) -> dict[str, Any]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _history_rows(r: Realization | None) -> list[dict[str, Any]]:
    if r is None:
        return []
    labels = {f.name: str(f.verbose_name) for f in Realization._meta.concrete_fields}
    out = []
    for c in services.record_history(r):
        model = c.content_type.model
        old, new = c.old_value, c.new_value
        snapshot = _snapshot(new if c.action == "create" else old) if c.action != "update" else {}
        if model == "realization":
            what = labels.get(c.field, c.field) if c.field else _("realisasi")
            if c.action != "update":
                old = new = None
            else:
                old, new = _shown(c.field, old), _shown(c.field, new)
        elif model == "realizationinput":
            name = snapshot.get("name") or c.object_repr.rsplit(": ", 1)[-1].split(" = ")[0]
            what = _("masukan %(name)s") % {"name": name}
            if c.action == "update":
                old, new = _shown("value", old), _shown("value", new)
            else:
                shown = _shown("value", snapshot.get("value"))
                old, new = (None, shown) if c.action == "create" else (shown, None)
        else:
            what = _("bukti dukung")
            if c.action == "update":
                what = _("bukti dukung (%(field)s)") % {"field": c.field}
            else:
                ref = snapshot.get("reference")
                old, new = (None, ref) if c.action == "create" else (ref, None)
        out.append({"change": c, "what": what, "old": old, "new": new})
    return out


def _detail_context(
    request: HttpRequest,
    unit: Unit,
    year: int,
    period: str,
    indicator: Indicator,
    form: RealizationForm | None = None,
    conflict: workflow.VersionConflict | None = None,
    evidence_form: EvidenceForm | None = None,
) -> dict[str, Any]:
    quarter = services.quarter_of(period)
    doc = measured_document(unit)
    view = services.period_view(unit, year, quarter, doc=doc)
    if view.plan is None:
        raise Http404(_("Unit tidak punya Renstra untuk tahun ini"))
    key, doc_ind = services.doc_indicator(doc, indicator, year)
    row = next((x for x in view.rows if x.key == key), None)
    r = services.find_realization(unit, indicator, year, quarter)
    scope = access.Scope(request.user)
    can_enter = scope.can(permissions.ENTER_REALIZATION, unit)
    closed = (
        workflow.closed_since(r) if r else period_closed(unit.agency_id, year, quarter, timezone.localdate())
    )
    steps = workflow.available_steps(request.user, r) if r else (["edit"] if can_enter and not closed else [])
    editable = "edit" in steps
    if form is None:
        form = _form(indicator, doc_ind, initial=RealizationForm.initial_for(r))
    if evidence_form is None:
        evidence_form = EvidenceForm()
    exception = workflow.open_exception(r) if r else None
    current_values: list[tuple[str, str]] = []
    if conflict is not None:
        cur = conflict.current
        for inp in cur.inputs.all():
            current_values.append(
                (_("masukan %(name)s") % {"name": inp.name}, services.format_input(inp.value))
            )
        if cur.value_number is not None:
            current_values.append((_("nilai realisasi"), services.format_input(cur.value_number)))
        if cur.value_label:
            current_values.append((_("nilai realisasi (skala)"), cur.value_label))
        for name, label in (
            ("analysis", _("analisis")),
            ("supporting", _("faktor pendukung")),
            ("inhibiting", _("faktor penghambat")),
            ("follow_up", _("tindak lanjut")),
        ):
            current_values.append((label, getattr(cur, name) or "–"))
    return {
        "unit": unit,
        "year": year,
        "period": period,
        "period_label": services.period_label(period, year),
        "indicator": indicator,
        "doc_indicator": doc_ind,
        "row": row,
        "view": view,
        "r": r,
        "status": str(STATUS_LABELS.get(r.status, r.status)) if r else _("belum diisi"),
        "form": form,
        "editable": editable,
        "can_enter": can_enter,
        "steps": [(s, STEP_BUTTONS[s]) for s in steps if s in STEP_BUTTONS],
        # before submitting: what the record lacks (a warning, or the agency's rule refuses)
        "closed": None if closed is None else closed_message(year, quarter, closed),
        "submit_lacking": workflow.missing_for_submit(r) if r and "submit" in steps else [],
        "conflict": conflict,
        "current_values": current_values,
        "evidence": list(r.evidence.select_related("uploaded_by").order_by("position", "id")) if r else [],
        "evidence_form": evidence_form,
        "evidence_help": _("%(allowed)s; paling besar %(size)s")
        % {"allowed": ev.ALLOWED_TEXT, "size": ev.size_text(ev.max_evidence_bytes())},
        "accept": ev.ACCEPT,
        "events": (events := workflow.workflow_history(r) if r else []),
        # a record sent back: the verifier's note at the top of the page, not only in the history
        "returned": events[-1]
        if r and r.status == "draft" and events and events[-1].action == "return"
        else None,
        "event_labels": EVENT_LABELS,
        "history": _history_rows(r),
        "exception": exception,
        "detail_url": detail_url(unit, year, period, indicator),
        "list_url": reverse("measurement:list", args=[unit.code, year]) + f"?periode={period}",
    }


def _form(indicator: Indicator, doc_ind: d.Indicator | None, **kwargs: Any) -> RealizationForm:
    return RealizationForm(
        indicator=indicator,
        formula=(doc_ind.formula if doc_ind else indicator.formula) or None,
        scale=list(doc_ind.scale if doc_ind else indicator.scale or []),
        descriptions=dict(doc_ind.variables) if doc_ind else None,
        **kwargs,
    )


@login_required
def realization_detail(
    request: HttpRequest, code: str, year: int, period: str, indicator: int
) -> HttpResponse:
    unit = _unit(code, request.user)
    quarter = _quarter(period)
    ind = _indicator(unit, indicator)
    if request.method == "GET":
        return render(request, "measurement/detail.html", _detail_context(request, unit, year, period, ind))
    if request.method != "POST":
        return HttpResponse(status=405)
    access.require(request.user, permissions.ENTER_REALIZATION, unit)
    doc = measured_document(unit)
    _require_plan(doc, unit, year)
    _plan, doc_ind = services.doc_indicator(doc, ind, year)
    form = _form(ind, doc_ind, data=request.POST)
    if not form.is_valid():
        context = _detail_context(request, unit, year, period, ind, form=form)
        return render(request, "measurement/detail.html", context, status=400)
    changes = form.changes()
    expected = form.cleaned_data["version"]
    try:
        with transaction.atomic():
            r = services.find_realization(unit, ind, year, quarter)
            if r is None:
                r, created = services.start_realization(request.user, unit, ind, year, quarter)
                if created:
                    expected = r.version
            if expected == 0:  # the user opened an empty form; someone created the record since
                raise workflow.VersionConflict(r, changes, 0)
            workflow.save_realization(request.user, r, changes, expected)
    except workflow.VersionConflict as exc:
        data = request.POST.copy()
        data["version"] = str(exc.current.version)  # saving again is a deliberate overwrite
        form = _form(ind, doc_ind, data=data)
        form.is_valid()
        context = _detail_context(request, unit, year, period, ind, form=form, conflict=exc)
        return render(request, "measurement/detail.html", context, status=409)
    except KinerjaValidationError as exc:  # WorkflowError, RealizationLocked: nothing saved
        form.add_error(None, str(exc))
        context = _detail_context(request, unit, year, period, ind, form=form)
        return render(request, "measurement/detail.html", context, status=400)
    messages.success(request, _("Realisasi tersimpan."))
    return redirect(detail_url(unit, year, period, ind))


@login_required
@require_POST
def realization_preview(
    request: HttpRequest, code: str, year: int, period: str, indicator: int
) -> HttpResponse:
    """The realisation and capaian the engine computes from the typed (unsaved) input: an HTML
    fragment (for htmx or the page's small script)."""
    unit = _unit(code, request.user)
    quarter = _quarter(period)
    ind = _indicator(unit, indicator)
    doc = measured_document(unit)
    key, doc_ind = services.doc_indicator(doc, ind, year)
    form = _form(ind, doc_ind, data=request.POST)
    form.is_valid()
    context: dict[str, Any] = {"errors": [e for f in form.errors.values() for e in f]}
    value: Decimal | str | None = None
    inputs: dict[str, Decimal] = {}
    if form.mode == "inputs":
        inputs = form.typed_inputs()
    elif form.mode == "label":
        value = str(request.POST.get("value_label") or "") or None
    elif not form.errors:
        value = form.cleaned_data.get("value_number") or None
        if isinstance(value, str):
            value = read_number(value, _("nilai realisasi"))
    record = d.Realization(
        unit=unit.code, indicator=key, period=d.Period(year, quarter), value=value, inputs=inputs
    )
    try:
        result, _annual = services.compute_period(services.with_record(doc, record), unit.code, year, quarter)
    except KinerjaValidationError as exc:
        context["errors"].append(str(exc))
    else:
        found = next((i for o in result.objectives for i in o.indicators if i.key == key), None)
        if found is not None:
            context.update(
                {
                    "target": show_target(found.target),
                    "value": show_value(found.realization),
                    "achievement": show_value(found.achievement),
                    "uncapped": show_value(found.achievement_uncapped),
                    "notes": found.notes,
                }
            )
    return render(request, "measurement/_preview.html", context)


@login_required
@require_POST
def realization_step(request: HttpRequest, code: str, year: int, period: str, indicator: int) -> HttpResponse:
    unit = _unit(code, request.user)
    quarter = _quarter(period)
    ind = _indicator(unit, indicator)
    action = request.POST.get("langkah", "")
    if action not in STEP_FUNCTIONS:
        return HttpResponseBadRequest(_("Langkah tidak dikenal."))
    r = services.find_realization(unit, ind, year, quarter)
    if r is None:
        raise Http404(_("Realisasi belum ada"))
    try:
        expected: int | None = int(request.POST.get("version", ""))
    except ValueError:
        expected = None
    comment = (request.POST.get("catatan") or "").strip()
    back = detail_url(unit, year, period, ind)
    try:
        if action == "submit":
            workflow.submit(request.user, r, expected)
        elif action == "verify":
            workflow.verify(request.user, r, expected)
        elif action == "approve":
            workflow.approve(request.user, r, expected)
        elif action == "return":
            workflow.return_realization(request.user, r, comment, expected)
        elif action == "open_lock":
            _check_version(r, expected)
            workflow.open_lock_exception(request.user, r, comment)
        else:
            _check_version(r, expected)
            workflow.relock(request.user, r, comment)
    except KinerjaValidationError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    messages.success(request, str(STEP_DONE[action]))
    return redirect(back)


def _check_version(r: Realization, expected: int | None) -> None:
    if expected is not None and r.version != expected:
        raise workflow.VersionConflict(r, {}, expected)


# --- evidence -----------------------------------------------------------------------------------


@login_required
@require_POST
def evidence_upload(request: HttpRequest, code: str, year: int, period: str, indicator: int) -> HttpResponse:
    unit = _unit(code, request.user)
    quarter = _quarter(period)
    ind = _indicator(unit, indicator)
    access.require(request.user, permissions.ENTER_REALIZATION, unit)
    _require_plan(measured_document(unit), unit, year)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with transaction.atomic():
                r = services.find_realization(unit, ind, year, quarter)
                if r is None:
                    r, _created = services.start_realization(request.user, unit, ind, year, quarter)
                ev.add_evidence(request.user, r, form.cleaned_data["berkas"])
        except KinerjaValidationError as exc:
            form.add_error("berkas", exc.message)
        else:
            messages.success(request, _("Bukti dukung diunggah."))
            return redirect(detail_url(unit, year, period, ind) + "#bukti")
    context = _detail_context(request, unit, year, period, ind, evidence_form=form)
    return render(request, "measurement/detail.html", context, status=400)


def _evidence(pk: int, user: Any) -> Evidence:
    evidence = Evidence.objects.filter(pk=pk).select_related("realization__unit").first()
    if evidence is None:
        raise Http404(_("Bukti dukung tidak ditemukan"))
    access.require(user, permissions.VIEW, evidence.realization.unit)
    return evidence


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    evidence = _evidence(pk, request.user)
    if not evidence.file:
        raise Http404(_("Bukti dukung ini hanya berupa keterangan, tanpa berkas"))
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Berkas bukti dukung tidak ada di penyimpanan")) from None
    inline = ev.inline_allowed(evidence) and request.GET.get("unduh") is None
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=evidence.reference or "bukti",
        content_type=evidence.content_type or "application/octet-stream",
    )
    # whatever the file holds runs nowhere: no script, no form, no request, in a unique origin
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _evidence(pk, request.user)
    r = evidence.realization
    quarter = r.quarter
    period = services.period_of(quarter)
    back = detail_url(r.unit, r.year, period, r.indicator_id)
    try:
        ev.delete_evidence(request.user, evidence)
    except KinerjaValidationError as exc:
        messages.error(request, str(exc))
        return redirect(back + "#bukti")
    messages.success(request, _("Bukti dukung %(reference)s dihapus.") % {"reference": evidence.reference})
    return redirect(back + "#bukti")


# --- waiting for me -----------------------------------------------------------------------------


@login_required
def waiting(request: HttpRequest) -> HttpResponse:
    """What waits for the user's step (``?unit=KODE``: one unit); verifiers and approvers tick
    several rows and verify or approve them at once (``workflow.bulk_step``)."""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in workflow.BULK_STEPS:
            return HttpResponseBadRequest(_("Langkah tidak dikenal."))
        versions: dict[int, int] = {}
        for pk in request.POST.getlist("pilih"):
            version = request.POST.get(f"versi-{pk}", "")
            if pk.isdigit() and version.isdigit():
                versions[int(pk)] = int(version)
        if not versions:
            messages.error(request, _("Centang dulu realisasi yang akan diproses."))
        else:
            outcomes = workflow.bulk_step(request.user, action, versions)
            done = [o for o in outcomes if o.done]
            if done:
                messages.success(
                    request,
                    (
                        _("%(n)s realisasi diverifikasi.")
                        if action == VERIFY
                        else _("%(n)s realisasi disetujui.")
                    )
                    % {"n": len(done)},
                )
            for o in outcomes:
                if not o.done:
                    messages.error(
                        request,
                        _("%(record)s tidak diproses: %(why)s") % {"record": o.label, "why": o.message},
                    )
        return redirect(request.get_full_path())
    if request.method not in ("GET", "HEAD"):
        return HttpResponseBadRequest()
    only = request.GET.get("unit", "").strip()
    items = []
    waiting = [i for i in workflow.waiting_for(request.user) if not only or i.realization.unit.code == only]
    for item in waiting:
        r = item.realization
        items.append(
            {
                "item": item,
                "r": r,
                "status": str(STATUS_LABELS.get(r.status, r.status)),
                "period": services.period_label(services.period_of(r.quarter), r.year),
                "url": detail_url(r.unit, r.year, services.period_of(r.quarter), r.indicator_id),
                "bulk": item.step in workflow.BULK_STEPS,
            }
        )
    steps = sorted({item.step for item in waiting if item.step in workflow.BULK_STEPS})
    return render(request, "measurement/waiting.html", {"items": items, "only": only, "bulk_steps": steps})
