"""Anggaran: budget entries per unit-year (pagu awal, revisions, pagu akhir, realisation,
monthly withdrawal plan and realisation, Renstra funding need). Money is whole rupiah."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.interchange.document import BUDGET_KINDS, BUDGET_SCORE_KINDS
from kinerja.organizations.models import AgencyScoped, agency_field, measure_field

BUDGET_KIND_LABELS = {
    "pagu_awal": _("pagu awal"),
    "revisi": _("revisi pagu"),
    "pagu_akhir": _("pagu akhir"),
    "realisasi": _("realisasi"),
    "rpd": _("rencana penarikan dana (RPD)"),
    "realisasi_bulanan": _("realisasi bulanan"),
    "renstra": _("kebutuhan pendanaan Renstra"),
}
BUDGET_KIND_CHOICES = [(kind, BUDGET_KIND_LABELS.get(kind, kind)) for kind in BUDGET_KINDS]


class BudgetEntry(AgencyScoped):
    """One budget figure of a unit-year; entries keep their order (``position``)."""

    agency_parent = "unit"
    agency = agency_field()
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.RESTRICT, related_name="budget_entries", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    position = models.PositiveIntegerField(_("urutan"), default=0)
    kind = models.CharField(_("jenis"), max_length=20, choices=BUDGET_KIND_CHOICES)
    date = models.DateField(_("tanggal"), null=True, blank=True)
    amount = models.BigIntegerField(
        _("jumlah (Rp)"), help_text=_("Rupiah penuh; untuk revisi: perubahan (+/-).")
    )
    note = models.TextField(_("catatan"), blank=True)
    month = models.PositiveSmallIntegerField(_("bulan"), null=True, blank=True)
    account = models.CharField(_("akun/program/kegiatan"), max_length=300, blank=True)
    objective = models.ForeignKey(
        "planning.Objective",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_entries",
        verbose_name=_("sasaran"),
    )

    class Meta:
        verbose_name = _("entri anggaran")
        verbose_name_plural = _("entri anggaran")
        ordering = ["agency", "unit__code", "year", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "unit", "year", "position"], name="budgetentry_uniq"),
            models.CheckConstraint(
                condition=models.Q(month__isnull=True) | models.Q(month__gte=1, month__lte=12),
                name="budgetentry_month",
            ),
        ]

    def __str__(self) -> str:
        month = f"-{self.month:02d}" if self.month else ""
        return f"{self.unit.code} {self.year}{month} {self.get_kind_display()}: Rp{self.amount:,}".replace(
            ",", "."
        )


BUDGET_SCORE_LABELS = {
    "eka": _("Nilai Evaluasi Kinerja Anggaran (EKA)"),
    "ikpa": _("Nilai IKPA"),
    "nka": _("Nilai Kinerja Anggaran (NKA)"),
    "eka_penyerapan": _("EKA: penyerapan (P)"),
    "eka_konsistensi": _("EKA: konsistensi terhadap RPD (K)"),
    "eka_capaian_ro": _("EKA: capaian RO (CRO)"),
    "eka_efisiensi": _("EKA: nilai efisiensi (NE)"),
    "ikpa_revisi_dipa": _("IKPA: revisi DIPA"),
    "ikpa_deviasi_halaman_iii": _("IKPA: deviasi halaman III DIPA"),
    "ikpa_penyerapan": _("IKPA: penyerapan anggaran"),
    "ikpa_belanja_kontraktual": _("IKPA: belanja kontraktual"),
    "ikpa_penyelesaian_tagihan": _("IKPA: penyelesaian tagihan"),
    "ikpa_pengelolaan_up_tup": _("IKPA: pengelolaan UP dan TUP"),
    "ikpa_capaian_output": _("IKPA: capaian output"),
    "ikpa_dispensasi_spm": _("IKPA: dispensasi SPM (pengurang)"),
}
BUDGET_SCORE_CHOICES = [(kind, BUDGET_SCORE_LABELS.get(kind, kind)) for kind in BUDGET_SCORE_KINDS]


class BudgetScore(AgencyScoped):
    """A budget score of a unit-year entered from elsewhere (SMART DJA, OM-SPAN): EKA, IKPA, NKA,
    or a part Kinerja computes them from (``kinerja.figures.budget`` says which it shows)."""

    agency_parent = "unit"
    agency = agency_field()
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.RESTRICT, related_name="budget_scores", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    kind = models.CharField(_("jenis nilai"), max_length=32, choices=BUDGET_SCORE_CHOICES)
    value = measure_field(_("nilai"))
    note = models.TextField(_("catatan"), blank=True, help_text=_("Mis. sumber: aplikasi SMART DJA."))

    class Meta:
        verbose_name = _("nilai kinerja anggaran")
        verbose_name_plural = _("nilai kinerja anggaran")
        ordering = ["agency_id", "unit_id", "year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "unit", "year", "kind"], name="budgetscore_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.year} {self.get_kind_display()}: {self.value}"
