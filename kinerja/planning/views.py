"""Pages of the Renstra editor under ``/renstra/``.

Every page needs a signed-in user and asks ``kinerja.organizations.access``: ``view`` at the
plan's unit to read (the Renstra, every version, the indicator manual), ``edit_plan`` to change
it. A refusal is HTTP 403 with the reason. Writes go through ``kinerja.planning.services`` (one
transaction each); a refused change is shown back on the form with the reason and the user's
input. Plain HTML forms: no JavaScript needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.core.numbers import format_number, show_target
from kinerja.history.models import history_of
from kinerja.organizations import access, permissions
from kinerja.organizations.models import Unit
from kinerja.planning import services
from kinerja.planning.forms import (
    AdoptForm,
    HeaderForm,
    IndicatorForm,
    NewVersionForm,
    ObjectiveForm,
    TargetsForm,
    indicator_initial,
    show_input,
)
from kinerja.planning.models import OBJECTIVE_LEVEL_LABELS, Indicator, Objective, Plan
from kinerja.planning.services import PlanError, VersionConflict

MAX_ID = 2_147_483_647
STATUS_LABELS = {
    services.STATUS_DRAFT: gettext_lazy("Draf"),
    services.STATUS_ADOPTED: gettext_lazy("Ditetapkan"),
    services.STATUS_SUPERSEDED: gettext_lazy("Digantikan"),
}


# --- helpers ----------------------------------------------------------------------------------


def _unit(request: HttpRequest, code: str, action: str = permissions.VIEW) -> tuple[Unit, access.Scope]:
    return access.unit_for(request.user, code, action)


def _plan(unit: Unit, pk: int) -> Plan:
    if not 1 <= pk <= MAX_ID:
        raise Http404(_("Renstra tidak ditemukan"))
    plan = Plan.objects.filter(pk=pk, unit=unit).select_related("unit__parent", "agency").first()
    if plan is None:
        raise Http404(_("Renstra tidak ditemukan"))
    return plan


def _objective(plan: Plan, pk: int) -> Objective:
    if not 1 <= pk <= MAX_ID:
        raise Http404(_("Sasaran tidak ditemukan"))
    obj = Objective.objects.filter(pk=pk, plan=plan).select_related("plan__unit").first()
    if obj is None:
        raise Http404(_("Sasaran tidak ditemukan"))
    return obj


def _indicator(plan: Plan, pk: int) -> Indicator:
    if not 1 <= pk <= MAX_ID:
        raise Http404(_("Indikator tidak ditemukan"))
    ind = (
        Indicator.objects.filter(pk=pk, plan=plan).select_related("owner", "objective", "plan__unit").first()
    )
    if ind is None:
        raise Http404(_("Indikator tidak ditemukan"))
    return ind


def _editable_plan(request: HttpRequest, code: str, pk: int) -> tuple[Unit, Plan]:
    """The plan, after checking ``edit_plan``; 403 on a superseded version (kept unchanged)."""
    unit, _scope = _unit(request, code, permissions.EDIT_PLAN)
    plan = _plan(unit, pk)
    adopted = services.latest_adopted_version(plan)
    if adopted is not None and adopted > plan.version:
        raise PermissionDenied(
            _("Renstra versi %(old)s sudah digantikan oleh versi %(new)s; versi lama hanya dapat dibaca.")
            % {"old": plan.version, "new": adopted}
        )
    return unit, plan


def plan_url(plan: Plan, anchor: str = "") -> str:
    url = reverse("planning:plan", args=[plan.unit.code, plan.pk])
    return f"{url}#{anchor}" if anchor else url


def _apply_error(form: forms.Form, exc: PlanError) -> None:
    if exc.field and exc.field in form.fields:
        form.add_error(exc.field, exc.message[0].upper() + exc.message[1:])
    else:
        form.add_error(None, exc.message[0].upper() + exc.message[1:])


def _refresh_token(form: forms.Form, token: str) -> None:
    """After a conflict: keep the user's input, take the current version so that saving again
    (after reading the newer data) is the user's deliberate choice."""
    data = form.data.copy()  # type: ignore[attr-defined]
    data["token"] = token
    form.data = data


