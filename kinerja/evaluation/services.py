"""Recording the APIP reviu of a unit-year's Laporan Kinerja.

``record_reviu`` asks ``kinerja.organizations.access`` first (``record_reviu``: APIP only; a
refusal is ``PermissionDenied``, HTTP 403 on a page). Input that cannot be accepted is
``ReviuError`` with a message in Bahasa Indonesia and the field it concerns; nothing is saved.
The statement is refused while a finding of the reviu working papers is open
(``kinerja.evaluation.recommendations``). There is one reviu per unit-year: recording again replaces its content, and every changed field
goes to the history (``kinerja.history``) with the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.core.types import KinerjaValidationError
from kinerja.evaluation.models import Reviu, default_statement
from kinerja.figures.reviu import DataState, ReviuMatch, official_state, reviu_match
from kinerja.history.context import acting_as
from kinerja.interchange.document import Document
from kinerja.organizations import access, permissions
from kinerja.organizations.models import Unit

MIN_YEAR, MAX_YEAR = 1900, 2999
MAX_LENGTHS = {"reviewer_name": 300, "reviewer_title": 300, "place": 200}
LABELS = {
    "reviewed_on": gettext_lazy("Tanggal reviu"),
    "reviewer_name": gettext_lazy("Nama penanda tangan"),
    "reviewer_title": gettext_lazy("Jabatan penanda tangan"),
    "place": gettext_lazy("Tempat"),
    "statement": gettext_lazy("Pernyataan"),
}


class ReviuError(KinerjaValidationError):
    """A reviu that cannot be recorded; ``field`` names the input at fault ("" = the whole)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def reviu_of(unit: Unit, year: int) -> Reviu | None:
    return Reviu.objects.filter(unit=unit, year=year).select_related("unit").first()


def current_state(unit: Unit, year: int, doc: Document | None = None) -> DataState:
    """The state of the unit-year's official figures now (``kinerja.figures.reviu``); ``doc`` is
    the unit's export when the caller has it already."""
    from kinerja.interchange.db import measured_document

    return official_state(doc if doc is not None else measured_document(unit), unit.code, year)


@dataclass(frozen=True)
class ReviuCheck:
    reviu: Reviu | None
    match: ReviuMatch
    current: DataState

    @property
    def changed(self) -> bool:
        return self.match is ReviuMatch.CHANGED


def check_reviu(unit: Unit, year: int, doc: Document | None = None) -> ReviuCheck:
    """The unit-year's reviu and whether the official figures are still those it reviewed."""
    reviu = reviu_of(unit, year)
    current = current_state(unit, year, doc)
    return ReviuCheck(reviu, reviu_match(reviu.data_digest if reviu else None, current), current)


def _text(value: str | None, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ReviuError(_("%(field)s wajib diisi.") % {"field": LABELS[field]}, field)
    limit = MAX_LENGTHS.get(field)
    if limit is not None and len(text) > limit:
        raise ReviuError(
            _("%(field)s paling banyak %(limit)s karakter.") % {"field": LABELS[field], "limit": limit}, field
        )
    return text


def record_reviu(
    user: Any,
    unit: Unit,
    year: int,
    *,
    reviewed_on: date | None,
    reviewer_name: str,
    reviewer_title: str,
    place: str,
    statement: str = "",
) -> Reviu:
    """Record (or replace) the reviu of ``unit``'s Laporan Kinerja for ``year``.

    An empty ``statement`` takes the standard wording (``default_statement``)."""
    access.require(user, permissions.RECORD_REVIU, unit)
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ReviuError(_("Tahun %(year)s tidak sah.") % {"year": year}, "year")
    if reviewed_on is None:
        raise ReviuError(_("Tanggal reviu wajib diisi."), "reviewed_on")
    if reviewed_on.year < year:
        raise ReviuError(
            _("Tanggal reviu (%(date)s) tidak boleh sebelum tahun %(year)s yang direviu.")
            % {"date": f"{reviewed_on:%d-%m-%Y}", "year": year},
            "reviewed_on",
        )
    if reviewed_on > timezone.localdate():
        raise ReviuError(_("Tanggal reviu tidak boleh melewati hari ini."), "reviewed_on")
    from kinerja.evaluation.recommendations import open_findings

    still_open = open_findings(unit, year).count()
    if still_open:
        raise ReviuError(
            _(
                "Masih ada %(count)s temuan reviu yang belum ditutup; pernyataan dicatat setelah semua "
                "temuan ditanggapi unit dan ditutup."
            )
            % {"count": still_open}
        )
    values = {
        "reviewed_on": reviewed_on,
        "reviewer_name": _text(reviewer_name, "reviewer_name"),
        "reviewer_title": _text(reviewer_title, "reviewer_title"),
        "place": _text(place, "place"),
        "statement": (statement or "").strip().replace("\r\n", "\n") or default_statement(unit.name, year),
    }
    # the official figures the APIP reviewed: when they change, the reviu says so
    state = current_state(unit, year)
    values["data_digest"] = state.digest
    values["reviewed_achievement"] = state.achievement
    note = f"Reviu LKj {unit.code} {year} dicatat"  # stored in the history: stays Indonesian
    with transaction.atomic(), acting_as(user, note=note):
        row = Reviu.objects.select_for_update().filter(unit=unit, year=year).first()
        if row is None:
            row = Reviu(agency_id=unit.agency_id, unit=unit, year=year)
        for name, value in values.items():
            setattr(row, name, value)
        row.recorded_by = user
        row.recorded_at = timezone.now()
        row.save()
    return row
