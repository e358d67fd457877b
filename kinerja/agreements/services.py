"""Perjanjian Kinerja and Rencana Aksi: drawing up, revising and signing a PK, and the quarterly
targets of the action plan.

Every function takes the acting user and asks ``kinerja.organizations.access`` (the permission
matrix) first: ``edit_agreement`` to draw up, edit and revise a PK and its action plan,
``sign_agreement`` (the unit head, role pimpinan) to sign. A refusal is ``PermissionDenied``
(HTTP 403 on a page); input that cannot be accepted is ``AgreementError`` with a message in
Bahasa Indonesia (marked for translation), and nothing is saved.

Life of a PK for a unit-year:

* ``create_agreement_from_plan`` — version 1 (draft) with the Renstra targets of that year,
  copied exactly (numbers, ranges, scale labels);
* ``update_draft`` — change a draft (header, targets, and which indicators it holds);
* ``sign_agreement`` — the unit head signs a draft: who and when are recorded; a signed version
  is never changed again;
* ``revise_agreement`` — version n+1 (draft) from the latest signed version, with a reason a/b/c
  (PermenPAN-RB 53/2014) and a change (a target, an official, or an indicator added or removed);
  earlier versions stay as they are;
* ``delete_draft`` — drop a draft (never a signed version).

The indicator set. ``targets`` (indicator id -> target) given to ``update_draft`` and
``revise_agreement`` holds the indicators of the new version; an indicator of the version being
changed must either have a target there or be named in ``remove`` (explicit). An indicator can be
added when it belongs to the unit's Renstra in force that year (``plan_for_year``). Removing one
that already has realisations or Rencana Aksi quarters that year needs ``confirm_removal``
(``removal_impact`` says what; the records stay stored).

Every changed field goes to the history (``kinerja.history``) with the user and a note.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
from kinerja.planning.services import in_force_plan

# PermenPAN-RB 53/2014 Lampiran I: a PK may be revised only for these reasons.
REVISION_REASON_TEXT: dict[str, Promise] = {
    "a": gettext_lazy("terjadi pergantian atau mutasi pejabat"),
    "b": gettext_lazy(
        "terjadi perubahan dalam strategi yang memengaruhi pencapaian tujuan dan sasaran "
        "(perubahan program, kegiatan atau alokasi anggaran)"
    ),
    "c": gettext_lazy(
        "terjadi perubahan prioritas atau asumsi yang berakibat secara signifikan "
        "dalam proses pencapaian tujuan dan sasaran"
    ),
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


def working_version(unit: Unit, year: int) -> Agreement | None:
    """The version the Rencana Aksi is planned against: the one in force (the highest signed,
    ``kinerja.figures.inforce.agreement_in_force``); while no version is signed yet, the latest
    draft, so a first PK can be planned. Figures never use a draft."""
    signed = Agreement.objects.filter(unit=unit, year=year, status=STATUS_SIGNED).order_by("-version").first()
    return signed or latest(unit, year)


def previous(agreement: Agreement) -> Agreement | None:
    return (
        Agreement.objects.filter(
            unit_id=agreement.unit_id, year=agreement.year, version__lt=agreement.version
        )
        .order_by("-version")
        .first()
    )


def plan_for_year(unit: Unit, year: int) -> Plan | None:
    """The unit's Renstra in force for ``year``: latest start, then highest *adopted* version (the
    engine's rule, ``kinerja.figures.inforce.plan_for``). A draft Renstra is never used."""
    return in_force_plan(unit, year, fallback=False)


def plan_indicators(unit: Unit, year: int) -> list[Indicator]:
    """The indicators of the unit's Renstra in force for ``year``, in the Renstra's order."""
    plan = plan_for_year(unit, year)
    if plan is None:
        return []
    return list(
        Indicator.objects.filter(plan=plan)
        .select_related("objective", "owner")
        .order_by("objective__position", "position", "id")
    )


