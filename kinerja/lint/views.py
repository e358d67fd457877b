"""The "Pemeriksaan data" page: the linter's findings for one unit (and its subtree), per year."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from kinerja.core.types import KinerjaValidationError
from kinerja.interchange.document import Document
from kinerja.lint.cli import document_from_database
from kinerja.lint.findings import Severity
from kinerja.lint.render import summary_line
from kinerja.lint.run import lint_document
from kinerja.lint.titles import title as rule_title
from kinerja.organizations.access import unit_for

SEVERITY_LABELS = {
    Severity.GALAT: gettext_lazy("Galat"),
    Severity.PERINGATAN: gettext_lazy("Peringatan"),
    Severity.INFO: gettext_lazy("Info"),
}


def _years(doc: Document, code: str) -> list[int]:
    years: set[int] = set()
    for plan in doc.plans:
        if plan.unit == code:
            years.update(range(plan.period[0], plan.period[1] + 1))
    years.update(a.year for a in doc.agreements if a.unit == code)
    return sorted(years)


@login_required
def unit_lint(request: HttpRequest, code: str) -> HttpResponse:
    unit = unit_for(request.user, code)[0]
    try:
        doc = document_from_database(code, unit.agency.code)
    except KinerjaValidationError as exc:
        raise Http404(str(exc)) from exc
    years = _years(doc, code)
    pk_years = sorted({a.year for a in doc.agreements if a.unit == code})
    raw = request.GET.get("tahun")
    year: int | None
    if raw is None:
        year = pk_years[-1] if pk_years else None
    elif raw.strip().isdigit() and int(raw) in years:
        year = int(raw)
    else:
        year = None  # "semua tahun", or a year the unit has no data for
    report = lint_document(doc, unit=code, year=year)
    groups = [
        {
            "severity": severity,
            "label": SEVERITY_LABELS.get(severity, severity.label),
            "findings": findings,
            "rows": [{"f": f, "title": rule_title(f.code)} for f in findings],
        }
        for severity, findings in report.by_severity()
        if findings
    ]
    return render(
        request,
        "lint/unit.html",
        {
            "unit": unit,
            "year": year,
            "years": years,
            "report": report,
            "groups": groups,
            "summary": summary_line(report),
            "counts": {
                "galat": report.counts.get("galat", 0),
                "peringatan": report.counts.get("peringatan", 0),
                "info": report.counts.get("info", 0),
            },
        },
    )
