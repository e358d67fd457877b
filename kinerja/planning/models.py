"""Renstra (strategic plan) per unit and period, versioned: visi, misi, tujuan, sasaran
(SS/SP/SK) with the cascade between units (pohon kinerja), and indicators with their manual,
composite definition and yearly targets.

Lists whose order carries meaning (misi, tujuan, sasaran, indikator, variabel, komponen) keep
their order in ``position``.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.codes import CODE_LENGTH
from kinerja.core.types import (
    Aggregation,
    NumericTarget,
    Polarity,
    QualitativeTarget,
    QuarterRule,
    RangeTarget,
    Target,
)
from kinerja.interchange.document import OBJECTIVE_LEVELS, SOURCE_KINDS, SOURCE_NAMES
from kinerja.organizations.models import AgencyScoped, agency_field, measure_field

POLARITY_CHOICES = [
    (Polarity.HIGHER_IS_BETTER.value, _("semakin tinggi semakin baik")),
    (Polarity.LOWER_IS_BETTER.value, _("semakin rendah semakin baik")),
]
AGGREGATION_CHOICES = [
    (Aggregation.MEAN.value, _("rata-rata")),
    (Aggregation.WEIGHTED_MEAN.value, _("rata-rata tertimbang")),
    (Aggregation.SUM.value, _("jumlah")),
    (Aggregation.MIN.value, _("minimum")),
    (Aggregation.MAX.value, _("maksimum")),
]
QUARTER_RULE_CHOICES = [
    (QuarterRule.SUM.value, _("dijumlahkan")),
    (QuarterRule.AVERAGE.value, _("dirata-ratakan")),
    (QuarterRule.LAST.value, _("nilai terakhir")),
]
OBJECTIVE_LEVEL_LABELS = {
    "SS": _("Sasaran Strategis"),
    "SP": _("Sasaran Program"),
    "SK": _("Sasaran Kegiatan"),
}
OBJECTIVE_LEVEL_CHOICES = [(level, OBJECTIVE_LEVEL_LABELS.get(level, level)) for level in OBJECTIVE_LEVELS]

PLAN_DRAFT = "draft"
PLAN_ADOPTED = "adopted"
# the names are translated by their msgid (planning/locale), kept once in interchange.document
SOURCE_CHOICES = [(kind, _(SOURCE_NAMES[kind])) for kind in SOURCE_KINDS]
PLAN_STATUS_CHOICES = [(PLAN_DRAFT, _("draf")), (PLAN_ADOPTED, _("ditetapkan"))]

TARGET_NUMBER = "number"
TARGET_RANGE = "range"
TARGET_LABEL = "label"
TARGET_KIND_CHOICES = [
    (TARGET_NUMBER, _("angka")),
    (TARGET_RANGE, _("rentang")),
    (TARGET_LABEL, _("skala kualitatif")),
]


class TargetFields(AgencyScoped):
    """A target of any of the three types: a number, a range [low, high] or a scale label."""

    kind = models.CharField(
        _("jenis target"), max_length=8, choices=TARGET_KIND_CHOICES, default=TARGET_NUMBER
    )
    value = measure_field(_("nilai"), null=True, blank=True)
    low = measure_field(_("batas bawah"), null=True, blank=True)
    high = measure_field(_("batas atas"), null=True, blank=True)
    label = models.CharField(_("label"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def get_target(self) -> Target:
        if self.kind == TARGET_RANGE:
            return RangeTarget(low=self.low, high=self.high)
        if self.kind == TARGET_LABEL:
            return QualitativeTarget(label=self.label)
        return NumericTarget(value=self.value)

    def set_target(self, target: Target) -> None:
        self.value = self.low = self.high = None
        self.label = ""
        if isinstance(target, RangeTarget):
            self.kind, self.low, self.high = TARGET_RANGE, target.low, target.high
        elif isinstance(target, QualitativeTarget):
            self.kind, self.label = TARGET_LABEL, target.label
        else:
            self.kind, self.value = TARGET_NUMBER, target.value

    def target_display(self) -> str:
        if self.kind == TARGET_RANGE:
            return f"{_plain(self.low)}–{_plain(self.high)}"
        if self.kind == TARGET_LABEL:
            return self.label
        return _plain(self.value)

    target_display.short_description = _("target")  # type: ignore[attr-defined]


def target_constraints(prefix: str) -> list[models.CheckConstraint]:
    """Each target kind fills exactly its own fields."""
    return [
        models.CheckConstraint(
            condition=(
                models.Q(kind=TARGET_NUMBER, value__isnull=False, low__isnull=True, high__isnull=True)
                | models.Q(kind=TARGET_RANGE, value__isnull=True, low__isnull=False, high__isnull=False)
                | models.Q(kind=TARGET_LABEL, value__isnull=True, low__isnull=True, high__isnull=True)
            ),
            name=f"{prefix}_target_kind",
        ),
    ]


def _plain(value: Decimal | None) -> str:
    if value is None:
        return "–"
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


class Plan(AgencyScoped):
    """Rencana Strategis of one unit for one period; a reviu is another version.

    ``status``: a version made in the editor starts as ``draft`` and is never the plan in force
    (the engine measures against the highest *adopted* version); a planner adopts it with a date.
    """

    agency_parent = "unit"
    agency = agency_field()
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.RESTRICT, related_name="plans", verbose_name=_("unit")
    )
    period_start = models.PositiveSmallIntegerField(_("tahun awal"))
    period_end = models.PositiveSmallIntegerField(_("tahun akhir"))
    version = models.PositiveIntegerField(_("versi"), default=1)
    label = models.CharField(_("label"), max_length=300, blank=True)
    vision = models.TextField(_("visi"), blank=True)
    adopted_on = models.DateField(_("tanggal penetapan"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=PLAN_STATUS_CHOICES, default=PLAN_ADOPTED)
    legal_basis = models.CharField(_("dasar hukum"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Rencana Strategis")
        verbose_name_plural = _("Rencana Strategis")
        ordering = ["agency", "unit__code", "period_start", "period_end", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "unit", "period_start", "period_end", "version"], name="plan_uniq"
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")), name="plan_period"
            ),
        ]

    def __str__(self) -> str:
        return f"Renstra {self.unit.code} {self.period_start}-{self.period_end} v{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == PLAN_DRAFT


class Mission(AgencyScoped):
    agency_parent = "plan"
    agency = agency_field()
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="missions", verbose_name=_("Renstra")
    )
    position = models.PositiveIntegerField(_("urutan"), default=0)
    statement = models.TextField(_("pernyataan misi"))

    class Meta:
        verbose_name = _("misi")
        verbose_name_plural = _("misi")
        ordering = ["agency", "plan", "position"]
        constraints = [models.UniqueConstraint(fields=["agency", "plan", "position"], name="mission_uniq")]

    def __str__(self) -> str:
        return f"{self.plan}: misi {self.position + 1}"


class Goal(AgencyScoped):
    """Tujuan."""

    agency_parent = "plan"
    agency = agency_field()
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("Renstra"))
    code = models.CharField(_("kode"), max_length=CODE_LENGTH)
    statement = models.TextField(_("pernyataan tujuan"))
    position = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("tujuan")
        verbose_name_plural = _("tujuan")
        ordering = ["agency", "plan", "position"]
        constraints = [models.UniqueConstraint(fields=["agency", "plan", "code"], name="goal_uniq")]

    def __str__(self) -> str:
        return f"{self.plan.unit.code} {self.code}"


class Objective(AgencyScoped):
    """Sasaran: SS (kementerian), SP (Eselon I) or SK (Eselon II)."""

    agency_parent = "plan"
    agency = agency_field()
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("Renstra")
    )
    code = models.CharField(_("kode"), max_length=CODE_LENGTH)
    level = models.CharField(_("tingkat"), max_length=4, choices=OBJECTIVE_LEVEL_CHOICES)
    statement = models.TextField(_("pernyataan sasaran"))
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name=_("tujuan"),
    )
    position = models.PositiveIntegerField(_("urutan"), default=0)
    supports = models.ManyToManyField(
        "self",
        through="ObjectiveSupport",
        through_fields=("objective", "supported"),
        symmetrical=False,
        related_name="supported_by",
        blank=True,
        verbose_name=_("mendukung sasaran"),
    )

    class Meta:
        verbose_name = _("sasaran")
        verbose_name_plural = _("sasaran")
        ordering = ["agency", "plan", "position"]
        constraints = [models.UniqueConstraint(fields=["agency", "plan", "code"], name="objective_uniq")]

    def __str__(self) -> str:
        return f"{self.plan.unit.code}:{self.code}"


class ObjectiveSupport(AgencyScoped):
    """Pohon kinerja: ``objective`` (lower level) supports ``supported`` (higher level)."""

    agency_parent = "objective"
    agency = agency_field()
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="support_links", verbose_name=_("sasaran")
    )
    supported = models.ForeignKey(
        Objective,
        on_delete=models.CASCADE,
        related_name="supported_by_links",
        verbose_name=_("sasaran yang didukung"),
    )
    position = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("dukungan sasaran (pohon kinerja)")
        verbose_name_plural = _("dukungan sasaran (pohon kinerja)")
        ordering = ["agency", "objective", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "objective", "supported"], name="objectivesupport_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.objective} → {self.supported}"


class Indicator(AgencyScoped):
    """Indikator kinerja (IKU/IKSS, IKP, IKK) with its manual.

    ``owner`` is the unit responsible (an IKSS in the ministry's Renstra may be owned by an
    Eselon I); the global reference of an indicator is ``"OWNER:CODE"``.
    """

    agency_parent = "objective"
    derived_fields = ("agency", "plan")
    agency = agency_field()
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("Renstra")
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("sasaran")
    )
    owner = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.RESTRICT,
        related_name="owned_indicators",
        verbose_name=_("unit pemilik"),
    )
    code = models.CharField(_("kode"), max_length=CODE_LENGTH)
    name = models.TextField(_("nama indikator"))
    position = models.PositiveIntegerField(_("urutan"), default=0)
    definition = models.TextField(_("definisi"), blank=True)
    unit_of_measure = models.CharField(_("satuan"), max_length=100, blank=True)
    polarity = models.CharField(
        _("polaritas"), max_length=20, choices=POLARITY_CHOICES, default=Polarity.HIGHER_IS_BETTER.value
    )
    max_achievement = measure_field(_("batas capaian (%)"), null=True, blank=True)
    formula = models.TextField(_("rumus"), blank=True, help_text=_("Mis. n / T * 100"))
    data_source = models.TextField(_("sumber data"), blank=True)
    source = models.CharField(
        _("sumber realisasi"),
        max_length=16,
        choices=SOURCE_CHOICES,
        blank=True,
        default="",
        help_text=_(
            "Kosong: realisasi diisi. Selain itu realisasi diambil dari data anggaran, SKM atau evaluasi AKIP "
            "unit ini (atau unit atasan pemegang DIPA)."
        ),
    )
    frequency = models.CharField(_("frekuensi pelaporan"), max_length=50, blank=True)
    quarter_rule = models.CharField(
        _("aturan triwulan ke tahun"),
        max_length=10,
        choices=QUARTER_RULE_CHOICES,
        default=QuarterRule.LAST.value,
    )
    aggregation = models.CharField(
        _("agregasi komponen"), max_length=16, choices=AGGREGATION_CHOICES, default=Aggregation.MEAN.value
    )
    scale = models.JSONField(
        _("skala kualitatif"),
        default=list,
        blank=True,
        help_text=_("Urut dari terbaik, mis. WTP, WDP, TW, TMP."),
    )
    baseline = measure_field(_("baseline"), null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("tahun baseline"), null=True, blank=True)
    components = models.ManyToManyField(
        "self",
        through="IndicatorComponent",
        through_fields=("indicator", "component"),
        symmetrical=False,
        related_name="composites",
        blank=True,
        verbose_name=_("komponen"),
    )

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        ordering = ["agency", "plan", "objective__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "plan", "owner", "code"], name="indicator_uniq")
        ]
        # an indicator's key is "OWNER:CODE" in every plan: one unit's figures look its rows up
        indexes = [models.Index(fields=["agency", "owner", "code"], name="indicator_key_idx")]

    def derive_fields(self) -> None:
        if self.plan_id is None and self.objective_id is not None:
            self.plan_id = self.objective.plan_id
        super().derive_fields()

    def __str__(self) -> str:
        return f"{self.owner.code}:{self.code}"


class IndicatorVariable(AgencyScoped):
    """A named variable of the indicator's formula (e.g. ``n``: KPM yang sukses transaksi)."""

    agency_parent = "indicator"
    agency = agency_field()
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="variables", verbose_name=_("indikator")
    )
    name = models.CharField(_("nama variabel"), max_length=CODE_LENGTH)
    description = models.TextField(_("keterangan"), blank=True)
    position = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("variabel indikator")
        verbose_name_plural = _("variabel indikator")
        ordering = ["agency", "indicator", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "indicator", "name"], name="indicatorvariable_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.name}"


class IndicatorComponent(AgencyScoped):
    """A component of a composite indicator (from any unit), with its weight."""

    agency_parent = "indicator"
    agency = agency_field()
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="component_links",
        verbose_name=_("indikator komposit"),
    )
    component = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="composite_links", verbose_name=_("komponen")
    )
    weight = measure_field(_("bobot"), null=True, blank=True)
    position = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("komponen indikator")
        verbose_name_plural = _("komponen indikator")
        ordering = ["agency", "indicator", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "indicator", "component"], name="indicatorcomponent_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} ⊃ {self.component}"


class IndicatorTarget(TargetFields):
    """Renstra target of an indicator for one year."""

    agency_parent = "indicator"
    agency = agency_field()
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indikator")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))

    class Meta:
        verbose_name = _("target indikator")
        verbose_name_plural = _("target indikator")
        ordering = ["agency", "indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "indicator", "year"], name="indicatortarget_uniq"),
            *target_constraints("indicatortarget"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.target_display()}"