def renstra_targets(indicators: Collection[Indicator], year: int) -> dict[int, Target]:
    """Indicator id -> its Renstra target for ``year`` (indicators without one are left out)."""
    rows = IndicatorTarget.objects.filter(indicator__in=list(indicators), year=year)
    return {t.indicator_id: t.get_target() for t in rows}


def target_rows(agreement: Agreement) -> list[AgreementTarget]:
    return list(
        agreement.targets.select_related("indicator__objective", "indicator__owner").order_by(
            "indicator__objective__position", "position", "id"
        )
    )


def targets_of(agreement: Agreement) -> dict[int, Target]:
    return {t.indicator_id: t.get_target() for t in agreement.targets.all()}


@dataclass
class Comparison:
    """What version N changed from version N-1: indicators added, removed, targets changed."""

    added: list[tuple[Indicator, Target]] = field(default_factory=list)
    removed: list[tuple[Indicator, Target]] = field(default_factory=list)
    changed: list[tuple[Indicator, Target, Target]] = field(default_factory=list)
    parties_changed: bool = False

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.parties_changed)


def compare(before: Agreement, after: Agreement) -> Comparison:
    old = {t.indicator_id: t for t in target_rows(before)}
    new = {t.indicator_id: t for t in target_rows(after)}
    out = Comparison(parties_changed=any(getattr(before, f) != getattr(after, f) for f in PARTY_FIELDS))
    for pk, row in new.items():
        if pk not in old:
            out.added.append((row.indicator, row.get_target()))
        elif old[pk].get_target() != row.get_target():
            out.changed.append((row.indicator, old[pk].get_target(), row.get_target()))
    out.removed = [(row.indicator, row.get_target()) for pk, row in old.items() if pk not in new]
    return out


@dataclass
class RemovalImpact:
    """What an indicator taken out of a PK leaves behind for the year (kept, no longer measured)."""

    indicator: Indicator
    realisations: list[str]  # "tahunan", "TW I", ...
    quarters: list[str]  # Rencana Aksi quarters with a target

    def describe(self) -> str:
        parts = []
        if self.realisations:
            parts.append(_("realisasi %(periods)s") % {"periods": ", ".join(self.realisations)})
        if self.quarters:
            parts.append(_("target Rencana Aksi %(quarters)s") % {"quarters": ", ".join(self.quarters)})
        return f"{self.indicator.code}: {'; '.join(parts)}"


def removal_impact(unit: Unit, year: int, indicator_ids: Collection[int]) -> list[RemovalImpact]:
    """The indicators among ``indicator_ids`` that have realisations or Rencana Aksi quarters in
    ``year`` at ``unit``, with what they have."""
    from kinerja.measurement.models import Realization

    if not indicator_ids:
        return []
    found: dict[int, RemovalImpact] = {}
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in=list(indicator_ids))}

    def entry(pk: int) -> RemovalImpact:
        return found.setdefault(pk, RemovalImpact(indicators[pk], [], []))

    for pk, quarter in (
        Realization.objects.filter(unit=unit, year=year, indicator_id__in=list(indicator_ids))
        .order_by("indicator_id", "quarter")
        .values_list("indicator_id", "quarter")
    ):
        entry(pk).realisations.append(str(QUARTER_NAMES[quarter]) if quarter else _("tahunan"))
    for pk, quarter in (
        ActionPlanTarget.objects.filter(unit=unit, year=year, indicator_id__in=list(indicator_ids))
        .order_by("indicator_id", "quarter")
        .values_list("indicator_id", "quarter")
    ):
        entry(pk).quarters.append(str(QUARTER_NAMES[quarter]))
    return [found[pk] for pk in indicator_ids if pk in found]


def removal_message(year: int, impacts: list[RemovalImpact]) -> str:
    return _(
        "Indikator yang dikeluarkan dari PK masih memiliki data tahun %(year)s: %(list)s. Data itu tetap "
        "tersimpan dan terlihat di halaman Realisasi %(year)s dan di versi PK sebelumnya, tetapi tidak "
        "lagi diukur terhadap PK ini setelah ditandatangani. Centang konfirmasi untuk mengeluarkannya."
    ) % {"year": year, "list": " · ".join(i.describe() for i in impacts)}


