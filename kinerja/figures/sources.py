"""Indicators that take their realisation from another part of SAKIP: the one home of that rule.

An indicator whose ``source`` is set (``kinerja.interchange.document.SOURCE_KINDS``) is not
typed in as a realisation: its year value comes from the budget (absorption, EKA, IKPA, NKA of
its unit or of the DIPA holder above it), the unit's satisfaction survey (IKM) or its AKIP
evaluation score — the way Kemensos reports IKK 2.1 "Nilai Kinerja Anggaran (SMART)", IKK 6.1
"Nilai IKPA" and "Nilai Kepuasan Stakeholder".

The rule, asked by ``kinerja.figures.unit_year`` for every indicator with a source:

* the provider of the kind reads the interchange ``Document`` (so ``kinerja compute FILE`` and the
  pages give the same figure) and returns a ``Sourced`` value with the unit whose data gave it
  and a label naming the source, or None when that data is not there;
* a value from the source is the indicator's realisation for the year, on both bases (official
  and provisional): budget data, survey results and evaluation scores are records of their own
  process, not realisations waiting for approval. An entered record of that indicator-year is
  passed over, and a note says so;
* without a value from the source, the entered realisation (if any) counts as for any
  indicator, and a note says the source had no data;
* quarters are not sourced: a source gives the year.

Providers are registered in ``PROVIDERS`` by dotted path (``module:function``), one line per
source kind, each ``function(doc, unit, year) -> Sourced | None``; a kind with no provider yet
has no data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import import_module

from kinerja.interchange import document as d


@dataclass(frozen=True)
class Sourced:
    value: Decimal  # the realisation the indicator takes
    unit: str  # the unit whose data gave it (the indicator's unit or an ancestor)
    label: str  # Indonesian, shown on pages and in the LKj, e.g. "Nilai Kinerja Anggaran (NKA) PEMSOS 2022"


Provider = Callable[[d.Document, str, int], "Sourced | None"]

# source kind -> "dotted.module.path:function"
PROVIDERS: dict[str, str] = {
    "penyerapan": "kinerja.figures.budget:penyerapan_source",
    "eka": "kinerja.figures.budget:eka_source",
    "ikpa": "kinerja.figures.budget:ikpa_source",
    "nka": "kinerja.figures.budget:nka_source",
    "skm": "kinerja.figures.skm:skm_source",
    "akip": "kinerja.figures.akip:akip_source",
}


@cache
def _provider(path: str) -> Provider:
    module, _, name = path.partition(":")
    fn: Provider = getattr(import_module(module), name)
    return fn


def source_name(kind: str) -> str:
    return d.SOURCE_NAMES.get(kind, kind)


def sourced(doc: d.Document, unit: str, indicator: d.Indicator, year: int) -> Sourced | None:
    """The value ``indicator`` (measured by ``unit``) takes from its source for ``year``, or None
    (no source, no provider for it yet, or no data)."""
    if not indicator.source:
        return None
    path = PROVIDERS.get(indicator.source)
    if path is None:
        return None
    return _provider(path)(doc, unit, year)


def note_taken(code: str, found: Sourced, passed_over: bool) -> str:
    text = f"{code}: realisasi diambil dari {found.label}"
    if passed_over:
        text += "; realisasi yang diisi untuk tahun ini tidak dipakai"
    return text


def note_missing(code: str, kind: str, unit: str, year: int, entered: bool) -> str:
    text = f"{code}: sumber realisasi {source_name(kind)} untuk {unit} tahun {year} belum tersedia"
    return text + ("; dipakai realisasi yang diisi" if entered else "")
