"""Kalender pelaporan: the deadlines of one agency-year (rules.md §1.2), set by the admin.

``kinerja.calendar.rules`` turns a row (or the defaults, when the agency has none for the year)
into dated deadlines and says whether a period is still open for entry.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.organizations.models import agency_field


class ReportingCalendar(models.Model):
    """The reporting deadlines of an agency in one year, and whether periods close after them."""

    agency = agency_field()
    year = models.PositiveSmallIntegerField(_("tahun"))
    dipa_date = models.DateField(
        _("tanggal DIPA"),
        null=True,
        blank=True,
        help_text=_("Tanggal dokumen pelaksanaan anggaran disahkan; kosong: 1 Januari."),
    )
    agreement_days = models.PositiveSmallIntegerField(_("PK paling lambat (hari setelah DIPA)"), default=30)
    action_plan_days = models.PositiveSmallIntegerField(
        _("Rencana Aksi paling lambat (hari setelah batas PK)"), default=14
    )
    entry_days = models.PositiveSmallIntegerField(
        _("realisasi triwulan paling lambat (hari setelah triwulan berakhir)"), default=10
    )
    verification_days = models.PositiveSmallIntegerField(
        _("verifikasi paling lambat (hari setelah batas pengisian)"), default=5
    )
    approval_days = models.PositiveSmallIntegerField(
        _("persetujuan paling lambat (hari setelah batas verifikasi)"), default=5
    )
    report_months = models.PositiveSmallIntegerField(
        _("Laporan Kinerja paling lambat (bulan setelah tahun berakhir)"),
        default=2,
        help_text=_("2 untuk kementerian/lembaga (akhir Februari), 3 untuk pemerintah daerah (akhir Maret)."),
    )
    close_periods = models.BooleanField(
        _("tutup periode setelah batas persetujuan"),
        default=True,
        help_text=_(
            "Setelah batas persetujuan triwulan, realisasi triwulan itu tidak dapat diisi atau diubah lagi, "
            "kecuali dibuka dengan pengecualian kunci beralasan."
        ),
    )

    class Meta:
        verbose_name = _("kalender pelaporan")
        verbose_name_plural = _("kalender pelaporan")
        ordering = ["agency_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="reportingcalendar_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}"
