"""AKIP evaluation (LKE, PermenPAN-RB 88/2021) of a unit-year: self-assessment, APIP review, final.

* The unit (``enter_realization``) answers each criterion with a note and evidence while the
  evaluation is not final (``save_self``).
* The APIP (``record_reviu``) gives its own answer and note per criterion and a conclusion
  (``save_review``), then makes it final (``finalise``) or opens it again (``reopen``). The final
  answer of a criterion is the APIP's, or the unit's where the APIP gave none. Only a final
  evaluation is a result: it feeds ``source: akip`` indicators and the interchange file.
* Both forms carry the evaluation's ``version``: a save against an older version is refused
  (someone else saved in between) and nothing is lost — the page shows the newer answers.
* ``auto_checks``: the criteria Kinerja can judge from its own data (the ``auto`` key of the
  worksheet), each with the reason; the page pre-fills the unit's answer (Y/T) from them.

Scores and predicates are ``kinerja.figures.akip`` / ``kinerja.core.akip``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.core.akip import ANSWERS, LkeScore, score
from kinerja.core.numbers import format_number
from kinerja.core.types import KinerjaValidationError
from kinerja.evaluation.models import AkipAnswer, AkipEvaluation, Reviu
from kinerja.figures.akip import DEFAULT_LKE, load_lke
from kinerja.interchange import document as d
from kinerja.organizations import access, permissions
from kinerja.organizations.models import Unit


class AkipRefused(KinerjaValidationError):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


STALE = gettext_lazy(
    "Lembar kerja sudah diubah orang lain setelah halaman ini dibuka; jawaban terbaru ditampilkan. "
    "Periksa lalu simpan lagi."
)


def evaluation_of(unit: Unit, year: int) -> AkipEvaluation | None:
    return AkipEvaluation.objects.filter(unit=unit, year=year).first()


def open_evaluation(user: Any, unit: Unit, year: int) -> AkipEvaluation:
    """The unit-year's evaluation, started on the current worksheet by the unit or the APIP."""
    found = evaluation_of(unit, year)
    if found is not None:
        return found
    scope = access.Scope(user)
    if not (scope.can(permissions.ENTER_REALIZATION, unit) or scope.can(permissions.RECORD_REVIU, unit)):
        access.require(user, permissions.ENTER_REALIZATION, unit)
    ev, _created = AkipEvaluation.objects.get_or_create(
        agency_id=unit.agency_id, unit=unit, year=year, defaults={"lke": DEFAULT_LKE}
    )
    return ev


def answers_of(ev: AkipEvaluation) -> dict[str, AkipAnswer]:
    return {a.code: a for a in AkipAnswer.objects.filter(evaluation=ev)}


def current_score(ev: AkipEvaluation) -> LkeScore:
    finals = {code: a.final for code, a in answers_of(ev).items() if a.final}
    return score(load_lke(ev.lke), finals)


def _check_version(ev: AkipEvaluation, version: int) -> None:
    if version != ev.version:
        raise AkipRefused(str(STALE), status=409)


def _grade(value: str, code: str) -> str:
    text = (value or "").strip().upper()
    if text and text not in ANSWERS:
        raise AkipRefused(
            _("Kriteria %(code)s: jawaban '%(value)s' tidak dikenal (pilihan: %(items)s).")
            % {"code": code, "value": value[:10], "items": ", ".join(ANSWERS)}
        )
    return text


def _codes(ev: AkipEvaluation) -> set[str]:
    lke = load_lke(ev.lke)
    return {k.code for c in lke.components for s in c.subcomponents for k in s.criteria}


def save_self(user: Any, ev: AkipEvaluation, rows: Mapping[str, tuple[str, str, str]], version: int) -> None:
    """The unit's answers: criterion code -> (answer, note, evidence)."""
    access.require(user, permissions.ENTER_REALIZATION, ev.unit)
    with transaction.atomic():
        ev = AkipEvaluation.objects.select_for_update().get(pk=ev.pk)
        if ev.status == "final":
            raise AkipRefused(
                _("Evaluasi sudah final; minta APIP membukanya kembali untuk mengubah jawaban."), 409
            )
        _check_version(ev, version)
        known = _codes(ev)
        stored = answers_of(ev)
        for code, (answer, note, evidence) in rows.items():
            if code not in known:
                raise AkipRefused(
                    _("Kriteria %(code)s tidak ada di lembar kerja %(lke)s.") % {"code": code, "lke": ev.lke}
                )
            row = stored.get(code) or AkipAnswer(agency_id=ev.agency_id, evaluation=ev, code=code)
            row.self_answer = _grade(answer, code)
            row.self_note = (note or "").strip()[:5000]
            row.evidence = (evidence or "").strip()[:5000]
            row.save()
        ev.version += 1
        ev.save(update_fields=["version"])