# --- checks ---------------------------------------------------------------------------------------


def _check_number(value: Decimal, where: str) -> None:
    if not value.is_finite() or abs(value) >= MAX_ABS:
        raise AgreementError(_("%(where)s: angka terlalu besar.") % {"where": where})
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_PLACES:
        raise AgreementError(
            _("%(where)s: paling banyak %(places)s angka di belakang koma.")
            % {"where": where, "places": MAX_PLACES}
        )


def check_target(indicator: Indicator, expected: Target | None, target: Target, where: str) -> None:
    """``target`` must have the type of ``expected`` (the indicator's target type) and be valid."""
    if expected is not None and type(target) is not type(expected):
        if isinstance(expected, NumericTarget):
            kind = _("angka")
        elif isinstance(expected, RangeTarget):
            kind = _("rentang (batas bawah–batas atas)")
        else:
            kind = _("label skala kualitatif")
        raise AgreementError(
            _("%(where)s: jenis target harus %(kind)s, sama dengan target indikator ini.")
            % {"where": where, "kind": kind}
        )
    if isinstance(target, NumericTarget):
        _check_number(target.value, where)
    elif isinstance(target, RangeTarget):
        _check_number(target.low, where)
        _check_number(target.high, where)
        if target.low > target.high:
            raise AgreementError(
                _("%(where)s: batas bawah lebih besar daripada batas atas.") % {"where": where}
            )
    elif isinstance(target, QualitativeTarget):
        label = target.label.strip()
        if not label:
            raise AgreementError(_("%(where)s: label target kosong.") % {"where": where})
        if indicator.scale and label not in indicator.scale:
            raise AgreementError(
                _("%(where)s: label '%(label)s' tidak ada dalam skala indikator (%(scale)s).")
                % {"where": where, "label": label, "scale": ", ".join(indicator.scale)}
            )


def expected_kind(indicator: Indicator, year: int, current: Target | None = None) -> Target | None:
    """A target of the type the indicator takes: ``current``, else its Renstra target for the
    year, else any of its Renstra targets; None when it has none (then a scale means a label)."""
    if current is not None:
        return current
    rows = {t.year: t for t in IndicatorTarget.objects.filter(indicator=indicator)}
    if year in rows:
        return rows[year].get_target()
    for y in sorted(rows):
        return rows[y].get_target()
    if indicator.scale:
        return QualitativeTarget(indicator.scale[0])
    return None


@dataclass
class NewSet:
    """The indicator set of a new or changed version: kept and added rows, and what is removed."""

    rows: list[tuple[Indicator, Target, int]]  # indicator, target, position
    removed: list[int]
    added: list[int]


