"""Writing and approving the narrative texts of the Laporan Kinerja: every rule is here.

The texts are those of ``kinerja.narratives.chapters`` (Kata Pengantar, Bab I, Bab III B and D,
Bab IV), one per unit, year and key. The text the LKj prints is the unit-year's ``UnitText``
(``kinerja.organizations``): the *approved* text. A planner's text is a ``Narrative`` until the
unit head approves it (``kinerja.narratives.models``).

Workflow (each step checked with ``kinerja.organizations.access``; a refusal is
``PermissionDenied``, HTTP 403 on a page)::

    (kosong / disetujui) ──save──▶ draf ──submit──▶ diajukan ──approve──▶ disetujui
                                    ▲  ◀──withdraw (perencana)──┘  │
                                    └──────return (catatan)────────┘

* ``save_text`` (``edit_plan``): writes the draft; a draft or an approved text can be changed, a
  submitted one cannot (withdraw it first, or the head returns it). Changing an approved text
  starts a new draft; the approved one stays what the LKj prints until the new one is approved.
* ``submit`` and ``withdraw`` (``edit_plan``), ``approve`` and ``return_text`` (``approve_text``:
  the unit head). ``approve`` copies the text into the ``UnitText``. A return needs a comment.
* Optimistic concurrency: every page carries a ``token``, a digest of the ``Narrative`` and of
  the approved text as the user saw them. Every write re-reads both under a lock (the unit row)
  and, when the digest differs, changes nothing and raises ``VersionConflict`` carrying the
  current state (the other person's text), so the page shows it next to the user's own input;
  saving again from that page is a deliberate overwrite. A file import that replaces the
  approved text is detected too.
* History: every write runs in one transaction as the acting user
  (``kinerja.history.context.acting_as``); the changed fields of the ``Narrative`` (text, status,
  comment) and of the ``UnitText`` (the approved text) are in ``kinerja.history.Change``.

For the LKj: ``approved_texts(unit, year)`` gives the texts to print (key -> text), and
``pending_keys(unit, year)`` the keys whose newer text is still waiting for approval.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core.types import KinerjaValidationError
from kinerja.history.context import acting_as
from kinerja.history.models import Change
from kinerja.history.tracking import as_text
from kinerja.narratives.chapters import BY_KEY, CHAPTERS, Chapter
from kinerja.narratives.models import APPROVED, DRAFT, SUBMITTED, Narrative, text_digest
from kinerja.organizations import access
from kinerja.organizations.models import Unit, UnitText
from kinerja.organizations.permissions import APPROVE_TEXT, EDIT_PLAN

MIN_YEAR, MAX_YEAR = 1900, 2999
MAX_COMMENT = 2000
EMPTY = "empty"  # the status of a text that was never written nor loaded


class NarrativeError(KinerjaValidationError):
    """A write that cannot be done; the message (Bahasa Indonesia) says why. Nothing is saved."""


class VersionConflict(NarrativeError):
    """The text changed since the user opened the page; ``state`` is the text as it is now."""

    def __init__(self, state: TextState, step: bool = False) -> None:
        who = state.changed_by or _("pengguna lain")
        if step:
            message = _(
                "Teks “%(title)s” telah diubah oleh %(who)s sejak halaman ini dibuka; langkah ini belum "
                "dijalankan. Periksa teks terbaru di bawah, lalu ulangi bila masih perlu."
            )
        else:
            message = _(
                "Teks “%(title)s” telah diubah oleh %(who)s sejak formulir ini dibuka; perubahan Anda belum "
                "disimpan. Teks terbaru ditampilkan di bawah dan isian Anda tetap di formulir: gabungkan "
                "bila perlu, lalu simpan lagi."
            )
        super().__init__(message % {"title": state.chapter.title, "who": who})
        self.state = state


# --- reading ---------------------------------------------------------------------------------


def _values(obj: models.Model | None) -> dict[str, str | None] | None:
    if obj is None:
        return None
    return {
        f.attname: as_text(getattr(obj, f.attname)) for f in obj._meta.concrete_fields if not f.primary_key
    }


@dataclass
class TextState:
    """One LKj text of a unit-year as it is now: the approved text and the planner's copy."""

    unit: Unit
    year: int
    chapter: Chapter
    narrative: Narrative | None
    approved: UnitText | None  # the row the LKj prints

    @property
    def key(self) -> str:
        return self.chapter.key

    @property
    def approved_text(self) -> str:
        return self.approved.text if self.approved is not None else ""

    @property
    def pending(self) -> bool:
        """A newer text (draft or submitted) waits for the head's approval."""
        return self.narrative is not None and self.narrative.pending

    @property
    def status(self) -> str:
        """``draft``, ``submitted``, ``approved`` or ``empty`` (nothing written, nothing loaded)."""
        if self.narrative is not None and self.narrative.pending:
            return self.narrative.status
        if self.approved is not None and self.approved.text.strip():
            return APPROVED
        return EMPTY

    @property
    def working_text(self) -> str:
        """What the planner edits: the pending text, else the approved one."""
        return self.narrative.text if self.pending and self.narrative is not None else self.approved_text

    @property
    def approval(self) -> Narrative | None:
        """The record of who approved the text now in force, when it was approved in Kinerja (a
        text loaded from a file, or replaced by one after an approval, has none)."""
        n = self.narrative
        if n is None or n.approved_at is None or self.approved is None:
            return None
        return n if n.approved_digest == text_digest(self.approved.text) else None

    @property
    def from_file(self) -> bool:
        """The approved text came from a file import (or the administrator), not an approval here."""
        return self.approved is not None and bool(self.approved.text.strip()) and self.approval is None

    @property
    def changed_by(self) -> str:
        n = self.narrative
        if n is not None and n.edited_by is not None:
            return str(n.edited_by.get_username())
        return ""

    @property
    def token(self) -> str:
        data = {"narrative": _values(self.narrative), "approved": _values(self.approved)}
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def chapter_of(key: str) -> Chapter:
    try:
        return BY_KEY[key]
    except KeyError:
        raise NarrativeError(_("Bagian teks LKj “%(key)s” tidak dikenal.") % {"key": key}) from None