def save_review(
    user: Any, ev: AkipEvaluation, rows: Mapping[str, tuple[str, str]], summary: str, version: int
) -> None:
    """The APIP's answers: criterion code -> (answer, note), and the conclusion."""
    access.require(user, permissions.RECORD_REVIU, ev.unit)
    with transaction.atomic():
        ev = AkipEvaluation.objects.select_for_update().get(pk=ev.pk)
        if ev.status == "final":
            raise AkipRefused(_("Evaluasi sudah final; buka kembali untuk mengubahnya."), 409)
        _check_version(ev, version)
        known = _codes(ev)
        stored = answers_of(ev)
        for code, (answer, note) in rows.items():
            if code not in known:
                raise AkipRefused(
                    _("Kriteria %(code)s tidak ada di lembar kerja %(lke)s.") % {"code": code, "lke": ev.lke}
                )
            row = stored.get(code) or AkipAnswer(agency_id=ev.agency_id, evaluation=ev, code=code)
            row.review_answer = _grade(answer, code)
            row.review_note = (note or "").strip()[:5000]
            row.save()
        ev.summary = (summary or "").strip()[:20000]
        ev.status = "review"
        ev.version += 1
        ev.save(update_fields=["summary", "status", "version"])


def finalise(user: Any, ev: AkipEvaluation, version: int) -> None:
    access.require(user, permissions.RECORD_REVIU, ev.unit)
    with transaction.atomic():
        ev = AkipEvaluation.objects.select_for_update().get(pk=ev.pk)
        _check_version(ev, version)
        if not any(a.final for a in answers_of(ev).values()) and ev.entered_score is None:
            raise AkipRefused(_("Belum ada jawaban; evaluasi tidak dapat difinalkan."))
        ev.status = "final"
        ev.finalised_by = user
        ev.finalised_at = timezone.now()
        ev.version += 1
        ev.save()


def reopen(user: Any, ev: AkipEvaluation, version: int) -> None:
    access.require(user, permissions.RECORD_REVIU, ev.unit)
    with transaction.atomic():
        ev = AkipEvaluation.objects.select_for_update().get(pk=ev.pk)
        _check_version(ev, version)
        ev.status = "review"
        ev.version += 1
        ev.save(update_fields=["status", "version"])


# --- criteria Kinerja judges from its own data --------------------------------------------------


@dataclass(frozen=True)
class Check:
    met: bool
    reason: str

    @property
    def suggestion(self) -> str:
        return "Y" if self.met else "T"


def _plan(doc: d.Document, unit: str, year: int) -> d.Plan | None:
    from kinerja.figures.inforce import require_plan

    try:
        return require_plan(doc, unit, year)
    except KinerjaValidationError:
        return None


def _pk(doc: d.Document, unit: str, year: int) -> list[d.Agreement]:
    return sorted(
        (a for a in doc.agreements if a.unit == unit and a.year == year and a.status == "signed"),
        key=lambda a: a.version,
    )