def _check_set(
    unit: Unit,
    year: int,
    current: list[AgreementTarget],
    targets: Mapping[int, Target],
    remove: Collection[int],
    confirm_removal: bool,
) -> NewSet:
    """Check the new indicator set and its targets against the version being changed."""
    rows = {t.indicator_id: t for t in current}
    allowed = {i.pk: i for i in plan_indicators(unit, year)}
    remove = {pk for pk in remove if pk in rows}
    targets = {pk: t for pk, t in targets.items() if pk not in remove}
    unknown = [pk for pk in targets if pk not in rows and pk not in allowed]
    if unknown:
        raise AgreementError(
            _(
                "Ada target untuk indikator yang tidak termuat dalam PK ini maupun dalam Renstra "
                "%(unit)s yang berlaku untuk tahun %(year)s."
            )
            % {"unit": unit.code, "year": year}
        )
    for pk, row in rows.items():
        if pk in remove:
            continue
        new = targets.get(pk)
        where = _("Target %(code)s") % {"code": row.indicator.code}
        if new is None:
            raise AgreementError(_("%(where)s harus diisi.") % {"where": where})
        check_target(row.indicator, row.get_target(), new, where)
    added = [pk for pk in allowed if pk in targets and pk not in rows]
    for pk in added:
        indicator = allowed[pk]
        where = _("Target %(code)s (indikator yang ditambahkan)") % {"code": indicator.code}
        check_target(indicator, expected_kind(indicator, year), targets[pk], where)
    if not targets:
        raise AgreementError(_("PK harus memuat paling sedikit satu indikator dengan targetnya."))
    removed = [pk for pk in rows if pk in remove]
    if removed and not confirm_removal:
        impacts = removal_impact(unit, year, removed)
        if impacts:
            raise AgreementError(removal_message(year, impacts))
    if added:
        # a changed set is laid out in the Renstra's order
        order = list(allowed) + [pk for pk in rows if pk not in allowed]
        indicators = {**{pk: r.indicator for pk, r in rows.items()}, **allowed}
        kept = [pk for pk in order if pk in targets]
        out = [(indicators[pk], targets[pk], pos) for pos, pk in enumerate(kept)]
    else:
        out = [(row.indicator, targets[pk], row.position) for pk, row in rows.items() if pk in targets]
    return NewSet(out, removed, added)


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
            _("Isian terlalu panjang (label, nama dan jabatan paling banyak 300 karakter, tempat 200).")
        )
    if not revision:
        header.reason = ""
        header.reason_note = ""
        return
    if header.reason not in REVISION_REASONS:
        raise AgreementError(
            _(
                "Alasan revisi wajib dipilih: a (pergantian pejabat), b (perubahan strategi) atau "
                "c (perubahan prioritas atau asumsi), sesuai PermenPAN-RB 53/2014."
            )
        )


def _check_change(base: Agreement, header: Header, new_set: NewSet) -> None:
    """A revision must change something, and reason a must come with a change of official."""
    base_targets = targets_of(base)
    changed_targets = [ind.pk for ind, t, _pos in new_set.rows if base_targets.get(ind.pk) != t]
    changed_parties = [f for f in PARTY_FIELDS if getattr(header, f) != getattr(base, f)]
    if not changed_targets and not changed_parties and not new_set.removed:
        raise AgreementError(
            _(
                "Revisi tidak mengubah apa pun dibanding versi %(version)s: ubah target, indikator atau "
                "pejabat penanda tangan. Revisi tanpa perubahan tidak dibuat."
            )
            % {"version": base.version}
        )
    if header.reason == "a" and not changed_parties:
        raise AgreementError(
            _(
                "Alasan a (pergantian pejabat) dipilih, tetapi nama dan jabatan pihak pertama maupun pihak "
                "kedua sama dengan versi sebelumnya. Isi pejabat yang baru, atau pilih alasan b atau c."
            )
        )


# --- creating, editing, revising, signing ----------------------------------------------------------


def create_agreement_from_plan(user: Any, unit: Unit, year: int) -> Agreement:
    """PK version 1 (draft) for ``year`` with the Renstra targets of that year, copied exactly."""
    access.require(user, permissions.EDIT_AGREEMENT, unit)
    if not 1900 <= year <= 2999:
        raise AgreementError(_("Tahun %(year)s tidak sah.") % {"year": year})
    existing = versions(unit, year)
    if existing:
        raise AgreementError(
            _(
                "PK %(unit)s tahun %(year)s sudah ada (versi %(versions)s). Versi 1 hanya dibuat sekali; "
                "untuk mengubah PK buat revisi dari versi terakhir yang sudah ditandatangani."
            )
            % {"unit": unit.code, "year": year, "versions": ", ".join(str(a.version) for a in existing)}
        )
    plan = plan_for_year(unit, year)
    if plan is None:
        raise AgreementError(
            _("Unit %(unit)s belum memiliki Renstra yang mencakup tahun %(year)s.")
            % {"unit": unit.code, "year": year}
        )
    targets = list(
        IndicatorTarget.objects.filter(indicator__plan=plan, year=year)
        .select_related("indicator__objective")
        .order_by("indicator__objective__position", "indicator__position", "indicator_id")
    )
    if not targets:
        raise AgreementError(
            _("Renstra %(unit)s %(start)s–%(end)s tidak memuat target tahun %(year)s.")
            % {"unit": unit.code, "start": plan.period_start, "end": plan.period_end, "year": year}
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
            _("PK %(unit)s tahun %(year)s versi 1 baru saja dibuat oleh pengguna lain; muat ulang halaman.")
            % {"unit": unit.code, "year": year}
        ) from exc
    return agreement