def check_year(year: Any) -> int:
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise NarrativeError(_("Tahun %(year)s tidak sah.") % {"year": year})
    return year


def _narratives(unit: Unit, year: int) -> models.QuerySet[Narrative]:
    return Narrative.objects.filter(unit=unit, year=year).select_related(
        "unit", "edited_by", "submitted_by", "approved_by"
    )


def text_state(unit: Unit, year: int, key: str) -> TextState:
    chapter = chapter_of(key)
    return TextState(
        unit,
        year,
        chapter,
        _narratives(unit, year).filter(key=key).first(),
        UnitText.objects.filter(unit=unit, year=year, key=key).first(),
    )


def year_states(unit: Unit, year: int) -> list[TextState]:
    """Every LKj text of the unit-year, in the order the LKj prints them (two queries)."""
    narratives = {n.key: n for n in _narratives(unit, year)}
    approved = {t.key: t for t in UnitText.objects.filter(unit=unit, year=year)}
    return [TextState(unit, year, c, narratives.get(c.key), approved.get(c.key)) for c in CHAPTERS]


def approved_texts(unit: Unit, year: int) -> dict[str, str]:
    """The texts the Laporan Kinerja prints for the unit-year: key -> approved text.

    These are the unit-year's ``UnitText`` rows (the same the interchange export carries in
    ``texts``); a text written in the browser gets there only when the unit head approves it."""
    return dict(UnitText.objects.filter(unit=unit, year=year).order_by("key").values_list("key", "text"))


def pending_keys(unit: Unit, year: int) -> list[str]:
    """Keys of the unit-year whose newer text (draft or submitted) is not approved yet: the LKj
    still prints the earlier approved text (or none) for them."""
    return list(
        Narrative.objects.filter(unit=unit, year=year, status__in=(DRAFT, SUBMITTED))
        .order_by("key")
        .values_list("key", flat=True)
    )


def history(state: TextState, limit: int = 200) -> list[Change]:
    """The changes of the text, newest first: the planner's copy (text, status, comment) and the
    approved text (``UnitText``, as approved here or changed in the Django admin)."""
    rows = Q(pk__in=[])
    if state.narrative is not None:
        rows |= Q(
            content_type=ContentType.objects.get_for_model(Narrative), object_id=str(state.narrative.pk)
        )
    if state.approved is not None:
        rows |= Q(content_type=ContentType.objects.get_for_model(UnitText), object_id=str(state.approved.pk))
    return list(Change.objects.filter(rows).order_by("-at", "-id")[:limit])


# --- writing ---------------------------------------------------------------------------------


def clean_text(chapter: Chapter, text: str | None) -> str:
    """The text as it is stored: line ends ``\\n``, no spaces at the end of lines, no blank lines
    around it. Refuses what cannot be stored or printed."""
    value = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in value:
        raise NarrativeError(_("Teks mengandung karakter yang tidak dapat disimpan."))
    value = "\n".join(line.rstrip() for line in value.split("\n")).strip()
    if not chapter.multiline and "\n" in value:
        raise NarrativeError(_("%(title)s ditulis dalam satu baris.") % {"title": chapter.title})
    if len(value) > chapter.max_length:
        raise NarrativeError(
            _("%(title)s paling banyak %(limit)s karakter (sekarang %(length)s).")
            % {"title": chapter.title, "limit": chapter.max_length, "length": len(value)}
        )
    return value


def _note(unit: Unit, year: int, key: str, what: str) -> str:
    # stored in the history: stays Indonesian
    return f"Narasi LKj {unit.code} {year} '{key}' {what}"


