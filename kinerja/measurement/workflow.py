"""The realisation workflow: draft -> submitted -> verified -> approved (then locked).

Every step is a function taking the acting user; rights come from
``kinerja.organizations.access`` (the permission matrix), never from here.

* ``save_realization``: an operator edits a draft (or an approved realisation while an admin's
  lock exception is open). Optimistic concurrency: the caller says which ``version`` it showed
  the user; if the row has moved on since, nothing is saved and ``VersionConflict`` carries the
  current row and the user's own input, to show both back.
* ``submit`` (draft -> submitted), ``verify`` (submitted -> verified), ``approve`` (verified ->
  approved, and locked).
* ``return_realization`` with a required comment: submitted -> draft (by who may verify),
  verified -> submitted (by who may approve).
* ``open_lock_exception`` (admin, reason required) and ``relock``.

Each step is a ``RealizationEvent`` (who, when, from/to status, comment); every changed field is
in the history (``kinerja.history``) with the user and the comment or reason as note.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.calendar.rules import closed_message, period_closed
from kinerja.core.numbers import parse_number
from kinerja.core.types import KinerjaValidationError
from kinerja.history.context import acting_as
from kinerja.history.models import Change, history_of
from kinerja.measurement.models import (
    APPROVE,
    OPEN_LOCK,
    RELOCK,
    RETURN,
    STATUS_LABELS,
    SUBMIT,
    VERIFY,
    LockException,
    Realization,
    RealizationEvent,
    RealizationInput,
)
from kinerja.organizations import access, permissions
from kinerja.planning.models import IndicatorVariable

DRAFT, SUBMITTED, VERIFIED, APPROVED = "draft", "submitted", "verified", "approved"

EDITABLE_FIELDS = ("value_number", "value_label", "analysis", "supporting", "inhibiting", "follow_up")
FIELD_LABELS = {
    "value_number": gettext_lazy("nilai realisasi"),
    "value_label": gettext_lazy("nilai realisasi (skala)"),
    "analysis": gettext_lazy("analisis capaian"),
    "supporting": gettext_lazy("faktor pendukung"),
    "inhibiting": gettext_lazy("faktor penghambat"),
    "follow_up": gettext_lazy("tindak lanjut"),
}
MAX_VALUE = Decimal(10) ** 18  # 28 digits, 10 of them after the point


class WorkflowError(KinerjaValidationError):
    """A step that cannot be taken now (wrong status, locked, missing comment, bad input)."""


class RealizationLocked(WorkflowError):
    """The realisation is approved and locked; only an admin's lock exception opens it."""


class PeriodClosed(WorkflowError):
    """The period's approval deadline has passed (kinerja.calendar.rules); only an admin's lock
    exception reopens one record."""


def check_period_open(r: Realization) -> None:
    """Refuse entry in a period the reporting calendar has closed, unless an admin opened a lock
    exception on this record (``kinerja.calendar.rules``: the one home of the rule)."""
    closed = period_closed(r.agency_id, r.year, r.quarter, timezone.localdate())
    if closed is not None and (r.pk is None or open_exception(r) is None):
        raise PeriodClosed(
            _(
                "Periode %(period)s sudah ditutup sejak %(date)s menurut kalender pelaporan; realisasi tidak "
                "dapat diisi atau diubah lagi. Minta admin membuka pengecualian kunci dengan alasan bila perlu "
                "koreksi."
            )
            % closed_message(r.year, r.quarter, closed)
        )


class VersionConflict(WorkflowError):
    """Someone saved the realisation after the user opened it; nothing was saved.

    ``current`` is the row as it is now, ``submitted`` the user's input (to show back).
    """

    def __init__(self, current: Realization, submitted: Mapping[str, Any], expected_version: int) -> None:
        self.current = current
        self.submitted = dict(submitted)
        self.expected_version = expected_version
        last = last_change(current)
        values = {"realization": current, "mine": expected_version, "now": current.version}
        if last:
            values.update(user=last.username, at=f"{timezone.localtime(last.at):%d-%m-%Y %H:%M}")
            message = _(
                "Realisasi %(realization)s sudah diubah oleh %(user)s pada %(at)s setelah Anda membukanya "
                "(versi Anda %(mine)s, versi sekarang %(now)s). Perubahan Anda belum disimpan: periksa data "
                "terbaru di bawah, lalu simpan ulang isian Anda."
            )
        else:
            message = _(
                "Realisasi %(realization)s sudah diubah setelah Anda membukanya (versi Anda %(mine)s, versi "
                "sekarang %(now)s). Perubahan Anda belum disimpan: periksa data terbaru di bawah, lalu simpan "
                "ulang isian Anda."
            )
        super().__init__(message % values)


