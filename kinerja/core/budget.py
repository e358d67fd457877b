"""Budget performance (anggaran), pure: rules.md §5 (PMK 22/2021, PMK 62/2023, PER-5/PB/2024).

Every function takes plain numbers (money in whole rupiah, volumes and scores as ``Decimal``)
and returns ``Decimal`` at full precision, or None where the figure cannot be made (nothing
planned, nothing allocated): n.a, never a division by zero. Only reports round.

* ``absorption``: penyerapan ``P = RA / AA x 100`` (realisation against the latest pagu) [V];
* ``cumulative``: a month -> amount mapping made cumulative over months 1..12;
* ``consistency``: konsistensi penyerapan terhadap RPD (halaman III DIPA),
  ``K = (1/n) x sum_m RAK_m / RPDK_m x 100`` over the months m = 1..n with a planned cumulative
  amount, ``RAK`` and ``RPDK`` cumulative realisation and plan [variables V, averaging S; the
  per-month cap at 100 is U and off unless asked for];
* ``rpd_deviation``: the mean monthly deviation of realisation from the RPD,
  ``(1/n) x sum_m |RA_m - RPD_m| / RPD_m x 100`` over months with a planned amount (the idea of
  IKPA's "Deviasi Halaman III DIPA"; DJPb's exact 2024 formula, weighted by spending type, was not
  available: rules.md §5.3, U);
* ``output_achievement``: capaian RO ``CRO = (1/M) x sum_i RVRO_i / TVRO_i x 100`` over the RO with a
  positive target volume [V variables; per-RO cap U, off unless asked for];
* ``efficiency``: ``E_j = (AAKRO_j x CRO_j - RAKRO_j) / (AAKRO_j x CRO_j)`` per KRO, ``ERO`` their
  mean, in percent [S];
* ``efficiency_score``: ``NE = 50 + (clamp(ERO, -20, 20) / 20) x 50`` in 0..100 [N: T6];
* ``implementation_score``: EKA's aspek implementasi
  ``0,097 P + 0,182 K + 0,435 CRO + 0,286 NE`` [N: T5, the LAN 2021 report];
* ``ikpa``: IKPA from its indicator scores with the PER-5/PB weights (``IKPA_WEIGHTS``, V); where
  some indicators have no score the weights of those present are scaled to 100 (U, said in the
  result), and the dispensation of SPM is subtracted;
* ``nka``: Nilai Kinerja Anggaran since 2023, ``NKA = 50 % EKA + 50 % IKPA`` [S];
* ``ikpa_predicate`` (``IKPA_BANDS``, V: T7) and ``score_predicate`` for EKA and NKA
  (``BUDGET_SCORE_BANDS``: the SMART DJA bands as commonly reproduced, U).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext

from kinerja.core.bands import IKPA_BANDS, Band, classify
from kinerja.core.numbers import COMPUTE_CONTEXT

__all__ = [
    "BUDGET_SCORE_BANDS",
    "IKPA_WEIGHTS",
    "IMPLEMENTATION_WEIGHTS",
    "Ikpa",
    "KroSpending",
    "absorption",
    "consistency",
    "cumulative",
    "efficiency",
    "efficiency_score",
    "ikpa",
    "ikpa_predicate",
    "implementation_score",
    "nka",
    "output_achievement",
    "rpd_deviation",
    "score_predicate",
]

HUNDRED = Decimal(100)
MONTHS = range(1, 13)

# EKA, aspek implementasi (rules.md §5.1, numerically proven by T5)
IMPLEMENTATION_WEIGHTS = {
    "penyerapan": Decimal("0.097"),
    "konsistensi": Decimal("0.182"),
    "capaian_ro": Decimal("0.435"),
    "efisiensi": Decimal("0.286"),
}

# IKPA, PER-5/PB/2024 (rules.md §5.3), in percent; the dispensation of SPM reduces the score
IKPA_WEIGHTS = {
    "revisi_dipa": Decimal(10),
    "deviasi_halaman_iii": Decimal(15),
    "penyerapan": Decimal(20),
    "belanja_kontraktual": Decimal(10),
    "penyelesaian_tagihan": Decimal(10),
    "pengelolaan_up_tup": Decimal(10),
    "capaian_output": Decimal(25),
}
IKPA_PENALTY = "dispensasi_spm"

IKPA_NAMES = {
    "revisi_dipa": "Revisi DIPA",
    "deviasi_halaman_iii": "Deviasi Halaman III DIPA",
    "penyerapan": "Penyerapan Anggaran",
    "belanja_kontraktual": "Belanja Kontraktual",
    "penyelesaian_tagihan": "Penyelesaian Tagihan",
    "pengelolaan_up_tup": "Pengelolaan UP dan TUP",
    "capaian_output": "Capaian Output",
    IKPA_PENALTY: "Dispensasi SPM (pengurang)",
}


def _d(text: str) -> Decimal:
    return Decimal(text)


# EKA and NKA predicates: SMART DJA's bands as commonly reproduced (U: the regulation text was not
# seen); classify the score rounded as the report shows it
BUDGET_SCORE_BANDS: tuple[Band, ...] = (
    Band(_d("90"), None, "Sangat Baik", "Very good", "#1a7f37"),
    Band(_d("80"), _d("90"), "Baik", "Good", "#4d9a2a"),
    Band(_d("60"), _d("80"), "Cukup", "Fair", "#b58100"),
    Band(_d("50"), _d("60"), "Kurang", "Poor", "#c2410c"),
    Band(_d("-Infinity"), _d("50"), "Sangat Kurang", "Very poor", "#b42318"),
)


def absorption(realised: int | Decimal | None, allocation: int | Decimal | None) -> Decimal | None:
    """Penyerapan: realisation against the allocation (pagu), in percent; None without a positive
    allocation or without a realisation."""
    if realised is None or allocation is None or allocation <= 0:
        return None
    with localcontext(COMPUTE_CONTEXT):
        return Decimal(realised) / Decimal(allocation) * HUNDRED


def cumulative(monthly: Mapping[int, int | Decimal]) -> dict[int, Decimal]:
    """Month -> the sum of the months up to it (1..12); months not given count as 0."""
    out: dict[int, Decimal] = {}
    running = Decimal(0)
    for m in MONTHS:
        running += Decimal(monthly.get(m, 0))
        out[m] = running
    return out


def consistency(
    realised: Mapping[int, int | Decimal],
    planned: Mapping[int, int | Decimal],
    months: int = 12,
    cap: Decimal | None = None,
) -> Decimal | None:
    """Konsistensi penyerapan terhadap RPD over months 1..``months``: the mean of cumulative
    realisation over cumulative plan, in percent, over the months with a positive cumulative
    plan (each month's ratio capped at ``cap`` when given); None when nothing was planned."""
    real_c, plan_c = cumulative(realised), cumulative(planned)
    ratios = []
    with localcontext(COMPUTE_CONTEXT):
        for m in range(1, months + 1):
            if plan_c[m] > 0:
                ratio = real_c[m] / plan_c[m] * HUNDRED
                ratios.append(min(ratio, cap) if cap is not None else ratio)
        if not ratios:
            return None
        return sum(ratios, Decimal(0)) / len(ratios)


def rpd_deviation(
    realised: Mapping[int, int | Decimal], planned: Mapping[int, int | Decimal], months: int = 12
) -> Decimal | None:
    """Mean monthly deviation of realisation from the RPD, in percent of the plan, over the months
    1..``months`` with a positive planned amount; None when nothing was planned."""
    deviations = []
    with localcontext(COMPUTE_CONTEXT):
        for m in range(1, months + 1):
            plan = Decimal(planned.get(m, 0))
            if plan > 0:
                deviations.append(abs(Decimal(realised.get(m, 0)) - plan) / plan * HUNDRED)
        if not deviations:
            return None
        return sum(deviations, Decimal(0)) / len(deviations)


def output_achievement(
    volumes: Sequence[tuple[Decimal | None, Decimal | None]], cap: Decimal | None = None
) -> Decimal | None:
    """Capaian RO: the mean over the RO of realised volume over target volume, in percent, from
    ``(target, realised)`` pairs; an RO without a positive target or without a realised volume is
    left out (n.a); each ratio capped at ``cap`` when given; None when no RO can be measured."""
    ratios = []
    with localcontext(COMPUTE_CONTEXT):
        for target, real in volumes:
            if target is None or real is None or target <= 0:
                continue
            ratio = Decimal(real) / Decimal(target) * HUNDRED
            ratios.append(min(ratio, cap) if cap is not None else ratio)
        if not ratios:
            return None
        return sum(ratios, Decimal(0)) / len(ratios)


@dataclass(frozen=True)
class KroSpending:
    """One KRO for the efficiency: its allocation, its capaian RO (percent) and its spending."""

    allocation: int | Decimal
    output: Decimal  # CRO of the KRO, in percent
    realised: int | Decimal


def efficiency(kros: Sequence[KroSpending]) -> Decimal | None:
    """ERO in percent: the mean over the KRO of ``(AA x CRO - RA) / (AA x CRO)``; a KRO whose
    allocation times output is not positive cannot be measured and is left out."""
    values = []
    with localcontext(COMPUTE_CONTEXT):
        for k in kros:
            expected = Decimal(k.allocation) * k.output / HUNDRED
            if expected <= 0:
                continue
            values.append((expected - Decimal(k.realised)) / expected * HUNDRED)
        if not values:
            return None
        return sum(values, Decimal(0)) / len(values)


def efficiency_score(ero: Decimal | None) -> Decimal | None:
    """NE: 50 + (ERO clamped to -20..20) / 20 x 50, so 0..100 (T6: ERO 3,992 % -> 59,98)."""
    if ero is None:
        return None
    with localcontext(COMPUTE_CONTEXT):
        clamped = min(max(ero, Decimal(-20)), Decimal(20))
        return Decimal(50) + clamped / Decimal(20) * Decimal(50)


def implementation_score(
    penyerapan: Decimal | None,
    konsistensi: Decimal | None,
    capaian_ro: Decimal | None,
    efisiensi: Decimal | None,
) -> Decimal | None:
    """EKA's aspek implementasi from P, K, CRO and NE (T5: 95,53; 99,61; 99,72; 59,98 -> 87,93);
    None unless all four are known."""
    parts = (penyerapan, konsistensi, capaian_ro, efisiensi)
    if any(p is None for p in parts):
        return None
    with localcontext(COMPUTE_CONTEXT):
        return sum(
            (w * p for w, p in zip(IMPLEMENTATION_WEIGHTS.values(), parts, strict=True) if p is not None),
            Decimal(0),
        )


@dataclass(frozen=True)
class Ikpa:
    value: Decimal | None
    missing: tuple[str, ...]  # indicators without a score (their weight was spread over the rest)
    penalty: Decimal  # the dispensation of SPM subtracted


def ikpa(scores: Mapping[str, Decimal | None]) -> Ikpa:
    """IKPA from its indicator scores (0..100 each, keys of ``IKPA_WEIGHTS``) with the published
    weights, minus the dispensation of SPM (``scores["dispensasi_spm"]``, points); indicators
    without a score are named in ``missing`` and the weights of the others scaled to 100 (U);
    no score at all: ``value`` None."""
    unknown = set(scores) - set(IKPA_WEIGHTS) - {IKPA_PENALTY}
    if unknown:
        raise ValueError(f"komponen IKPA tidak dikenal: {', '.join(sorted(unknown))}")
    present = {k: v for k, v in scores.items() if k in IKPA_WEIGHTS and v is not None}
    missing = tuple(k for k in IKPA_WEIGHTS if k not in present)
    penalty = scores.get(IKPA_PENALTY) or Decimal(0)
    if not present:
        return Ikpa(None, missing, penalty)
    with localcontext(COMPUTE_CONTEXT):
        weight = sum((IKPA_WEIGHTS[k] for k in present), Decimal(0))
        total = sum((IKPA_WEIGHTS[k] * v for k, v in present.items()), Decimal(0)) / weight
        return Ikpa(total - penalty, missing, penalty)


def nka(eka: Decimal | None, ikpa_value: Decimal | None) -> Decimal | None:
    """Nilai Kinerja Anggaran: the mean of the EKA and IKPA scores (PMK 62/2023, S)."""
    if eka is None or ikpa_value is None:
        return None
    with localcontext(COMPUTE_CONTEXT):
        return (eka + ikpa_value) / 2


def ikpa_predicate(value: Decimal | None) -> Band | None:
    return classify(value, IKPA_BANDS)


def score_predicate(value: Decimal | None) -> Band | None:
    """The predicate of an EKA or NKA score (``BUDGET_SCORE_BANDS``)."""
    return classify(value, BUDGET_SCORE_BANDS)
