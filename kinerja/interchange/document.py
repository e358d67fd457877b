"""In-memory form of an interchange file (``format: kinerja/v1``).

The parser (``kinerja.interchange.parse``) turns YAML/JSON into a validated ``Document``; the
database layer (``kinerja.interchange.db``) writes a ``Document`` to the database and reads one
back; the writer (``kinerja.interchange.write``) turns a ``Document`` into YAML/JSON. Export then
import gives the same database content, so every field stored in the database has a place here.

Keys of the minimum contract (``../shared/interchange-v1.md``) keep their names; extensions are
documented in ``docs/interchange.md`` and ``kinerja/interchange/schema.json``.

References: a unit by ``code``; an indicator by ``code`` inside the unit that owns it, or across
units as ``"UNIT:CODE"``. An indicator's global key is ``"OWNER:CODE"`` (owner defaults to the
plan's unit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from kinerja.core.types import (
    Aggregation,
    LowerIsBetterRule,
    Polarity,
    QuarterRule,
    Target,
)

FORMAT = "kinerja/v1"

UNIT_LEVELS = ("kementerian", "eselon1", "eselon2", "eselon3", "upt")
OBJECTIVE_LEVELS = ("SS", "SP", "SK")
PLAN_STATUSES = ("draft", "adopted")  # extension; a Renstra in a file is adopted unless it says draft
AGREEMENT_STATUSES = ("draft", "signed")  # extension; a PK in a file is signed unless it says draft
REVISION_REASONS = ("a", "b", "c")  # PermenPAN-RB 53/2014: a pejabat, b strategi, c prioritas/asumsi
# "renstra" = funding need stated in the Renstra (Matriks Kinerja dan Pendanaan), not a DIPA pagu.
# "blokir" = an amount blocked in the DIPA (not to be spent until the block is lifted; extension).
BUDGET_KINDS = (
    "pagu_awal",
    "revisi",
    "pagu_akhir",
    "realisasi",
    "rpd",
    "realisasi_bulanan",
    "renstra",
    "blokir",
)
# The output structure of a unit-year's DIPA (extension, ``budget_outputs``): Program > Kegiatan >
# Klasifikasi Rincian Output (KRO) > Rincian Output (RO); an RO has a target volume and its
# realised volume by month (cumulative: the volume reached up to the end of that month)
OUTPUT_LEVELS = ("program", "kegiatan", "kro", "ro")
# Budget scores entered from elsewhere (SMART DJA, OM-SPAN): the three scores, and the parts
# Kinerja computes them from when a unit enters those instead (kinerja.core.budget): EKA's
# implementation variables and IKPA's indicators (and its dispensation of SPM, a deduction)
BUDGET_SCORE_TOTALS = ("eka", "ikpa", "nka")
EKA_PARTS = ("eka_penyerapan", "eka_konsistensi", "eka_capaian_ro", "eka_efisiensi")
IKPA_PARTS = (
    "ikpa_revisi_dipa",
    "ikpa_deviasi_halaman_iii",
    "ikpa_penyerapan",
    "ikpa_belanja_kontraktual",
    "ikpa_penyelesaian_tagihan",
    "ikpa_pengelolaan_up_tup",
    "ikpa_capaian_output",
    "ikpa_dispensasi_spm",
)
BUDGET_SCORE_KINDS = BUDGET_SCORE_TOTALS + EKA_PARTS + IKPA_PARTS
REALIZATION_STATUSES = ("draft", "submitted", "verified", "approved")


# Where an indicator may take its realisation from (``Indicator.source``): budget absorption and
# scores (EKA, IKPA, NKA) of the unit or the DIPA holder above it, the unit's SKM result (IKM),
# the AKIP evaluation score. Labels in kinerja.figures.sources.
SOURCE_KINDS = ("penyerapan", "eka", "ikpa", "nka", "skm", "akip")
SOURCE_NAMES = {
    "penyerapan": "Penyerapan anggaran",
    "eka": "Nilai Evaluasi Kinerja Anggaran (EKA)",
    "ikpa": "Nilai Indikator Kinerja Pelaksanaan Anggaran (IKPA)",
    "nka": "Nilai Kinerja Anggaran (NKA)",
    "skm": "Indeks Kepuasan Masyarakat (IKM) dari Survei Kepuasan Masyarakat",
    "akip": "Nilai evaluasi Akuntabilitas Kinerja Instansi Pemerintah (AKIP)",
}


@dataclass
class Agency:
    code: str = "KEMENSOS"
    name: str = "Kementerian Sosial"


@dataclass
class PolicyDoc:
    max_achievement: Decimal | None = None
    lower_is_better: LowerIsBetterRule = LowerIsBetterRule.TWO_MINUS_RATIO
    count_verified: bool = False


@dataclass
class Predecessor:
    unit: str
    since: date | None = None


@dataclass
class Unit:
    code: str
    name: str
    level: str
    parent: str | None = None
    predecessors: list[Predecessor] = field(default_factory=list)
    valid_from: date | None = None  # extension: unit exists from this date
    valid_to: date | None = None  # extension: unit dissolved/merged after this date
    head_title: str = ""  # extension: e.g. "Direktur Pemberdayaan Kelompok Rentan"
    head_name: str = ""  # extension


@dataclass
class Goal:
    code: str
    statement: str


@dataclass
class Indicator:
    code: str
    name: str
    unit_of_measure: str = ""
    polarity: Polarity = Polarity.HIGHER_IS_BETTER
    max_achievement: Decimal | None = None
    formula: str | None = None
    variables: dict[str, str] = field(default_factory=dict)
    owner: str | None = None  # None = the plan's unit
    components: list[str] = field(default_factory=list)  # "UNIT:CODE" (or CODE in the same unit)
    aggregation: Aggregation = Aggregation.MEAN
    weights: dict[str, Decimal] = field(default_factory=dict)
    scale: list[str] = field(default_factory=list)
    targets: dict[int, Target] = field(default_factory=dict)
    # extensions (the indicator manual)
    definition: str = ""
    data_source: str = ""
    # extension: the indicator takes its realisation from another part of SAKIP (one of
    # SOURCE_KINDS; "" = entered as a realisation); kinerja.figures.sources decides
    source: str = ""
    frequency: str = ""  # e.g. "tahunan", "triwulanan"
    quarter_rule: QuarterRule = QuarterRule.LAST
    baseline: Decimal | None = None
    baseline_year: int | None = None


@dataclass
class Objective:
    code: str
    level: str
    statement: str
    goal: str | None = None
    supports: list[str] = field(default_factory=list)  # "UNIT:CODE" of objectives served
    indicators: list[Indicator] = field(default_factory=list)


@dataclass
class Plan:
    unit: str
    period: tuple[int, int]
    version: int = 1
    vision: str = ""
    missions: list[str] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    label: str = ""  # extension: e.g. "Renstra 2020-2024 (reviu 2022)"
    adopted_on: date | None = None  # extension
    legal_basis: str = ""  # extension: e.g. "Permensos 6/2020"
    status: str = "adopted"  # extension: a "draft" version is stored but never the plan in force


@dataclass
class Signatory:
    name: str = ""
    title: str = ""


@dataclass
class Agreement:
    unit: str
    year: int
    version: int
    targets: dict[str, Target]  # indicator reference -> target
    label: str = ""
    signed_on: date | None = None
    reason: str | None = None  # a | b | c, required for version > 1 by the linter
    reason_note: str = ""  # extension
    first_party: Signatory | None = None  # extension: penerima amanah (unit head)
    second_party: Signatory | None = None  # extension: pemberi amanah (superior)
    place: str = ""  # extension
    status: str = "signed"  # extension: "draft" versions are stored but never the target in force


@dataclass
class ActionPlan:
    """Rencana Aksi (extension): quarterly targets of one indicator in one year."""

    unit: str
    year: int
    indicator: str
    quarters: dict[int, Target]  # 1..4


@dataclass
class Narrative:
    analysis: str = ""
    supporting: str = ""  # faktor pendukung
    inhibiting: str = ""  # faktor penghambat
    follow_up: str = ""  # tindak lanjut / rencana perbaikan


@dataclass
class Period:
    year: int
    quarter: int | None = None  # 1..4, None = the whole year

    def __str__(self) -> str:
        return str(self.year) if self.quarter is None else f"{self.year}-Q{self.quarter}"


@dataclass
class Realization:
    unit: str
    indicator: str
    period: Period
    value: Decimal | str | None = None  # number, or a scale label
    inputs: dict[str, Decimal] = field(default_factory=dict)
    # extensions
    evidence: list[str] = field(default_factory=list)  # file names / URLs of bukti dukung
    narrative: Narrative = field(default_factory=Narrative)
    # a realisation in a file without a status is approved (interchange-v1, official figures);
    # draft/submitted/verified ones are left out of official figures
    status: str = "approved"


@dataclass
class BudgetEntry:
    unit: str
    year: int
    kind: str  # one of BUDGET_KINDS
    amount: int  # whole rupiah; for "revisi" the change (+/-) to the pagu
    date: date | None = None
    note: str = ""
    month: int | None = None  # extension: 1..12 for rpd / realisasi_bulanan
    account: str = ""  # extension: program/kegiatan/belanja code or name; "" = the whole unit
    objective: str | None = None  # extension: objective reference it funds
    output: str = ""  # extension: code of the RO or KRO (``budget_outputs``) the line belongs to


@dataclass
class OutputVolume:
    month: int  # 1..12
    value: Decimal  # realised volume up to the end of that month (cumulative)


@dataclass
class BudgetOutput:
    """Extension: one node of a unit-year's output structure (``OUTPUT_LEVELS``): a Program,
    Kegiatan, KRO or RO, known by its code within the unit-year; ``parent`` is the code of the node
    above it. An RO has ``volume_target`` in ``volume_unit`` and its realised ``volumes``; any node
    may name the ``objective`` it serves (an RO without one serves its parent's)."""

    unit: str
    year: int
    level: str
    code: str
    name: str
    parent: str = ""
    objective: str | None = None
    volume_target: Decimal | None = None
    volume_unit: str = ""
    volumes: list[OutputVolume] = field(default_factory=list)
    note: str = ""


@dataclass
class BudgetScore:
    """Extension: a budget score of a unit-year entered from elsewhere (``kind`` one of
    ``BUDGET_SCORE_KINDS``), e.g. the NKA that SMART DJA published for a DIPA holder."""

    unit: str
    year: int
    kind: str
    value: Decimal
    note: str = ""


@dataclass
class UnitText:
    """Extension: narrative per unit-year for reports (Bab I etc.)."""

    unit: str
    year: int
    key: str  # e.g. "pendahuluan", "tugas_fungsi", "isu_strategis", "penutup"
    text: str


@dataclass
class Survey:
    """Extension: the SKM (satisfaction survey) result of one service of a unit in one year:
    either the answers (``responses``, nine answers 1-4 or None per respondent) or, for a survey
    done elsewhere, its ``ikm`` and ``respondents``."""

    unit: str
    year: int
    service: str
    ikm: Decimal | None = None
    respondents: int | None = None
    responses: list[list[int | None]] = field(default_factory=list)
    population: int | None = None  # people served in the year (sample-size check)


@dataclass
class Evaluation:
    """Extension: the final AKIP evaluation (LKE) of a unit for a year: the final answer per
    criterion (or per sub-component graded as a whole) of the worksheet ``lke``, or, for an
    evaluation done elsewhere, its ``score``; ``summary`` is the evaluator's conclusion."""

    unit: str
    year: int
    lke: str = ""  # worksheet data set, e.g. "permenpanrb-88-2021" ("" = the current one)
    score: Decimal | None = None
    answers: dict[str, str] = field(default_factory=dict)
    summary: str = ""


RECOMMENDATION_SOURCES = ("lhe", "reviu", "bpk", "itjen", "lain")
RECOMMENDATION_STATUSES = ("open", "in_progress", "submitted", "closed")


@dataclass
class FollowUp:
    """Extension: one follow-up action of the owner unit (``date`` the day it was recorded)."""

    text: str
    date: date | None = None
    evidence: str = ""


@dataclass
class Recommendation:
    """Extension: a recommendation to a unit (from an LHE, a reviu LKj, BPK, Inspektorat
    Jenderal or another source) and its follow-up; ``year`` is the year of the report that made
    it, ``status`` one of ``RECOMMENDATION_STATUSES`` (``closed`` = closed by the APIP)."""

    unit: str
    year: int
    source: str
    text: str
    due: date | None = None
    reference: str = ""
    status: str = "open"
    closed_on: date | None = None
    follow_ups: list[FollowUp] = field(default_factory=list)


@dataclass
class Document:
    format: str = FORMAT
    agency: Agency = field(default_factory=Agency)
    policy: PolicyDoc = field(default_factory=PolicyDoc)
    units: list[Unit] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    action_plans: list[ActionPlan] = field(default_factory=list)
    realizations: list[Realization] = field(default_factory=list)
    budgets: list[BudgetEntry] = field(default_factory=list)
    budget_outputs: list[BudgetOutput] = field(default_factory=list)  # extension (Program..RO)
    texts: list[UnitText] = field(default_factory=list)
    surveys: list[Survey] = field(default_factory=list)  # extension (SKM)
    budget_scores: list[BudgetScore] = field(default_factory=list)  # extension (EKA, IKPA, NKA)
    evaluations: list[Evaluation] = field(default_factory=list)  # extension (AKIP evaluation)
    recommendations: list[Recommendation] = field(default_factory=list)  # extension (follow-up)