def _locked(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().select_related("unit").get(pk=agreement.pk)


def _write_set(agreement: Agreement, new_set: NewSet) -> None:
    """Make the rows of ``agreement`` the indicators, targets and order of ``new_set``."""
    rows = {t.indicator_id: t for t in agreement.targets.all()}
    for pk in new_set.removed:
        rows.pop(pk).delete()
    for indicator, target, position in new_set.rows:
        row = rows.get(indicator.pk)
        if row is None:
            row = AgreementTarget(
                agency_id=agreement.agency_id, agreement=agreement, indicator=indicator, position=position
            )
        elif row.get_target() == target and row.position == position:
            continue
        row.set_target(target)
        row.position = position
        row.save()


def update_draft(
    user: Any,
    agreement: Agreement,
    header: Header,
    targets: Mapping[int, Target],
    remove: Collection[int] = (),
    confirm_removal: bool = False,
) -> Agreement:
    """Change a draft PK: its statement page, its targets and its indicator set (``targets`` holds
    the indicators kept or added; those of the draft to take out are named in ``remove``)."""
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
                _(
                    "PK %(year)s versi %(version)s sudah ditandatangani dan tidak dapat diubah; "
                    "buat revisi (versi baru)."
                )
                % {"year": current.year, "version": current.version}
            )
        new_set = _check_set(
            current.unit, current.year, target_rows(current), targets, remove, confirm_removal
        )
        if revision:
            base = previous(current)
            if base is not None:
                base_ids = set(targets_of(base))
                compared = NewSet(
                    new_set.rows, sorted(base_ids - {i.pk for i, _t, _p in new_set.rows}), new_set.added
                )
                _check_change(base, header, compared)
        header.apply(current)
        current.save()
        _write_set(current, new_set)
    agreement.refresh_from_db()
    return agreement


