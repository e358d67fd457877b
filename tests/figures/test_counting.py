"""Which realisations count (kinerja.figures.counting): official vs provisional, the quarter ->
year rule, and "no unapproved value ever replaces an approved one" as a property."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kinerja.figures.counting import Basis, counts_officially, select_records, year_narrative
from kinerja.interchange import document as d

KEY = "PKR:IKK 1.4"
STATUSES = ("draft", "submitted", "verified", "approved")


def _record(quarter: int | None, status: str, value: int = 1, unit: str = "PKR") -> d.Realization:
    return d.Realization(
        unit=unit,
        indicator="IKK 1.4",
        period=d.Period(2022, quarter),
        value=Decimal(value),
        status=status,
        narrative=d.Narrative(analysis=f"analisis {quarter or 'tahun'}"),
        evidence=[f"bukti {quarter or 'tahun'}"],
    )


def _doc(*records: d.Realization, count_verified: bool = False) -> d.Document:
    doc = d.Document(realizations=list(records))
    doc.policy.count_verified = count_verified
    return doc


def test_only_approved_counts_officially_unless_the_agency_admits_verified() -> None:
    assert counts_officially("approved")
    assert not counts_officially("verified")
    assert counts_officially("verified", count_verified=True)
    for status in ("draft", "submitted"):
        assert not counts_officially(status, count_verified=True)


def test_a_file_realisation_without_status_is_approved() -> None:
    assert d.Realization(unit="PKR", indicator="IKK 1.1", period=d.Period(2022)).status == "approved"


def test_draft_year_record_never_replaces_approved_quarters() -> None:
    doc = _doc(_record(1, "approved", 10), _record(2, "approved", 20), _record(None, "draft", 99))
    for basis in Basis:
        rec = select_records(doc, 2022, [KEY], basis).by_key[KEY]
        assert rec.annual is None, basis
        assert sorted(rec.quarters) == [1, 2]
        assert [r.period.quarter for r in rec.left_out] == [None]


def test_approved_year_record_makes_the_year() -> None:
    doc = _doc(_record(1, "approved", 10), _record(None, "approved", 99))
    rec = select_records(doc, 2022, [KEY], Basis.OFFICIAL).by_key[KEY]
    assert rec.annual is not None and rec.annual.value == 99


def test_drafts_only_make_a_provisional_year_and_no_official_one() -> None:
    doc = _doc(_record(1, "draft", 10), _record(None, "submitted", 99))
    official = select_records(doc, 2022, [KEY], Basis.OFFICIAL).by_key[KEY]
    assert official.annual is None and not official.quarters and len(official.left_out) == 2
    provisional = select_records(doc, 2022, [KEY], Basis.PROVISIONAL)
    assert provisional.by_key[KEY].annual is not None and provisional.by_key[KEY].annual.value == 99
    assert len(provisional.unapproved_used([KEY])) == 1


def test_verified_counts_when_the_agency_says_so() -> None:
    doc = _doc(_record(None, "verified", 7), count_verified=True)
    assert select_records(doc, 2022, [KEY], Basis.OFFICIAL).by_key[KEY].annual is not None
    doc = _doc(_record(None, "verified", 7))
    assert select_records(doc, 2022, [KEY], Basis.OFFICIAL).by_key[KEY].annual is None


def test_components_count_officially_even_in_the_provisional_view() -> None:
    doc = _doc(_record(None, "draft", 7))
    sel = select_records(doc, 2022, [], Basis.PROVISIONAL, official_only=[KEY])
    assert sel.by_key[KEY].annual is None


def test_year_narrative_and_evidence_from_the_quarters_that_count() -> None:
    doc = _doc(_record(1, "approved"), _record(2, "draft"), _record(3, "approved"))
    rec = select_records(doc, 2022, [KEY], Basis.OFFICIAL).by_key[KEY]
    narrative, evidence = year_narrative(rec)
    assert narrative.analysis == "Triwulan I: analisis 1\nTriwulan III: analisis 3"
    assert evidence == ["bukti 1", "bukti 3"]  # the draft TW II's evidence is not official


def test_the_owner_record_wins_over_another_units() -> None:
    doc = _doc(_record(None, "approved", 5, unit="DAYASOS"), _record(None, "approved", 6))
    doc.realizations[0].indicator = "PKR:IKK 1.4"
    rec = select_records(doc, 2022, [KEY], Basis.OFFICIAL).by_key[KEY]
    assert rec.annual is not None and rec.annual.value == 6


records_strategy = st.lists(
    st.tuples(st.sampled_from([None, 1, 2, 3, 4]), st.sampled_from(STATUSES), st.integers(0, 100)),
    max_size=6,
    unique_by=lambda t: t[0],
)


@given(records_strategy, st.booleans())
def test_no_unapproved_value_replaces_an_approved_one(
    records: list[tuple[int | None, str, int]], cv: bool
) -> None:
    doc = _doc(*(_record(q, s, v) for q, s, v in records), count_verified=cv)
    official = select_records(doc, 2022, [KEY], Basis.OFFICIAL).by_key[KEY]
    provisional = select_records(doc, 2022, [KEY], Basis.PROVISIONAL).by_key[KEY]
    # official figures use only records that count officially
    assert all(counts_officially(r.status, cv) for r in official.used)
    # whatever official uses, the provisional view uses it too: nothing unapproved displaces it
    if official.annual is not None:
        assert provisional.annual is official.annual
    else:
        assert provisional.annual is None or not any(
            counts_officially(q.status, cv) for q in provisional.quarters.values()
        )
        for q, r in official.quarters.items():
            assert provisional.quarters[q] is r
