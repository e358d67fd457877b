"""Pengukuran kinerja: realisations per period with raw inputs, evidence (bukti dukung),
narrative and workflow status; ``locked`` after approval, ``version`` for optimistic
concurrency."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.interchange.document import REALIZATION_STATUSES
from kinerja.organizations.models import AgencyScoped, agency_field, measure_field

STATUS_LABELS = {
    "draft": _("draf"),
    "submitted": _("diajukan"),
    "verified": _("diverifikasi"),
    "approved": _("disetujui"),
}
STATUS_CHOICES = [(s, STATUS_LABELS.get(s, s)) for s in REALIZATION_STATUSES]


class Realization(AgencyScoped):
    """Realisasi of an indicator by a unit for a year (``quarter`` empty) or a quarter.

    The value is a number (``value_number``) or a label of the indicator's qualitative scale
    (``value_label``); both empty when it comes from the inputs by the indicator's formula.
    """

    agency_parent = "unit"
    agency = agency_field()
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.RESTRICT, related_name="realizations", verbose_name=_("unit")
    )
    indicator = models.ForeignKey(
        "planning.Indicator",
        on_delete=models.CASCADE,
        related_name="realizations",
        verbose_name=_("indikator"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(
        _("triwulan"), null=True, blank=True, help_text=_("Kosong = setahun.")
    )
    value_number = measure_field(_("nilai realisasi"), null=True, blank=True)
    value_label = models.CharField(_("nilai realisasi (skala)"), max_length=100, blank=True)
    analysis = models.TextField(_("analisis capaian"), blank=True)
    supporting = models.TextField(_("faktor pendukung"), blank=True)
    inhibiting = models.TextField(_("faktor penghambat"), blank=True)
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default="draft")
    locked = models.BooleanField(_("terkunci"), default=False)
    version = models.PositiveIntegerField(_("versi data"), default=1, help_text=_("Naik setiap perubahan."))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        ordering = ["agency", "unit__code", "year", "quarter", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "unit", "indicator", "year"],
                condition=models.Q(quarter__isnull=True),
                name="realization_year_uniq",
            ),
            models.UniqueConstraint(
                fields=["agency", "unit", "indicator", "year", "quarter"],
                condition=models.Q(quarter__isnull=False),
                name="realization_quarter_uniq",
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__isnull=True) | models.Q(quarter__gte=1, quarter__lte=4),
                name="realization_quarter",
            ),
            models.CheckConstraint(
                condition=models.Q(value_number__isnull=True) | models.Q(value_label=""),
                name="realization_one_value",
            ),
        ]

    @property
    def period(self) -> str:
        return str(self.year) if self.quarter is None else f"{self.year}-Q{self.quarter}"

    def value_display(self) -> str:
        if self.value_label:
            return self.value_label
        if self.value_number is None:
            return "–"
        text = format(self.value_number, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text

    value_display.short_description = _("nilai")  # type: ignore[attr-defined]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.indicator} {self.period}"


class RealizationInput(AgencyScoped):
    """A raw input value of a realisation (e.g. n = 18658193), stored as given."""

    agency_parent = "realization"
    agency = agency_field()
    realization = models.ForeignKey(
        Realization, on_delete=models.CASCADE, related_name="inputs", verbose_name=_("realisasi")
    )
    name = models.CharField(_("variabel"), max_length=64)
    value = measure_field(_("nilai"))
    position = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("nilai masukan realisasi")
        verbose_name_plural = _("nilai masukan realisasi")
        ordering = ["agency", "realization", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "realization", "name"], name="realizationinput_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.realization}: {self.name} = {self.value}"


class Evidence(AgencyScoped):
    """Bukti dukung: a file name or URL supporting a realisation."""

    agency_parent = "realization"
    agency = agency_field()
    realization = models.ForeignKey(
        Realization, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("realisasi")
    )
    reference = models.CharField(_("berkas/tautan"), max_length=1000)
    position = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")
        ordering = ["agency", "realization", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "realization", "position"], name="evidence_uniq"),
        ]

    def __str__(self) -> str:
        return self.reference
