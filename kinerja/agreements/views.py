"""Pages of the Perjanjian Kinerja and the Rencana Aksi of a unit.

Every page needs a signed-in user and asks ``kinerja.organizations.access``: ``view`` to read
(list, detail, action plan), ``edit_agreement`` to draw up, edit and revise a PK and edit the
action plan, ``sign_agreement`` to sign. A refusal is HTTP 403 with the reason; input that cannot
be accepted is shown back on the form with the reason, and nothing is saved. Plain HTML forms:
no JavaScript needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.agreements import services
from kinerja.agreements.forms import HeaderForm, RevisionForm, SignForm, TargetInput, kind_of
from kinerja.agreements.models import Agreement, AgreementTarget
from kinerja.agreements.quarters import QUARTER_NAMES, QUARTERS, RULE_EXPLANATIONS, RULE_NAMES, check_quarters
from kinerja.agreements.services import REVISION_REASON_TEXT, AgreementError, Header, RemovalImpact
from kinerja.core.numbers import show_target
from kinerja.core.types import QuarterRule, Target
from kinerja.organizations import access, permissions
from kinerja.organizations.models import Unit
from kinerja.planning.models import Indicator, Objective

LEVEL_NAMES = {
    "SS": (gettext_lazy("Sasaran Strategis"), gettext_lazy("Indikator Kinerja Utama")),
    "SP": (gettext_lazy("Sasaran Program"), gettext_lazy("Indikator Kinerja Program")),
    "SK": (gettext_lazy("Sasaran Kegiatan"), gettext_lazy("Indikator Kinerja Kegiatan")),
}


# --- helpers --------------------------------------------------------------------------------------


def _unit(request: HttpRequest, code: str, action: str = permissions.VIEW) -> tuple[Unit, access.Scope]:
    """The unit named ``code`` (the one the user may read when two agencies share a code); 404
    when there is none, 403 when the user may not do ``action`` there."""
    return access.unit_for(request.user, code, action)


MIN_YEAR, MAX_YEAR = 1900, 2999
MAX_VERSION = 2_147_483_647
SET_MARKER = "indicator_set"  # the form carries the indicator checkboxes
CONFIRM_REMOVAL = "confirm_removal"


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404(_("Tahun %(year)s tidak sah") % {"year": year})


def _agreement(unit: Unit, year: int, version: int) -> Agreement:
    _check_year(year)
    if not 1 <= version <= MAX_VERSION:
        raise Http404(_("Versi %(version)s tidak sah") % {"version": version})
    agreement = Agreement.objects.filter(unit=unit, year=year, version=version).select_related("unit").first()
    if agreement is None:
        raise Http404(
            _("PK %(unit)s tahun %(year)s versi %(version)s tidak ada")
            % {"unit": unit.code, "year": year, "version": version}
        )
    return agreement


def _detail_url(agreement: Agreement) -> str:
    return reverse("agreements:detail", args=[agreement.unit.code, agreement.year, agreement.version])


@dataclass
class TargetLine:
    indicator: Indicator
    shown: str  # the target of the version shown / changed ("" when not in it)
    previous: str | None = None
    changed: bool = False
    input: TargetInput | None = None
    added: bool = False  # detail: new in this version
    in_base: bool = True  # form: in the version being changed
    included: bool = True  # form: ticked to be in the new version
    renstra: str = ""  # form: the Renstra target of the year
    impact: RemovalImpact | None = None  # form: data the indicator has that year

    @property
    def include_name(self) -> str:
        return f"include_{self.indicator.pk}"


@dataclass
class ObjectiveBlock:
    objective: Objective
    level_name: str
    indicator_name: str
    lines: list[TargetLine]


def _blocks(lines: list[TargetLine]) -> list[ObjectiveBlock]:
    out: list[ObjectiveBlock] = []
    for line in lines:
        objective = line.indicator.objective
        if not out or out[-1].objective.pk != objective.pk:
            level, indicator = LEVEL_NAMES.get(
                objective.level, (gettext_lazy("Sasaran"), gettext_lazy("Indikator Kinerja"))
            )
            out.append(ObjectiveBlock(objective, str(level), str(indicator), []))
        out[-1].lines.append(line)
    return out


def _form_lines(unit: Unit, year: int, rows: list[AgreementTarget]) -> list[TargetLine]:
    """One line per indicator of the Renstra in force for the year (and any indicator of the
    version being changed that is not in it): ticked when it is in that version."""
    by_id = {r.indicator_id: r for r in rows}
    indicators = services.plan_indicators(unit, year)
    known = {i.pk for i in indicators}
    indicators += [r.indicator for r in rows if r.indicator_id not in known]
    renstra = services.renstra_targets(indicators, year)
    impacts = {i.indicator.pk: i for i in services.removal_impact(unit, year, list(by_id))}
    lines = []
    for ind in indicators:
        row = by_id.get(ind.pk)
        current = row.get_target() if row is not None else None
        kind_target = services.expected_kind(ind, year, current)
        inp = TargetInput(name=f"t{ind.pk}", kind=kind_of(kind_target), scale=list(ind.scale or []))
        inp.fill(current if row is not None else renstra.get(ind.pk))
        lines.append(
            TargetLine(
                indicator=ind,
                shown=show_target(current) if row is not None else "",
                input=inp,
                in_base=row is not None,
                included=row is not None,
                renstra=show_target(renstra[ind.pk]) if ind.pk in renstra else "",
                impact=impacts.get(ind.pk),
            )
        )
    # the Renstra's order, objective by objective
    lines.sort(
        key=lambda line: (line.indicator.objective.position, line.indicator.position, line.indicator.pk)
    )
    return lines


@dataclass
class SetChoice:
    targets: dict[int, Target]
    remove: list[int]
    confirmed: bool
    ok: bool
    removed_with_data: list[RemovalImpact]


def _read_form_targets(lines: list[TargetLine], data: Any) -> SetChoice:
    """The ticked indicators and their targets; a form without the checkboxes (an older client)
    keeps the indicators of the version being changed."""
    choosing = data.get(SET_MARKER) == "1"
    targets: dict[int, Target] = {}
    remove: list[int] = []
    ok = True
    for line in lines:
        assert line.input is not None
        line.included = data.get(line.include_name) == "1" if choosing else line.in_base
        if not line.included:
            line.input.required = False
            line.input.read(data)  # shown back as typed; not checked
            line.input.error = ""
            if line.in_base:
                remove.append(line.indicator.pk)
            continue
        line.input.required = True
        target = line.input.read(data)
        if line.input.error:
            ok = False
        elif target is not None:
            targets[line.indicator.pk] = target
    removed_with_data = [line.impact for line in lines if line.impact and not line.included]
    return SetChoice(targets, remove, data.get(CONFIRM_REMOVAL) == "1", ok, removed_with_data)


# --- list and detail ------------------------------------------------------------------------------


@login_required
def agreement_list(request: HttpRequest, code: str) -> HttpResponse:
    unit, scope = _unit(request, code)
    agreements = list(Agreement.objects.filter(unit=unit).order_by("-year", "version"))
    years: dict[int, list[Agreement]] = {}
    for a in agreements:
        years.setdefault(a.year, []).append(a)
    plan_years: list[int] = []
    for start, end in unit.plans.values_list("period_start", "period_end"):
        plan_years.extend(range(start, end + 1))
    open_years = sorted(set(plan_years) - set(years))
    return render(
        request,
        "agreements/list.html",
        {
            "unit": unit,
            "years": sorted(years.items(), reverse=True),
            "open_years": open_years,
            "can_edit": scope.can(permissions.EDIT_AGREEMENT, unit),
        },
    )


@login_required
def agreement_create(request: HttpRequest, code: str) -> HttpResponse:
    unit, _scope = _unit(request, code, permissions.EDIT_AGREEMENT)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        year = int(request.POST.get("tahun", ""))
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(year)
    except ValueError:
        messages.error(request, _("Pilih tahun PK yang akan dibuat."))
        return redirect("agreements:list", unit.code)
    try:
        agreement = services.create_agreement_from_plan(request.user, unit, year)
    except AgreementError as exc:
        messages.error(request, str(exc))
        return redirect("agreements:list", unit.code)
    messages.success(
        request,
        _(
            "PK %(unit)s tahun %(year)s versi 1 (draf) dibuat dari target Renstra tahun %(year)s. "
            "Periksa, ubah bila perlu, lalu minta pimpinan menandatanganinya."
        )
        % {"unit": unit.code, "year": year},
    )
    return redirect(_detail_url(agreement))


@dataclass
class ChangeLine:
    indicator: Indicator
    old: str
    new: str


@login_required
def agreement_detail(request: HttpRequest, code: str, year: int, version: int) -> HttpResponse:
    unit, scope = _unit(request, code)
    agreement = _agreement(unit, year, version)
    all_versions = services.versions(unit, year)
    previous = services.previous(agreement)
    before = services.targets_of(previous) if previous else {}
    lines = []
    for row in services.target_rows(agreement):
        target = row.get_target()
        line = TargetLine(indicator=row.indicator, shown=show_target(target))
        if previous is not None:
            old = before.get(row.indicator_id)
            line.previous = show_target(old) if old is not None else "–"
            line.changed = old is not None and old != target
            line.added = old is None
        lines.append(line)
    comparison = services.compare(previous, agreement) if previous else None
    changes = None
    if comparison is not None:
        changes = {
            "added": [ChangeLine(i, "", show_target(t)) for i, t in comparison.added],
            "removed": [ChangeLine(i, show_target(t), "") for i, t in comparison.removed],
            "changed": [ChangeLine(i, show_target(o), show_target(n)) for i, o, n in comparison.changed],
            "parties": comparison.parties_changed,
            "empty": comparison.empty,
        }
    is_latest = all_versions[-1].pk == agreement.pk
    force = services.working_version(unit, year)
    return render(
        request,
        "agreements/detail.html",
        {
            "unit": unit,
            "agreement": agreement,
            "blocks": _blocks(lines),
            "versions": all_versions,
            "previous": previous,
            "changes": changes,
            "in_force": force,
            "reason_text": REVISION_REASON_TEXT.get(agreement.reason, ""),
            "is_latest": is_latest,
            "can_edit": agreement.is_draft and scope.can(permissions.EDIT_AGREEMENT, unit),
            "can_sign": agreement.is_draft and is_latest and scope.can(permissions.SIGN_AGREEMENT, unit),
            "can_revise": agreement.is_signed and is_latest and scope.can(permissions.EDIT_AGREEMENT, unit),
        },
    )


# --- edit a draft, revise, sign ---------------------------------------------------------------


def _form_page(
    request: HttpRequest,
    unit: Unit,
    agreement: Agreement,
    form: HeaderForm,
    lines: list[TargetLine],
    error: str,
    mode: str,
    choice: SetChoice | None = None,
) -> HttpResponse:
    return render(
        request,
        "agreements/form.html",
        {
            "unit": unit,
            "agreement": agreement,
            "form": form,
            "blocks": _blocks(lines),
            "error": error,
            "mode": mode,
            "reasons": list(REVISION_REASON_TEXT.items()),
            "set_marker": SET_MARKER,
            "confirm_name": CONFIRM_REMOVAL,
            "removed_with_data": choice.removed_with_data if choice else [],
            "confirmed": choice.confirmed if choice else False,
        },
    )


@login_required
def agreement_edit(request: HttpRequest, code: str, year: int, version: int) -> HttpResponse:
    unit, _scope = _unit(request, code, permissions.EDIT_AGREEMENT)
    agreement = _agreement(unit, year, version)
    if not agreement.is_draft:
        messages.error(
            request,
            _("PK versi %(version)s sudah ditandatangani dan tidak dapat diubah; buat revisi.")
            % {"version": agreement.version},
        )
        return redirect(_detail_url(agreement))
    form_class = RevisionForm if agreement.version > 1 else HeaderForm
    lines = _form_lines(unit, year, services.target_rows(agreement))
    error = ""
    choice = None
    if request.method == "POST":
        form = form_class(request.POST)
        choice = _read_form_targets(lines, request.POST)
        if form.is_valid() and choice.ok:
            try:
                services.update_draft(
                    request.user, agreement, form.header(), choice.targets, choice.remove, choice.confirmed
                )
            except AgreementError as exc:
                error = str(exc)
            else:
                messages.success(
                    request,
                    _("Draf PK %(year)s versi %(version)s disimpan.") % {"year": year, "version": version},
                )
                return redirect(_detail_url(agreement))
        else:
            error = _("Periksa isian yang ditandai; belum ada yang disimpan.")
    else:
        initial = Header.of(agreement)
        form = form_class(initial=initial.__dict__)
    return _form_page(request, unit, agreement, form, lines, error, "edit", choice)


@login_required
def agreement_revise(request: HttpRequest, code: str, year: int, version: int) -> HttpResponse:
    unit, _scope = _unit(request, code, permissions.EDIT_AGREEMENT)
    base = _agreement(unit, year, version)
    last = services.latest(unit, year)
    if last is not None and (last.pk != base.pk or not base.is_signed):
        if last.pk != base.pk:
            text = _("Revisi dibuat dari versi terakhir (versi %(version)s).") % {"version": last.version}
        else:
            text = _(
                "Versi %(version)s masih draf: ubah draf itu atau minta pimpinan menandatanganinya dulu."
            ) % {"version": base.version}
        messages.error(request, text)
        return redirect(_detail_url(last))
    lines = _form_lines(unit, year, services.target_rows(base))
    error = ""
    choice = None
    if request.method == "POST":
        form = RevisionForm(request.POST)
        choice = _read_form_targets(lines, request.POST)
        if form.is_valid() and choice.ok:
            try:
                new = services.revise_agreement(
                    request.user, base, form.header(), choice.targets, choice.remove, choice.confirmed
                )
            except AgreementError as exc:
                error = str(exc)
            else:
                messages.success(
                    request,
                    _(
                        "Revisi PK %(year)s versi %(new)s (draf) dibuat; versi %(base)s tetap tersimpan "
                        "tanpa perubahan. Minta pimpinan menandatangani revisi ini."
                    )
                    % {"year": year, "new": new.version, "base": base.version},
                )
                return redirect(_detail_url(new))
        else:
            error = _("Periksa isian yang ditandai; revisi belum dibuat.")
    else:
        initial = Header.of(base)
        initial.label, initial.signed_on, initial.reason, initial.reason_note = "PK Perubahan", None, "", ""
        form = RevisionForm(initial=initial.__dict__)
    return _form_page(request, unit, base, form, lines, error, "revise", choice)


@login_required
def agreement_delete(request: HttpRequest, code: str, year: int, version: int) -> HttpResponse:
    unit, _scope = _unit(request, code, permissions.EDIT_AGREEMENT)
    agreement = _agreement(unit, year, version)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.POST.get("konfirmasi") != "1":
        messages.error(request, _("Centang 'Ya, hapus draf ini' untuk menghapus draf."))
        return redirect(_detail_url(agreement))
    try:
        services.delete_draft(request.user, agreement)
    except AgreementError as exc:
        messages.error(request, str(exc))
        return redirect(_detail_url(agreement))
    messages.success(
        request, _("Draf PK %(year)s versi %(version)s dihapus.") % {"year": year, "version": version}
    )
    last = services.latest(unit, year)
    return redirect(_detail_url(last) if last else reverse("agreements:list", args=[unit.code]))


@login_required
def agreement_sign(request: HttpRequest, code: str, year: int, version: int) -> HttpResponse:
    unit, _scope = _unit(request, code, permissions.SIGN_AGREEMENT)
    agreement = _agreement(unit, year, version)
    if not agreement.is_draft:
        messages.error(
            request, _("PK versi %(version)s sudah ditandatangani.") % {"version": agreement.version}
        )
        return redirect(_detail_url(agreement))
    error = ""
    if request.method == "POST":
        form = SignForm(request.POST)
        if form.is_valid():
            try:
                services.sign_agreement(request.user, agreement, form.cleaned_data.get("signed_on"))
            except AgreementError as exc:
                error = str(exc)
            else:
                messages.success(
                    request,
                    _("PK %(year)s versi %(version)s ditandatangani.") % {"year": year, "version": version},
                )
                return redirect(_detail_url(agreement))
    else:
        form = SignForm(initial={"signed_on": agreement.signed_on})
    lines = [
        TargetLine(indicator=r.indicator, shown=show_target(r.get_target()))
        for r in services.target_rows(agreement)
    ]
    return render(
        request,
        "agreements/sign.html",
        {"unit": unit, "agreement": agreement, "form": form, "blocks": _blocks(lines), "error": error},
    )


# --- Rencana Aksi ---------------------------------------------------------------------------------


@dataclass
class QuarterCell:
    name: str  # TW I ... TW IV
    shown: str
    input: TargetInput | None


@dataclass
class QuarterLine:
    plan: services.ActionPlanRow
    rule_name: str
    rule_explanation: str
    year_target: str
    cells: list[QuarterCell]

    @property
    def inputs(self) -> list[TargetInput]:
        return [c.input for c in self.cells if c.input is not None]


def _quarter_lines(rows: list[services.ActionPlanRow], editable: bool) -> list[QuarterLine]:
    out = []
    for r in rows:
        year_target = r.target.get_target()
        rule = QuarterRule(r.indicator.quarter_rule)
        cells = []
        for q in QUARTERS:
            inp = None
            if editable:
                inp = TargetInput(
                    name=f"q{r.indicator.pk}_{q}",
                    kind=kind_of(year_target),
                    scale=list(r.indicator.scale or []),
                    required=False,
                )
                inp.fill(r.quarters.get(q))
            cells.append(QuarterCell(str(QUARTER_NAMES[q]), show_target(r.quarters.get(q)), inp))
        out.append(
            QuarterLine(
                plan=r,
                rule_name=str(RULE_NAMES[rule]),
                rule_explanation=str(RULE_EXPLANATIONS[rule]),
                year_target=show_target(year_target),
                cells=cells,
            )
        )
    return out


def _action_plan_context(unit: Unit, year: int, agreement: Agreement | None) -> dict[str, Any]:
    """Quarters kept for indicators no longer in the PK in force (read-only), and the newer draft
    the action plan does not follow yet."""
    outside = []
    for stored in services.quarters_outside(unit, year, agreement):
        outside.append(
            {"indicator": stored.indicator, "cells": [show_target(stored.quarters.get(q)) for q in QUARTERS]}
        )
    last = services.latest(unit, year)
    newer = last if agreement is not None and last is not None and last.pk != agreement.pk else None
    return {"outside": outside, "newer_draft": newer}


@login_required
def action_plan(request: HttpRequest, code: str, year: int) -> HttpResponse:
    unit, scope = _unit(request, code)
    _check_year(year)
    agreement, rows = services.action_plan(unit, year)
    return render(
        request,
        "agreements/action_plan.html",
        {
            "unit": unit,
            "year": year,
            "agreement": agreement,
            "lines": _quarter_lines(rows, editable=False),
            "quarter_names": [str(QUARTER_NAMES[q]) for q in QUARTERS],
            **_action_plan_context(unit, year, agreement),
            "can_edit": agreement is not None and scope.can(permissions.EDIT_AGREEMENT, unit),
            "editing": False,
        },
    )


@login_required
def action_plan_edit(request: HttpRequest, code: str, year: int) -> HttpResponse:
    unit, _scope = _unit(request, code, permissions.EDIT_AGREEMENT)
    _check_year(year)
    agreement, rows = services.action_plan(unit, year)
    if agreement is None:
        messages.error(
            request,
            _("Belum ada Perjanjian Kinerja %(unit)s tahun %(year)s; buat PK terlebih dahulu.")
            % {"unit": unit.code, "year": year},
        )
        return redirect("agreements:list", unit.code)
    lines = _quarter_lines(rows, editable=True)
    error = ""
    if request.method == "POST":
        quarters: dict[int, dict[int, Target | None]] = {}
        ok = True
        for line in lines:
            values: dict[int, Target | None] = {}
            for q, inp in zip(QUARTERS, line.inputs, strict=True):
                values[q] = inp.read(request.POST)
                ok = ok and not inp.error
            quarters[line.plan.indicator.pk] = values
            line.plan.quarters = values
            line.plan.check = check_quarters(
                line.plan.indicator.code,
                line.plan.indicator.quarter_rule,
                line.plan.target.get_target(),
                values,
            )
        if not ok:
            error = _("Periksa isian yang ditandai; rencana aksi belum disimpan.")
        else:
            try:
                saved = services.save_action_plan(request.user, unit, year, quarters)
            except AgreementError as exc:
                error = str(exc)
            else:
                messages.success(
                    request,
                    _("Rencana aksi %(unit)s tahun %(year)s disimpan.") % {"unit": unit.code, "year": year},
                )
                for r in saved:
                    if not r.check.ok and r.check.status != "empty":
                        messages.warning(request, r.check.message)
                return redirect("agreements:action_plan", unit.code, year)
    return render(
        request,
        "agreements/action_plan.html",
        {
            "unit": unit,
            "year": year,
            "agreement": agreement,
            "lines": lines,
            "quarter_names": [str(QUARTER_NAMES[q]) for q in QUARTERS],
            **_action_plan_context(unit, year, agreement),
            "can_edit": True,
            "editing": True,
            "error": error,
        },
    )
