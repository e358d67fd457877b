"""The pagu in force on a date (kinerja.figures.budget), on the demo's PKR 2022 budget entries."""

from __future__ import annotations

from datetime import date

from kinerja.figures.budget import pagu_on
from kinerja.interchange import document as d
from tests.figures.test_scenarios import demo_document

# the demo's whole-unit levels (seed 001 Bab II D): pagu awal, Revisi BLT BBM, Revisi Buka Blokir
AWAL, BLT, BLOKIR, AKHIR = 14_742_125_743_000, 12_962_005_000_000, 486_875_545_000, 28_191_006_288_000


def _revisions(doc: d.Document) -> list[d.BudgetEntry]:
    return [
        b for b in doc.budgets if b.unit == "PKR" and b.year == 2022 and b.kind == "revisi" and not b.account
    ]


def _dated(first: date = date(2022, 10, 14), second: date = date(2022, 11, 20)) -> d.Document:
    """The demo with dates on its two revisions (the seed gives none: these are test dates)."""
    doc = demo_document()
    blt, blokir = _revisions(doc)
    assert (blt.amount, blokir.amount) == (BLT, BLOKIR)
    blt.date, blokir.date = first, second
    return doc


def test_the_demo_levels_add_up() -> None:
    doc = demo_document()
    whole = [b for b in doc.budgets if b.unit == "PKR" and b.year == 2022 and not b.account]
    assert [b.amount for b in whole if b.kind == "pagu_awal"] == [AWAL]
    assert [b.amount for b in whole if b.kind == "pagu_akhir"] == [AKHIR]
    assert AWAL + BLT + BLOKIR == AKHIR  # the seed's printed levels (pkr_notes a6)


def test_pagu_on_a_date_counts_the_revisions_dated_by_then() -> None:
    doc = _dated()
    assert pagu_on(doc, "PKR", 2022, date(2022, 9, 1)).amount == AWAL  # PK Awal, September
    assert pagu_on(doc, "PKR", 2022, date(2022, 10, 13)).amount == AWAL  # the day before the revision
    on_the_day = pagu_on(doc, "PKR", 2022, date(2022, 10, 14))
    assert on_the_day.amount == AWAL + BLT and on_the_day.note == ""  # dated records need no note
    assert pagu_on(doc, "PKR", 2022, date(2022, 11, 19)).amount == AWAL + BLT
    assert pagu_on(doc, "PKR", 2022, date(2022, 12, 31)).amount == AKHIR


def test_a_pk_dated_before_a_revision_never_gets_the_revised_pagu() -> None:
    """The inspector's case: a PK of 1 October with a revision of 14 October."""
    on = pagu_on(_dated(), "PKR", 2022, date(2022, 10, 1))
    assert on.amount == AWAL != AKHIR


def test_undated_revisions_cannot_be_placed() -> None:
    doc = demo_document()  # the seed dates no revision
    on = pagu_on(doc, "PKR", 2022, date(2022, 12, 31))
    assert on.amount is None and len(on.undated) == 2
    assert "Tanggal revisi anggaran tidak seluruhnya tercatat" in on.note
    assert "pagu awal dan pagu akhir" in on.note
    # one dated revision is not enough while the other one has no date
    one = _dated()
    _revisions(one)[1].date = None
    assert pagu_on(one, "PKR", 2022, date(2022, 12, 31)).amount is None


def test_unknown_signing_date_gives_no_amount() -> None:
    on = pagu_on(_dated(), "PKR", 2022, None)
    assert on.amount is None and "Tanggal penandatanganan tidak tercatat" in on.note


def test_without_pagu_awal_the_pagu_akhir_only_when_nothing_was_revised() -> None:
    doc = demo_document()
    doc.budgets = [b for b in doc.budgets if not (b.unit == "PKR" and b.kind == "pagu_awal")]
    assert pagu_on(doc, "PKR", 2022, date(2022, 9, 1)).amount is None  # revisions exist
    doc.budgets = [b for b in doc.budgets if not (b.unit == "PKR" and b.kind == "revisi")]
    assert pagu_on(doc, "PKR", 2022, date(2022, 9, 1)).amount == AKHIR


def test_no_budget_at_all() -> None:
    on = pagu_on(demo_document(), "KEMENSOS", 2022, date(2022, 1, 1))
    assert on.amount is None and "belum tersedia" in on.note


def test_parts_named_by_account_are_not_the_unit_pagu() -> None:
    doc = _dated()
    doc.budgets.append(
        d.BudgetEntry(unit="PKR", year=2022, kind="revisi", amount=5, date=date(2022, 9, 2), account="Bagian")
    )
    assert pagu_on(doc, "PKR", 2022, date(2022, 12, 31)).amount == AKHIR