class _Write:
    """One write: right checked, then in a transaction as ``user`` with the unit row locked (so
    writes to the unit's texts follow each other) and the text's state read again."""

    def __init__(self, user: Any, unit: Unit, year: int, key: str, action: str, note: str) -> None:
        self.chapter = chapter_of(key)
        self.year = check_year(year)
        access.require(user, action, unit)
        self.user, self.unit, self.note = user, unit, note

    def run(self, token: str | None, step: bool, change: Any) -> Narrative | None:
        try:
            with transaction.atomic(), acting_as(self.user, note=self.note):
                Unit.objects.select_for_update().filter(pk=self.unit.pk).first()
                state = text_state(self.unit, self.year, self.chapter.key)
                if token is not None and token != state.token:
                    raise VersionConflict(state, step=step)
                result: Narrative | None = change(state)
                return result
        except IntegrityError:
            # a first draft of the same text created at the same moment by someone else
            raise VersionConflict(text_state(self.unit, self.year, self.chapter.key), step=step) from None


def save_text(user: Any, unit: Unit, year: int, key: str, text: str, token: str | None) -> Narrative | None:
    """Save the planner's text as a draft (right ``edit_plan``). ``token`` is the state the user
    saw (``TextState.token``; ``None``: not checked). Returns the draft, or ``None`` when the
    text is the one already there (nothing is written)."""
    write = _Write(user, unit, year, key, EDIT_PLAN, _note(unit, year, key, "diubah"))
    value = clean_text(write.chapter, text)

    def change(state: TextState) -> Narrative | None:
        n = state.narrative
        if n is not None and n.status == SUBMITTED:
            raise NarrativeError(
                _(
                    "Teks ini sudah diajukan kepada pimpinan dan tidak dapat diubah. Tarik kembali "
                    "pengajuannya, atau minta pimpinan mengembalikannya, lalu ubah lagi."
                )
            )
        if value == state.working_text:  # the draft's text, else the approved one: nothing to write
            return None
        if n is None:
            n = Narrative(agency_id=unit.agency_id, unit=unit, year=write.year, key=key)
        n.text = value
        n.status = DRAFT
        n.edited_by = user
        n.edited_at = timezone.now()
        n.save()
        return n

    return write.run(token, False, change)


def _pending(state: TextState, status: str) -> Narrative:
    n = state.narrative
    if n is None or n.status != status:
        if status == DRAFT:
            raise NarrativeError(_("Tidak ada draf yang dapat diajukan: ubah teksnya terlebih dahulu."))
        raise NarrativeError(_("Teks ini tidak sedang diajukan kepada pimpinan."))
    return n


def submit(user: Any, unit: Unit, year: int, key: str, token: str | None) -> Narrative:
    """Submit the draft to the unit head (right ``edit_plan``)."""
    write = _Write(user, unit, year, key, EDIT_PLAN, _note(unit, year, key, "diajukan"))

    def change(state: TextState) -> Narrative:
        n = _pending(state, DRAFT)
        n.status = SUBMITTED
        n.submitted_by = user
        n.submitted_at = timezone.now()
        n.comment = ""
        n.save()
        return n

    out = write.run(token, True, change)
    assert out is not None
    return out


def withdraw(user: Any, unit: Unit, year: int, key: str, token: str | None) -> Narrative:
    """Take a submitted text back to draft, to change it (right ``edit_plan``)."""
    write = _Write(user, unit, year, key, EDIT_PLAN, _note(unit, year, key, "ditarik kembali"))

    def change(state: TextState) -> Narrative:
        n = _pending(state, SUBMITTED)
        n.status = DRAFT
        n.save()
        return n

    out = write.run(token, True, change)
    assert out is not None
    return out


def approve(user: Any, unit: Unit, year: int, key: str, token: str | None) -> Narrative:
    """Approve the submitted text (right ``approve_text``: the unit head): it becomes the unit
    text the LKj prints."""
    write = _Write(user, unit, year, key, APPROVE_TEXT, _note(unit, year, key, "disetujui"))

    def change(state: TextState) -> Narrative:
        n = _pending(state, SUBMITTED)
        row = state.approved or UnitText(agency_id=unit.agency_id, unit=unit, year=write.year, key=key)
        row.text = n.text
        row.save()
        n.status = APPROVED
        n.approved_by = user
        n.approved_at = timezone.now()
        n.approved_digest = text_digest(n.text)
        n.comment = ""
        n.save()
        return n

    out = write.run(token, True, change)
    assert out is not None
    return out


def return_text(user: Any, unit: Unit, year: int, key: str, comment: str, token: str | None) -> Narrative:
    """Return the submitted text to the planner with a comment (right ``approve_text``)."""
    comment = (comment or "").replace("\r\n", "\n").strip()
    if not comment:
        raise NarrativeError(_("Catatan wajib diisi saat mengembalikan teks."))
    if len(comment) > MAX_COMMENT:
        raise NarrativeError(_("Catatan paling banyak %(limit)s karakter.") % {"limit": MAX_COMMENT})
    write = _Write(user, unit, year, key, APPROVE_TEXT, comment)

    def change(state: TextState) -> Narrative:
        n = _pending(state, SUBMITTED)
        n.status = DRAFT
        n.comment = comment
        n.save()
        return n

    out = write.run(token, True, change)
    assert out is not None
    return out