def last_change(realization: Realization) -> Change | None:
    """The latest recorded change by a user of the realisation or of its raw inputs."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    input_ids = [
        str(pk)
        for pk in RealizationInput.objects.filter(realization_id=realization.pk).values_list("pk", flat=True)
    ]
    query = Q(content_type=ContentType.objects.get_for_model(Realization), object_id=str(realization.pk))
    if input_ids:
        query |= Q(content_type=ContentType.objects.get_for_model(RealizationInput), object_id__in=input_ids)
    return Change.objects.filter(query).exclude(username="").order_by("-at", "-id").first()


@dataclass(frozen=True)
class Step:
    action: str  # the event
    permission: str  # the matrix action the user needs
    sources: tuple[str, ...]
    target: str
    verb: Any  # Indonesian (lazily translated), for messages


STEPS = {
    SUBMIT: Step(SUBMIT, permissions.SUBMIT, (DRAFT,), SUBMITTED, gettext_lazy("diajukan")),
    VERIFY: Step(VERIFY, permissions.VERIFY, (SUBMITTED,), VERIFIED, gettext_lazy("diverifikasi")),
    APPROVE: Step(APPROVE, permissions.APPROVE, (VERIFIED,), APPROVED, gettext_lazy("disetujui")),
}
# Return goes one step back; who may return a step is who may take it.
RETURNS = {SUBMITTED: (DRAFT, permissions.VERIFY), VERIFIED: (SUBMITTED, permissions.APPROVE)}


# --- helpers ----------------------------------------------------------------------------------


def _fresh(pk: int) -> Realization:
    """The row, locked for update until the transaction ends (PostgreSQL; SQLite locks the file
    on the first write, and the version check in the UPDATE holds on both)."""
    return Realization.objects.select_for_update(of=("self",)).select_related("unit", "indicator").get(pk=pk)


def _copy(target: Realization, source: Realization) -> None:
    for f in Realization._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))


def _status(value: str) -> str:
    return str(STATUS_LABELS.get(value, value))


def open_exception(realization: Realization) -> LockException | None:
    return LockException.objects.filter(realization_id=realization.pk, closed_at__isnull=True).first()


def closed_since(r: Realization) -> Any:
    """The day the record's period closed (``kinerja.calendar.rules``), None while it is open."""
    return period_closed(r.agency_id, r.year, r.quarter, timezone.localdate())


def is_editable(realization: Realization) -> bool:
    """Draft in an open period (or with an open lock exception), or approved with an open lock
    exception (and not locked)."""
    if realization.locked:
        return False
    if realization.status == DRAFT:
        return closed_since(realization) is None or open_exception(realization) is not None
    return realization.status == APPROVED and open_exception(realization) is not None


def can_open_lock(r: Realization) -> bool:
    """Whether an admin's lock exception would open the record: approved (so locked), or in a
    period the calendar has closed; and none is open already."""
    return (r.status == APPROVED or closed_since(r) is not None) and open_exception(r) is None


def _check_editable(r: Realization) -> None:
    if r.locked or (r.status == APPROVED and open_exception(r) is None):
        raise RealizationLocked(
            _(
                "Realisasi %(realization)s sudah disetujui dan terkunci; tidak dapat diubah. Minta admin "
                "membuka pengecualian kunci dengan alasan bila perlu koreksi."
            )
            % {"realization": r}
        )
    if r.status != DRAFT and r.status != APPROVED:
        raise WorkflowError(
            _(
                "Realisasi %(realization)s berstatus %(status)s; hanya draf yang dapat diubah. Minta "
                "verifikator mengembalikannya bila perlu koreksi."
            )
            % {"realization": r, "status": _status(r.status)}
        )


