"""``/anggaran/<unit>/<tahun>/``: the budget of a unit-year for everyone who may read the unit —
the pagu from pagu awal through its revisions to pagu akhir, realisation and absorption, the
monthly realisation against the RPD (halaman III DIPA) as a chart and a table, the budget scores
(EKA, IKPA, NKA) with their predicates and whether each was computed or entered, the accounts,
and the units beneath. Every figure comes from ``kinerja.figures.budget`` (the one roll-up rule);
nothing is computed here."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kinerja.budget.models import BUDGET_KIND_LABELS
from kinerja.core.numbers import format_number, format_rupiah
from kinerja.core.types import KinerjaValidationError
from kinerja.figures.budget import (
    SCORE_NAMES,
    Line,
    Monthly,
    UnitBudget,
    budget_by_account,
    budget_by_objective,
    budget_months,
    budget_outputs,
    budget_trend,
    unit_budget,
)
from kinerja.interchange.db import budget_document
from kinerja.organizations import access, permissions

MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


def _rp(value: int | None) -> str:
    return "–" if value is None else format_rupiah(value)


def _pct(value: Decimal | None) -> str:
    return "n.a" if value is None else format_number(value)


def _volume(value: Decimal) -> str:
    """A volume: whole numbers without decimals (``18.658.193``), others with two."""
    return format_number(value, 0 if value == value.to_integral_value() else 2)


def _lines(lines: list[Line]) -> list[tuple[str, str, str, str]]:
    return [(x.label, _rp(x.pagu), _rp(x.realisasi), _pct(x.penyerapan)) for x in lines]


@dataclass
class Bar:
    x: float
    y: float
    height: float
    label: str


def _chart(monthly: Monthly, width: int = 720, height: int = 220) -> dict[str, Any] | None:
    """Bars of the monthly RPD and realisation, to scale (SVG drawn by the template)."""
    if monthly.empty:
        return None
    top = max([m.rpd or 0 for m in monthly.months] + [m.realised or 0 for m in monthly.months]) or 1
    left, bottom, plot_h = 10.0, height - 24.0, height - 40.0
    step = (width - 2 * left) / 12
    plan: list[Bar] = []
    real: list[Bar] = []
    labels: list[tuple[float, str]] = []
    for i, m in enumerate(monthly.months):
        x = left + i * step
        for value, out, offset in ((m.rpd, plan, 0.15), (m.realised, real, 0.5)):
            if value is not None:
                h = round(plot_h * value / top, 1)
                out.append(Bar(round(x + step * offset, 1), round(bottom - h, 1), h, format_rupiah(value)))
        labels.append((round(x + step / 2, 1), MONTHS[i]))
    return {
        "width": width,
        "height": height,
        "bar": round(step * 0.33, 1),
        "bottom": bottom,
        "plan": plan,
        "real": real,
        "labels": labels,
        "text_y": height - 6,
    }


@login_required
@require_GET
def budget_start(request: HttpRequest, code: str) -> HttpResponse:
    """The unit's budget page of the latest year with pagu or realisation in its subtree."""
    from django.shortcuts import redirect
    from django.utils import timezone

    from kinerja.budget.models import BudgetEntry
    from kinerja.organizations.models import Unit

    unit, _scope = access.unit_for(request.user, code)
    ids = Unit.objects.filter(agency_id=unit.agency_id, code__in=unit.descendant_codes()).values("id")
    latest = (
        BudgetEntry.objects.filter(unit_id__in=ids)
        .exclude(kind="renstra")
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return redirect("budget:unit", unit.code, latest or timezone.localdate().year)


@login_required
@require_GET
def budget_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    unit, scope = access.unit_for(request.user, code)
    if not 1900 <= year <= 2999:
        raise KinerjaValidationError("tahun di luar rentang 1900-2999")
    doc = budget_document(unit)  # the subtree: an Eselon I and the ministry sum the units beneath
    found: UnitBudget | None = unit_budget(doc, unit.code, year)
    own = [b for b in doc.budgets if b.unit == unit.code and b.year == year]
    steps = ("pagu_awal", "revisi", "blokir", "pagu_akhir")
    history = sorted(
        (b for b in own if not b.account and not b.output and b.kind in steps),
        key=lambda b: (steps.index(b.kind), b.date is None, b.date or 0),
    )
    outputs = budget_outputs(doc, unit.code, year)
    children = []
    for child in sorted((u for u in doc.units if u.parent == unit.code), key=lambda u: u.code):
        part = unit_budget(doc, child.code, year)
        if part is not None and (part.pagu_akhir is not None or part.realisasi is not None):
            children.append((child, part))
    monthly = budget_months(doc, unit.code, year)
    trend = budget_trend(doc, unit.code, year)

    years = sorted({b.year for b in doc.budgets if b.kind != "renstra"} | {year}, reverse=True)
    return render(
        request,
        "budget/unit.html",
        {
            "unit": unit,
            "year": year,
            "years": years,
            "can_enter": scope.can(permissions.ENTER_BUDGET, unit),
            "found": found,
            "pagu": _rp(found.pagu_akhir if found else None),
            "realisasi": _rp(found.realisasi if found else None),
            "penyerapan": _pct(found.penyerapan if found else None),
            "history": [
                (str(BUDGET_KIND_LABELS.get(b.kind, b.kind)), b.date, _rp(b.amount), b.note) for b in history
            ],
            "scores": [
                (SCORE_NAMES[k], found.scores[k])
                for k in ("eka", "ikpa", "nka")
                if found and k in found.scores
            ],
            "accounts": _lines(budget_by_account(doc, unit.code, year)),
            "objectives": _lines(budget_by_objective(doc, unit.code, year)),
            "trend": [(*row, _rp(line.renstra)) for row, line in zip(_lines(trend), trend, strict=True)]
            if any(t.pagu is not None or t.renstra is not None for t in trend)
            else [],
            "outputs": outputs,
            "output_rows": [
                (
                    r,
                    _rp(r.pagu),
                    _rp(r.realisasi),
                    _pct(r.penyerapan),
                    "" if r.volume_target is None else f"{_volume(r.volume_target)} {r.volume_unit}".strip(),
                    "" if r.volume is None else _volume(r.volume),
                    "" if r.capaian is None and r.level not in ("ro", "kro") else _pct(r.capaian),
                    "" if r.efficiency is None else _pct(r.efficiency),
                    MONTHS[r.volume_month - 1] if r.volume_month else "",
                )
                for r in outputs.rows
            ],
            "cro": _pct(outputs.capaian_ro),
            "ero": _pct(outputs.efisiensi),
            "ne": _pct(outputs.nilai_efisiensi),
            "children": [
                (c, _rp(p.pagu_akhir), _rp(p.realisasi), _pct(p.penyerapan), p.rolled_up)
                for c, p in children  # a role at a unit reads every unit beneath it
            ],
            "monthly": monthly,
            "month_rows": [
                (
                    MONTHS[m.month - 1],
                    _rp(m.rpd),
                    _rp(m.realised),
                    _rp(int(m.rpd_cumulative)),
                    _rp(int(m.realised_cumulative)),
                    _pct(m.ratio),
                )
                for m in monthly.months
            ],
            "consistency": _pct(monthly.consistency),
            "deviation": _pct(monthly.deviation),
            "chart": _chart(monthly),
        },
    )


@login_required
def budget_entry_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The finance officer's page (``enter_budget``): add and remove the unit-year's budget
    entries, enter the scores from SMART/OM-SPAN. Refusals keep what was typed."""
    from django.contrib import messages
    from django.http import HttpResponseNotAllowed
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from kinerja.budget import services
    from kinerja.budget.models import (
        BUDGET_KIND_CHOICES,
        BUDGET_SCORE_CHOICES,
        BudgetEntry,
        BudgetOutput,
        BudgetScore,
    )

    unit, _scope = access.unit_for(request.user, code, permissions.ENTER_BUDGET)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    status, typed = 200, {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "add":
                typed = {
                    k: request.POST.get(k, "")
                    for k in ("kind", "amount", "date", "month", "account", "note", "output")
                }
                services.add_entry(request.user, unit, year, services.EntryInput(**typed))
                messages.success(request, _("Entri anggaran ditambahkan."))
            elif action == "remove":
                services.remove_entry(
                    request.user,
                    unit,
                    year,
                    int(request.POST.get("entry", "0") or 0),
                    request.POST.get("version", ""),
                )
                messages.success(request, _("Entri anggaran dihapus."))
            elif action == "import":
                upload = request.FILES.get("file")
                if upload is None:
                    raise services.BudgetRefused(_("Pilih berkas CSV atau XLSX."), "file")
                if upload.size is not None and upload.size > 5 * 1024 * 1024:
                    raise services.BudgetRefused(_("Berkas paling besar 5 MB."), "file")
                made = services.import_monthly(request.user, unit, year, upload.name or "", upload.read())
                messages.success(request, _("%(n)s entri bulanan diimpor.") % {"n": made})
            elif action == "volume":
                typed = {k: request.POST.get(k, "") for k in ("ro", "vmonth", "volume")}
                services.set_volume(request.user, unit, year, typed["ro"], typed["vmonth"], typed["volume"])
                messages.success(request, _("Realisasi volume RO disimpan."))
            elif action == "score":
                services.set_score(
                    request.user, unit, year, request.POST.get("kind", ""), request.POST.get("value", ""),
                    request.POST.get("note", ""),
                )  # fmt: skip
                messages.success(request, _("Nilai anggaran disimpan."))
            else:
                raise services.BudgetRefused(_("Tindakan tidak dikenal."))
            return redirect("budget:enter", unit.code, year)
        except services.BudgetRefused as exc:
            messages.error(request, exc.message)
            status = exc.status if exc.status != 400 else 400
    entries = list(
        BudgetEntry.objects.filter(unit=unit, year=year).select_related("output").order_by("position", "id")
    )
    outputs = list(
        BudgetOutput.objects.filter(unit=unit, year=year).select_related("parent").order_by("position", "id")
    )
    scores = list(BudgetScore.objects.filter(unit=unit, year=year).order_by("kind"))
    return render(
        request,
        "budget/enter.html",
        {
            "unit": unit,
            "year": year,
            "entries": [(e, str(BUDGET_KIND_LABELS.get(e.kind, e.kind)), _rp(e.amount)) for e in entries],
            "scores": scores,
            "kinds": BUDGET_KIND_CHOICES,
            "score_kinds": BUDGET_SCORE_CHOICES,
            "version": services.page_version(unit, year),
            "typed": typed,
            "outputs": outputs,
            "lines_on": [o for o in outputs if o.level in ("kro", "ro")],
            "ros": [o for o in outputs if o.level == "ro"],
            "months": list(enumerate(MONTHS, 1)),
        },
        status=status,
    )
