"""Reviu dan evaluasi: the APIP reviu of a unit-year's Laporan Kinerja (PermenPAN-RB 53/2014,
Lampiran III) and the satisfaction survey (SKM, PermenPAN-RB 14/2017).

Reviu: one per unit-year; recording it again replaces the earlier content (the history keeps the
old values). The LKj prints it as the "Pernyataan Telah Direviu" page of its Lampiran.

SKM: a unit's services (``SurveyService``, each with a public link key), one questionnaire per
service and year (``Survey``: the population served, optional extra questions, or the IKM and
respondent count of a survey done elsewhere), and the respondents' answers
(``SurveyResponse``: nine elements 1-4, profile, extra answers). What the answers give is
``kinerja.figures.skm``.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.organizations.models import AgencyScoped, agency_field, measure_field


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


def new_public_key() -> str:
    return secrets.token_urlsafe(12)


class SurveyService(AgencyScoped):
    """A public service a unit surveys (jenis layanan), reached by the public at its link."""

    agency_parent = "unit"
    agency = agency_field()
    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.RESTRICT,
        related_name="survey_services",
        verbose_name=_("unit"),
    )
    name = models.CharField(_("nama layanan"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True, default="")
    # the unguessable part of the public link (/survei/<key>/): 96 random bits, so unique in
    # practice across agencies; the database enforces it within the agency (every unique key
    # includes the agency, for a deployment distributed by agency: docs/deployment.md)
    public_key = models.CharField(
        _("kunci tautan publik"), max_length=32, db_index=True, default=new_public_key
    )

    class Meta:
        verbose_name = _("layanan yang disurvei")
        verbose_name_plural = _("layanan yang disurvei")
        ordering = ["agency", "unit__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "unit", "name"], name="survey_service_uniq"),
            models.UniqueConstraint(fields=["agency", "public_key"], name="survey_service_key_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code}: {self.name}"


class Survey(AgencyScoped):
    """The SKM questionnaire of one service in one year, and its result when surveyed elsewhere."""

    agency_parent = "service"
    agency = agency_field()
    service = models.ForeignKey(
        SurveyService, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("layanan")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    population = models.PositiveIntegerField(
        _("populasi penerima layanan"),
        null=True,
        blank=True,
        help_text=_(
            "Jumlah penerima layanan dalam setahun, untuk memeriksa sampel minimum (Krejcie & Morgan)."
        ),
    )
    # a survey done elsewhere: its IKM (25-100) and respondent count; answers recorded here win
    entered_ikm = measure_field(_("IKM (survei di luar Kinerja)"), null=True, blank=True)
    entered_respondents = models.PositiveIntegerField(
        _("jumlah responden (survei di luar Kinerja)"), null=True, blank=True
    )
    extra_questions = models.JSONField(_("pertanyaan tambahan"), default=list, blank=True)
    is_open = models.BooleanField(_("menerima jawaban publik"), default=True)

    class Meta:
        verbose_name = _("survei kepuasan masyarakat")
        verbose_name_plural = _("survei kepuasan masyarakat")
        ordering = ["agency", "service__unit__code", "service__name", "year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "service", "year"], name="survey_uniq"),
        ]

    def __str__(self) -> str:
        return f"SKM {self.service} {self.year}"


class SurveyResponse(AgencyScoped):
    """One respondent's answers: U1..U9 on 1-4 (blank: not answered), profile, extra answers."""

    CHANNELS = [
        ("public", _("formulir publik")),
        ("staff", _("diisi petugas")),
        ("import", _("impor berkas")),
    ]
    GENDERS = [("L", _("Laki-laki")), ("P", _("Perempuan"))]
    EDUCATION = [
        ("sd", _("SD ke bawah")),
        ("smp", _("SMP")),
        ("sma", _("SMA/SMK")),
        ("d3", _("D1-D3")),
        ("s1", _("D4/S1")),
        ("s2", _("S2 ke atas")),
    ]

    agency_parent = "survey"
    agency = agency_field()
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survei")
    )
    u1 = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    u2 = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    u3 = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    u4 = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    u5 = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    u6 = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    u7 = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    u8 = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    u9 = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=GENDERS, blank=True, default="")
    age = models.PositiveSmallIntegerField(
        _("usia"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    education = models.CharField(_("pendidikan"), max_length=3, choices=EDUCATION, blank=True, default="")
    occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True, default="")
    extra_answers = models.JSONField(_("jawaban pertanyaan tambahan"), default=list, blank=True)
    channel = models.CharField(_("cara pengisian"), max_length=10, choices=CHANNELS, default="staff")
    submitted_at = models.DateTimeField(_("waktu pengisian"), default=timezone.now)
    # public form: the visit id of the signed form (one answer per visit) and a keyed hash of the
    # client address (the per-address throttle); empty for staff entry and imports
    visit = models.CharField(max_length=64, blank=True, default="", editable=False)
    client_hash = models.CharField(max_length=64, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("jawaban responden SKM")
        verbose_name_plural = _("jawaban responden SKM")
        ordering = ["survey", "id"]
        indexes = [
            models.Index(fields=["agency", "survey"], name="survey_response_survey"),
            models.Index(fields=["survey", "client_hash", "submitted_at"], name="survey_response_client"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "survey", "visit"],
                condition=~models.Q(visit=""),
                name="survey_response_visit",
            ),
        ]

    def answers(self) -> list[int | None]:
        return [self.u1, self.u2, self.u3, self.u4, self.u5, self.u6, self.u7, self.u8, self.u9]

    def set_answers(self, answers: list[int | None]) -> None:
        for i, value in enumerate(answers, start=1):
            setattr(self, f"u{i}", value)

    def __str__(self) -> str:
        return f"Responden {self.pk} {self.survey}"


class AkipEvaluation(AgencyScoped):
    """The AKIP evaluation (LKE, PermenPAN-RB 88/2021) of a unit for a year: the unit's
    self-assessment, the APIP's review, then final. Its worksheet is a data set
    (``kinerja/evaluation/lke/<lke>.yaml``); an evaluation done elsewhere keeps only its score."""

    STATUSES = [("self", _("penilaian mandiri")), ("review", _("direviu APIP")), ("final", _("final"))]

    agency_parent = "unit"
    agency = agency_field()
    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.RESTRICT,
        related_name="akip_evaluations",
        verbose_name=_("unit"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    lke = models.CharField(_("lembar kerja evaluasi"), max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default="self")
    entered_score = measure_field(_("nilai (evaluasi di luar Kinerja)"), null=True, blank=True)
    summary = models.TextField(_("simpulan evaluator"), blank=True, default="")
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic concurrency of the worksheet form

    class Meta:
        verbose_name = _("evaluasi AKIP")
        verbose_name_plural = _("evaluasi AKIP")
        ordering = ["agency", "unit__code", "year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "unit", "year"], name="akip_evaluation_uniq")
        ]

    def __str__(self) -> str:
        return f"Evaluasi AKIP {self.unit.code} {self.year}"


class AkipAnswer(AgencyScoped):
    """One criterion (or a sub-component graded as a whole) of an evaluation: the unit's answer,
    note and evidence, and the APIP's answer and note. The final answer is the APIP's, or the
    unit's where the APIP left it unchanged (no answer of its own)."""

    agency_parent = "evaluation"
    agency = agency_field()
    evaluation = models.ForeignKey(AkipEvaluation, on_delete=models.CASCADE, related_name="answers")
    code = models.CharField(_("kode kriteria"), max_length=32)
    self_answer = models.CharField(_("jawaban unit"), max_length=2, blank=True, default="")
    self_note = models.TextField(_("catatan unit"), blank=True, default="")
    evidence = models.TextField(_("bukti dukung"), blank=True, default="")
    review_answer = models.CharField(_("jawaban APIP"), max_length=2, blank=True, default="")
    review_note = models.TextField(_("catatan APIP"), blank=True, default="")

    class Meta:
        verbose_name = _("jawaban LKE")
        verbose_name_plural = _("jawaban LKE")
        ordering = ["evaluation", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "evaluation", "code"], name="akip_answer_uniq")
        ]

    @property
    def final(self) -> str:
        return self.review_answer or self.self_answer

    def __str__(self) -> str:
        return f"{self.evaluation} {self.code}"


