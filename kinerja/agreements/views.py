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

from kinerja.agreements import services
from kinerja.agreements.forms import HeaderForm, RevisionForm, SignForm, TargetInput, kind_of
from kinerja.agreements.models import Agreement, AgreementTarget
from kinerja.agreements.quarters import QUARTER_NAMES, QUARTERS, RULE_EXPLANATIONS, RULE_NAMES, check_quarters
from kinerja.agreements.services import REVISION_REASON_TEXT, AgreementError, Header
from kinerja.core.numbers import show_target
from kinerja.core.types import QuarterRule, Target
from kinerja.organizations import access, permissions
from kinerja.organizations.models import Unit
from kinerja.planning.models import Objective

LEVEL_NAMES = {
    "SS": ("Sasaran Strategis", "Indikator Kinerja Utama"),
    "SP": ("Sasaran Program", "Indikator Kinerja Program"),
    "SK": ("Sasaran Kegiatan", "Indikator Kinerja Kegiatan"),
}


# --- helpers --------------------------------------------------------------------------------------


def _unit(request: HttpRequest, code: str, action: str = permissions.VIEW) -> tuple[Unit, access.Scope]:
    """The unit named ``code`` (the one the user may read when two agencies share a code); 404
    when there is none, 403 when the user may not do ``action`` there."""
    return access.unit_for(request.user, code, action)


MIN_YEAR, MAX_YEAR = 1900, 2999
MAX_VERSION = 2_147_483_647


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404(f"Tahun {year} tidak sah")


def _agreement(unit: Unit, year: int, version: int) -> Agreement:
    _check_year(year)
    if not 1 <= version <= MAX_VERSION:
        raise Http404(f"Versi {version} tidak sah")
    agreement = Agreement.objects.filter(unit=unit, year=year, version=version).select_related("unit").first()
    if agreement is None:
        raise Http404(f"PK {unit.code} tahun {year} versi {version} tidak ada")
    return agreement


def _detail_url(agreement: Agreement) -> str:
    return reverse("agreements:detail", args=[agreement.unit.code, agreement.year, agreement.version])


@dataclass
class TargetLine:
    row: AgreementTarget
    shown: str
    previous: str | None = None
    changed: bool = False
    input: TargetInput | None = None


@dataclass
class ObjectiveBlock:
    objective: Objective
    level_name: str
    indicator_name: str
    lines: list[TargetLine]


def _blocks(lines: list[TargetLine]) -> list[ObjectiveBlock]:
    out: list[ObjectiveBlock] = []
    for line in lines:
        objective = line.row.indicator.objective
        if not out or out[-1].objective.pk != objective.pk:
            level, indicator = LEVEL_NAMES.get(objective.level, ("Sasaran", "Indikator Kinerja"))
            out.append(ObjectiveBlock(objective, level, indicator, []))
        out[-1].lines.append(line)
    return out


def _target_inputs(rows: list[AgreementTarget], values: dict[int, Target]) -> list[TargetLine]:
    lines = []
    for row in rows:
        target = row.get_target()
        inp = TargetInput(
            name=f"t{row.indicator_id}", kind=kind_of(target), scale=list(row.indicator.scale or [])
        )
        inp.fill(values.get(row.indicator_id, target))
        lines.append(TargetLine(row=row, shown=show_target(target), input=inp))
    return lines


def _read_targets(lines: list[TargetLine], data: Any) -> tuple[dict[int, Target], bool]:
    targets: dict[int, Target] = {}
    ok = True
    for line in lines:
        assert line.input is not None
        target = line.input.read(data)
        if line.input.error:
            ok = False
        elif target is not None:
            targets[line.row.indicator_id] = target
    return targets, ok


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
    unit, _ = _unit(request, code, permissions.EDIT_AGREEMENT)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        year = int(request.POST.get("tahun", ""))
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(year)
    except ValueError:
        messages.error(request, "Pilih tahun PK yang akan dibuat.")
        return redirect("agreements:list", unit.code)
    try:
        agreement = services.create_agreement_from_plan(request.user, unit, year)
    except AgreementError as exc:
        messages.error(request, str(exc))
        return redirect("agreements:list", unit.code)
    messages.success(
        request,
        f"PK {unit.code} tahun {year} versi 1 (draf) dibuat dari target Renstra tahun {year}. "
        "Periksa, ubah bila perlu, lalu minta pimpinan menandatanganinya.",
    )
    return redirect(_detail_url(agreement))


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
        line = TargetLine(row=row, shown=show_target(target))
        if previous is not None:
            old = before.get(row.indicator_id)
            line.previous = show_target(old)
            line.changed = old != target
        lines.append(line)
    is_latest = all_versions[-1].pk == agreement.pk
    return render(
        request,
        "agreements/detail.html",
        {
            "unit": unit,
            "agreement": agreement,
            "blocks": _blocks(lines),
            "versions": all_versions,
            "previous": previous,
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
            "reasons": [(r, text) for r, text in REVISION_REASON_TEXT.items()],
        },
    )


