"""The reviu page of a unit-year (``/reviu/<unit>/<tahun>/``) and the SKM pages: the public
questionnaire (``/skm/isi/<kunci>/``, no account) and a unit's SKM (``/skm/<unit>/<tahun>/``).

Reviu:

Every user who may read the unit sees the recorded reviu (it is printed in the LKj they may
download); APIP (``record_reviu``) also gets the form, and only APIP may post it (HTTP 403
otherwise). Input that cannot be accepted is shown back with the reason; nothing is saved.
Plain HTML form: no JavaScript needed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import qrcode
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from qrcode.image.svg import SvgPathFillImage

from kinerja.core.akip import ANSWERS, compare, predicate
from kinerja.core.skm import ELEMENTS, SCALE
from kinerja.evaluation import akip, recommendations, services, skm
from kinerja.evaluation.forms import ReviuForm
from kinerja.evaluation.models import (
    REVIU_CHECKLIST,
    Recommendation,
    ReviuFinding,
    Survey,
    SurveyResponse,
    SurveyService,
    default_statement,
)
from kinerja.evaluation.services import MAX_YEAR, MIN_YEAR, ReviuError
from kinerja.figures.akip import DEFAULT_LKE, load_lke
from kinerja.figures.skm import service_result, unit_skm
from kinerja.organizations import access, permissions
from kinerja.organizations.models import Unit


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
    findings = list(ReviuFinding.objects.filter(unit=unit, year=year).order_by("pk"))
    saved = recommendations.checklist_of(unit, year)
    checklist = [
        {
            "code": code,
            "text": text,
            **((saved.answers.get(code) if saved else None) or {"answer": "", "note": ""}),
        }
        for code, text in REVIU_CHECKLIST
    ]
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
            "can_respond": scope.can(permissions.ENTER_REALIZATION, unit),
            "findings": findings,
            "checklist": checklist,
            "error": error,
        },
    )


# --- SKM --------------------------------------------------------------------------------------

ELEMENT_FIELDS = [(code.lower(), code, name) for code, name in ELEMENTS]


def _qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG markup (made by qrcode from our own URL)."""
    image = qrcode.make(url, image_factory=SvgPathFillImage, border=2)
    text: str = image.to_string().decode()
    return text[text.index("<svg") :]


def _form_answers(request: HttpRequest) -> list[str]:
    return [request.POST.get(field, "") for field, _code, _name in ELEMENT_FIELDS]


def survey_public(request: HttpRequest, key: str) -> HttpResponse:
    """The public questionnaire of a service: no account, one answer per visit (see
    ``kinerja.evaluation.skm``). It shows nothing but the questionnaire."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    survey = skm.public_survey(key)
    if survey is None:
        raise Http404(_("Survei tidak ditemukan"))
    error, status, token = "", 200, ""
    chosen: dict[str, str] = {}
    if request.method == "POST":
        token = request.POST.get("token", "")
        chosen = {f: request.POST.get(f, "") for f, _c, _n in ELEMENT_FIELDS}
        try:
            profile = skm.parse_profile(
                request.POST.get("gender", ""),
                request.POST.get("age", ""),
                request.POST.get("education", ""),
                request.POST.get("occupation", ""),
            )
            skm.submit_public(
                survey,
                token=token,
                honeypot=request.POST.get("website", ""),
                answers=_form_answers(request),
                profile=profile,
                extra=[request.POST.get(f"extra{i}", "") for i in range(len(survey.extra_questions or []))],
                client=skm.client_hash(request),
            )
        except skm.SurveyRefused as exc:
            error, status = exc.message, exc.status
            if "Formulir" in exc.message:
                token = ""
        else:
            return render(request, "evaluation/survey_thanks.html", {"survey": survey})
    context = {
        "survey": survey,
        "token": token or skm.issue_token(survey),
        "elements": [(f, c, n, chosen.get(f, "")) for f, c, n in ELEMENT_FIELDS],
        "scale": sorted(SCALE.items()),
        "education": SurveyResponse.EDUCATION,
        "extra": list(enumerate(survey.extra_questions or [])),
        "post": request.POST if request.method == "POST" else {},
        "error": error,
    }
    return render(request, "evaluation/survey_public.html", context, status=status)


def _bars(means: tuple[Decimal | None, ...]) -> list[dict[str, Any]]:
    """The per-element chart's rows: NRR 1-4 drawn on a 0-4 axis, with the converted value."""
    out = []
    for (code, name), nrr in zip(ELEMENTS, means, strict=True):
        out.append(
            {
                "code": code,
                "name": name,
                "nrr": nrr,
                "converted": None if nrr is None else nrr * 25,
                "width": 0 if nrr is None else int(nrr * 60),  # 240 px for 4
            }
        )
    return out


