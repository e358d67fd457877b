"""Perjanjian Kinerja and Rencana Aksi: drawing up, revising and signing a PK, and the quarterly
targets of the action plan.

Every function takes the acting user and asks ``kinerja.organizations.access`` (the permission
matrix) first: ``edit_agreement`` to draw up, edit and revise a PK and its action plan,
``sign_agreement`` (the unit head, role pimpinan) to sign. A refusal is ``PermissionDenied``
(HTTP 403 on a page); input that cannot be accepted is ``AgreementError`` with a message in
Bahasa Indonesia, and nothing is saved.

Life of a PK for a unit-year:

* ``create_agreement_from_plan`` — version 1 (draft) with the Renstra targets of that year,
  copied exactly (numbers, ranges, scale labels);
* ``update_draft`` — change a draft (header and targets);
* ``sign_agreement`` — the unit head signs a draft: who and when are recorded; a signed version
  is never changed again;
* ``revise_agreement`` — version n+1 (draft) from the latest signed version, with a reason a/b/c
  (PermenPAN-RB 53/2014) and a change; earlier versions stay as they are;
* ``delete_draft`` — drop a draft (never a signed version).

Every changed field goes to the history (``kinerja.history``) with the user and a note.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from kinerja.agreements.models import (
    STATUS_DRAFT,
    STATUS_SIGNED,
    ActionPlanTarget,
    Agreement,
    AgreementTarget,
)
from kinerja.agreements.quarters import QUARTER_NAMES, QUARTERS, QuarterCheck, check_quarters
from kinerja.core.types import KinerjaValidationError, NumericTarget, QualitativeTarget, RangeTarget, Target
from kinerja.history.context import acting_as
from kinerja.interchange.document import REVISION_REASONS
from kinerja.organizations import access, permissions
from kinerja.organizations.models import Unit
from kinerja.planning.models import Indicator, IndicatorTarget, Plan

# PermenPAN-RB 53/2014 Lampiran I: a PK may be revised only for these reasons.
REVISION_REASON_TEXT = {
    "a": "terjadi pergantian atau mutasi pejabat",
    "b": "terjadi perubahan dalam strategi yang memengaruhi pencapaian tujuan dan sasaran "
    "(perubahan program, kegiatan atau alokasi anggaran)",
    "c": "terjadi perubahan prioritas atau asumsi yang berakibat secara signifikan "
    "dalam proses pencapaian tujuan dan sasaran",
}
MAX_ABS = Decimal(10) ** 18  # measure fields: 28 digits, 10 after the point
MAX_PLACES = 10


class AgreementError(KinerjaValidationError):
    """A PK or action-plan step that cannot be taken (wrong state, bad input, no change)."""


@dataclass
class Header:
    """The statement page of a PK: label, date, place, both parties, and (revisions) the reason."""

    label: str = ""
    signed_on: date | None = None
    place: str = ""
    first_party_name: str = ""
    first_party_title: str = ""
    second_party_name: str = ""
    second_party_title: str = ""
    reason: str = ""
    reason_note: str = ""

    @classmethod
    def of(cls, agreement: Agreement) -> Header:
        return cls(**{f.name: getattr(agreement, f.name) for f in fields(cls)})

    def apply(self, agreement: Agreement) -> None:
        for f in fields(self):
            setattr(agreement, f.name, getattr(self, f.name))


PARTY_FIELDS = ("first_party_name", "first_party_title", "second_party_name", "second_party_title")


# --- reading --------------------------------------------------------------------------------------


def versions(unit: Unit, year: int) -> list[Agreement]:
    return list(Agreement.objects.filter(unit=unit, year=year).order_by("version"))


def latest(unit: Unit, year: int) -> Agreement | None:
    return Agreement.objects.filter(unit=unit, year=year).order_by("-version").first()


def previous(agreement: Agreement) -> Agreement | None:
    return (
        Agreement.objects.filter(
            unit_id=agreement.unit_id, year=agreement.year, version__lt=agreement.version
        )
        .order_by("-version")
        .first()
    )


def plan_for_year(unit: Unit, year: int) -> Plan | None:
    """The unit's Renstra in force for ``year``: latest start, then highest version (the engine's
    rule, ``kinerja.interchange.compute.plan_for``)."""
    return (
        Plan.objects.filter(unit=unit, period_start__lte=year, period_end__gte=year)
        .order_by("-period_start", "-version")
        .first()
    )


def target_rows(agreement: Agreement) -> list[AgreementTarget]:
    return list(
        agreement.targets.select_related("indicator__objective", "indicator__owner").order_by(
            "indicator__objective__position", "position", "id"
        )
    )


def targets_of(agreement: Agreement) -> dict[int, Target]:
    return {t.indicator_id: t.get_target() for t in agreement.targets.all()}


# --- checks ---------------------------------------------------------------------------------------


def _check_number(value: Decimal, where: str) -> None:
    if not value.is_finite() or abs(value) >= MAX_ABS:
        raise AgreementError(f"{where}: angka terlalu besar.")
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_PLACES:
        raise AgreementError(f"{where}: paling banyak {MAX_PLACES} angka di belakang koma.")


def check_target(indicator: Indicator, expected: Target | None, target: Target, where: str) -> None:
    """``target`` must have the type of ``expected`` (the indicator's target type) and be valid."""
    if expected is not None and type(target) is not type(expected):
        kinds = {NumericTarget: "angka", RangeTarget: "rentang (batas bawah–batas atas)"}
        kind = kinds.get(type(expected), "label skala kualitatif")
        raise AgreementError(f"{where}: jenis target harus {kind}, sama dengan target indikator ini.")
    if isinstance(target, NumericTarget):
        _check_number(target.value, where)
    elif isinstance(target, RangeTarget):
        _check_number(target.low, where)
        _check_number(target.high, where)
        if target.low > target.high:
            raise AgreementError(f"{where}: batas bawah lebih besar daripada batas atas.")
    elif isinstance(target, QualitativeTarget):
        label = target.label.strip()
        if not label:
            raise AgreementError(f"{where}: label target kosong.")
        if indicator.scale and label not in indicator.scale:
            raise AgreementError(
                f"{where}: label '{label}' tidak ada dalam skala indikator ({', '.join(indicator.scale)})."
            )


def _check_targets(agreement: Agreement, targets: Mapping[int, Target]) -> dict[int, AgreementTarget]:
    rows = {t.indicator_id: t for t in target_rows(agreement)}
    unknown = set(targets) - set(rows)
    if unknown:
        raise AgreementError("Ada target untuk indikator yang tidak termuat dalam PK ini.")
    for pk, row in rows.items():
        new = targets.get(pk)
        where = f"Target {row.indicator.code}"
        if new is None:
            raise AgreementError(f"{where} harus diisi.")
        check_target(row.indicator, row.get_target(), new, where)
    return rows


def _check_header(header: Header, revision: bool) -> None:
    for name in ("label", "place", *PARTY_FIELDS):
        value = getattr(header, name)
        setattr(header, name, (value or "").strip())
    header.reason_note = (header.reason_note or "").strip()
    if (
        len(header.label) > 300
        or len(header.place) > 200
        or any(len(getattr(header, f)) > 300 for f in PARTY_FIELDS)
    ):
        raise AgreementError(
            "Isian terlalu panjang (label, nama dan jabatan paling banyak 300 karakter, tempat 200)."
        )
    if not revision:
        header.reason = ""
        header.reason_note = ""
        return
    if header.reason not in REVISION_REASONS:
        raise AgreementError(
            "Alasan revisi wajib dipilih: a (pergantian pejabat), b (perubahan strategi) atau "
            "c (perubahan prioritas atau asumsi), sesuai PermenPAN-RB 53/2014."
        )


def _check_change(base: Agreement, header: Header, targets: Mapping[int, Target]) -> None:
    """A revision must change something, and reason a must come with a change of official."""
    base_targets = targets_of(base)
    changed_targets = [pk for pk, t in targets.items() if base_targets.get(pk) != t]
    changed_parties = [f for f in PARTY_FIELDS if getattr(header, f) != getattr(base, f)]
    if not changed_targets and not changed_parties:
        raise AgreementError(
            f"Revisi tidak mengubah apa pun dibanding versi {base.version}: ubah target atau pejabat "
            "penanda tangan. Revisi tanpa perubahan tidak dibuat."
        )
    if header.reason == "a" and not changed_parties:
        raise AgreementError(
            "Alasan a (pergantian pejabat) dipilih, tetapi nama dan jabatan pihak pertama maupun pihak "
            "kedua sama dengan versi sebelumnya. Isi pejabat yang baru, atau pilih alasan b atau c."
        )


# --- creating, editing, revising, signing ----------------------------------------------------------


def create_agreement_from_plan(user: Any, unit: Unit, year: int) -> Agreement:
    """PK version 1 (draft) for ``year`` with the Renstra targets of that year, copied exactly."""
    access.require(user, permissions.EDIT_AGREEMENT, unit)
    if not 1900 <= year <= 2999:
        raise AgreementError(f"Tahun {year} tidak sah.")
    existing = versions(unit, year)
    if existing:
        raise AgreementError(
            f"PK {unit.code} tahun {year} sudah ada (versi {', '.join(str(a.version) for a in existing)}). "
            "Versi 1 hanya dibuat sekali; untuk mengubah PK buat revisi dari versi terakhir yang sudah "
            "ditandatangani."
        )
    plan = plan_for_year(unit, year)
    if plan is None:
        raise AgreementError(f"Unit {unit.code} belum memiliki Renstra yang mencakup tahun {year}.")
    targets = list(
        IndicatorTarget.objects.filter(indicator__plan=plan, year=year)
        .select_related("indicator__objective")
        .order_by("indicator__objective__position", "indicator__position", "indicator_id")
    )
    if not targets:
        raise AgreementError(
            f"Renstra {unit.code} {plan.period_start}–{plan.period_end} tidak memuat target tahun {year}."
        )
    parent = unit.parent
    earlier = Agreement.objects.filter(unit=unit).exclude(place="").order_by("-year", "-version").first()
    try:
        with transaction.atomic(), acting_as(user, note=f"PK {year} versi 1 disusun dari Renstra"):
            agreement = Agreement.objects.create(
                agency_id=unit.agency_id,
                unit=unit,
                year=year,
                version=1,
                label="PK Awal",
                status=STATUS_DRAFT,
                first_party_name=unit.head_name,
                first_party_title=unit.head_title,
                second_party_name=parent.head_name if parent else "",
                second_party_title=parent.head_title if parent else "",
                place=earlier.place if earlier else "",
            )
            for position, source in enumerate(targets):
                row = AgreementTarget(
                    agency_id=unit.agency_id,
                    agreement=agreement,
                    indicator=source.indicator,
                    position=position,
                )
                row.set_target(source.get_target())
                row.save()
    except IntegrityError as exc:
        raise AgreementError(
            f"PK {unit.code} tahun {year} versi 1 baru saja dibuat oleh pengguna lain; muat ulang halaman."
        ) from exc
    return agreement


def _locked(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().select_related("unit").get(pk=agreement.pk)


def _write_targets(rows: Mapping[int, AgreementTarget], targets: Mapping[int, Target]) -> None:
    for pk, row in rows.items():
        if row.get_target() != targets[pk]:
            row.set_target(targets[pk])
            row.save()


def update_draft(user: Any, agreement: Agreement, header: Header, targets: Mapping[int, Target]) -> Agreement:
    """Change a draft PK: its statement page and its targets (types stay those of the indicators)."""
    access.require(user, permissions.EDIT_AGREEMENT, agreement.unit)
    revision = agreement.version > 1
    _check_header(header, revision)
    with (
        transaction.atomic(),
        acting_as(user, note=f"Draf PK {agreement.year} versi {agreement.version} diubah"),
    ):
        current = _locked(agreement)
        if not current.is_draft:
            raise AgreementError(
                f"PK {current.year} versi {current.version} sudah ditandatangani dan tidak dapat diubah; "
                "buat revisi (versi baru)."
            )
        rows = _check_targets(current, targets)
        if revision:
            base = previous(current)
            if base is not None:
                _check_change(base, header, targets)
        header.apply(current)
        current.save()
        _write_targets(rows, targets)
    agreement.refresh_from_db()
    return agreement


def revise_agreement(user: Any, base: Agreement, header: Header, targets: Mapping[int, Target]) -> Agreement:
    """Version n+1 (draft) from the latest version, which must be signed; ``base`` stays as it is."""
    access.require(user, permissions.EDIT_AGREEMENT, base.unit)
    _check_header(header, revision=True)
    last = latest(base.unit, base.year)
    if last is None or last.pk != base.pk:
        raise AgreementError(
            f"Revisi hanya dibuat dari versi terakhir (versi {last.version if last else '-'}), "
            f"bukan dari versi {base.version}."
        )
    if not base.is_signed:
        raise AgreementError(
            f"Versi {base.version} masih draf: ubah draf itu, atau minta pimpinan menandatanganinya "
            "sebelum membuat revisi."
        )
    rows = _check_targets(base, targets)
    _check_change(base, header, targets)
    version = base.version + 1
    note = f"Revisi PK {base.year} versi {version}, alasan {header.reason}"
    try:
        with transaction.atomic(), acting_as(user, note=note):
            agreement = Agreement(
                agency_id=base.agency_id, unit=base.unit, year=base.year, version=version, status=STATUS_DRAFT
            )
            header.apply(agreement)
            agreement.save()
            for pk, row in rows.items():
                new = AgreementTarget(
                    agency_id=base.agency_id, agreement=agreement, indicator_id=pk, position=row.position
                )
                new.set_target(targets[pk])
                new.save()
    except IntegrityError as exc:
        raise AgreementError(
            f"PK {base.unit.code} {base.year} versi {version} baru saja dibuat oleh pengguna lain; muat ulang halaman."
        ) from exc
    return agreement


def sign_agreement(user: Any, agreement: Agreement, signed_on: date | None = None) -> Agreement:
    """The unit head signs a draft: status signed, who and when recorded; the PK bears ``signed_on``."""
    access.require(user, permissions.SIGN_AGREEMENT, agreement.unit)
    with (
        transaction.atomic(),
        acting_as(user, note=f"PK {agreement.year} versi {agreement.version} ditandatangani"),
    ):
        current = _locked(agreement)
        if not current.is_draft:
            raise AgreementError(f"PK {current.year} versi {current.version} sudah ditandatangani.")
        newer = Agreement.objects.filter(
            unit_id=current.unit_id, year=current.year, version__gt=current.version
        ).exists()
        if newer:
            raise AgreementError(f"Sudah ada versi yang lebih baru dari versi {current.version}.")
        if not current.targets.exists():
            raise AgreementError("PK tanpa target tidak dapat ditandatangani.")
        current.status = STATUS_SIGNED
        current.signed_on = signed_on or current.signed_on or timezone.localdate()
        current.signed_by = user
        current.signed_by_name = user.get_username()
        current.signed_at = timezone.now()
        current.save()
    agreement.refresh_from_db()
    return agreement


def delete_draft(user: Any, agreement: Agreement) -> None:
    """Delete a draft (a signed version is never deleted); the versions before it stay."""
    access.require(user, permissions.EDIT_AGREEMENT, agreement.unit)
    note = f"Draf PK {agreement.year} versi {agreement.version} dihapus"
    with transaction.atomic(), acting_as(user, note=note):
        current = _locked(agreement)
        if not current.is_draft:
            raise AgreementError(
                f"PK {current.year} versi {current.version} sudah ditandatangani dan tidak dapat dihapus."
            )
        for row in current.targets.all():
            row.delete()
        current.delete()


# --- Rencana Aksi -----------------------------------------------------------------------------------


@dataclass
class ActionPlanRow:
    target: AgreementTarget  # the indicator's yearly target in the PK version used
    quarters: dict[int, Target | None]
    check: QuarterCheck

    @property
    def indicator(self) -> Indicator:
        return self.target.indicator


def quarter_targets(unit: Unit, year: int) -> dict[int, dict[int, Target | None]]:
    out: dict[int, dict[int, Target | None]] = {}
    for row in ActionPlanTarget.objects.filter(unit=unit, year=year):
        out.setdefault(row.indicator_id, {q: None for q in QUARTERS})[row.quarter] = row.get_target()
    return out


def action_plan(unit: Unit, year: int) -> tuple[Agreement | None, list[ActionPlanRow]]:
    """The indicators of the latest PK version of the year, their quarterly targets and the check."""
    agreement = latest(unit, year)
    if agreement is None:
        return None, []
    stored = quarter_targets(unit, year)
    rows = []
    for target in target_rows(agreement):
        quarters = stored.get(target.indicator_id, {q: None for q in QUARTERS})
        check = check_quarters(
            target.indicator.code, target.indicator.quarter_rule, target.get_target(), quarters
        )
        rows.append(ActionPlanRow(target, quarters, check))
    return agreement, rows


def save_action_plan(
    user: Any, unit: Unit, year: int, quarters: Mapping[int, Mapping[int, Target | None]]
) -> list[ActionPlanRow]:
    """Save the quarterly targets (indicator id -> quarter -> target or None to clear).

    All or nothing: a quarter whose type differs from the yearly PK target, or an indicator whose
    filled quarters contradict the yearly target by its quarter rule, refuses the whole save with
    a message naming the indicator and the expected value. Quarters still empty are allowed (a
    draft), with a warning.
    """
    access.require(user, permissions.EDIT_AGREEMENT, unit)
    agreement, rows = action_plan(unit, year)
    if agreement is None:
        raise AgreementError(
            f"Belum ada Perjanjian Kinerja {unit.code} tahun {year}; buat PK terlebih dahulu."
        )
    by_indicator = {r.target.indicator_id: r for r in rows}
    unknown = set(quarters) - set(by_indicator)
    if unknown:
        raise AgreementError("Ada target triwulan untuk indikator yang tidak termuat dalam PK.")
    problems: list[str] = []
    for pk, row in by_indicator.items():
        new = {q: quarters.get(pk, {}).get(q) for q in QUARTERS}
        year_target = row.target.get_target()
        for q, t in new.items():
            if t is None:
                continue
            try:
                check_target(row.indicator, year_target, t, f"{row.indicator.code} {QUARTER_NAMES[q]}")
            except AgreementError as exc:
                problems.append(str(exc))
        check = check_quarters(row.indicator.code, row.indicator.quarter_rule, year_target, new)
        if check.blocking and check.message not in problems:
            problems.append(check.message)
        row.quarters, row.check = new, check
    if problems:
        raise AgreementError("Rencana aksi tidak disimpan: " + " ".join(problems))
    existing = {(r.indicator_id, r.quarter): r for r in ActionPlanTarget.objects.filter(unit=unit, year=year)}
    with transaction.atomic(), acting_as(user, note=f"Rencana aksi {unit.code} {year} diubah"):
        for pk, row in by_indicator.items():
            for q in QUARTERS:
                target = row.quarters[q]
                stored = existing.get((pk, q))
                if target is None:
                    if stored is not None:
                        stored.delete()
                    continue
                if stored is None:
                    stored = ActionPlanTarget(
                        agency_id=unit.agency_id, unit=unit, indicator_id=pk, year=year, quarter=q
                    )
                elif stored.get_target() == target:
                    continue
                stored.set_target(target)
                stored.save()
    return rows