@login_required
def agreement_edit(request: HttpRequest, code: str, year: int, version: int) -> HttpResponse:
    unit, _ = _unit(request, code, permissions.EDIT_AGREEMENT)
    agreement = _agreement(unit, year, version)
    if not agreement.is_draft:
        messages.error(
            request, f"PK versi {agreement.version} sudah ditandatangani dan tidak dapat diubah; buat revisi."
        )
        return redirect(_detail_url(agreement))
    form_class = RevisionForm if agreement.version > 1 else HeaderForm
    rows = services.target_rows(agreement)
    lines = _target_inputs(rows, {})
    error = ""
    if request.method == "POST":
        form = form_class(request.POST)
        targets, targets_ok = _read_targets(lines, request.POST)
        if form.is_valid() and targets_ok:
            try:
                services.update_draft(request.user, agreement, form.header(), targets)
            except AgreementError as exc:
                error = str(exc)
            else:
                messages.success(request, f"Draf PK {year} versi {version} disimpan.")
                return redirect(_detail_url(agreement))
        else:
            error = "Periksa isian yang ditandai; belum ada yang disimpan."
    else:
        initial = Header.of(agreement)
        form = form_class(initial=initial.__dict__)
    return _form_page(request, unit, agreement, form, lines, error, "edit")


@login_required
def agreement_revise(request: HttpRequest, code: str, year: int, version: int) -> HttpResponse:
    unit, _ = _unit(request, code, permissions.EDIT_AGREEMENT)
    base = _agreement(unit, year, version)
    last = services.latest(unit, year)
    if last is not None and (last.pk != base.pk or not base.is_signed):
        if last.pk != base.pk:
            text = f"Revisi dibuat dari versi terakhir (versi {last.version})."
        else:
            text = (
                f"Versi {base.version} masih draf: ubah draf itu atau minta pimpinan menandatanganinya dulu."
            )
        messages.error(request, text)
        return redirect(_detail_url(last))
    rows = services.target_rows(base)
    lines = _target_inputs(rows, {})
    error = ""
    if request.method == "POST":
        form = RevisionForm(request.POST)
        targets, targets_ok = _read_targets(lines, request.POST)
        if form.is_valid() and targets_ok:
            try:
                new = services.revise_agreement(request.user, base, form.header(), targets)
            except AgreementError as exc:
                error = str(exc)
            else:
                messages.success(
                    request,
                    f"Revisi PK {year} versi {new.version} (draf) dibuat; versi {base.version} tetap tersimpan "
                    "tanpa perubahan. Minta pimpinan menandatangani revisi ini.",
                )
                return redirect(_detail_url(new))
        else:
            error = "Periksa isian yang ditandai; revisi belum dibuat."
    else:
        initial = Header.of(base)
        initial.label, initial.signed_on, initial.reason, initial.reason_note = "PK Perubahan", None, "", ""
        form = RevisionForm(initial=initial.__dict__)
    return _form_page(request, unit, base, form, lines, error, "revise")


@login_required
def agreement_delete(request: HttpRequest, code: str, year: int, version: int) -> HttpResponse:
    unit, _ = _unit(request, code, permissions.EDIT_AGREEMENT)
    agreement = _agreement(unit, year, version)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.POST.get("konfirmasi") != "1":
        messages.error(request, "Centang 'Ya, hapus draf ini' untuk menghapus draf.")
        return redirect(_detail_url(agreement))
    try:
        services.delete_draft(request.user, agreement)
    except AgreementError as exc:
        messages.error(request, str(exc))
        return redirect(_detail_url(agreement))
    messages.success(request, f"Draf PK {year} versi {version} dihapus.")
    last = services.latest(unit, year)
    return redirect(_detail_url(last) if last else reverse("agreements:list", args=[unit.code]))


@login_required
def agreement_sign(request: HttpRequest, code: str, year: int, version: int) -> HttpResponse:
    unit, _ = _unit(request, code, permissions.SIGN_AGREEMENT)
    agreement = _agreement(unit, year, version)
    if not agreement.is_draft:
        messages.error(request, f"PK versi {agreement.version} sudah ditandatangani.")
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
                messages.success(request, f"PK {year} versi {version} ditandatangani.")
                return redirect(_detail_url(agreement))
    else:
        form = SignForm(initial={"signed_on": agreement.signed_on})
    lines = [TargetLine(row=r, shown=show_target(r.get_target())) for r in services.target_rows(agreement)]
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
            cells.append(QuarterCell(QUARTER_NAMES[q], show_target(r.quarters.get(q)), inp))
        out.append(
            QuarterLine(
                plan=r,
                rule_name=RULE_NAMES[rule],
                rule_explanation=RULE_EXPLANATIONS[rule],
                year_target=show_target(year_target),
                cells=cells,
            )
        )
    return out


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
            "quarter_names": [QUARTER_NAMES[q] for q in QUARTERS],
            "can_edit": agreement is not None and scope.can(permissions.EDIT_AGREEMENT, unit),
            "editing": False,
        },
    )


@login_required
def action_plan_edit(request: HttpRequest, code: str, year: int) -> HttpResponse:
    unit, _ = _unit(request, code, permissions.EDIT_AGREEMENT)
    _check_year(year)
    agreement, rows = services.action_plan(unit, year)
    if agreement is None:
        messages.error(
            request, f"Belum ada Perjanjian Kinerja {unit.code} tahun {year}; buat PK terlebih dahulu."
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
            error = "Periksa isian yang ditandai; rencana aksi belum disimpan."
        else:
            try:
                saved = services.save_action_plan(request.user, unit, year, quarters)
            except AgreementError as exc:
                error = str(exc)
            else:
                messages.success(request, f"Rencana aksi {unit.code} tahun {year} disimpan.")
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
            "quarter_names": [QUARTER_NAMES[q] for q in QUARTERS],
            "can_edit": True,
            "editing": True,
            "error": error,
        },
    )