class Recommendation(AgencyScoped):
    """A recommendation to a unit (from an LHE, a reviu, BPK, Itjen ...), followed up by the unit
    and closed by the APIP (``kinerja.evaluation.recommendations``)."""

    SOURCES = [
        ("lhe", _("LHE evaluasi AKIP")),
        ("reviu", _("Reviu LKj")),
        ("bpk", _("BPK")),
        ("itjen", _("Inspektorat Jenderal")),
        ("lain", _("Lainnya")),
    ]
    STATUSES = [
        ("open", _("belum ditindaklanjuti")),
        ("in_progress", _("dalam proses")),
        ("submitted", _("menunggu penutupan APIP")),
        ("closed", _("selesai (ditutup APIP)")),
    ]

    agency_parent = "unit"
    agency = agency_field()
    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.RESTRICT,
        related_name="recommendations",
        verbose_name=_("unit"),
    )
    source = models.CharField(_("sumber"), max_length=10, choices=SOURCES)
    reference = models.CharField(_("rujukan laporan"), max_length=300, blank=True, default="")
    year = models.PositiveSmallIntegerField(_("tahun"))
    text = models.TextField(_("rekomendasi"))
    due_date = models.DateField(_("batas waktu"))
    status = models.CharField(_("status"), max_length=12, choices=STATUSES, default="open")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.TextField(_("catatan penutupan"), blank=True, default="")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("rekomendasi")
        verbose_name_plural = _("rekomendasi")
        ordering = ["agency", "due_date", "pk"]
        indexes = [models.Index(fields=["agency", "unit", "status", "due_date"], name="recommendation_due")]

    def __str__(self) -> str:
        return f"Rekomendasi {self.pk} {self.unit.code}"


