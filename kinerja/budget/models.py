"""Anggaran: budget entries per unit-year (pagu awal, revisions, pagu akhir, realisation,
monthly withdrawal plan and realisation, Renstra funding need). Money is whole rupiah."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.interchange.document import BUDGET_KINDS, BUDGET_SCORE_KINDS, OUTPUT_LEVELS
from kinerja.organizations.models import AgencyScoped, agency_field, measure_field

BUDGET_KIND_LABELS = {
    "pagu_awal": _("pagu awal"),
    "revisi": _("revisi pagu"),
    "pagu_akhir": _("pagu akhir"),
    "realisasi": _("realisasi"),
    "rpd": _("rencana penarikan dana (RPD)"),
    "realisasi_bulanan": _("realisasi bulanan"),
    "renstra": _("kebutuhan pendanaan Renstra"),
    "blokir": _("blokir"),
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
    output = models.ForeignKey(
        "budget.BudgetOutput",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("RO/KRO"),
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


OUTPUT_LEVEL_LABELS = {
    "program": _("Program"),
    "kegiatan": _("Kegiatan"),
    "kro": _("Klasifikasi Rincian Output (KRO)"),
    "ro": _("Rincian Output (RO)"),
}


class BudgetOutput(AgencyScoped):
    """One node of a unit-year's output structure: Program > Kegiatan > KRO > RO. An RO has a
    target volume; its realised volume is kept per month (``OutputVolume``)."""

    agency_parent = "unit"
    agency = agency_field()
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.RESTRICT, related_name="budget_outputs", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    position = models.PositiveIntegerField(_("urutan"), default=0)
    level = models.CharField(
        _("tingkat"), max_length=10, choices=[(k, OUTPUT_LEVEL_LABELS[k]) for k in OUTPUT_LEVELS]
    )
    code = models.CharField(_("kode"), max_length=64)
    name = models.CharField(_("nama"), max_length=500)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("induk"),
    )
    objective = models.ForeignKey(
        "planning.Objective",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_outputs",
        verbose_name=_("sasaran"),
    )
    volume_target = measure_field(_("target volume"), null=True, blank=True)
    volume_unit = models.CharField(_("satuan volume"), max_length=100, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("keluaran anggaran (RO)")
        verbose_name_plural = _("keluaran anggaran (RO)")
        ordering = ["agency", "unit__code", "year", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "unit", "year", "code"], name="budgetoutput_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.year} {self.code} {self.name}"


class OutputVolume(AgencyScoped):
    """The volume an RO has reached by the end of a month (cumulative)."""

    agency_parent = "output"
    agency = agency_field()
    output = models.ForeignKey(
        BudgetOutput, on_delete=models.CASCADE, related_name="volumes", verbose_name=_("RO")
    )
    month = models.PositiveSmallIntegerField(_("bulan"))
    value = measure_field(_("realisasi volume s.d. bulan ini"))

    class Meta:
        verbose_name = _("realisasi volume RO")
        verbose_name_plural = _("realisasi volume RO")
        ordering = ["output_id", "month"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "output", "month"], name="outputvolume_uniq"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="outputvolume_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.output.code} bulan {self.month}: {self.value}"


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