@login_required
def skm_unit(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """A unit's SKM in a year: its result (own services, or the units beneath rolled up), the
    per-element chart, the table of the units beneath; for those who may enter: services, their
    public link and QR code, questionnaire settings, a respondent typed in, a CSV/XLSX import."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    action = permissions.ENTER_REALIZATION if request.method == "POST" else permissions.VIEW
    unit, scope = access.unit_for(request.user, code, action)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404(_("Tahun %(year)s tidak sah") % {"year": year})
    can_enter = scope.can(permissions.ENTER_REALIZATION, unit)
    error, error_service = "", ""
    if request.method == "POST":
        try:
            done = _skm_post(request, unit, year)
        except skm.SurveyRefused as exc:
            error, error_service = exc.message, request.POST.get("service", "")
        else:
            messages.success(request, done)
            return redirect("skm:unit", unit.code, year)
    doc = skm.survey_document(unit, year)
    result = unit_skm(doc, unit.code, year)
    by_service = {s.service: service_result(s) for s in doc.surveys if s.unit == unit.code}
    services = []
    for service in SurveyService.objects.filter(unit=unit).order_by("name"):
        survey = Survey.objects.filter(service=service, year=year).first()
        link = request.build_absolute_uri(reverse("skm:public", args=[service.public_key]))
        services.append(
            {
                "service": service,
                "survey": survey,
                "result": by_service.get(service.name),
                "link": link,
                "qr": mark_safe(_qr_svg(link)) if can_enter else "",  # noqa: S308 - qrcode's SVG of our URL
                "error": error if error_service == str(service.pk) else "",
            }
        )
    children = []
    for child in Unit.objects.filter(parent=unit).order_by("code"):
        children.append({"unit": child, "result": unit_skm(doc, child.code, year)})
    context = {
        "unit": unit,
        "year": year,
        "result": result,
        "bars": _bars(result.means) if result is not None and result.means else [],
        "services": services,
        "children": children,
        "can_enter": can_enter,
        "error": error if not error_service else "",
        "elements": ELEMENT_FIELDS,
        "education": SurveyResponse.EDUCATION,
    }
    return render(request, "evaluation/skm_unit.html", context, status=400 if error else 200)


def _skm_post(request: HttpRequest, unit: Unit, year: int) -> str:
    what = request.POST.get("action", "")
    if what == "add_service":
        service = skm.add_service(
            request.user, unit, request.POST.get("name", ""), request.POST.get("description", "")
        )
        skm.survey_for(request.user, service, year)
        return _("Layanan %(name)s ditambahkan.") % {"name": service.name}
    try:
        service = SurveyService.objects.get(unit=unit, pk=int(request.POST.get("service", "")))
    except (ValueError, SurveyService.DoesNotExist):
        raise skm.SurveyRefused(_("Layanan tidak ditemukan di unit ini.")) from None
    survey = skm.survey_for(request.user, service, year)
    if what == "update_survey":
        skm.update_survey(
            request.user,
            survey,
            population=request.POST.get("population", ""),
            ikm=request.POST.get("ikm", ""),
            respondents=request.POST.get("respondents", ""),
            extra_questions=request.POST.get("extra_questions", ""),
            is_open=request.POST.get("is_open") == "on",
        )
        return _("Kuesioner %(name)s %(year)s disimpan.") % {"name": service.name, "year": year}
    if what == "add_response":
        profile = skm.parse_profile(
            request.POST.get("gender", ""),
            request.POST.get("age", ""),
            request.POST.get("education", ""),
            request.POST.get("occupation", ""),
        )
        skm.add_staff_response(request.user, survey, _form_answers(request), profile)
        return _("Jawaban responden dicatat.")
    if what == "import":
        upload = request.FILES.get("file")
        if upload is None:
            raise skm.SurveyRefused(_("Pilih berkas CSV atau XLSX."))
        if upload.size is not None and upload.size > 5 * 1024 * 1024:
            raise skm.SurveyRefused(_("Berkas paling besar 5 MB."))
        count = skm.import_rows(request.user, survey, upload.name or "", upload.read())
        return _("%(count)s responden diimpor.") % {"count": count}
    raise skm.SurveyRefused(_("Tindakan tidak dikenal."))


# --- AKIP evaluation ----------------------------------------------------------------------------


@login_required
def akip_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """A unit's AKIP evaluation worksheet of a year: score, predicate, last year; per criterion
    the automatic check with its reason, the unit's answer, note and evidence, the APIP's answer
    and note. The unit edits its columns, the APIP its own, until the APIP makes it final."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    unit, scope = access.unit_for(request.user, code)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404(_("Tahun %(year)s tidak sah") % {"year": year})
    can_self = scope.can(permissions.ENTER_REALIZATION, unit)
    can_review = scope.can(permissions.RECORD_REVIU, unit)
    error, status = "", 200
    ev = akip.evaluation_of(unit, year)
    if request.method == "POST":
        if not (can_self or can_review):
            raise PermissionDenied
        try:
            done = _akip_post(request, unit, year, ev)
        except akip.AkipRefused as exc:
            error, status = exc.message, exc.status
            ev = akip.evaluation_of(unit, year)
        else:
            messages.success(request, done)
            return redirect("akip:unit", unit.code, year)
    lke = load_lke(ev.lke if ev else DEFAULT_LKE)
    stored = akip.answers_of(ev) if ev else {}
    checks = akip.auto_checks(unit, year)
    detail = akip.current_score(ev) if ev else None
    last = akip.evaluation_of(unit, year - 1)
    last_score = akip.current_score(last).total if last and last.status == "final" else None
    if last is not None and last.status == "final" and last.entered_score is not None and not last_score:
        last_score = last.entered_score
    components = []
    for comp in lke.components:
        subs = []
        for sub in comp.subcomponents:
            rows = []
            for crit in sub.criteria:
                answer = stored.get(crit.code)
                check = checks.get(crit.auto) if crit.auto else None
                rows.append(
                    {
                        "criterion": crit,
                        "answer": answer,
                        "check": check,
                        "self_value": answer.self_answer if answer else (check.suggestion if check else ""),
                    }
                )
            value = detail.subcomponents.get(sub.code) if detail else None
            subs.append({"sub": sub, "rows": rows, "value": value})
        components.append(
            {"comp": comp, "subs": subs, "value": detail.components.get(comp.code) if detail else None}
        )
    total = detail.total if detail and not detail.unanswered == tuple(detail.subcomponents) else None
    if ev is not None and ev.entered_score is not None and not stored:
        total = ev.entered_score
    band = predicate(total) if total is not None else None
    context = {
        "unit": unit,
        "year": year,
        "ev": ev,
        "lke": lke,
        "components": components,
        "total": total,
        "band": band,
        "last_score": last_score,
        "change": compare(total, last_score),
        "grades": list(ANSWERS),
        "can_self": can_self and (ev is None or ev.status != "final"),
        "can_review": can_review and (ev is None or ev.status != "final"),
        "can_finalise": can_review and ev is not None and ev.status != "final",
        "can_reopen": can_review and ev is not None and ev.status == "final",
        "error": error,
    }
    return render(request, "evaluation/akip.html", context, status=status)


def _akip_post(request: HttpRequest, unit: Unit, year: int, ev: Any) -> str:
    what = request.POST.get("action", "")
    if what not in ("save_self", "save_review", "finalise", "reopen"):
        raise akip.AkipRefused(_("Tindakan tidak dikenal."))
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        raise akip.AkipRefused(_("Formulir tidak lengkap (versi); muat ulang halaman.")) from None
    if ev is None:
        ev = akip.open_evaluation(request.user, unit, year)
    codes = [k.code for c in load_lke(ev.lke).components for s in c.subcomponents for k in s.criteria]
    if what == "save_self":
        akip.save_self(
            request.user,
            ev,
            {
                c: (
                    request.POST.get(f"self-{c}", ""),
                    request.POST.get(f"note-{c}", ""),
                    request.POST.get(f"evidence-{c}", ""),
                )
                for c in codes
                if f"self-{c}" in request.POST
            },
            version,
        )
        return _("Penilaian mandiri disimpan.")
    if what == "save_review":
        akip.save_review(
            request.user,
            ev,
            {
                c: (request.POST.get(f"review-{c}", ""), request.POST.get(f"rnote-{c}", ""))
                for c in codes
                if f"review-{c}" in request.POST
            },
            request.POST.get("summary", ""),
            version,
        )
        return _("Hasil reviu APIP disimpan.")
    if what == "finalise":
        akip.finalise(request.user, ev, version)
        return _("Evaluasi AKIP difinalkan.")
    if what == "reopen":
        akip.reopen(request.user, ev, version)
        return _("Evaluasi AKIP dibuka kembali.")
    raise akip.AkipRefused(_("Tindakan tidak dikenal."))


# --- recommendations and reviu findings ---------------------------------------------------------


def _rec_rows(rows: Any) -> list[dict[str, Any]]:
    on = recommendations.today()
    return [{"rec": r, "overdue": recommendations.is_overdue(r, on)} for r in rows]


@login_required
def recommendations_page(request: HttpRequest) -> HttpResponse:
    """The open recommendations of the units the user may read (``?terlambat=1``: overdue only)."""
    overdue_only = request.GET.get("terlambat") == "1"
    rows = recommendations.open_recommendations(request.user, overdue_only=overdue_only)
    return render(
        request,
        "evaluation/recommendations.html",
        {"rows": _rec_rows(rows[:500]), "overdue_only": overdue_only},
    )


@login_required
def unit_recommendations(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's recommendations with their follow-up; the unit records follow-up, the APIP adds,
    closes and reopens."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    unit, scope = access.unit_for(request.user, code)
    can_follow = scope.can(permissions.ENTER_REALIZATION, unit)
    can_review = scope.can(permissions.RECORD_REVIU, unit)
    error, status = "", 200
    if request.method == "POST":
        if not (can_follow or can_review):
            raise PermissionDenied
        try:
            done = _recommendation_post(request, unit)
        except recommendations.RecommendationRefused as exc:
            error, status = exc.message, exc.status
        else:
            messages.success(request, done)
            return redirect("akip:unit_recommendations", unit.code)
    rows = (
        Recommendation.objects.filter(unit=unit)
        .prefetch_related("follow_ups")
        .order_by("status", "due_date", "pk")
    )
    listed = _rec_rows(rows)
    context = {
        "unit": unit,
        "rows": listed,
        "completion": recommendations.completion([unit])[0],
        "overdue": sum(1 for r in listed if r["overdue"]),
        "can_follow": can_follow,
        "can_review": can_review,
        "sources": Recommendation.SOURCES,
        "error": error,
    }
    return render(request, "evaluation/unit_recommendations.html", context, status=status)


def _recommendation_post(request: HttpRequest, unit: Unit) -> str:
    what = request.POST.get("action", "")
    if what == "add":
        recommendations.add_recommendation(
            request.user,
            unit,
            source=request.POST.get("source", ""),
            reference=request.POST.get("reference", ""),
            year=request.POST.get("year", ""),
            text=request.POST.get("text", ""),
            due_date=request.POST.get("due_date", ""),
        )
        return _("Rekomendasi dicatat.")
    if what not in ("follow_up", "close", "reopen"):
        raise recommendations.RecommendationRefused(_("Tindakan tidak dikenal."))
    try:
        rec = Recommendation.objects.get(unit=unit, pk=int(request.POST.get("recommendation", "")))
        version = int(request.POST.get("version", ""))
    except (ValueError, Recommendation.DoesNotExist):
        raise recommendations.RecommendationRefused(_("Rekomendasi tidak ditemukan di unit ini.")) from None
    if what == "follow_up":
        recommendations.add_follow_up(
            request.user,
            rec,
            text=request.POST.get("text", ""),
            evidence=request.POST.get("evidence", ""),
            done=request.POST.get("done") == "on",
            version=version,
        )
        return _("Tindak lanjut dicatat.")
    if what == "close":
        recommendations.close(request.user, rec, note=request.POST.get("note", ""), version=version)
        return _("Rekomendasi ditutup.")
    recommendations.reopen(request.user, rec, note=request.POST.get("note", ""), version=version)
    return _("Rekomendasi dibuka kembali.")


@login_required
def reviu_findings(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The reviu working papers' findings (POST only; shown on the reviu page): the APIP adds and
    closes, the unit responds."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    unit, scope = access.unit_for(request.user, code)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404(_("Tahun %(year)s tidak sah") % {"year": year})
    what = request.POST.get("action", "")
    try:
        if what == "add":
            recommendations.add_finding(
                request.user,
                unit,
                year,
                text=request.POST.get("text", ""),
                correction=request.POST.get("correction", ""),
            )
        elif what == "checklist":
            recommendations.save_checklist(
                request.user,
                unit,
                year,
                {
                    code: (request.POST.get(f"check-{code}", ""), request.POST.get(f"checknote-{code}", ""))
                    for code, _text in REVIU_CHECKLIST
                },
            )
        elif what in ("respond", "close"):
            try:
                finding = ReviuFinding.objects.get(
                    unit=unit, year=year, pk=int(request.POST.get("finding", ""))
                )
            except (ValueError, ReviuFinding.DoesNotExist):
                raise recommendations.RecommendationRefused(_("Temuan tidak ditemukan.")) from None
            if what == "respond":
                recommendations.respond(request.user, finding, response=request.POST.get("response", ""))
            else:
                recommendations.close_finding(request.user, finding)
        else:
            raise recommendations.RecommendationRefused(_("Tindakan tidak dikenal."))
    except recommendations.RecommendationRefused as exc:
        typed = "\n\n".join(
            request.POST.get(k, "") for k in ("text", "correction", "response") if request.POST.get(k)
        )
        context = {"unit": unit, "year": year, "message": exc.message, "typed": typed}
        return render(request, "evaluation/finding_refused.html", context, status=exc.status)
    messages.success(request, _("Kertas kerja reviu disimpan."))
    return redirect("evaluation:reviu", unit.code, year)
