"""Recommendations and their follow-up, and the reviu working papers' findings.

Recommendations (``Recommendation``, ``FollowUp``):

* the APIP (``record_reviu``) records a recommendation for a unit in its scope, from any source
  (LHE AKIP, reviu LKj, BPK, Itjen, other), with the owner unit, a due date and the reference of
  the report it comes from (``add_recommendation``);
* the owner unit (``enter_realization``) records follow-up actions with evidence and says when it
  has done what was asked (``add_follow_up`` with ``done``: status "menunggu penutupan");
* only the APIP closes a recommendation (``close``), or sends it back (``reopen``);
* overdue: not closed and the due date has passed (``is_overdue``);
* ``open_recommendations(user, overdue_only=False)`` is the query other parts ask (the task inbox
  and calendar): the open recommendations of the units the user may read, soonest due first;
* ``completion(units, on)``: per unit, recommendations due on or before ``on`` and how many are
  closed.

Reviu working papers: the reviewer's checklist (``REVIU_CHECKLIST``, ``save_checklist``) and
(``ReviuFinding``) the reviewer's findings on a unit-year's LKj with the
correction asked, the unit's response, and the reviewer's closing. The APIP reviu statement can
be recorded only when no finding of the unit-year is open (``open_findings``, checked by
``kinerja.evaluation.services.record_reviu``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core.types import KinerjaValidationError
from kinerja.evaluation.models import REVIU_CHECKLIST, FollowUp, Recommendation, ReviuChecklist, ReviuFinding
from kinerja.organizations import access, permissions
from kinerja.organizations.models import Unit


class RecommendationRefused(KinerjaValidationError):
    def __init__(self, message: str, status: int = 400, field: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.field = field


def today() -> date:
    return timezone.localdate()


def is_overdue(rec: Recommendation, on: date | None = None) -> bool:
    return rec.status != "closed" and rec.due_date is not None and rec.due_date < (on or today())


def open_recommendations(
    user: Any, overdue_only: bool = False, on: date | None = None
) -> QuerySet[Recommendation]:
    """Open (not closed) recommendations of the units ``user`` may read, soonest due first; with
    ``overdue_only`` those past their due date. The query the task inbox and calendar use."""
    ids = access.Scope(user).unit_ids(permissions.VIEW)
    rows = Recommendation.objects.exclude(status="closed").select_related("unit")
    if ids is not None:
        rows = rows.filter(unit_id__in=ids)
    if overdue_only:
        rows = rows.filter(due_date__lt=on or today())
    return rows.order_by("due_date", "pk")


@dataclass(frozen=True)
class Completion:
    unit: Unit
    due: int
    closed: int

    @property
    def rate(self) -> float | None:
        return None if self.due == 0 else self.closed / self.due * 100


def completion(units: list[Unit], on: date | None = None) -> list[Completion]:
    """Per unit: recommendations due on or before ``on`` (today) and how many of them are closed."""
    on = on or today()
    out = []
    for unit in units:
        due = Recommendation.objects.filter(unit=unit, due_date__lte=on)
        out.append(Completion(unit, due.count(), due.filter(status="closed").count()))
    return out


def _text(value: str, what: str, field: str, limit: int = 5000, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise RecommendationRefused(_("%(what)s wajib diisi.") % {"what": what}, field=field)
    if len(text) > limit:
        raise RecommendationRefused(
            _("%(what)s paling banyak %(limit)s karakter.") % {"what": what, "limit": limit}, field=field
        )
    return text


def _date(value: str, what: str, field: str) -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise RecommendationRefused(
            _("%(what)s: tulis tanggal TTTT-BB-HH, misalnya 2023-06-30.") % {"what": what}, field=field
        ) from None


def add_recommendation(
    user: Any, unit: Unit, *, source: str, reference: str, year: str, text: str, due_date: str
) -> Recommendation:
    access.require(user, permissions.RECORD_REVIU, unit)
    if source not in dict(Recommendation.SOURCES):
        raise RecommendationRefused(_("Sumber rekomendasi tidak dikenal."), field="source")
    try:
        year_value = int((year or "").strip())
    except ValueError:
        raise RecommendationRefused(_("Tahun harus bilangan bulat, misalnya 2022."), field="year") from None
    if not 1900 <= year_value <= 2999:
        raise RecommendationRefused(_("Tahun tidak sah."), field="year")
    return Recommendation.objects.create(
        agency_id=unit.agency_id,
        unit=unit,
        source=source,
        reference=_text(reference, "Rujukan laporan", "reference", 300, required=False),
        year=year_value,
        text=_text(text, "Isi rekomendasi", "text"),
        due_date=_date(due_date, "Batas waktu", "due_date"),
        created_by=user,
    )


def _locked(rec: Recommendation, version: int) -> Recommendation:
    row = Recommendation.objects.select_for_update().get(pk=rec.pk)
    if row.version != version:
        raise RecommendationRefused(
            _("Rekomendasi sudah diubah orang lain setelah halaman ini dibuka; data terbaru ditampilkan."),
            409,
        )
    return row


def add_follow_up(
    user: Any, rec: Recommendation, *, text: str, evidence: str, done: bool, version: int
) -> FollowUp:
    access.require(user, permissions.ENTER_REALIZATION, rec.unit)
    with transaction.atomic():
        row = _locked(rec, version)
        if row.status == "closed":
            raise RecommendationRefused(_("Rekomendasi sudah ditutup APIP."), 409)
        follow = FollowUp.objects.create(
            agency_id=row.agency_id,
            recommendation=row,
            text=_text(text, "Tindak lanjut", "text"),
            evidence=_text(evidence, "Bukti dukung", "evidence", required=False),
            recorded_by=user,
        )
        row.status = "submitted" if done else "in_progress"
        row.version += 1
        row.save(update_fields=["status", "version"])
    return follow


def close(user: Any, rec: Recommendation, *, note: str, version: int) -> None:
    access.require(user, permissions.RECORD_REVIU, rec.unit)
    with transaction.atomic():
        row = _locked(rec, version)
        if not row.follow_ups.exists():
            raise RecommendationRefused(_("Belum ada tindak lanjut; rekomendasi belum dapat ditutup."))
        row.status = "closed"
        row.closed_by = user
        row.closed_at = timezone.now()
        row.closing_note = _text(note, "Catatan penutupan", "note", required=False)
        row.version += 1
        row.save()


def reopen(user: Any, rec: Recommendation, *, note: str, version: int) -> None:
    access.require(user, permissions.RECORD_REVIU, rec.unit)
    with transaction.atomic():
        row = _locked(rec, version)
        row.status = "in_progress"
        row.closing_note = _text(note, "Alasan", "note", required=False)
        row.closed_at = None
        row.version += 1
        row.save()


# --- reviu working papers ---------------------------------------------------------------------


def open_findings(unit: Unit, year: int) -> QuerySet[ReviuFinding]:
    return ReviuFinding.objects.filter(unit=unit, year=year).exclude(status="closed")


def add_finding(user: Any, unit: Unit, year: int, *, text: str, correction: str) -> ReviuFinding:
    access.require(user, permissions.RECORD_REVIU, unit)
    return ReviuFinding.objects.create(
        agency_id=unit.agency_id,
        unit=unit,
        year=year,
        text=_text(text, "Temuan", "text"),
        correction=_text(correction, "Koreksi yang diminta", "correction", required=False),
        created_by=user,
    )


def respond(user: Any, finding: ReviuFinding, *, response: str) -> None:
    access.require(user, permissions.ENTER_REALIZATION, finding.unit)
    if finding.status == "closed":
        raise RecommendationRefused(_("Temuan sudah ditutup."), 409)
    finding.response = _text(response, "Tanggapan", "response")
    finding.status = "answered"
    finding.save(update_fields=["response", "status"])


def close_finding(user: Any, finding: ReviuFinding) -> None:
    access.require(user, permissions.RECORD_REVIU, finding.unit)
    finding.status = "closed"
    finding.save(update_fields=["status"])


def checklist_of(unit: Unit, year: int) -> ReviuChecklist | None:
    return ReviuChecklist.objects.filter(unit=unit, year=year).first()


def save_checklist(user: Any, unit: Unit, year: int, rows: dict[str, tuple[str, str]]) -> ReviuChecklist:
    """The reviewer's checklist: item code -> ("ya" | "tidak" | "", note)."""
    access.require(user, permissions.RECORD_REVIU, unit)
    known = {code for code, _text in REVIU_CHECKLIST}
    answers: dict[str, dict[str, str]] = {}
    for code, (answer, note) in rows.items():
        if code not in known:
            raise RecommendationRefused(_("Butir daftar uji '%(code)s' tidak dikenal.") % {"code": code[:20]})
        if answer not in ("", "ya", "tidak"):
            raise RecommendationRefused(_("Butir %(code)s: jawaban harus ya atau tidak.") % {"code": code})
        answers[code] = {"answer": answer, "note": _text(note, "Catatan", "note", 2000, required=False)}
    row, _created = ReviuChecklist.objects.get_or_create(agency_id=unit.agency_id, unit=unit, year=year)
    row.answers = answers
    row.updated_at = timezone.now()
    row.save()
    return row