def revise_agreement(
    user: Any,
    base: Agreement,
    header: Header,
    targets: Mapping[int, Target],
    remove: Collection[int] = (),
    confirm_removal: bool = False,
) -> Agreement:
    """Version n+1 (draft) from the latest version, which must be signed; ``base`` stays as it is.

    ``targets`` holds the indicators of the new version (kept ones and added ones from the
    Renstra in force); indicators of ``base`` left out must be named in ``remove``.
    """
    access.require(user, permissions.EDIT_AGREEMENT, base.unit)
    _check_header(header, revision=True)
    last = latest(base.unit, base.year)
    if last is None or last.pk != base.pk:
        raise AgreementError(
            _("Revisi hanya dibuat dari versi terakhir (versi %(last)s), bukan dari versi %(version)s.")
            % {"last": last.version if last else "-", "version": base.version}
        )
    if not base.is_signed:
        raise AgreementError(
            _(
                "Versi %(version)s masih draf: ubah draf itu, atau minta pimpinan menandatanganinya "
                "sebelum membuat revisi."
            )
            % {"version": base.version}
        )
    new_set = _check_set(base.unit, base.year, target_rows(base), targets, remove, confirm_removal)
    _check_change(base, header, new_set)
    version = base.version + 1
    note = f"Revisi PK {base.year} versi {version}, alasan {header.reason}"
    if new_set.added or new_set.removed:
        codes = {i.pk: i.code for i, _t, _p in new_set.rows}
        removed = {t.indicator_id: t.indicator.code for t in target_rows(base)}
        if new_set.added:
            note += "; ditambah " + ", ".join(codes[pk] for pk in new_set.added)
        if new_set.removed:
            note += "; dikeluarkan " + ", ".join(removed[pk] for pk in new_set.removed)
    try:
        with transaction.atomic(), acting_as(user, note=note):
            agreement = Agreement(
                agency_id=base.agency_id, unit=base.unit, year=base.year, version=version, status=STATUS_DRAFT
            )
            header.apply(agreement)
            agreement.save()
            for indicator, target, position in new_set.rows:
                new = AgreementTarget(
                    agency_id=base.agency_id, agreement=agreement, indicator=indicator, position=position
                )
                new.set_target(target)
                new.save()
    except IntegrityError as exc:
        raise AgreementError(
            _(
                "PK %(unit)s %(year)s versi %(version)s baru saja dibuat oleh pengguna lain; muat ulang halaman."
            )
            % {"unit": base.unit.code, "year": base.year, "version": version}
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
            raise AgreementError(
                _("PK %(year)s versi %(version)s sudah ditandatangani.")
                % {"year": current.year, "version": current.version}
            )
        newer = Agreement.objects.filter(
            unit_id=current.unit_id, year=current.year, version__gt=current.version
        ).exists()
        if newer:
            raise AgreementError(
                _("Sudah ada versi yang lebih baru dari versi %(version)s.") % {"version": current.version}
            )
        if not current.targets.exists():
            raise AgreementError(_("PK tanpa target tidak dapat ditandatangani."))
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
                _("PK %(year)s versi %(version)s sudah ditandatangani dan tidak dapat dihapus.")
                % {"year": current.year, "version": current.version}
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


@dataclass
class StoredQuarters:
    """Quarterly targets kept for an indicator that is not in the PK version in force."""

    indicator: Indicator
    quarters: dict[int, Target | None]


def quarter_targets(unit: Unit, year: int) -> dict[int, dict[int, Target | None]]:
    out: dict[int, dict[int, Target | None]] = {}
    for row in ActionPlanTarget.objects.filter(unit=unit, year=year):
        out.setdefault(row.indicator_id, {q: None for q in QUARTERS})[row.quarter] = row.get_target()
    return out


def action_plan(unit: Unit, year: int) -> tuple[Agreement | None, list[ActionPlanRow]]:
    """The indicators of the PK version in force (``working_version``), their quarterly targets and the
    check. An indicator added by that version has empty quarters."""
    agreement = working_version(unit, year)
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


def quarters_outside(unit: Unit, year: int, agreement: Agreement | None) -> list[StoredQuarters]:
    """Quarterly targets kept for indicators that are not in ``agreement`` (removed by a revision):
    shown read-only, never edited or deleted by the action plan form."""
    stored = quarter_targets(unit, year)
    inside = set(targets_of(agreement)) if agreement is not None else set()
    outside = [pk for pk in stored if pk not in inside]
    if not outside:
        return []
    indicators = Indicator.objects.filter(pk__in=outside).order_by("objective__position", "position", "id")
    return [StoredQuarters(ind, stored[ind.pk]) for ind in indicators]


def save_action_plan(
    user: Any, unit: Unit, year: int, quarters: Mapping[int, Mapping[int, Target | None]]
) -> list[ActionPlanRow]:
    """Save the quarterly targets (indicator id -> quarter -> target or None to clear).

    All or nothing: a quarter whose type differs from the yearly PK target, or an indicator whose
    filled quarters contradict the yearly target by its quarter rule, refuses the whole save with
    a message naming the indicator and the expected value. Quarters still empty are allowed (a
    draft), with a warning. Only indicators of the PK version in force can be changed.
    """
    access.require(user, permissions.EDIT_AGREEMENT, unit)
    agreement, rows = action_plan(unit, year)
    if agreement is None:
        raise AgreementError(
            _("Belum ada Perjanjian Kinerja %(unit)s tahun %(year)s; buat PK terlebih dahulu.")
            % {"unit": unit.code, "year": year}
        )
    by_indicator = {r.target.indicator_id: r for r in rows}
    unknown = set(quarters) - set(by_indicator)
    if unknown:
        raise AgreementError(
            _("Ada target triwulan untuk indikator yang tidak termuat dalam PK %(year)s versi %(version)s.")
            % {"year": year, "version": agreement.version}
        )
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
        raise AgreementError(_("Rencana aksi tidak disimpan:") + " " + " ".join(problems))
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