def auto_checks(unit: Unit, year: int) -> dict[str, Check]:
    """Each automatic check of the worksheet for the unit-year, from live data."""
    from kinerja.evaluation.skm import survey_document
    from kinerja.figures.skm import unit_skm
    from kinerja.interchange.db import measured_document
    from kinerja.interchange.refs import indicator_key, resolve_ref

    doc = measured_document(unit)
    code = unit.code
    out: dict[str, Check] = {}
    plan = _plan(doc, code, year)
    indicators = [i for o in plan.objectives for i in o.indicators] if plan else []
    if plan is None:
        out["renstra_targets"] = Check(
            False,
            _("Tidak ada Renstra yang berlaku untuk %(code)s tahun %(year)s.") % {"code": code, "year": year},
        )
    else:
        years = range(plan.period[0], plan.period[1] + 1)
        missing = [i.code for i in indicators if any(y not in i.targets for y in years)]
        out["renstra_targets"] = (
            Check(
                False,
                _("%(count)s indikator tanpa target untuk setiap tahun: %(items)s.")
                % {"count": len(missing), "items": ", ".join(missing[:5])},
            )
            if missing
            else Check(
                True,
                _("%(count)s indikator Renstra %(first)s-%(last)s bertarget setiap tahun.")
                % {"count": len(indicators), "first": years[0], "last": years[-1]},
            )
        )
        unsupported = [o.code for o in plan.objectives if o.level != "SS" and not o.supports]
        out["cascade"] = (
            Check(
                False,
                _("Sasaran tanpa kaitan ke sasaran unit di atasnya: %(items)s.")
                % {"items": ", ".join(unsupported[:5])},
            )
            if unsupported
            else Check(True, _("Setiap sasaran terkait dengan sasaran unit di atasnya (pohon kinerja)."))
        )
        undefined = [i.code for i in indicators if not (i.definition and i.data_source)]
        out["definitions"] = (
            Check(
                False,
                _("Indikator tanpa definisi operasional atau sumber data: %(items)s.")
                % {"items": ", ".join(undefined[:5])},
            )
            if undefined
            else Check(True, _("Setiap indikator memiliki definisi operasional dan sumber data."))
        )
    agreements = _pk(doc, code, year)
    if not agreements:
        out["pk_signed"] = Check(
            False, _("Belum ada Perjanjian Kinerja %(year)s yang ditandatangani.") % {"year": year}
        )
    else:
        first = agreements[0]
        dipa = min(
            (
                b.date
                for b in doc.budgets
                if b.unit == code and b.year == year and b.kind == "pagu_awal" and b.date
            ),
            default=None,
        )
        if first.signed_on is None:
            out["pk_signed"] = Check(False, _("Tanggal penandatanganan PK tidak tercatat."))
        elif dipa is None:
            out["pk_signed"] = Check(
                first.signed_on.year == year,
                _("PK ditandatangani %(date)s; tanggal DIPA (pagu awal) tidak tercatat.")
                % {"date": f"{first.signed_on:%d-%m-%Y}"},
            )
        else:
            late = first.signed_on > dipa + timedelta(days=31)
            out["pk_signed"] = Check(
                not late,
                (
                    _("PK ditandatangani %(date)s, DIPA %(dipa)s; lebih dari satu bulan.")
                    if late
                    else _("PK ditandatangani %(date)s, DIPA %(dipa)s; dalam satu bulan.")
                )
                % {"date": f"{first.signed_on:%d-%m-%Y}", "dipa": f"{dipa:%d-%m-%Y}"},
            )
    pk_keys = {resolve_ref(ref, code) for a in agreements[-1:] for ref in a.targets}
    if not pk_keys:
        out["action_plan"] = Check(
            False, _("Tanpa PK yang ditandatangani, Rencana Aksi tidak dapat diperiksa.")
        )
        out["quarterly"] = Check(
            False, _("Tanpa PK yang ditandatangani, pemantauan triwulanan tidak dapat diperiksa.")
        )
    else:
        planned = {
            resolve_ref(ap.indicator, code)
            for ap in doc.action_plans
            if ap.unit == code and ap.year == year and set(ap.quarters) == {1, 2, 3, 4}
        }
        lacking = sorted(k.split(":", 1)[1] for k in pk_keys - planned)
        out["action_plan"] = (
            Check(
                False,
                _("Indikator PK tanpa target keempat triwulan: %(items)s.")
                % {"items": ", ".join(lacking[:5])},
            )
            if lacking
            else Check(
                True, _("%(count)s indikator PK memiliki target triwulan I-IV.") % {"count": len(pk_keys)}
            )
        )
        measured: dict[str, set[int]] = {}
        for r in doc.realizations:
            if r.unit == code and r.period.year == year and r.period.quarter:
                measured.setdefault(resolve_ref(r.indicator, code), set()).add(r.period.quarter)
        unmonitored = sorted(k.split(":", 1)[1] for k in pk_keys if measured.get(k, set()) != {1, 2, 3, 4})
        out["quarterly"] = (
            Check(
                False,
                _("Indikator PK tanpa realisasi keempat triwulan: %(items)s.")
                % {"items": ", ".join(unmonitored[:5])},
            )
            if unmonitored
            else Check(
                True,
                _("Realisasi %(count)s indikator PK tercatat setiap triwulan.") % {"count": len(pk_keys)},
            )
        )
    own_keys = {indicator_key(i, plan) for i in indicators} if plan else set()
    year_records = [
        r
        for r in doc.realizations
        if r.unit == code and r.period.year == year and resolve_ref(r.indicator, code) in own_keys
    ]
    if not year_records:
        out["verified"] = Check(False, _("Belum ada realisasi %(year)s.") % {"year": year})
    else:
        unverified = [r for r in year_records if r.status not in ("verified", "approved") or not r.evidence]
        out["verified"] = (
            Check(
                False,
                _("%(n)s dari %(count)s realisasi belum diverifikasi atau tanpa bukti dukung.")
                % {"n": len(unverified), "count": len(year_records)},
            )
            if unverified
            else Check(
                True,
                _("%(count)s realisasi terverifikasi dengan bukti dukung.") % {"count": len(year_records)},
            )
        )
    reviu = Reviu.objects.filter(unit=unit, year=year).first()
    out["lkj_reviewed"] = (
        Check(
            True,
            _("LKj %(year)s direviu APIP pada %(date)s.")
            % {"year": year, "date": f"{reviu.reviewed_on:%d-%m-%Y}"},
        )
        if reviu
        else Check(False, _("Belum ada reviu APIP atas LKj %(year)s.") % {"year": year})
    )
    found = unit_skm(survey_document(unit, year), code, year)
    out["skm_done"] = (
        Check(
            True,
            _("SKM %(year)s: IKM %(ikm)s (%(respondents)s responden).")
            % {"year": year, "ikm": format_number(found.ikm), "respondents": found.respondents},
        )
        if found is not None and found.ikm is not None
        else Check(False, _("Belum ada hasil SKM %(year)s.") % {"year": year})
    )
    from kinerja.evaluation.models import Recommendation

    due = Recommendation.objects.filter(unit=unit, due_date__year__lte=year)
    total, closed = due.count(), due.filter(status="closed").count()
    out["recommendations"] = (
        Check(
            closed == total,
            _("%(closed)s dari %(total)s rekomendasi yang jatuh tempo sampai %(year)s telah ditutup APIP.")
            % {"closed": closed, "total": total, "year": year},
        )
        if total
        else Check(True, _("Tidak ada rekomendasi yang jatuh tempo sampai %(year)s.") % {"year": year})
    )
    return out
