"""The SKM result of a unit-year: the one home of that rule (PermenPAN-RB 14/2017, rules.md §4).

* a survey's result: from its answers when it has any (``kinerja.core.skm.survey_result``: NRR
  per element, IKM = mean NRR x 25), else the IKM and respondent count entered for a survey done
  elsewhere;
* a unit's result in a year: its own services' results rolled up by respondents; a unit with no
  survey of its own takes the roll-up of every survey in the units beneath it (an Eselon I from
  its directorates, the ministry from everything) — ``kinerja.core.skm.roll_up``;
* ``skm_source`` is the ``skm`` provider of ``kinerja.figures.sources``: an indicator with
  ``source: skm`` takes the unit's IKM as its realisation.

It reads the interchange ``Document`` only, so ``kinerja compute FILE`` and the pages agree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from kinerja.core.bands import Band
from kinerja.core.numbers import format_number
from kinerja.core.skm import ELEMENTS, quality, roll_up, sample_check, survey_result
from kinerja.figures.sources import Sourced
from kinerja.interchange import document as d


@dataclass(frozen=True)
class ServiceResult:
    unit: str
    year: int
    service: str
    ikm: Decimal | None
    respondents: int
    means: tuple[Decimal | None, ...] = ()  # NRR U1..U9 (empty: surveyed elsewhere)
    population: int | None = None

    @property
    def band(self) -> Band | None:
        return quality(self.ikm)

    @property
    def mutu(self) -> str | None:
        band = self.band
        return band.label if band else None

    @property
    def sample_note(self) -> str:
        """The Krejcie & Morgan check, when the population is stated."""
        if self.population is None:
            return ""
        return sample_check(self.population, self.respondents).message


@dataclass(frozen=True)
class UnitSkm:
    """A unit's SKM result in a year, and where it came from."""

    unit: str
    year: int
    ikm: Decimal | None
    respondents: int
    services: tuple[ServiceResult, ...] = field(default=())
    rolled_up: bool = False  # True: from the units beneath (the unit has no survey of its own)

    @property
    def band(self) -> Band | None:
        return quality(self.ikm)

    @property
    def mutu(self) -> str | None:
        band = self.band
        return band.label if band else None

    @property
    def means(self) -> tuple[Decimal | None, ...]:
        """NRR per element over the services that have answers, weighted by their respondents."""
        with_answers = [s for s in self.services if s.means]
        if not with_answers:
            return ()
        out: list[Decimal | None] = []
        for i in range(len(ELEMENTS)):
            parts = [(s.means[i], s.respondents) for s in with_answers]
            out.append(roll_up(parts).ikm)
        return tuple(out)


def service_result(s: d.Survey) -> ServiceResult:
    if s.responses:
        r = survey_result(s.responses)
        return ServiceResult(s.unit, s.year, s.service, r.ikm, r.respondents, r.means, s.population)
    return ServiceResult(s.unit, s.year, s.service, s.ikm, s.respondents or 0, (), s.population)


def _children(doc: d.Document) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for u in doc.units:
        if u.parent:
            out[u.parent].append(u.code)
    return out


def _beneath(doc: d.Document, unit: str) -> set[str]:
    children = _children(doc)
    seen: set[str] = set()
    stack = list(children.get(unit, ()))
    while stack:
        code = stack.pop()
        if code not in seen:
            seen.add(code)
            stack.extend(children.get(code, ()))
    return seen


def unit_skm(doc: d.Document, unit: str, year: int) -> UnitSkm | None:
    """The unit's SKM result in ``year`` (the rule is in the module docstring); None when neither
    the unit nor any unit beneath it has a survey result that year."""
    own = [service_result(s) for s in doc.surveys if s.unit == unit and s.year == year]
    rolled = False
    if not any(r.ikm is not None for r in own):
        below = _beneath(doc, unit)
        own = [service_result(s) for s in doc.surveys if s.unit in below and s.year == year]
        rolled = True
    own.sort(key=lambda r: (r.unit, r.service))
    total = roll_up((r.ikm, r.respondents) for r in own)
    if total.ikm is None:
        return None
    return UnitSkm(unit, year, total.ikm, total.respondents, tuple(own), rolled)


def unit_name(doc: d.Document, unit: str) -> str:
    return next((u.name for u in doc.units if u.code == unit), unit)


def skm_source(doc: d.Document, unit: str, year: int) -> Sourced | None:
    """The ``skm`` provider (``kinerja.figures.sources.PROVIDERS``)."""
    found = unit_skm(doc, unit, year)
    if found is None or found.ikm is None:
        return None
    how = "gabungan unit di bawahnya" if found.rolled_up else f"{len(found.services)} layanan"
    label = (
        f"Indeks Kepuasan Masyarakat (IKM) {unit_name(doc, unit)} {year}: "
        f"{format_number(found.ikm)} (mutu {found.mutu}, {found.respondents} responden, {how})"
    )
    return Sourced(value=found.ikm, unit=unit, label=label)