def _clean_value_number(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = parse_number(value, str(FIELD_LABELS["value_number"]), indonesian=True)
    except KinerjaValidationError as exc:
        raise WorkflowError(exc.message, exc.where) from exc
    try:
        number = number.quantize(Decimal("1e-10"))
    except InvalidOperation:
        number = MAX_VALUE
    if abs(number) >= MAX_VALUE:
        raise WorkflowError(_("angka terlalu besar"), str(FIELD_LABELS["value_number"]))
    return number


def _clean_inputs(value: Any) -> dict[str, Decimal | None]:
    if not isinstance(value, Mapping):
        raise WorkflowError(_("nilai masukan harus berupa pasangan variabel dan angka"), _("nilai masukan"))
    out: dict[str, Decimal | None] = {}
    for name, number in value.items():
        name = str(name).strip()
        if not name:
            raise WorkflowError(_("nama variabel kosong"), _("nilai masukan"))
        try:
            out[name] = _clean_value_number(number)
        except WorkflowError as exc:
            raise WorkflowError(exc.message, _("nilai masukan %(name)s") % {"name": name}) from exc
    return out


def clean_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Check and convert the user's input (Indonesian numbers accepted: ``99,25``).

    ``inputs`` (variable name -> number; empty removes it) sets the raw inputs of the formula.
    """
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS) - {"inputs"})
    if unknown:
        raise WorkflowError(
            _("kolom tidak dapat diubah di sini: %(fields)s") % {"fields": ", ".join(unknown)}
        )
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "inputs":
            out[name] = _clean_inputs(value)
            continue
        if name == "value_number":
            out[name] = _clean_value_number(value)
            continue
        text = "" if value is None else str(value).strip()
        if name == "value_label" and len(text) > 100:
            raise WorkflowError(_("paling banyak 100 karakter"), str(FIELD_LABELS[name]))
        out[name] = text
    return out


# --- editing ----------------------------------------------------------------------------------


def save_realization(
    user: Any, realization: Realization, changes: Mapping[str, Any], expected_version: int
) -> Realization:
    """Save the user's ``changes`` (field -> value; ``inputs``: variable -> number, empty removes
    it) if the row is still at ``expected_version``.

    Refuses (nothing saved) with ``PermissionDenied`` without the right to enter realisations at
    the unit, ``VersionConflict`` when someone saved in between, ``RealizationLocked`` or
    ``WorkflowError`` when the row may not be edited now or the input is bad. On success the row
    gets the next version and ``realization`` is updated in place.
    """
    cleaned = clean_changes(changes)
    inputs = cleaned.pop("inputs", {})
    with transaction.atomic():
        current = _fresh(realization.pk)
        access.require(user, permissions.ENTER_REALIZATION, current.unit)
        if current.version != expected_version:
            raise VersionConflict(current, changes, expected_version)
        _check_editable(current)
        check_period_open(current)
        changed = [name for name, value in cleaned.items() if getattr(current, name) != value]
        for name in changed:
            setattr(current, name, cleaned[name])
        if current.value_number is not None and current.value_label:
            raise WorkflowError(_("isi nilai angka atau nilai skala, tidak keduanya"), _("nilai realisasi"))
        input_plan = _plan_inputs(current, inputs)
        if changed or input_plan:
            bumped = Realization.objects.filter(pk=current.pk, version=expected_version).update(
                version=expected_version + 1
            )
            if bumped != 1:  # pragma: no cover - only without row locks (a race on SQLite)
                raise VersionConflict(Realization.objects.get(pk=current.pk), changes, expected_version)
            current.version = expected_version + 1
            with acting_as(user):
                current.save(update_fields=[*changed, "updated_at"])
                for action, row in input_plan:
                    if action == "delete":
                        row.delete()
                    else:
                        row.save()
    _copy(realization, current)
    return realization


def _plan_inputs(r: Realization, inputs: Mapping[str, Decimal | None]) -> list[tuple[str, RealizationInput]]:
    """The input rows to save or delete; refuses names the indicator's formula does not know."""
    if not inputs:
        return []
    variables = dict(
        IndicatorVariable.objects.filter(indicator_id=r.indicator_id).values_list("name", "position")
    )
    unknown = sorted(set(inputs) - set(variables)) if variables else []
    if unknown:
        raise WorkflowError(
            _("variabel tidak dikenal: %(unknown)s (rumus indikator memakai: %(known)s)")
            % {"unknown": ", ".join(unknown), "known": ", ".join(variables)},
            _("nilai masukan"),
        )
    existing = {row.name: row for row in RealizationInput.objects.filter(realization_id=r.pk)}
    plan: list[tuple[str, RealizationInput]] = []
    next_position = max([row.position for row in existing.values()] + [-1]) + 1
    for name, value in inputs.items():
        row = existing.get(name)
        if value is None:
            if row is not None:
                plan.append(("delete", row))
        elif row is None:
            position = variables.get(name, next_position)
            next_position = max(next_position, position) + 1
            plan.append(
                (
                    "save",
                    RealizationInput(
                        agency_id=r.agency_id, realization=r, name=name, value=value, position=position
                    ),
                )
            )
        elif row.value != value:
            row.value = value
            plan.append(("save", row))
    return plan


