"""The pagu in force on a date (kinerja.figures.budget), on the demo's PKR 2022 budget."""

from __future__ import annotations

import copy
from datetime import date

from kinerja.figures.budget import pagu_on
from kinerja.interchange import document as d
from tests.figures.test_scenarios import demo_document

AWAL, BLT, BLOKIR, AKHIR = 14_742_125_743_000, 12_962_005_000_000, 486_875_545_000, 28_191_006_288_000


def _dated(doc: d.Document) -> d.Document:
    """The demo with dates on the two revisions (the seed gives none)."""
    doc = copy.deepcopy(doc)
    revisions = [b for b in doc.budgets if b.unit == "PKR" and b.year == 2022 and b.kind == "revisi"]
    revisions[0].date, revisions[1].date = date(2022, 10, 14), date(2022, 11, 20)
    return doc


def test_the_demo_levels_add_up() -> None:
    assert AWAL + BLT + BLOKIR == AKHIR  # the seed's printed levels (pkr_notes a6)


def test_pagu_on_a_date_counts_the_revisions_dated_by_then() -> None:
    doc = _dated(demo_document())
    assert pagu_on(doc, "PKR", 2022, date(2022, 9, 1)).amount == AWAL
    assert pagu_on(doc, "PKR", 2022, date(2022, 10, 13)).amount == AWAL  # the day before the revision
    assert pagu_on(doc, "PKR", 2022, date(2022, 10, 14)).amount == AWAL + BLT
    assert pagu_on(doc, "PKR", 2022, date(2022, 12, 31)).amount == AKHIR


def test_undated_revisions_are_named_not_guessed() -> None:
    doc = demo_document()  # the seed dates no revision
    on = pagu_on(doc, "PKR", 2022, date(2022, 12, 31))
    assert on.amount == AWAL and len(on.undated) == 2
    assert "2 revisi anggaran tidak bertanggal" in on.note


def test_unknown_signing_date_gives_no_amount() -> None:
    on = pagu_on(demo_document(), "PKR", 2022, None)
    assert on.amount is None and "tidak tercatat" in on.note
    assert pagu_on(demo_document(), "KEMENSOS", 2022, date(2022, 1, 1)).amount is None
