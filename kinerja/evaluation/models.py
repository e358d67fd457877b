"""The APIP reviu of a unit-year's Laporan Kinerja (PermenPAN-RB 53/2014, Lampiran III).

One reviu per unit-year: recording it again replaces the earlier content (the history keeps the
old values). The LKj prints it as the "Pernyataan Telah Direviu" page of its Lampiran.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.organizations.models import AgencyScoped, agency_field


def default_statement(unit_name: str, year: int) -> str:
    """The standard reviu statement (PermenPAN-RB 53/2014, Lampiran III), paragraphs separated by
    a blank line."""
    return (
        f"Kami telah mereviu Laporan Kinerja {unit_name} untuk tahun anggaran {year} sesuai Peraturan "
        "Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 Tahun 2014 tentang "
        "Petunjuk Teknis Perjanjian Kinerja, Pelaporan Kinerja dan Tata Cara Reviu atas Laporan Kinerja "
        "Instansi Pemerintah. Substansi informasi yang dimuat dalam Laporan Kinerja menjadi tanggung "
        f"jawab manajemen {unit_name}.\n\n"
        "Reviu bertujuan untuk memberikan keyakinan terbatas bahwa Laporan Kinerja telah disajikan "
        "secara akurat, andal, dan valid.\n\n"
        "Berdasarkan reviu kami, tidak terdapat kondisi atau hal-hal yang menimbulkan perbedaan dalam "
        "meyakini keandalan informasi yang disajikan di dalam Laporan Kinerja ini."
    )


class Reviu(AgencyScoped):
    """The reviu of one unit's Laporan Kinerja for one year, by the inspectorate (APIP)."""

    agency_parent = "unit"
    agency = agency_field()
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.RESTRICT, related_name="reviews", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    reviewed_on = models.DateField(_("tanggal reviu"))
    reviewer_name = models.CharField(_("nama penanda tangan"), max_length=300)
    reviewer_title = models.CharField(
        _("jabatan penanda tangan"), max_length=300, help_text=_("Mis. Inspektur Jenderal.")
    )
    place = models.CharField(_("tempat"), max_length=200)
    statement = models.TextField(_("pernyataan"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    recorded_at = models.DateTimeField(_("waktu dicatat"), default=timezone.now)
    # the state of the official figures the APIP reviewed (kinerja.figures.reviu): a digest of
    # the figures and the unit achievement as then computed; empty for a reviu recorded before
    # the digest existed (treated as not matching, so it is reviewed again)
    data_digest = models.CharField(_("sidik data yang direviu"), max_length=64, blank=True, default="")
    reviewed_achievement = models.CharField(
        _("capaian unit saat direviu"), max_length=32, blank=True, default=""
    )

    class Meta:
        verbose_name = _("reviu Laporan Kinerja")
        verbose_name_plural = _("reviu Laporan Kinerja")
        ordering = ["agency", "unit__code", "year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "unit", "year"], name="reviu_uniq"),
        ]

    def __str__(self) -> str:
        return f"Reviu LKj {self.unit.code} {self.year}"
