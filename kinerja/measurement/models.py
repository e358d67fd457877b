"""Pengukuran kinerja: realisations per period with raw inputs, evidence (bukti dukung),
narrative and workflow status; ``locked`` after approval, ``version`` for optimistic
concurrency."""

from __future__ import annotations

import os
import re
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
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
    history_exclude = ("version",)  # the history records what changed, not the counter
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


def evidence_path(instance: Evidence, filename: str) -> str:
    """Where an uploaded evidence file is stored under ``MEDIA_ROOT``: a random name (never the
    user's file name), keeping only a known extension. The file is served by a view that checks
    access (``kinerja.measurement.views.evidence_download``), never from a public URL."""
    ext = os.path.splitext(filename)[1].lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,5}", ext):
        ext = ""
    return f"bukti/{instance.agency_id or 0}/{uuid.uuid4().hex}{ext}"


class Evidence(AgencyScoped):
    """Bukti dukung: an uploaded file (``file``, stored under a random name) or a file name or
    URL given as text (``reference``; for an upload, the user's original file name)."""

    agency_parent = "realization"
    agency = agency_field()
    realization = models.ForeignKey(
        Realization, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("realisasi")
    )
    reference = models.CharField(_("berkas/tautan"), max_length=1000)
    position = models.PositiveIntegerField(_("urutan"), default=0)
    file = models.FileField(_("berkas"), upload_to=evidence_path, max_length=300, blank=True)
    content_type = models.CharField(_("jenis berkas"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"), null=True, blank=True)
    sha256 = models.CharField(_("sidik SHA-256"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diunggah oleh"),
    )
    uploaded_at = models.DateTimeField(_("diunggah"), null=True, blank=True)

    class Meta:
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")
        ordering = ["agency", "realization", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "realization", "position"], name="evidence_uniq"),
        ]

    def __str__(self) -> str:
        return self.reference


SUBMIT = "submit"
VERIFY = "verify"
APPROVE = "approve"
RETURN = "return"
OPEN_LOCK = "open_lock"
RELOCK = "relock"
IMPORT = "import"  # a status set by an imported file (kinerja.interchange.journal)
EVENT_LABELS = {
    SUBMIT: _("diajukan"),
    VERIFY: _("diverifikasi"),
    APPROVE: _("disetujui dan dikunci"),
    RETURN: _("dikembalikan"),
    OPEN_LOCK: _("kunci dibuka (pengecualian)"),
    RELOCK: _("dikunci kembali"),
    IMPORT: _("diubah lewat impor berkas"),
}
EVENT_CHOICES = list(EVENT_LABELS.items())


class RealizationEvent(AgencyScoped):
    """A step of a realisation's workflow (submitted, verified, approved, returned with a
    comment, lock opened or closed): who, when, from which status to which."""

    agency_parent = "realization"
    history_skip = True  # this is itself a log
    agency = agency_field()
    realization = models.ForeignKey(
        Realization, on_delete=models.CASCADE, related_name="events", verbose_name=_("realisasi")
    )
    action = models.CharField(_("langkah"), max_length=10, choices=EVENT_CHOICES)
    from_status = models.CharField(_("dari status"), max_length=10, choices=STATUS_CHOICES)
    to_status = models.CharField(_("ke status"), max_length=10, choices=STATUS_CHOICES)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pengguna"),
    )
    username = models.CharField(_("nama pengguna"), max_length=150, blank=True)
    comment = models.TextField(_("catatan"), blank=True)
    version = models.PositiveIntegerField(_("versi data"))
    at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        verbose_name = _("langkah alur realisasi")
        verbose_name_plural = _("langkah alur realisasi")
        ordering = ["agency", "realization", "at", "id"]

    def __str__(self) -> str:
        return f"{self.realization}: {self.get_action_display()} ({self.username or '-'})"


class LockException(AgencyScoped):
    """An approved realisation opened for correction by an admin, with the reason; closed
    (``closed_at``) when it is locked again. At most one is open per realisation."""

    agency_parent = "realization"
    history_skip = True  # this is itself a log
    agency = agency_field()
    realization = models.ForeignKey(
        Realization, on_delete=models.CASCADE, related_name="lock_exceptions", verbose_name=_("realisasi")
    )
    reason = models.TextField(_("alasan"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuka oleh"),
    )
    opened_by_name = models.CharField(_("dibuka oleh (nama)"), max_length=150, blank=True)
    opened_at = models.DateTimeField(_("dibuka"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditutup oleh"),
    )
    closed_by_name = models.CharField(_("ditutup oleh (nama)"), max_length=150, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengecualian kunci")
        verbose_name_plural = _("pengecualian kunci")
        ordering = ["agency", "realization", "opened_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "realization"],
                condition=models.Q(closed_at__isnull=True),
                name="lockexception_one_open",
            ),
        ]

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def __str__(self) -> str:
        state = _("terbuka") if self.is_open else _("ditutup")
        return f"{self.realization}: {state} – {self.reason[:60]}"