# --- the Renstra page -------------------------------------------------------------------------


@dataclass
class IndicatorRow:
    ind: Indicator
    targets: list[str]
    variables: list[str]
    components: list[str]


@dataclass
class ObjectiveBlock:
    obj: Objective
    level_name: str
    supports: list[str]
    indicators: list[IndicatorRow] = field(default_factory=list)


def _blocks(plan: Plan, years: list[int]) -> list[ObjectiveBlock]:
    objectives = list(
        plan.objectives.select_related("goal")
        .prefetch_related("support_links__supported__plan__unit")
        .order_by("position", "id")
    )
    indicators = list(
        Indicator.objects.filter(plan=plan)
        .select_related("owner")
        .prefetch_related("targets", "variables", "component_links__component__owner")
        .order_by("position", "id")
    )
    by_objective: dict[int, list[Indicator]] = {}
    for ind in indicators:
        by_objective.setdefault(ind.objective_id, []).append(ind)
    out = []
    for obj in objectives:
        block = ObjectiveBlock(
            obj=obj,
            level_name=str(OBJECTIVE_LEVEL_LABELS.get(obj.level, obj.level)),
            supports=[
                f"{link.supported.plan.unit.code}:{link.supported.code} {link.supported.statement}"
                for link in sorted(obj.support_links.all(), key=lambda x: (x.position, x.pk))
            ],
        )
        for ind in by_objective.get(obj.pk, []):
            by_year = {t.year: t for t in ind.targets.all()}
            block.indicators.append(
                IndicatorRow(
                    ind=ind,
                    targets=[show_target(by_year[y].get_target()) if y in by_year else "–" for y in years],
                    variables=[
                        f"{v.name}: {v.description}" if v.description else v.name
                        for v in sorted(ind.variables.all(), key=lambda v: (v.position, v.pk))
                    ],
                    components=[
                        f"{c.component.owner.code}:{c.component.code}"
                        + (
                            _(" (bobot %(weight)s)") % {"weight": format_number(c.weight)}
                            if c.weight is not None
                            else ""
                        )
                        for c in sorted(ind.component_links.all(), key=lambda c: (c.position, c.pk))
                    ],
                )
            )
        out.append(block)
    return out


@login_required
def unit_plans(request: HttpRequest, code: str) -> HttpResponse:
    """The unit's Renstra in force (latest period, highest adopted version), or a note that there
    is none."""
    unit, scope = _unit(request, code)
    plan = services.in_force_plan(unit)
    if plan is not None:
        return plan_page(request, code, plan.pk)
    return render(
        request,
        "planning/plan.html",
        {"unit": unit, "plan": None, "plans": [], "can_edit": scope.can(permissions.EDIT_PLAN, unit)},
    )


