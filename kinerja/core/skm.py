"""Survei Kepuasan Masyarakat (SKM, PermenPAN-RB 14/2017): NRR, IKM, mutu, sample size, roll-up.

rules.md §4:

* nine elements (unsur) U1..U9 in regulation order (``ELEMENTS``), each answered on a 1-4 scale
  (1 tidak baik .. 4 sangat baik);
* ``NRR_u`` = sum of the answers to element u / number of respondents who answered u
  (``element_means``); a respondent may leave an element blank (``None``);
* ``IKM = mean(NRR_u) x 25`` — the weight 1/9 taken exactly, so all-4 answers give 100,00
  (``ikm_from_means``); the rounded legacy weights 0,111 and 0,11 (99,90 and 99,00 for all-4, the
  "rounding pitfall" of §4.2) are available through ``weight=`` only for a client that insists;
* mutu A-D / kinerja unit on the IKM rounded to 2 decimals (``quality``, ``IKM_BANDS``:
  >= 88,31 A Sangat Baik, >= 76,61 B Baik, >= 65,00 C Kurang Baik, else D Tidak Baik);
* the Krejcie & Morgan sample for a population (``required_sample``): the published table, the
  next higher row when the population falls between rows, the whole population below 10;
* several results (services of a unit, units of an Eselon I, Eselon I of the ministry) roll up to
  one IKM weighted by respondents (``roll_up``); rules.md tags the cross-unit weighting U (a
  practice, not a documented rule), docs/evaluation.md says so.

Everything is ``Decimal`` at full precision; only the report rounds.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext

from kinerja.core.bands import IKM_BANDS, Band, classify
from kinerja.core.numbers import COMPUTE_CONTEXT, round_half_up
from kinerja.core.types import KinerjaValidationError

__all__ = [
    "ELEMENTS",
    "KM_TABLE",
    "LEGACY_WEIGHTS",
    "SCALE",
    "RollUp",
    "SampleCheck",
    "SurveyResult",
    "check_answers",
    "element_means",
    "ikm_from_means",
    "krejcie_morgan",
    "quality",
    "required_sample",
    "roll_up",
    "sample_check",
    "survey_result",
]

#: (code, name) of the nine elements, in the order of PermenPAN-RB 14/2017.
ELEMENTS: tuple[tuple[str, str], ...] = (
    ("U1", "Persyaratan"),
    ("U2", "Sistem, Mekanisme, dan Prosedur"),
    ("U3", "Waktu Penyelesaian"),
    ("U4", "Biaya/Tarif"),
    ("U5", "Produk Spesifikasi Jenis Pelayanan"),
    ("U6", "Kompetensi Pelaksana"),
    ("U7", "Perilaku Pelaksana"),
    ("U8", "Penanganan Pengaduan, Saran dan Masukan"),
    ("U9", "Sarana dan Prasarana"),
)

#: The answer scale: value -> label.
SCALE: dict[int, str] = {1: "Tidak baik", 2: "Kurang baik", 3: "Baik", 4: "Sangat baik"}

#: Rounded weights some spreadsheets use instead of 1/9 (rules.md §4.2, T3).
LEGACY_WEIGHTS = (Decimal("0.111"), Decimal("0.11"))

_NINE = len(ELEMENTS)
_TWENTY_FIVE = Decimal(25)

Answers = Sequence[int | None]


def check_answers(answers: Answers, where: str = "jawaban") -> None:
    """Raise ``KinerjaValidationError`` unless ``answers`` is nine answers 1-4 (or blank)."""
    if isinstance(answers, str | bytes) or len(answers) != _NINE:
        raise KinerjaValidationError(
            f"{where}: harus 9 jawaban (U1..U9), ada {len(answers) if not isinstance(answers, str | bytes) else 'teks'}"
        )
    for (code, _name), value in zip(ELEMENTS, answers, strict=True):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
            raise KinerjaValidationError(f"{where}: {code} harus 1, 2, 3 atau 4, bukan {value!r}")


def element_means(responses: Iterable[Answers]) -> tuple[Decimal | None, ...]:
    """NRR per element: the mean of the answers given to it (None when nobody answered it)."""
    sums = [0] * _NINE
    counts = [0] * _NINE
    for i, answers in enumerate(responses, start=1):
        check_answers(answers, f"responden ke-{i}")
        for j, value in enumerate(answers):
            if value is not None:
                sums[j] += value
                counts[j] += 1
    with localcontext(COMPUTE_CONTEXT):
        return tuple(Decimal(s) / Decimal(c) if c else None for s, c in zip(sums, counts, strict=True))


def ikm_from_means(means: Sequence[Decimal | None], weight: Decimal | None = None) -> Decimal | None:
    """IKM (25..100) from the nine NRR: ``mean(NRR) x 25`` with the exact weight 1/9, or
    ``sum(NRR x weight) x 25`` with a legacy rounded ``weight``. None unless all nine have an NRR."""
    if len(means) != _NINE:
        raise KinerjaValidationError(f"IKM memerlukan 9 nilai rata-rata unsur, ada {len(means)}")
    if any(m is None for m in means):
        return None
    values = [m for m in means if m is not None]
    with localcontext(COMPUTE_CONTEXT):
        if weight is None:
            return sum(values, Decimal(0)) / _NINE * _TWENTY_FIVE
        return sum((v * weight for v in values), Decimal(0)) * _TWENTY_FIVE


def quality(ikm: Decimal | None) -> Band | None:
    """Mutu pelayanan A-D (``label``) and kinerja unit (``description``) of an IKM, judged on the
    value rounded to 2 decimals as the report prints it; None for n.a."""
    if ikm is None:
        return None
    return classify(round_half_up(ikm, 2), IKM_BANDS)


@dataclass(frozen=True)
class SurveyResult:
    """One survey's result: NRR per element, respondents, IKM and its band."""

    means: tuple[Decimal | None, ...]
    respondents: int
    ikm: Decimal | None

    @property
    def band(self) -> Band | None:
        return quality(self.ikm)

    @property
    def mutu(self) -> str | None:
        band = self.band
        return band.label if band else None