# --- steps ------------------------------------------------------------------------------------


def _record(user: Any, r: Realization, action: str, before: str, comment: str = "") -> None:
    RealizationEvent.objects.create(
        agency_id=r.agency_id,
        realization=r,
        action=action,
        from_status=before,
        to_status=r.status,
        user=user if getattr(user, "is_authenticated", False) else None,
        username=user.get_username() if getattr(user, "is_authenticated", False) else "",
        comment=comment,
        version=r.version,
    )


def _move(user: Any, r: Realization, action: str, status: str, locked: bool, note: str = "") -> None:
    before = r.status
    r.status = status
    r.locked = locked
    r.version += 1
    with acting_as(user, note=note):
        r.save(update_fields=["status", "locked", "version", "updated_at"])
    _record(user, r, action, before, note)


def _check_version(r: Realization, expected_version: int | None) -> None:
    if expected_version is not None and r.version != expected_version:
        raise VersionConflict(r, {}, expected_version)


def missing_for_submit(r: Realization) -> list[str]:
    """What a record lacks for a reviewer: its evidence (bukti dukung), its analysis (narrative)."""
    out = []
    if r.pk is None or not r.evidence.exists():
        out.append(str(_("bukti dukung")))
    if not (r.analysis or "").strip():
        out.append(str(_("analisis capaian")))
    return out


def _agency_rules(r: Realization) -> tuple[bool, bool]:
    """(approver must differ from the verifier, submission needs evidence and analysis)."""
    from kinerja.organizations.models import Agency

    row = (
        Agency.objects.filter(pk=r.agency_id)
        .values_list("approver_must_differ", "submit_needs_evidence")
        .first()
    )
    return (bool(row[0]), bool(row[1])) if row else (False, False)


def _check_agency_rules(user: Any, r: Realization, action: str) -> None:
    if action not in (SUBMIT, APPROVE):
        return
    must_differ, needs_evidence = _agency_rules(r)
    if action == SUBMIT and needs_evidence and (lacking := missing_for_submit(r)):
        raise WorkflowError(
            _("Realisasi %(realization)s belum dapat diajukan: %(lacking)s belum ada (aturan instansi).")
            % {"realization": r, "lacking": ", ".join(lacking)}
        )
    if action == APPROVE and must_differ:
        verifier = (
            RealizationEvent.objects.filter(realization=r, action=VERIFY)
            .order_by("-at", "-id")
            .values("user_id")
            .first()
        )
        if verifier is not None and verifier["user_id"] == getattr(user, "pk", None):
            raise WorkflowError(
                _(
                    "Realisasi %(realization)s diverifikasi oleh Anda sendiri; menurut aturan instansi "
                    "persetujuan harus oleh orang lain."
                )
                % {"realization": r}
            )


def _step(user: Any, realization: Realization, action: str, expected_version: int | None) -> Realization:
    step = STEPS[action]
    with transaction.atomic():
        r = _fresh(realization.pk)
        access.require(user, step.permission, r.unit)
        _check_version(r, expected_version)
        if action == SUBMIT:
            check_period_open(r)
        if r.status not in step.sources:
            raise WorkflowError(
                _(
                    "Realisasi %(realization)s berstatus %(status)s; tidak dapat %(verb)s (harus berstatus %(needed)s)."
                )
                % {
                    "realization": r,
                    "status": _status(r.status),
                    "verb": step.verb,
                    "needed": ", ".join(_status(s) for s in step.sources),
                }
            )
        _check_agency_rules(user, r, action)
        _move(user, r, action, step.target, locked=step.target == APPROVED)
    _copy(realization, r)
    return realization


def submit(user: Any, realization: Realization, expected_version: int | None = None) -> Realization:
    """Draft -> submitted (diajukan)."""
    return _step(user, realization, SUBMIT, expected_version)


def verify(user: Any, realization: Realization, expected_version: int | None = None) -> Realization:
    """Submitted -> verified (diverifikasi)."""
    return _step(user, realization, VERIFY, expected_version)


def approve(user: Any, realization: Realization, expected_version: int | None = None) -> Realization:
    """Verified -> approved (disetujui), and locked."""
    return _step(user, realization, APPROVE, expected_version)