class FollowUp(AgencyScoped):
    """A follow-up action of the owner unit, with its evidence."""

    agency_parent = "recommendation"
    agency = agency_field()
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.TextField(_("tindak lanjut"))
    evidence = models.TextField(_("bukti dukung"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        ordering = ["recommendation", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"Tindak lanjut {self.pk}"


class ReviuFinding(AgencyScoped):
    """A finding of the reviu working papers on a unit-year's LKj: the correction asked, the
    unit's response, closed by the reviewer. The statement waits until none is open."""

    STATUSES = [("open", _("terbuka")), ("answered", _("ditanggapi")), ("closed", _("ditutup"))]

    agency_parent = "unit"
    agency = agency_field()
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.RESTRICT, related_name="+", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    text = models.TextField(_("temuan"))
    correction = models.TextField(_("koreksi yang diminta"), blank=True, default="")
    response = models.TextField(_("tanggapan unit"), blank=True, default="")
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default="open")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("temuan reviu")
        verbose_name_plural = _("temuan reviu")
        ordering = ["agency", "unit", "year", "pk"]

    def __str__(self) -> str:
        return f"Temuan reviu {self.unit.code} {self.year} #{self.pk}"


# The reviewer's checklist of the reviu working papers: the LKj outline and the analyses Bab III
# must present (PermenPAN-RB 53/2014 Lampiran II and III; rules.md §2.2-2.3).
REVIU_CHECKLIST: tuple[tuple[str, str], ...] = (
    ("format", "Sistematika LKj sesuai PermenPAN-RB 53/2014 (Ikhtisar, Bab I-IV, Lampiran)"),
    ("pk", "Perjanjian Kinerja yang berlaku dilampirkan dan targetnya sama dengan yang dilaporkan"),
    ("renstra", "Sasaran dan indikator sesuai Renstra yang berlaku"),
    ("data", "Realisasi didukung bukti dan dihitung sesuai definisi operasional indikator"),
    ("a1", "Analisis 1: target dibandingkan realisasi tahun ini"),
    ("a2", "Analisis 2: realisasi dan capaian dibandingkan tahun lalu dan beberapa tahun terakhir"),
    ("a3", "Analisis 3: realisasi dibandingkan target akhir Renstra"),
    ("a4", "Analisis 4: realisasi dibandingkan standar nasional (bila ada)"),
    ("a5", "Analisis 5: penyebab keberhasilan/kegagalan dan alternatif solusi"),
    ("a6", "Analisis 6: efisiensi penggunaan sumber daya"),
    ("a7", "Analisis 7: program/kegiatan yang menunjang keberhasilan atau kegagalan"),
    ("anggaran", "Realisasi anggaran untuk mewujudkan kinerja disajikan"),
)


class ReviuChecklist(AgencyScoped):
    """The reviewer's checklist of a unit-year's LKj: per item "ya"/"tidak" and a note."""

    agency_parent = "unit"
    agency = agency_field()
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.RESTRICT, related_name="+", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    answers = models.JSONField(_("jawaban"), default=dict, blank=True)  # code -> {"answer": ..., "note": ...}
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("daftar uji reviu")
        verbose_name_plural = _("daftar uji reviu")
        constraints = [
            models.UniqueConstraint(fields=["agency", "unit", "year"], name="reviu_checklist_uniq")
        ]

    def __str__(self) -> str:
        return f"Daftar uji reviu {self.unit.code} {self.year}"
