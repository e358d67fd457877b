"""Stored results: the engine's figures of each unit-year, kept as a cache (issue #12).

The engine (``kinerja.core``) stays the one place of the rules and ``kinerja.figures`` the one
place of what counts; these rows are only what they computed, so that a page listing a thousand
units reads a thousand rows instead of computing a thousand unit-years.

* ``DataVersion`` counts the writes that can change a unit-year's figures (a realisation, a PK,
  a Renstra, the agency's policy, an import): ``freshness.py`` adds one in the writing
  transaction.
* ``StoredResult`` is the figures of a unit-year (or of one of its quarters) on one basis, with
  the data version they were computed from. A row whose version is not the current one is stale and is never shown as
  current: ``store.py`` computes it again on the read (or ``kinerja recompute`` does, in bulk).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.organizations.models import agency_field, measure_field

BASIS_CHOICES = [("official", _("resmi")), ("provisional", _("sementara"))]


class DataVersion(models.Model):
    agency = agency_field()
    unit = models.ForeignKey("organizations.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    version = models.PositiveBigIntegerField(_("versi data"), default=0)

    class Meta:
        verbose_name = _("versi data unit-tahun")
        verbose_name_plural = _("versi data unit-tahun")
        constraints = [
            models.UniqueConstraint(fields=["agency", "unit", "year"], name="dataversion_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}: {self.version}"


class StoredResult(models.Model):
    agency = agency_field()
    unit = models.ForeignKey("organizations.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    basis = models.CharField(_("dasar angka"), max_length=12, choices=BASIS_CHOICES)
    # 0: the year; 1..4: that quarter (kinerja.figures.quarters), stored when first read
    quarter = models.PositiveSmallIntegerField(_("triwulan"), default=0)
    version = models.PositiveBigIntegerField(_("dihitung dari versi data"))
    achievement = measure_field(_("capaian unit"), null=True, blank=True)
    payload = models.JSONField(_("hasil"))  # kinerja.core.stored.dump_result + the figures' lists
    computed_at = models.DateTimeField(_("dihitung pada"), default=timezone.now)

    class Meta:
        verbose_name = _("hasil tersimpan")
        verbose_name_plural = _("hasil tersimpan")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "unit", "year", "basis", "quarter"], name="storedresult_uniq_quarter"
            ),
        ]
        indexes = [models.Index(fields=["agency", "year", "basis"], name="storedresult_year_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.basis}"
