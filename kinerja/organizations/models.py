"""Instansi (agency), organisation units and their lineage across reorganisations.

Every table of the project carries an ``agency`` foreign key (indexed) and every natural unique
constraint starts with ``agency``, so a multi-agency deployment can distribute the tables by
agency (e.g. Citus) without changing the columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.codes import CODE_LENGTH, code_problem, unit_code_problem
from kinerja.core.types import LowerIsBetterRule
from kinerja.interchange.document import UNIT_LEVELS
from kinerja.organizations.permissions import ROLE_CHOICES

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


# Measures: Decimal with 10 places (realisation results such as 99.2457446809 round-trip).
MEASURE_DIGITS = 28
MEASURE_PLACES = 10


def measure_field(verbose_name: StrOrPromise, **kwargs: Any) -> models.DecimalField[Any, Any]:
    """A ``DecimalField`` for measures (targets, realisations, weights, caps)."""
    return models.DecimalField(
        verbose_name, max_digits=MEASURE_DIGITS, decimal_places=MEASURE_PLACES, **kwargs
    )


def agency_field() -> models.ForeignKey[Any, Any]:
    """The sharding key every row carries (``related_name="+"``: no reverse accessor)."""
    return models.ForeignKey(
        "organizations.Agency",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=True,
        verbose_name=_("instansi"),
    )


class AgencyScoped(models.Model):
    """A row that carries ``agency`` (declared by the model with ``agency_field()``).

    ``agency_parent`` names the foreign key whose row this one belongs to; when ``agency`` is
    not set (a new row in the admin, where the field is not shown) it is taken from there.
    ``derived_fields`` are filled that way, so the unique constraints that name them are still
    checked by forms that do not show them.
    """

    agency_parent: str | None = None
    derived_fields: tuple[str, ...] = ("agency",)
    agency_id: int | None  # the column of the concrete model's ``agency`` (declared there)

    class Meta:
        abstract = True

    def derive_fields(self) -> None:
        if self.agency_id is None and self.agency_parent:
            parent = getattr(self, self.agency_parent + "_id", None) and getattr(self, self.agency_parent)
            if parent is not None:
                self.agency_id = parent.agency_id

    def clean(self) -> None:
        super().clean()
        self.derive_fields()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive_fields()
        super().save(*args, **kwargs)

    def validate_unique(self, exclude: Any = None) -> None:
        super().validate_unique(None if exclude is None else set(exclude) - set(self.derived_fields))

    def validate_constraints(self, exclude: Any = None) -> None:
        super().validate_constraints(None if exclude is None else set(exclude) - set(self.derived_fields))


UNIT_LEVEL_LABELS = {
    "kementerian": _("Kementerian/Lembaga"),
    "eselon1": _("Eselon I"),
    "eselon2": _("Eselon II"),
    "eselon3": _("Eselon III"),
    "upt": _("UPT"),
}
UNIT_LEVEL_CHOICES = [(level, UNIT_LEVEL_LABELS.get(level, level)) for level in UNIT_LEVELS]

LOWER_IS_BETTER_CHOICES = [
    (LowerIsBetterRule.TWO_MINUS_RATIO.value, _("(2 - R/T) x 100")),
    (LowerIsBetterRule.TARGET_OVER_REALIZATION.value, _("T/R x 100")),
]


def validate_code(value: str) -> None:
    """The model side of ``core.codes``: the admin and every form refuse what the importer refuses."""
    problem = code_problem(value)
    if problem is not None:
        raise ValidationError(problem, code="code")


def validate_unit_code(value: str) -> None:
    problem = unit_code_problem(value)
    if problem is not None:
        raise ValidationError(problem, code="unit_code")


class Agency(models.Model):
    """Instansi: a ministry, agency or regional government, with its measurement policy."""

    code = models.CharField(_("kode"), max_length=CODE_LENGTH, unique=True, validators=[validate_unit_code])
    name = models.CharField(_("nama"), max_length=300)
    max_achievement = measure_field(
        _("batas capaian instansi (%)"),
        null=True,
        blank=True,
        help_text=_("Kosong = tanpa batas (mis. 110 atau 120)."),
    )
    lower_is_better = models.CharField(
        _("aturan polaritas negatif"),
        max_length=32,
        choices=LOWER_IS_BETTER_CHOICES,
        default=LowerIsBetterRule.TWO_MINUS_RATIO.value,
    )
    count_verified = models.BooleanField(
        _("realisasi terverifikasi dihitung dalam angka resmi"),
        default=False,
        help_text=_(
            "Bila dicentang, angka resmi menghitung realisasi yang sudah diverifikasi; "
            "bila tidak, hanya realisasi yang sudah disetujui."
        ),
    )
    approver_must_differ = models.BooleanField(
        _("penyetuju harus berbeda dari verifikator"),
        default=False,
        help_text=_(
            "Bila dicentang, realisasi tidak dapat disetujui oleh orang yang memverifikasinya "
            "(pemisahan tugas)."
        ),
    )
    submit_needs_evidence = models.BooleanField(
        _("pengajuan wajib disertai bukti dukung dan analisis"),
        default=False,
        help_text=_(
            "Bila dicentang, realisasi tanpa bukti dukung atau tanpa analisis capaian tidak dapat "
            "diajukan; bila tidak, halaman hanya memperingatkan."
        ),
    )
    require_two_factor = models.BooleanField(
        _("wajibkan verifikasi dua langkah"),
        default=False,
        help_text=_(
            "Bila dicentang, pengguna yang memegang peran Admin, Pimpinan atau APIP di instansi ini "
            "harus mendaftarkan aplikasi autentikator dan memasukkan kodenya setiap kali masuk."
        ),
    )

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class Unit(models.Model):
    """Unit organisasi: a node of the agency's organisation tree."""

    agency = agency_field()
    code = models.CharField(_("kode"), max_length=CODE_LENGTH, validators=[validate_unit_code])
    name = models.CharField(_("nama"), max_length=300)
    level = models.CharField(_("tingkat"), max_length=16, choices=UNIT_LEVEL_CHOICES)
    parent = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("unit induk"),
    )
    valid_from = models.DateField(_("berlaku sejak"), null=True, blank=True)
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    head_title = models.CharField(_("jabatan pimpinan"), max_length=300, blank=True)
    head_name = models.CharField(_("nama pimpinan"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("unit organisasi")
        verbose_name_plural = _("unit organisasi")
        ordering = ["agency", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="unit_agency_code_uniq"),
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_to__isnull=True)
                | models.Q(valid_from__lte=models.F("valid_to")),
                name="unit_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def ancestors(self) -> list[Unit]:
        """Parent, grandparent, ... (nearest first); stops on a cycle."""
        out: list[Unit] = []
        seen = {self.pk}
        node = self.parent
        while node is not None and node.pk not in seen:
            out.append(node)
            seen.add(node.pk)
            node = node.parent
        return out

    def descendant_codes(self) -> list[str]:
        """Codes of this unit and every unit below it (one query)."""
        rows = list(Unit.objects.filter(agency_id=self.agency_id).values_list("id", "parent_id", "code"))
        children: dict[int | None, list[tuple[int, str]]] = {}
        for pk, parent_id, code in rows:
            children.setdefault(parent_id, []).append((pk, code))
        out: list[str] = [self.code]
        stack = [self.pk]
        seen = {self.pk}
        while stack:
            for pk, code in children.get(stack.pop(), []):
                if pk not in seen:
                    seen.add(pk)
                    out.append(code)
                    stack.append(pk)
        return out

    def lineage(self) -> list[Unit]:
        """This unit and every unit whose work it took over (predecessors, recursively).

        Year-over-year comparisons follow the work: Dit. PKR (since September 2022) continues
        what Ditjen PFM did before, so PKR's lineage holds PFM.
        """
        out: list[Unit] = [self]
        seen = {self.pk}
        queue = [self]
        while queue:
            unit = queue.pop(0)
            for link in unit.predecessor_links.select_related("predecessor").order_by("position"):
                if link.predecessor_id not in seen:
                    seen.add(link.predecessor_id)
                    out.append(link.predecessor)
                    queue.append(link.predecessor)
        return out


class UnitPredecessor(AgencyScoped):
    """Lineage: ``unit`` took over the work of ``predecessor`` (since ``since``)."""

    agency_parent = "unit"
    agency = agency_field()
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="predecessor_links", verbose_name=_("unit")
    )
    predecessor = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="successor_links", verbose_name=_("unit pendahulu")
    )
    since = models.DateField(_("sejak"), null=True, blank=True)
    position = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("pendahulu unit")
        verbose_name_plural = _("pendahulu unit")
        ordering = ["agency", "unit", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "unit", "predecessor"], name="unitpredecessor_uniq"),
        ]

    def __str__(self) -> str:
        since = f" ({self.since:%Y-%m-%d})" if self.since else ""
        return f"{self.predecessor.code} → {self.unit.code}{since}"


class UnitText(AgencyScoped):
    """Narrative of a unit for a year (Bab I, tugas dan fungsi, isu strategis, ...), by key."""

    agency_parent = "unit"
    agency = agency_field()
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="texts", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    key = models.CharField(_("kunci"), max_length=CODE_LENGTH)
    text = models.TextField(_("teks"), blank=True)

    class Meta:
        verbose_name = _("teks unit")
        verbose_name_plural = _("teks unit")
        ordering = ["agency", "unit", "year", "key"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "unit", "year", "key"], name="unittext_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.year}: {self.key}"


class Membership(AgencyScoped):
    """A role a user holds at a unit: it applies to that unit and every unit below it
    (APIP: to the whole agency). The rights of each role are in ``permissions.MATRIX``."""

    agency_parent = "unit"
    agency = agency_field()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="kinerja_memberships",
        verbose_name=_("pengguna"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("unit")
    )
    role = models.CharField(_("peran"), max_length=16, choices=ROLE_CHOICES)
    note = models.CharField(_("keterangan"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("peran pengguna")
        verbose_name_plural = _("peran pengguna")
        ordering = ["agency", "unit__code", "role", "user"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "user", "unit", "role"], name="membership_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} @ {self.unit.code}"
