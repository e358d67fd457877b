"""Perjanjian Kinerja (PK) versions per unit-year with their targets, and Rencana Aksi
(quarterly targets of PK indicators)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.interchange.document import REVISION_REASONS
from kinerja.organizations.models import AgencyScoped, agency_field
from kinerja.planning.models import TargetFields, target_constraints

REVISION_REASON_LABELS = {
    "a": _("a. pergantian pejabat"),
    "b": _("b. perubahan strategi"),
    "c": _("c. perubahan prioritas atau asumsi"),
}
REVISION_REASON_CHOICES = [(r, REVISION_REASON_LABELS.get(r, r)) for r in REVISION_REASONS]

STATUS_DRAFT = "draft"
STATUS_SIGNED = "signed"
STATUS_CHOICES = [(STATUS_DRAFT, _("draf")), (STATUS_SIGNED, _("ditandatangani"))]


class Agreement(AgencyScoped):
    """One version of a unit's Perjanjian Kinerja for a year (PK awal, PK perubahan, ...)."""

    agency_parent = "unit"
    agency = agency_field()
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.RESTRICT, related_name="agreements", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    version = models.PositiveIntegerField(_("versi"), default=1)
    label = models.CharField(_("label"), max_length=300, blank=True)
    signed_on = models.DateField(_("tanggal penandatanganan"), null=True, blank=True)
    reason = models.CharField(_("alasan revisi"), max_length=1, choices=REVISION_REASON_CHOICES, blank=True)
    reason_note = models.TextField(_("keterangan revisi"), blank=True)
    first_party_name = models.CharField(_("pihak pertama: nama"), max_length=300, blank=True)
    first_party_title = models.CharField(_("pihak pertama: jabatan"), max_length=300, blank=True)
    second_party_name = models.CharField(_("pihak kedua: nama"), max_length=300, blank=True)
    second_party_title = models.CharField(_("pihak kedua: jabatan"), max_length=300, blank=True)
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    # A PK drawn up in Kinerja starts as a draft and is signed by the unit head in Kinerja
    # (who and when are recorded). A PK that arrives from a file (import, demo) is a document
    # already signed outside Kinerja: the default is "signed", with no signer recorded.
    status = models.CharField(_("status"), max_length=8, choices=STATUS_CHOICES, default=STATUS_SIGNED)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditandatangani oleh"),
    )
    signed_by_name = models.CharField(_("nama penanda tangan (pengguna)"), max_length=150, blank=True)
    signed_at = models.DateTimeField(_("waktu tanda tangan dicatat"), null=True, blank=True)

    class Meta:
        verbose_name = _("Perjanjian Kinerja")
        verbose_name_plural = _("Perjanjian Kinerja")
        ordering = ["agency", "unit__code", "year", "version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "unit", "year", "version"], name="agreement_uniq"),
        ]

    def __str__(self) -> str:
        label = f" ({self.label})" if self.label else ""
        return f"PK {self.unit.code} {self.year} v{self.version}{label}"

    @property
    def is_draft(self) -> bool:
        return self.status == STATUS_DRAFT

    @property
    def is_signed(self) -> bool:
        return self.status == STATUS_SIGNED


class AgreementTarget(TargetFields):
    """The target of one indicator in one PK version."""

    agency_parent = "agreement"
    agency = agency_field()
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="targets", verbose_name=_("Perjanjian Kinerja")
    )
    indicator = models.ForeignKey(
        "planning.Indicator",
        on_delete=models.CASCADE,
        related_name="agreement_targets",
        verbose_name=_("indikator"),
    )
    position = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("target Perjanjian Kinerja")
        verbose_name_plural = _("target Perjanjian Kinerja")
        ordering = ["agency", "agreement", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "agreement", "indicator"], name="agreementtarget_uniq"),
            *target_constraints("agreementtarget"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement}: {self.indicator} = {self.target_display()}"


class ActionPlanTarget(TargetFields):
    """Rencana Aksi: the target of an indicator for one quarter (TW I-IV) of a year."""

    agency_parent = "unit"
    agency = agency_field()
    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.RESTRICT,
        related_name="action_plan_targets",
        verbose_name=_("unit"),
    )
    indicator = models.ForeignKey(
        "planning.Indicator",
        on_delete=models.CASCADE,
        related_name="action_plan_targets",
        verbose_name=_("indikator"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"))

    class Meta:
        verbose_name = _("target Rencana Aksi")
        verbose_name_plural = _("target Rencana Aksi")
        ordering = ["agency", "unit__code", "year", "indicator", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "unit", "indicator", "year", "quarter"], name="actionplantarget_uniq"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="actionplantarget_quarter"
            ),
            *target_constraints("actionplantarget"),
        ]

    def __str__(self) -> str:
        return f"RA {self.unit.code} {self.year}-TW{self.quarter}: {self.indicator} = {self.target_display()}"
