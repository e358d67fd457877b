"""Predicate bands (predikat) as data.

A ``Band`` covers ``low .. high`` with each end inclusive or not (``high=None``: no upper end;
``low`` may be ``Decimal("-Infinity")`` for an open lower end). ``validate_bands`` checks that a
list of bands, in any order, covers one unbroken interval without gaps or overlaps: where two
bands meet, exactly one of them includes the boundary. ``classify`` returns the band holding a
value (None for n.a or a value outside every band). Classify the value the report shows (round
it first with ``round_half_up`` when the rule says so, as for IKM).

Tables (rules.md):

* ``DEFAULT_ACHIEVEMENT_BANDS`` — capaian of indicators; the Permendagri 86/2017-style
  intervals as reproduced by Inspektorat Kab. Sampang (rules.md §6.7: 91–100 Sangat Baik,
  76–90 Baik, 66–75 Cukup, 51–65 Kurang, ≤ 50 Sangat Kurang), read as continuous intervals with
  the lower bound exclusive (> 90, > 75 – 90, > 65 – 75, > 50 – 65, ≤ 50) and the top band
  open-ended, since capaian above 100 is common when it is not capped.
* ``AKIP_BANDS`` — PermenPAN-RB 88/2021 (rules.md §3.3): AA > 90–100, A > 80–90, BB > 70–80,
  B > 60–70, CC > 50–60, C > 30–50, D 0–30; lower bound exclusive, upper inclusive (T1).
* ``IKM_BANDS`` — PermenPAN-RB 14/2017 on the converted value 25–100 rounded to 2 decimals
  (rules.md §4.3): A ≥ 88,31; B ≥ 76,61; C ≥ 65,00; D below (T4).
* ``IKPA_BANDS`` — DJPb PER-5/PB/2024 (rules.md §5.3): Sangat Baik ≥ 95; Baik 89 ≤ x < 95;
  Cukup 70 ≤ x < 89; Kurang < 70 (T7).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from kinerja.core.numbers import format_number
from kinerja.core.types import KinerjaValidationError

__all__ = [
    "AKIP_BANDS",
    "DEFAULT_ACHIEVEMENT_BANDS",
    "IKM_BANDS",
    "IKPA_BANDS",
    "Band",
    "classify",
    "validate_bands",
]

_NEG_INF = Decimal("-Infinity")


@dataclass(frozen=True)
class Band:
    low: Decimal
    high: Decimal | None  # None = no upper end
    label: str
    label_en: str
    colour: str  # CSS colour, e.g. "#1a7f37"
    low_inclusive: bool = True
    high_inclusive: bool = False
    description: str = ""  # e.g. "Sangat Memuaskan" for AKIP "AA"
    description_en: str = ""

    def contains(self, value: Decimal) -> bool:
        above = value >= self.low if self.low_inclusive else value > self.low
        if not above:
            return False
        if self.high is None:
            return True
        return value <= self.high if self.high_inclusive else value < self.high


def _show(value: Decimal | None) -> str:
    if value is None:
        return "tak hingga"
    return "minus tak hingga" if value == _NEG_INF else format_number(value)


def validate_bands(bands: Sequence[Band]) -> None:
    """Raise ``KinerjaValidationError`` unless the bands form one interval without gaps/overlaps."""
    if not bands:
        raise KinerjaValidationError("daftar predikat kosong")
    for band in bands:
        if band.low.is_nan() or band.low == Decimal("Infinity"):
            raise KinerjaValidationError(f"predikat '{band.label}': batas bawah tidak sah")
        if band.high is not None:
            if not band.high.is_finite():
                raise KinerjaValidationError(f"predikat '{band.label}': batas atas tidak sah")
            empty = band.high < band.low or (
                band.high == band.low and not (band.low_inclusive and band.high_inclusive)
            )
            if empty:
                raise KinerjaValidationError(
                    f"predikat '{band.label}': batas bawah {_show(band.low)} tidak di bawah batas atas "
                    f"{_show(band.high)}"
                )
    ordered = sorted(bands, key=lambda b: (b.low, not b.low_inclusive))
    for lower, upper in zip(ordered, ordered[1:], strict=False):
        if lower.high is None:
            raise KinerjaValidationError(
                f"predikat '{lower.label}' tidak berbatas atas, tetapi '{upper.label}' ada di atasnya (tumpang tindih)"
            )
        if upper.low < lower.high or (
            upper.low == lower.high and lower.high_inclusive and upper.low_inclusive
        ):
            raise KinerjaValidationError(
                f"predikat '{lower.label}' dan '{upper.label}' tumpang tindih di sekitar {_show(upper.low)}"
            )
        if upper.low > lower.high or (
            upper.low == lower.high and not lower.high_inclusive and not upper.low_inclusive
        ):
            raise KinerjaValidationError(
                f"ada celah antara predikat '{lower.label}' (sampai {_show(lower.high)}) dan "
                f"'{upper.label}' (mulai {_show(upper.low)})"
            )


def classify(value: Decimal | None, bands: Sequence[Band]) -> Band | None:
    """The band holding ``value``; None for n.a or a value outside every band."""
    if value is None:
        return None
    dec = Decimal(value)
    if dec.is_nan():
        return None
    for band in bands:
        if band.contains(dec):
            return band
    return None


def _d(text: str) -> Decimal:
    return Decimal(text)


DEFAULT_ACHIEVEMENT_BANDS: tuple[Band, ...] = (
    Band(_d("90"), None, "Sangat Baik", "Very good", "#1a7f37", low_inclusive=False),
    Band(_d("75"), _d("90"), "Baik", "Good", "#4c9a2a", low_inclusive=False, high_inclusive=True),
    Band(_d("65"), _d("75"), "Cukup", "Fair", "#bf8700", low_inclusive=False, high_inclusive=True),
    Band(_d("50"), _d("65"), "Kurang", "Poor", "#d1570c", low_inclusive=False, high_inclusive=True),
    Band(
        _NEG_INF, _d("50"), "Sangat Kurang", "Very poor", "#cf222e", low_inclusive=False, high_inclusive=True
    ),
)


def _akip(
    low: str, high: str, label: str, desc: str, desc_en: str, colour: str, low_inclusive: bool = False
) -> Band:
    return Band(
        _d(low),
        _d(high),
        label,
        label,
        colour,
        low_inclusive=low_inclusive,
        high_inclusive=True,
        description=desc,
        description_en=desc_en,
    )


AKIP_BANDS: tuple[Band, ...] = (
    _akip("90", "100", "AA", "Sangat Memuaskan", "Outstanding", "#1a7f37"),
    _akip("80", "90", "A", "Memuaskan", "Very satisfactory", "#2f9e44"),
    _akip("70", "80", "BB", "Sangat Baik", "Very good", "#66a80f"),
    _akip("60", "70", "B", "Baik", "Good", "#bf8700"),
    _akip("50", "60", "CC", "Cukup (Memadai)", "Adequate", "#e67700"),
    _akip("30", "50", "C", "Kurang", "Poor", "#d1570c"),
    _akip("0", "30", "D", "Sangat Kurang", "Very poor", "#cf222e", low_inclusive=True),
)

IKM_BANDS: tuple[Band, ...] = (
    Band(
        _d("88.31"),
        _d("100"),
        "A",
        "A",
        "#1a7f37",
        high_inclusive=True,
        description="Sangat Baik",
        description_en="Very good",
    ),
    Band(_d("76.61"), _d("88.31"), "B", "B", "#66a80f", description="Baik", description_en="Good"),
    Band(_d("65.00"), _d("76.61"), "C", "C", "#bf8700", description="Kurang Baik", description_en="Fair"),
    Band(_d("25"), _d("65.00"), "D", "D", "#cf222e", description="Tidak Baik", description_en="Poor"),
)

IKPA_BANDS: tuple[Band, ...] = (
    Band(_d("95"), _d("100"), "Sangat Baik", "Very good", "#1a7f37", high_inclusive=True),
    Band(_d("89"), _d("95"), "Baik", "Good", "#66a80f"),
    Band(_d("70"), _d("89"), "Cukup", "Fair", "#bf8700"),
    Band(_NEG_INF, _d("70"), "Kurang", "Poor", "#cf222e", low_inclusive=False),
)
