"""The AKIP evaluation score of a unit-year: the one home of that rule (PermenPAN-RB 88/2021).

* the worksheets are data: ``kinerja/evaluation/lke/<code>.yaml`` (``load_lke``); the current
  one is ``DEFAULT_LKE``; an evaluation names the one it was made with;
* an evaluation's score: from its final answers scored on its worksheet
  (``kinerja.core.akip.score``), else the score entered for an evaluation done elsewhere;
* the predicate AA..D of that score, and the change against the unit's evaluation of the year
  before (``unit_akip``);
* ``akip_source`` is the ``akip`` provider of ``kinerja.figures.sources``: an indicator with
  ``source: akip`` ("Nilai Akuntabilitas Kinerja") takes the unit's score of the year.

Only final evaluations are in the interchange ``Document`` (an evaluation still being filled in
or reviewed is not a result), so ``kinerja compute FILE`` and the pages agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

import yaml

from kinerja.core.akip import Lke, LkeScore, compare, lke_from_data, predicate, score
from kinerja.core.bands import Band
from kinerja.core.numbers import format_number
from kinerja.core.types import KinerjaValidationError
from kinerja.figures.sources import Sourced
from kinerja.interchange import document as d

DEFAULT_LKE = "permenpanrb-88-2021"


def available_lke() -> list[str]:
    folder = resources.files("kinerja.evaluation") / "lke"
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


@cache
def load_lke(code: str = DEFAULT_LKE) -> Lke:
    """The worksheet ``code`` (validated: weights add up)."""
    if code not in available_lke():
        raise KinerjaValidationError(
            f"LKE '{code}' tidak dikenal (yang tersedia: {', '.join(available_lke())})"
        )
    text = (resources.files("kinerja.evaluation") / "lke" / f"{code}.yaml").read_text(encoding="utf-8")
    return lke_from_data(yaml.safe_load(text))


@dataclass(frozen=True)
class AkipResult:
    unit: str
    year: int
    score: Decimal
    lke: str
    detail: LkeScore | None  # per component/sub-component (None: entered score)
    previous: Decimal | None = None  # the score of the year before, when there is one
    summary: str = ""

    @property
    def band(self) -> Band | None:
        return predicate(self.score)

    @property
    def predicate(self) -> str | None:
        band = self.band
        return band.label if band else None

    @property
    def change(self) -> Decimal | None:
        return compare(self.score, self.previous)


def evaluation_score(ev: d.Evaluation) -> tuple[Decimal | None, LkeScore | None]:
    if ev.answers:
        detail = score(load_lke(ev.lke or DEFAULT_LKE), ev.answers)
        return detail.total, detail
    return ev.score, None


def _find(doc: d.Document, unit: str, year: int) -> d.Evaluation | None:
    return next((e for e in doc.evaluations if e.unit == unit and e.year == year), None)


def unit_akip(doc: d.Document, unit: str, year: int) -> AkipResult | None:
    """The unit's final AKIP evaluation of ``year`` with last year's score; None without one."""
    ev = _find(doc, unit, year)
    if ev is None:
        return None
    total, detail = evaluation_score(ev)
    if total is None:
        return None
    before = _find(doc, unit, year - 1)
    previous = evaluation_score(before)[0] if before is not None else None
    return AkipResult(unit, year, total, ev.lke or DEFAULT_LKE, detail, previous, ev.summary)


def akip_source(doc: d.Document, unit: str, year: int) -> Sourced | None:
    """The ``akip`` provider (``kinerja.figures.sources.PROVIDERS``)."""
    found = unit_akip(doc, unit, year)
    if found is None:
        return None
    name = next((u.name for u in doc.units if u.code == unit), unit)
    label = f"Nilai evaluasi AKIP {name} {year}: {format_number(found.score)} (predikat {found.predicate})"
    return Sourced(value=found.score, unit=unit, label=label)