@dataclass(frozen=True)
class BulkOutcome:
    realization_id: int
    label: str  # "PKR IKK 1.1 2022-Q2"
    done: bool
    message: str


BULK_STEPS = {VERIFY: verify, APPROVE: approve}


def bulk_step(user: Any, action: str, versions: Mapping[int, int]) -> list[BulkOutcome]:
    """Verify or approve several realisations at once (``versions``: id -> the version the user
    saw). Each goes through the same step as alone, in its own transaction: one that is refused
    (changed since, not the user's to take, period closed, wrong status) leaves the others done,
    and its message says why."""
    step = BULK_STEPS[action]
    out = []
    rows = {
        r.pk: r for r in Realization.objects.filter(pk__in=list(versions)).select_related("unit", "indicator")
    }
    for pk in sorted(versions):
        r = rows.get(pk)
        if r is None:
            out.append(BulkOutcome(pk, str(pk), False, _("Realisasi tidak ditemukan.")))
            continue
        label = str(r)
        try:
            step(user, r, versions[pk])
        except VersionConflict:
            out.append(
                BulkOutcome(
                    pk,
                    label,
                    False,
                    _("diubah orang lain setelah daftar ini dibuka; buka lalu periksa lagi."),
                )
            )
        except (WorkflowError, PermissionDenied) as exc:
            out.append(BulkOutcome(pk, label, False, str(exc)))
        else:
            out.append(BulkOutcome(pk, label, True, ""))
    return out


def return_realization(
    user: Any, realization: Realization, comment: str, expected_version: int | None = None
) -> Realization:
    """Send back one step with a comment: submitted -> draft, verified -> submitted."""
    comment = (comment or "").strip()
    with transaction.atomic():
        r = _fresh(realization.pk)
        back = RETURNS.get(r.status)
        needed = back[1] if back else permissions.VERIFY
        access.require(user, permissions.RETURN, r.unit)
        access.require(user, needed, r.unit)
        _check_version(r, expected_version)
        if back is None:
            raise WorkflowError(
                _(
                    "Realisasi %(realization)s berstatus %(status)s; hanya realisasi yang diajukan atau "
                    "diverifikasi yang dapat dikembalikan."
                )
                % {"realization": r, "status": _status(r.status)}
            )
        if not comment:
            raise WorkflowError(_("Catatan pengembalian wajib diisi: jelaskan apa yang harus diperbaiki."))
        _move(user, r, RETURN, back[0], locked=False, note=comment)
    _copy(realization, r)
    return realization


def open_lock_exception(user: Any, realization: Realization, reason: str) -> LockException:
    """Admin: open an approved, locked realisation for correction, or any realisation of a period
    the reporting calendar has closed, with the reason; its status stays."""
    reason = (reason or "").strip()
    with transaction.atomic():
        r = _fresh(realization.pk)
        access.require(user, permissions.OPEN_LOCK, r.unit)
        if not reason:
            raise WorkflowError(_("Alasan membuka kunci wajib diisi."))
        if not can_open_lock(r):
            raise WorkflowError(
                _("Realisasi %(realization)s tidak sedang terkunci; tidak ada kunci yang perlu dibuka.")
                % {"realization": r}
            )
        exc = LockException.objects.create(
            agency_id=r.agency_id,
            realization=r,
            reason=reason,
            opened_by=user if getattr(user, "is_authenticated", False) else None,
            opened_by_name=user.get_username() if getattr(user, "is_authenticated", False) else "",
        )
        _move(user, r, OPEN_LOCK, r.status, locked=False, note=reason)
    _copy(realization, r)
    return exc


def relock(user: Any, realization: Realization, note: str = "") -> Realization:
    """Admin: close the open lock exception and lock the realisation again."""
    with transaction.atomic():
        r = _fresh(realization.pk)
        access.require(user, permissions.OPEN_LOCK, r.unit)
        exc = open_exception(r)
        if exc is None:
            raise WorkflowError(
                _("Realisasi %(realization)s tidak memiliki pengecualian kunci yang terbuka.")
                % {"realization": r}
            )
        exc.closed_at = timezone.now()
        exc.closed_by = user if getattr(user, "is_authenticated", False) else None
        exc.closed_by_name = user.get_username() if getattr(user, "is_authenticated", False) else ""
        exc.save(update_fields=["closed_at", "closed_by", "closed_by_name"])
        _move(user, r, RELOCK, r.status, locked=r.status == APPROVED, note=(note or "").strip())
    _copy(realization, r)
    return realization