@login_required
def plan_page(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit, scope = _unit(request, code)
    plan = _plan(unit, pk)
    latest = services.latest_version(plan)
    years = list(range(plan.period_start, plan.period_end + 1))
    plans = services.plans_of(unit)
    adopted_by_period: dict[tuple[int, int], int | None] = {}
    for p in plans:
        key = (p.period_start, p.period_end)
        adopted_by_period.setdefault(key, None)
        if not p.is_draft:
            adopted_by_period[key] = max(adopted_by_period[key] or 0, p.version)
    adopted = adopted_by_period[(plan.period_start, plan.period_end)]
    versions = [
        (p, services.status_given(p, adopted_by_period[(p.period_start, p.period_end)]), p.pk == plan.pk)
        for p in plans
    ]
    status = services.status_given(plan, adopted)
    may_edit = scope.can(permissions.EDIT_PLAN, unit)
    can_edit = may_edit and status != services.STATUS_SUPERSEDED
    newer_draft = next(
        (
            p
            for p in plans
            if p.is_draft
            and (p.period_start, p.period_end) == (plan.period_start, plan.period_end)
            and p.version > plan.version
        ),
        None,
    )
    return render(
        request,
        "planning/plan.html",
        {
            "unit": unit,
            "plan": plan,
            "plans": [(p, st, STATUS_LABELS[st], current) for p, st, current in versions],
            "status_code": status,
            "status": STATUS_LABELS[status],
            "latest": latest,
            "adopted_version": adopted,
            "newer_draft": newer_draft,
            "can_adopt": may_edit and plan.is_draft and latest == plan.version,
            "can_new_version": can_edit and not plan.is_draft and latest == plan.version,
            "reason": services.version_reason(plan),
            "years": years,
            "missions": list(plan.missions.order_by("position", "id")),
            "goals": list(plan.goals.order_by("position", "id")),
            "blocks": _blocks(plan, years),
            "can_edit": can_edit,
            "may_edit_unit": scope.can(permissions.EDIT_PLAN, unit),
        },
    )


# --- header and versions ----------------------------------------------------------------------


@login_required
def edit_header(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit, plan = _editable_plan(request, code, pk)
    if request.method == "POST":
        form = HeaderForm(request.POST)
        if form.is_valid():
            try:
                services.update_header(request.user, plan, form.data_object(), form.cleaned_data["token"])
            except VersionConflict as exc:
                _apply_error(form, exc)
                _refresh_token(form, services.plan_token(plan))
            except PlanError as exc:
                _apply_error(form, exc)
            else:
                messages.success(request, _("Visi, misi, tujuan dan data Renstra disimpan."))
                return redirect(plan_url(plan))
    else:
        form = HeaderForm(initial=HeaderForm.initial_for(plan, services.plan_token(plan)))
    return render(
        request,
        "planning/form.html",
        {"unit": unit, "plan": plan, "form": form, "title": _("Ubah visi, misi dan tujuan")},
    )


@login_required
def new_version(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit, plan = _editable_plan(request, code, pk)
    if request.method == "POST":
        form = NewVersionForm(request.POST)
        if form.is_valid():
            try:
                copy = services.new_version(
                    request.user, plan, form.cleaned_data["reason"], form.cleaned_data.get("label") or ""
                )
            except PlanError as exc:
                _apply_error(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Versi %(new)s dibuat sebagai draf; versi %(old)s tetap berlaku sampai versi %(new)s "
                        "ditetapkan."
                    )
                    % {"new": copy.version, "old": plan.version},
                )
                return redirect(plan_url(copy))
    else:
        form = NewVersionForm(initial={"label": plan.label})
    return render(
        request,
        "planning/form.html",
        {
            "unit": unit,
            "plan": plan,
            "form": form,
            "title": _("Buat versi baru (versi %(version)s)") % {"version": plan.version + 1},
            "intro": _(
                "Seluruh isi Renstra ini (misi, tujuan, sasaran, pohon kinerja, indikator, target) disalin "
                "ke versi baru berstatus draf. Versi sekarang tidak berubah dan tetap berlaku sampai versi "
                "baru ditetapkan."
            ),
            "submit": _("Buat versi baru"),
        },
    )


@login_required
def adopt(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Adopt a draft version (tanggal penetapan, optionally the decree): it becomes the plan in force."""
    unit, plan = _editable_plan(request, code, pk)
    if not plan.is_draft:
        raise PermissionDenied(_("Renstra versi %(version)s sudah ditetapkan.") % {"version": plan.version})
    if request.method == "POST":
        form = AdoptForm(request.POST)
        if form.is_valid():
            try:
                services.adopt(
                    request.user,
                    plan,
                    form.cleaned_data["adopted_on"],
                    form.cleaned_data.get("legal_basis") or "",
                )
            except PlanError as exc:
                _apply_error(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Renstra versi %(version)s ditetapkan dan kini berlaku; versi sebelumnya tetap dapat dibaca."
                    )
                    % {"version": plan.version},
                )
                return redirect(plan_url(plan))
    else:
        form = AdoptForm(initial={"adopted_on": plan.adopted_on, "legal_basis": plan.legal_basis})
    return render(
        request,
        "planning/form.html",
        {
            "unit": unit,
            "plan": plan,
            "form": form,
            "title": _("Tetapkan Renstra versi %(version)s") % {"version": plan.version},
            "intro": _(
                "Setelah ditetapkan, versi ini menjadi Renstra yang berlaku: perhitungan capaian, "
                "penyusunan PK dan pemeriksaan data memakainya. Versi sebelumnya menjadi digantikan dan "
                "tetap dapat dibaca."
            ),
            "submit": _("Tetapkan"),
        },
    )


# --- objectives -------------------------------------------------------------------------------


def _objective_form(plan: Plan, *args: Any, **kw: Any) -> ObjectiveForm:
    goals = [(g.pk, f"{g.code}: {g.statement[:80]}") for g in plan.goals.order_by("position", "id")]
    candidates = services.support_candidates(plan)
    choices = [(o.pk, f"{o.plan.unit.code}:{o.code} — {o.statement[:100]}") for o in candidates]
    current = kw.pop("current", None)
    if current is not None:
        known = {pk for pk, _ in choices}
        for link in current.support_links.select_related("supported__plan__unit"):
            if link.supported_id not in known:
                s = link.supported
                choices.append(
                    (s.pk, f"{s.plan.unit.code}:{s.code} — {s.statement[:100]} " + _("(versi lama)"))
                )
    return ObjectiveForm(*args, goals=goals, supports=choices, **kw)


@login_required
def edit_objective(request: HttpRequest, code: str, pk: int, oid: int | None = None) -> HttpResponse:
    unit, plan = _editable_plan(request, code, pk)
    obj = _objective(plan, oid) if oid is not None else None
    if request.method == "POST":
        form = _objective_form(plan, request.POST, current=obj)
        if form.is_valid():
            try:
                saved = services.save_objective(
                    request.user, plan, obj, form.data_object(), form.cleaned_data["token"]
                )
            except VersionConflict as exc:
                _apply_error(form, exc)
                assert obj is not None
                _refresh_token(form, services.objective_token(obj))
            except PlanError as exc:
                _apply_error(form, exc)
            else:
                messages.success(request, _("Sasaran %(code)s disimpan.") % {"code": saved.code})
                return redirect(plan_url(plan, f"obj-{saved.pk}"))
    elif obj is not None:
        form = _objective_form(
            plan,
            current=obj,
            initial={
                "token": services.objective_token(obj),
                "code": obj.code,
                "level": obj.level,
                "statement": obj.statement,
                "goal": obj.goal_id,
                "supports": list(obj.support_links.values_list("supported_id", flat=True)),
            },
        )
    else:
        default_level = {"kementerian": "SS", "eselon1": "SP"}.get(unit.level, "SK")
        form = _objective_form(plan, initial={"level": default_level})
    title = _("Ubah sasaran %(code)s") % {"code": obj.code} if obj else _("Tambah sasaran")
    return render(request, "planning/form.html", {"unit": unit, "plan": plan, "form": form, "title": title})


def _post_only(request: HttpRequest) -> HttpResponse | None:
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


@login_required
def move_objective(request: HttpRequest, code: str, pk: int, oid: int) -> HttpResponse:
    unit, plan = _editable_plan(request, code, pk)
    if (refused := _post_only(request)) is not None:
        return refused
    obj = _objective(plan, oid)
    try:
        services.move_objective(request.user, obj, -1 if request.POST.get("arah") == "naik" else 1)
    except PlanError as exc:
        messages.error(request, exc.message)
    return redirect(plan_url(plan, f"obj-{obj.pk}"))


@login_required
def delete_objective(request: HttpRequest, code: str, pk: int, oid: int) -> HttpResponse:
    unit, plan = _editable_plan(request, code, pk)
    obj = _objective(plan, oid)
    error = ""
    if request.method == "POST":
        try:
            services.delete_objective(request.user, obj)
        except PlanError as exc:
            error = exc.message
        else:
            messages.success(request, _("Sasaran %(code)s dihapus.") % {"code": obj.code})
            return redirect(plan_url(plan))
    return render(
        request,
        "planning/delete.html",
        {
            "unit": unit,
            "plan": plan,
            "what": _("sasaran %(code)s: %(statement)s") % {"code": obj.code, "statement": obj.statement},
            "detail": _("Beserta %(count)s indikator dan targetnya.") % {"count": obj.indicators.count()},
            "error": error,
        },
        status=409 if error else 200,
    )


# --- indicators -------------------------------------------------------------------------------


def _indicator_form(plan: Plan, *args: Any, **kw: Any) -> IndicatorForm:
    owners = [(u.pk, f"{u.code} — {u.name}") for u in services.owner_candidates(plan)]
    return IndicatorForm(*args, owners=owners, **kw)


def _indicator_context(plan: Plan, form: IndicatorForm, formula: str) -> dict[str, Any]:
    from kinerja.core.formula import formula_variables
    from kinerja.core.types import KinerjaValidationError

    try:
        variables = sorted(formula_variables(formula)) if formula else []
    except KinerjaValidationError:
        variables = []
    return {
        "variables_found": variables,
        "candidates": [services.indicator_key(i) for i in services.component_candidates(plan)],
    }


def _conflict_rows(form: IndicatorForm, ind: Indicator) -> list[tuple[str, str]]:
    """The indicator as now stored, field by field, for the user to compare with their input."""
    rows = []
    for name, value in indicator_initial(ind, "").items():
        if name == "token" or name not in form.fields:
            continue
        if name == "owner":
            value = ind.owner.code
        elif name in ("polarity", "quarter_rule", "aggregation", "target_type"):
            value = dict(form.fields[name].choices).get(value, value)  # type: ignore[attr-defined]
        rows.append((str(form.fields[name].label), "" if value is None else str(value)))
    return rows


@login_required
def edit_indicator(
    request: HttpRequest, code: str, pk: int, oid: int | None = None, iid: int | None = None
) -> HttpResponse:
    unit, plan = _editable_plan(request, code, pk)
    ind = _indicator(plan, iid) if iid is not None else None
    obj = ind.objective if ind is not None else _objective(plan, oid or 0)
    conflict = None
    if request.method == "POST":
        form = _indicator_form(plan, request.POST)
        if form.is_valid():
            try:
                saved = services.save_indicator(
                    request.user, obj, ind, form.data_object(), form.cleaned_data["token"]
                )
            except VersionConflict as exc:
                _apply_error(form, exc)
                assert ind is not None
                fresh = Indicator.objects.select_related("owner").get(pk=ind.pk)
                _refresh_token(form, services.indicator_token(fresh))
                conflict = _conflict_rows(form, fresh)
            except PlanError as exc:
                _apply_error(form, exc)
            else:
                messages.success(request, _("Indikator %(code)s disimpan.") % {"code": saved.code})
                return redirect(plan_url(plan, f"ind-{saved.pk}"))
        formula = str(request.POST.get("formula", "")).strip()
    elif ind is not None:
        form = _indicator_form(plan, initial=indicator_initial(ind, services.indicator_token(ind)))
        formula = ind.formula
    else:
        form = _indicator_form(
            plan,
            initial={
                "owner": unit.pk,
                "polarity": "higher_is_better",
                "quarter_rule": "last",
                "aggregation": "mean",
            },
        )
        formula = ""
    title = (
        _("Ubah indikator %(code)s") % {"code": ind.code}
        if ind
        else _("Tambah indikator pada sasaran %(code)s") % {"code": obj.code}
    )
    context = {
        "unit": unit,
        "plan": plan,
        "objective": obj,
        "form": form,
        "title": title,
        "conflict": conflict,
        **_indicator_context(plan, form, formula),
    }
    return render(request, "planning/indicator_form.html", context)


@login_required
def indicator_page(request: HttpRequest, code: str, pk: int, iid: int) -> HttpResponse:
    unit, scope = _unit(request, code)
    plan = _plan(unit, pk)
    ind = _indicator(plan, iid)
    years = list(range(plan.period_start, plan.period_end + 1))
    by_year = {t.year: t for t in ind.targets.all()}
    return render(
        request,
        "planning/indicator.html",
        {
            "unit": unit,
            "plan": plan,
            "ind": ind,
            "targets": [(y, show_target(by_year[y].get_target()) if y in by_year else "–") for y in years],
            "variables": list(ind.variables.order_by("position", "id")),
            "components": list(
                ind.component_links.select_related("component__owner").order_by("position", "id")
            ),
            "max_achievement": format_number(ind.max_achievement) if ind.max_achievement is not None else "",
            "baseline": format_number(ind.baseline) if ind.baseline is not None else "",
            "history": list(history_of(ind).order_by("-at", "-id")[:30]),
            "references": services.references_of(ind),
            "can_edit": scope.can(permissions.EDIT_PLAN, unit) and not services.is_superseded(plan),
        },
    )


@login_required
def edit_targets(request: HttpRequest, code: str, pk: int, iid: int) -> HttpResponse:
    unit, plan = _editable_plan(request, code, pk)
    ind = _indicator(plan, iid)
    years = list(range(plan.period_start, plan.period_end + 1))
    scale = list(ind.scale or [])
    current = {t.year: t.get_target() for t in ind.targets.all()}
    conflict = None
    if request.method == "POST":
        form = TargetsForm(request.POST, years=years, scale=scale)
        if form.is_valid():
            try:
                services.save_targets(request.user, ind, form.targets, form.cleaned_data["token"])
            except VersionConflict as exc:
                _apply_error(form, exc)
                fresh = Indicator.objects.get(pk=ind.pk)
                _refresh_token(form, services.targets_token(fresh))
                conflict = [(y, show_target(current[y]) if y in current else "–") for y in years]
            except PlanError as exc:
                _apply_error(form, exc)
            else:
                messages.success(request, _("Target indikator %(code)s disimpan.") % {"code": ind.code})
                return redirect(plan_url(plan, f"ind-{ind.pk}"))
    else:
        initial: dict[str, Any] = {"token": services.targets_token(ind)}
        for y in years:
            initial[f"t{y}"] = show_input(current.get(y))
        form = TargetsForm(initial=initial, years=years, scale=scale)
    return render(
        request,
        "planning/targets_form.html",
        {"unit": unit, "plan": plan, "ind": ind, "form": form, "scale": scale, "conflict": conflict},
    )


@login_required
def move_indicator(request: HttpRequest, code: str, pk: int, iid: int) -> HttpResponse:
    unit, plan = _editable_plan(request, code, pk)
    if (refused := _post_only(request)) is not None:
        return refused
    ind = _indicator(plan, iid)
    try:
        services.move_indicator(request.user, ind, -1 if request.POST.get("arah") == "naik" else 1)
    except PlanError as exc:
        messages.error(request, exc.message)
    return redirect(plan_url(plan, f"ind-{ind.pk}"))


@login_required
def delete_indicator(request: HttpRequest, code: str, pk: int, iid: int) -> HttpResponse:
    unit, plan = _editable_plan(request, code, pk)
    ind = _indicator(plan, iid)
    error = ""
    if request.method == "POST":
        try:
            services.delete_indicator(request.user, ind)
        except PlanError as exc:
            error = exc.message
        else:
            messages.success(request, _("Indikator %(code)s dihapus.") % {"code": ind.code})
            return redirect(plan_url(plan, f"obj-{ind.objective_id}"))
    else:
        why = services.references_of(ind)
        if why:
            error = _("Indikator %(code)s tidak dapat dihapus: %(why)s.") % {
                "code": ind.code,
                "why": "; ".join(why),
            }
    return render(
        request,
        "planning/delete.html",
        {
            "unit": unit,
            "plan": plan,
            "what": _("indikator %(code)s: %(name)s") % {"code": ind.code, "name": ind.name},
            "detail": _("Beserta target tahunannya, variabel rumus dan komponennya."),
            "error": error,
        },
        status=409 if error and request.method == "POST" else 200,
    )
