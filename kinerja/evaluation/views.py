"""The reviu page of a unit-year: ``/reviu/<unit>/<tahun>/``.

Every user who may read the unit sees the recorded reviu (it is printed in the LKj they may
download); APIP (``record_reviu``) also gets the form, and only APIP may post it (HTTP 403
otherwise). Input that cannot be accepted is shown back with the reason; nothing is saved.
Plain HTML form: no JavaScript needed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kinerja.evaluation import services
from kinerja.evaluation.forms import ReviuForm
from kinerja.evaluation.models import default_statement
from kinerja.evaluation.services import MAX_YEAR, MIN_YEAR, ReviuError
from kinerja.organizations import access, permissions


@login_required
def reviu_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    action = permissions.RECORD_REVIU if request.method == "POST" else permissions.VIEW
    unit, scope = access.unit_for(request.user, code, action)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404(_("Tahun %(year)s tidak sah") % {"year": year})
    can_record = scope.can(permissions.RECORD_REVIU, unit)
    check = services.check_reviu(unit, year)
    reviu = check.reviu
    standard = default_statement(unit.name, year)
    error = ""
    if request.method == "POST":
        form = ReviuForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_reviu(
                    request.user,
                    unit,
                    year,
                    reviewed_on=data["reviewed_on"],
                    reviewer_name=data["reviewer_name"],
                    reviewer_title=data["reviewer_title"],
                    place=data["place"],
                    statement=data.get("statement") or "",
                )
            except ReviuError as exc:
                if exc.field in form.fields:
                    form.add_error(exc.field, str(exc))
                else:
                    error = str(exc)
            else:
                messages.success(
                    request,
                    _("Reviu Laporan Kinerja %(unit)s tahun %(year)s dicatat.")
                    % {"unit": unit.code, "year": year},
                )
                return redirect("evaluation:reviu", unit.code, year)
    elif reviu is not None:
        form = ReviuForm(
            initial={
                "reviewed_on": reviu.reviewed_on,
                "place": reviu.place,
                "reviewer_title": reviu.reviewer_title,
                "reviewer_name": reviu.reviewer_name,
                "statement": reviu.statement,
            }
        )
    else:
        form = ReviuForm(initial={"statement": standard, "reviewer_title": "Inspektur Jenderal"})
    paragraphs = [p.strip() for p in reviu.statement.split("\n\n") if p.strip()] if reviu else []
    return render(
        request,
        "evaluation/reviu.html",
        {
            "unit": unit,
            "year": year,
            "reviu": reviu,
            "check": check,
            "paragraphs": paragraphs,
            "form": form if can_record else None,
            "can_record": can_record,
            "error": error,
        },
    )