def available_steps(user: Any, realization: Realization) -> list[str]:
    """The steps ``user`` may take on ``realization`` now (for buttons on a page)."""
    scope = access.Scope(user)
    unit = realization.unit
    out = []
    if scope.can(permissions.ENTER_REALIZATION, unit) and is_editable(realization):
        out.append("edit")
    for action, step in STEPS.items():
        if realization.status in step.sources and scope.can(step.permission, unit):
            out.append(action)
    back = RETURNS.get(realization.status)
    if back and scope.can(permissions.RETURN, unit) and scope.can(back[1], unit):
        out.append(RETURN)
    if scope.can(permissions.OPEN_LOCK, unit):
        if open_exception(realization) is not None:
            out.append(RELOCK)
        elif can_open_lock(realization):
            out.append(OPEN_LOCK)
    return out


def workflow_history(realization: Realization) -> list[RealizationEvent]:
    return list(realization.events.order_by("at", "id"))


def field_history(realization: Realization) -> list[Change]:
    return list(history_of(realization))


# --- what waits for a user --------------------------------------------------------------------


@dataclass(frozen=True)
class WaitingItem:
    """A realisation waiting for ``user``'s step: ``step`` is ``submit``, ``verify``, ``approve``,
    ``edit`` (a lock exception is open: correct it) or ``relock``; ``label`` says it in Bahasa
    Indonesia; ``returned`` is the last return (with its comment) when the record came back."""

    realization: Realization
    step: str
    label: str
    returned: RealizationEvent | None = None


WAITING_LABELS = {
    SUBMIT: gettext_lazy("perlu dilengkapi dan diajukan"),
    VERIFY: gettext_lazy("menunggu verifikasi"),
    APPROVE: gettext_lazy("menunggu persetujuan"),
    "edit": gettext_lazy("kunci dibuka: perlu dikoreksi"),
    RELOCK: gettext_lazy("kunci dibuka: kunci kembali setelah dikoreksi"),
}


def waiting_for(user: Any, limit: int = 500) -> list[WaitingItem]:
    """The realisations waiting for ``user``'s step in the units where they may take it:
    drafts to submit (operator), submitted ones to verify (verifikator), verified ones to approve
    (verifikator, pimpinan), approved ones with an open lock exception to correct (operator) or
    to lock again (admin). One item per realisation (its first step for the user), at most
    ``limit``, ordered by step, unit, period and indicator."""
    from django.db.models import Exists, OuterRef, Q

    scope = access.Scope(user)
    if not scope.active:
        return []

    def where(action: str) -> Q | None:
        ids = scope.unit_ids(action)
        if ids is None:
            return Q()
        return Q(unit_id__in=sorted(ids)) if ids else None

    open_lock = Exists(LockException.objects.filter(realization=OuterRef("pk"), closed_at__isnull=True))
    wanted = [
        (SUBMIT, where(permissions.SUBMIT), Q(status=DRAFT)),
        (VERIFY, where(permissions.VERIFY), Q(status=SUBMITTED)),
        (APPROVE, where(permissions.APPROVE), Q(status=VERIFIED)),
        ("edit", where(permissions.ENTER_REALIZATION), Q(status=APPROVED, locked=False, has_open_lock=True)),
        (RELOCK, where(permissions.OPEN_LOCK), Q(status=APPROVED, has_open_lock=True)),
    ]
    base = Realization.objects.annotate(has_open_lock=open_lock).select_related(
        "unit", "indicator__owner", "indicator__plan"
    )
    items: dict[int, WaitingItem] = {}
    for step, units, condition in wanted:
        if units is None:
            continue
        rows = base.filter(units, condition).order_by("unit__code", "-year", "quarter", "indicator__code")
        for r in rows[:limit]:
            if r.pk not in items:
                items[r.pk] = WaitingItem(r, step, str(WAITING_LABELS[step]))
    ordered = list(items.values())[:limit]
    drafts = [i.realization.pk for i in ordered if i.step == SUBMIT]
    last_event: dict[int, RealizationEvent] = {}
    for event in RealizationEvent.objects.filter(realization_id__in=drafts).order_by("at", "id"):
        last_event[event.realization_id] = event
    out = []
    for item in ordered:
        returned = last_event.get(item.realization.pk)
        if returned is not None and returned.action == RETURN:
            item = WaitingItem(
                item.realization, item.step, _("dikembalikan: perlu diperbaiki dan diajukan"), returned
            )
        out.append(item)
    return out