def survey_result(responses: Sequence[Answers]) -> SurveyResult:
    """NRR, respondent count and IKM of a list of respondents' answers."""
    means = element_means(responses)
    return SurveyResult(means=means, respondents=len(responses), ikm=ikm_from_means(means))


# Krejcie & Morgan (1970), Table 1: population N -> sample s (95 %, P = 0,5, d = 0,05).
KM_TABLE: tuple[tuple[int, int], ...] = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44),
    (55, 48), (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76),
    (100, 80), (110, 86), (120, 92), (130, 97), (140, 103), (150, 108), (160, 113), (170, 118),
    (180, 123), (190, 127), (200, 132), (210, 136), (220, 140), (230, 144), (240, 148), (250, 152),
    (260, 155), (270, 159), (280, 162), (290, 165), (300, 169), (320, 175), (340, 181), (360, 186),
    (380, 191), (400, 196), (420, 201), (440, 205), (460, 210), (480, 214), (500, 217), (550, 226),
    (600, 234), (650, 242), (700, 248), (750, 254), (800, 260), (850, 265), (900, 269), (950, 274),
    (1000, 278), (1100, 285), (1200, 291), (1300, 297), (1400, 302), (1500, 306), (1600, 310),
    (1700, 313), (1800, 317), (1900, 320), (2000, 322), (2200, 327), (2400, 331), (2600, 335),
    (2800, 338), (3000, 341), (3500, 346), (4000, 351), (4500, 354), (5000, 357), (6000, 361),
    (7000, 364), (8000, 367), (9000, 368), (10000, 370), (15000, 375), (20000, 377), (30000, 379),
    (40000, 380), (50000, 381), (75000, 382), (1000000, 384),
)  # fmt: skip
_KM_N = [n for n, _ in KM_TABLE]
_KM_MAX = 384  # any larger population (the table's last row)


def krejcie_morgan(population: int) -> Decimal:
    """The Krejcie & Morgan formula (unrounded): ``X2 N P(1-P) / (d2 (N-1) + X2 P(1-P))``."""
    if population < 1:
        raise KinerjaValidationError(f"populasi harus bilangan bulat positif, bukan {population}")
    x2, p, d = Decimal("3.841"), Decimal("0.5"), Decimal("0.05")
    with localcontext(COMPUTE_CONTEXT):
        pq = p * (1 - p)
        return x2 * population * pq / (d * d * (population - 1) + x2 * pq)


def required_sample(population: int) -> int:
    """The minimum number of respondents for ``population`` served: the table row of
    ``population`` or the next higher row (384 above the table), never more than the population
    itself (a population under 10, or 11-14 served, is surveyed whole)."""
    if isinstance(population, bool) or not isinstance(population, int) or population < 1:
        raise KinerjaValidationError(f"populasi harus bilangan bulat positif, bukan {population!r}")
    i = bisect.bisect_left(_KM_N, population)
    return min(population, KM_TABLE[i][1] if i < len(KM_TABLE) else _KM_MAX)


@dataclass(frozen=True)
class SampleCheck:
    population: int
    required: int
    respondents: int

    @property
    def enough(self) -> bool:
        return self.respondents >= self.required

    @property
    def message(self) -> str:
        if self.enough:
            return (
                f"{self.respondents} responden memenuhi sampel minimum {self.required} "
                f"untuk populasi {self.population} (Krejcie & Morgan)"
            )
        return (
            f"{self.respondents} responden kurang dari sampel minimum {self.required} "
            f"untuk populasi {self.population} (Krejcie & Morgan)"
        )


def sample_check(population: int, respondents: int) -> SampleCheck:
    return SampleCheck(population, required_sample(population), respondents)


@dataclass(frozen=True)
class RollUp:
    ikm: Decimal | None
    respondents: int

    @property
    def mutu(self) -> str | None:
        band = quality(self.ikm)
        return band.label if band else None


def roll_up(parts: Iterable[tuple[Decimal | None, int]]) -> RollUp:
    """One IKM from several ``(ikm, respondents)``: the mean weighted by respondents. Parts
    without an IKM or without respondents are left out; None when nothing is left."""
    total = 0
    weighted = Decimal(0)
    with localcontext(COMPUTE_CONTEXT):
        for ikm, respondents in parts:
            if respondents < 0:
                raise KinerjaValidationError(f"jumlah responden tidak boleh negatif: {respondents}")
            if ikm is None or respondents == 0:
                continue
            total += respondents
            weighted += ikm * respondents
        return RollUp(weighted / total if total else None, total)
