"""Small helpers shared by the pages: the unit from the URL (404/403), the year asked for, and
the predicate band of a capaian (colours and labels are data in ``kinerja.core.bands``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import get_language

from kinerja.core.bands import DEFAULT_ACHIEVEMENT_BANDS, Band, classify
from kinerja.core.numbers import format_number, round_half_up
from kinerja.figures.counting import Basis
from kinerja.interchange.document import Document
from kinerja.organizations.access import Scope, unit_for
from kinerja.organizations.models import UNIT_LEVEL_LABELS, Unit


@dataclass(frozen=True)
class BandBadge:
    label: str  # the Indonesian label (also the ``data-band`` value the pages carry)
    colour: str
    description: str
    text: str = ""  # the label in the active language, as shown

    def __str__(self) -> str:
        return self.text or self.label


def _english() -> bool:
    return (get_language() or "id").split("-")[0] == "en"


def band_text(band: Band) -> str:
    """The band's label in the active language (the bands carry their English labels)."""
    return band.label_en if _english() and band.label_en else band.label


def band_of(value: Decimal | None, bands: tuple[Band, ...] = DEFAULT_ACHIEVEMENT_BANDS) -> BandBadge | None:
    """The band of a capaian as shown (rounded half-up to 2 places, as printed); None for n.a."""
    if value is None:
        return None
    band = classify(round_half_up(value, 2), bands)
    if band is None:
        return None
    return BandBadge(band.label, band.colour, band.description, band_text(band))


def _bound(value: Decimal) -> str:
    return format_number(value, 0 if value == value.to_integral_value() else 2)


def band_legend(bands: tuple[Band, ...] = DEFAULT_ACHIEVEMENT_BANDS) -> list[tuple[str, str, str]]:
    """(label, colour, range) of each band, highest first, e.g. ("Baik", "#4c9a2a", "> 75 – 90")."""
    out = []
    for band in sorted(bands, key=lambda b: b.low, reverse=True):
        low = "" if not band.low.is_finite() else ("≥ " if band.low_inclusive else "> ") + _bound(band.low)
        if band.high is None:
            text = low
        elif not low:
            text = ("≤ " if band.high_inclusive else "< ") + _bound(band.high)
        else:
            text = f"{low} – {'' if band.high_inclusive else '< '}{_bound(band.high)}"
        out.append((band_text(band), band.colour, text))
    return out


def viewable_unit(request: HttpRequest, code: str) -> tuple[Unit, Scope]:
    """The unit named in the URL (404 when unknown), after checking the user may read it (403)."""
    return unit_for(request.user, code)


def plan_years(doc: Document, unit: str) -> list[int]:
    """Every year covered by a Renstra of the unit, ascending."""
    years: set[int] = set()
    for p in doc.plans:
        if p.unit == unit:
            years.update(range(p.period[0], p.period[1] + 1))
    return sorted(years)


def default_year(doc: Document, unit: Unit, years: list[int], today: date | None = None) -> int:
    """The latest year with the unit's realisations (in ``doc``, the unit's own data); else the
    latest with a realisation of a unit below it; else this year (within the Renstra years)."""
    from django.db.models import Max

    from kinerja.measurement.models import Realization

    own = [r.period.year for r in doc.realizations if r.unit == unit.code and r.period.year in years]
    if own:
        return max(own)
    below = Realization.objects.filter(
        agency_id=unit.agency_id, unit__code__in=unit.descendant_codes(), year__in=years
    ).aggregate(latest=Max("year"))["latest"]
    if below is not None:
        return int(below)
    this_year = (today or date.today()).year
    return min(max(this_year, years[0]), years[-1])


def year_from(request: HttpRequest, doc: Document, unit: Unit, years: list[int]) -> int:
    raw = request.GET.get("tahun", "").strip()
    if raw.isdigit() and len(raw) <= 4 and int(raw) in years:
        return int(raw)
    return default_year(doc, unit, years)


BASIS_PARAM = "angka"  # ?angka=sementara asks for the provisional view


def basis_from(request: HttpRequest) -> Basis:
    """Official figures unless the user asks for the provisional view (``?angka=sementara``)."""
    return Basis.PROVISIONAL if request.GET.get(BASIS_PARAM, "") == "sementara" else Basis.OFFICIAL


def level_label(level: str) -> str:
    return str(UNIT_LEVEL_LABELS.get(level, level))
