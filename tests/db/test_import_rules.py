"""Import semantics: idempotent, all or nothing, references into the database, precision,
wholesale replacement of what a file names, locked realisations."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal as D

import pytest

from kinerja.core.types import KinerjaValidationError, NumericTarget
from kinerja.interchange.db import ImportSummary, export_document, import_document
from kinerja.interchange.document import (
    Agency,
    BudgetEntry,
    Document,
    Indicator,
    Objective,
    Period,
    Plan,
    PolicyDoc,
    Realization,
    Unit,
    UnitText,
)
from kinerja.measurement.models import Realization as RealizationRow
from kinerja.measurement.models import RealizationInput
from kinerja.organizations.models import Agency as AgencyRow
from kinerja.planning.models import Indicator as IndicatorRow
from tests.db.conftest import row_counts
from tests.db.documents import PRECISE, rich_document, units

pytestmark = pytest.mark.django_db


def test_summary_counts_what_the_file_carried(db) -> None:  # type: ignore[no-untyped-def]
    summary = import_document(rich_document())
    assert isinstance(summary, ImportSummary)
    assert summary.units == 7
    assert summary.plans == 5
    assert summary.objectives == 7
    assert summary.indicators == 12
    assert summary.agreements == 3
    assert summary.action_plans == 2
    assert summary.realizations == 11
    assert summary.budgets == 10 and summary.budget_outputs == 2
    assert summary.texts == 3
    assert "7 unit" in str(summary) and "11 realisasi" in str(summary)


def test_importing_twice_changes_nothing(rich: Document) -> None:
    before = row_counts()
    versions = dict(RealizationRow.objects.values_list("id", "version"))
    stamps = dict(RealizationRow.objects.values_list("id", "updated_at"))
    indicator_ids = set(IndicatorRow.objects.values_list("id", flat=True))
    import_document(rich_document())
    assert row_counts() == before
    assert dict(RealizationRow.objects.values_list("id", "version")) == versions
    assert dict(RealizationRow.objects.values_list("id", "updated_at")) == stamps
    assert set(IndicatorRow.objects.values_list("id", flat=True)) == indicator_ids
    assert export_document() == rich


def test_changed_realisation_gets_a_new_version(rich: Document) -> None:
    doc = rich_document()
    doc.realizations = [
        r for r in doc.realizations if (r.unit, r.indicator, str(r.period)) == ("PKR", "IKK 1.2", "2022")
    ]
    doc.realizations[0].value = D("7.5")
    row = RealizationRow.objects.get(unit__code="PKR", indicator__code="IKK 1.2", year=2022)
    import_document(doc)
    row2 = RealizationRow.objects.get(pk=row.pk)
    assert row2.version == row.version + 1
    assert row2.value_number == D("7.5")
    assert row2.updated_at >= row.updated_at


def test_unknown_indicator_in_the_last_realisation_writes_nothing(rich: Document) -> None:
    before = row_counts()
    exported = export_document()
    doc = rich_document()
    doc.units[0].name = "Nama baru"  # would be written first
    doc.plans[0].vision = "Visi baru"
    doc.realizations.append(Realization(unit="PKR", indicator="IKK 9.9", period=Period(2022), value=D(1)))
    with pytest.raises(KinerjaValidationError) as err:
        import_document(doc, source="salah.yaml")
    assert "IKK 9.9" in str(err.value)
    assert err.value.where and "salah.yaml" in err.value.where
    assert row_counts() == before
    assert export_document() == exported


def test_unknown_indicator_into_an_empty_database_writes_nothing(db) -> None:  # type: ignore[no-untyped-def]
    doc = rich_document()
    doc.realizations.append(Realization(unit="PKR", indicator="IKK 9.9", period=Period(2022), value=D(1)))
    with pytest.raises(KinerjaValidationError):
        import_document(doc, source="salah.yaml")
    assert not any(row_counts().values())


def test_failure_late_in_the_import_rolls_everything_back(rich: Document) -> None:
    """Past the reference check: a locked realisation may not change; the plans, units and
    agreements already rewritten in this import are rolled back too."""
    RealizationRow.objects.filter(unit__code="REHSOS").update(locked=True)
    before = row_counts()
    exported = export_document()
    doc = rich_document()
    doc.units[0].name = "Nama baru"
    doc.plans[0].objectives[0].indicators[0].name = "Nama indikator baru"
    doc.agreements[0].label = "label baru"
    doc.budgets = doc.budgets[:1]
    doc.realizations[-1].value = D("1")  # REHSOS IKP 1 2022, locked
    with pytest.raises(KinerjaValidationError) as err:
        import_document(doc, source="kunci.yaml")
    assert "dikunci" in str(err.value)
    assert "realizations[10]" in str(err.value)
    assert row_counts() == before
    assert export_document() == exported


def test_locked_realisation_may_be_reimported_unchanged(rich: Document) -> None:
    RealizationRow.objects.update(locked=True)
    import_document(rich_document())
    assert RealizationRow.objects.filter(locked=True).count() == len(rich.realizations)
    assert export_document() == rich


def test_new_plan_may_not_drop_an_indicator_with_locked_realisations(rich: Document) -> None:
    RealizationRow.objects.filter(unit__code="PKR", indicator__code="IKK 2.1").update(locked=True)
    doc = Document(agency=rich.agency, plans=[copy.deepcopy(rich.plans[3])])
    doc.plans[0].objectives[1].indicators = doc.plans[0].objectives[1].indicators[1:]
    with pytest.raises(KinerjaValidationError, match="dikunci"):
        import_document(doc)


def test_file_may_refer_to_units_objectives_and_indicators_in_the_database(db) -> None:  # type: ignore[no-untyped-def]
    full = rich_document()
    structure = copy.deepcopy(full)
    structure.agreements = structure.action_plans = structure.realizations = []
    structure.budgets = structure.texts = []
    import_document(structure, source="struktur.yaml")
    # a data-only file: no units, no plans, default agency name and policy
    data = Document(
        agency=Agency(code="KEMENSOS"),
        agreements=full.agreements,
        action_plans=full.action_plans,
        realizations=full.realizations,
        budgets=full.budgets,
        texts=full.texts,
    )
    import_document(data, source="data.yaml")
    assert export_document() == full  # name and policy were not reset by the data-only file
    # a plan-only file referring to units and to other plans' objectives in the database
    plan = Document(agency=Agency(code="KEMENSOS"), plans=[copy.deepcopy(full.plans[3])])
    import_document(plan, source="renstra-pkr.yaml")
    assert export_document() == full


def test_plan_in_a_file_replaces_that_plan_version_wholesale(rich: Document) -> None:
    pkr = copy.deepcopy(next(p for p in rich.plans if p.unit == "PKR"))
    pkr.missions = ["Satu misi saja"]
    pkr.goals = []
    keep = pkr.objectives[0]
    keep.goal = None
    keep.supports = ["KEMENSOS:SS1"]
    keep.indicators = keep.indicators[:1]  # IKK 1.2 goes, IKK 1.1 stays
    keep.indicators[0].targets = {2022: NumericTarget(D(98))}
    moved = Objective(code="SK3", level="SK", statement="Baru", indicators=[pkr.objectives[1].indicators[0]])
    pkr.objectives = [keep, moved]  # SK2 goes; IKK 2.1 moves to SK3; TU:IKK 2.2 goes
    ikk21 = IndicatorRow.objects.get(plan__unit__code="PKR", code="IKK 2.1").pk
    import_document(Document(agency=rich.agency, plans=[pkr]))
    after = export_document()
    assert next(p for p in after.plans if p.unit == "PKR") == pkr
    # realisations of kept indicators survive (also the one that moved), the others went
    assert IndicatorRow.objects.get(plan__unit__code="PKR", code="IKK 2.1").pk == ikk21
    kept = {(r.indicator, str(r.period)) for r in after.realizations if r.unit == "PKR"}
    assert kept == {("IKK 1.1", "2022"), ("IKK 1.1", "2022-Q3"), ("IKK 1.1", "2022-Q4"), ("IKK 2.1", "2022")}
    # targets of a PK on a dropped indicator went with it
    pk2 = next(a for a in after.agreements if a.unit == "PKR" and a.version == 2)
    assert set(pk2.targets) == {"IKK 1.1", "IKK 2.1"}
    # the other plans are untouched
    assert [p for p in after.plans if p.unit != "PKR"] == [p for p in rich.plans if p.unit != "PKR"]
    # a budget entry pointing to a dropped objective keeps the entry, without the link
    assert all(b.objective != "SK2" for b in after.budgets)


def test_budgets_replace_the_unit_years_in_the_file(rich: Document) -> None:
    doc = Document(
        agency=rich.agency,
        budgets=[
            BudgetEntry(unit="PKR", year=2022, kind="pagu_awal", amount=5),
            BudgetEntry(unit="PKR", year=2022, kind="pagu_akhir", amount=6),
        ],
    )
    import_document(doc)
    budgets = export_document().budgets
    assert [(b.unit, b.year, b.kind, b.amount) for b in budgets] == [
        ("KEMENSOS", 2022, "renstra", 80_000_000_000_000),
        ("PKR", 2022, "pagu_awal", 5),
        ("PKR", 2022, "pagu_akhir", 6),
        ("PKR", 2023, "pagu_awal", 1),
    ]


def test_texts_and_realisations_replace_only_what_they_name(rich: Document) -> None:
    doc = Document(
        agency=rich.agency,
        texts=[UnitText(unit="PKR", year=2022, key="pendahuluan", text="Baru")],
        realizations=[Realization(unit="PKR", indicator="PKR:IKK 1.1", period=Period(2022, 4), value=D(100))],
    )
    import_document(doc)
    after = export_document()
    assert [(t.key, t.text) for t in after.texts if t.year == 2022] == [
        ("isu_strategis", "a. Kapasitas SDM belum optimal."),
        ("pendahuluan", "Baru"),
    ]
    q4 = [r for r in after.realizations if r.indicator == "IKK 1.1" and r.period.quarter == 4]
    assert [r.value for r in q4] == [D(100)]
    assert len(after.realizations) == len(rich.realizations)


def test_decimal_precision_is_kept(db) -> None:  # type: ignore[no-untyped-def]
    doc = rich_document()
    r = doc.realizations[6]
    assert (r.unit, r.indicator) == ("PKR", "IKK 2.1")
    indicator = next(i for p in doc.plans for o in p.objectives for i in o.indicators if i.code == "IKK 2.1")
    indicator.formula = "n / T * 100"  # inputs need a formula to belong to
    r.value = D("99.24574468085106382978723404")  # more places than stored: rounded half-up at 10
    r.inputs = {"n": D("18658193"), "T": D("18800000"), "p": D("0.0000000001"), "big": D("12345678901234")}
    import_document(doc)
    row = RealizationRow.objects.get(unit__code="PKR", indicator__code="IKK 2.1", year=2022, quarter=None)
    assert row.value_number == PRECISE == D("99.2457446809")
    assert row.value_number.as_tuple().exponent == -10
    inputs = dict(RealizationInput.objects.filter(realization=row).values_list("name", "value"))
    assert inputs == {"n": D(18658193), "T": D(18800000), "p": D("1E-10"), "big": D(12345678901234)}
    exported = next(x for x in export_document().realizations if x.indicator == "IKK 2.1")
    assert exported.value == PRECISE
    assert str(exported.value) == "99.2457446809"
    assert str(exported.inputs["T"]) == "18800000"


def test_money_is_whole_rupiah(db) -> None:  # type: ignore[no-untyped-def]
    doc = rich_document()
    doc.budgets[0].amount = 9_000_000_000_000_000_000  # beyond 2^62, within bigint
    import_document(doc)
    assert export_document().budgets[0].amount == 9_000_000_000_000_000_000
    doc.budgets[0].amount = 2**63
    with pytest.raises(KinerjaValidationError, match="terlalu besar"):
        import_document(doc)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda doc: setattr(doc.units[0], "level", "eselon9"), "tingkat unit"),
        (lambda doc: setattr(doc.units[0], "parent", "TIDAKADA"), "TIDAKADA"),
        (lambda doc: setattr(doc.units[2], "parent", "TU"), "melingkar"),
        (lambda doc: doc.units.append(copy.deepcopy(doc.units[0])), "dua kali"),
        (lambda doc: setattr(doc.plans[3].objectives[0], "goal", "T9"), "T9"),
        (lambda doc: setattr(doc.plans[3].objectives[0], "supports", ["KEMENSOS:SS9"]), "KEMENSOS:SS9"),
        (lambda doc: doc.plans[1].objectives[0].indicators[1].weights.update({"X:Y": D(1)}), "X:Y"),
        (lambda doc: setattr(doc.agreements[1], "reason", "z"), "alasan revisi"),
        (lambda doc: setattr(doc.realizations[0], "status", "selesai"), "status"),
        (lambda doc: setattr(doc.realizations[0], "period", Period(2022, 5)), "triwulan"),
        (lambda doc: setattr(doc.realizations[0], "value", D("1e30")), "terlalu besar"),
        (lambda doc: doc.realizations.append(copy.deepcopy(doc.realizations[0])), "dua kali"),
        (lambda doc: setattr(doc.budgets[0], "kind", "hibah"), "jenis anggaran"),
        (lambda doc: setattr(doc.budgets[1], "month", 13), "bulan"),
        (lambda doc: setattr(doc.budgets[1], "amount", D("1.5")), "rupiah bulat"),
        (lambda doc: setattr(doc.units[1], "name", "X" * 301), "terlalu panjang"),
        (lambda doc: setattr(doc, "format", "kinerja/v9"), "format"),
    ],
)
def test_bad_documents_are_refused_with_the_place(db, change, message) -> None:  # type: ignore[no-untyped-def]
    doc = rich_document()
    change(doc)
    with pytest.raises(KinerjaValidationError) as err:
        import_document(doc, source="berkas.yaml")
    assert message in str(err.value)
    assert str(err.value).startswith("berkas.yaml")
    assert not any(row_counts().values())


def test_two_agencies_live_side_by_side(rich: Document) -> None:
    other = Document(
        agency=Agency(code="KEMENKES", name="Kementerian Kesehatan"),
        policy=PolicyDoc(max_achievement=D(110)),
        units=[Unit(code="PKR", name="Unit lain dengan kode sama", level="eselon2")],
        plans=[
            Plan(
                unit="PKR",
                period=(2020, 2024),
                objectives=[
                    Objective(
                        code="SK1",
                        level="SK",
                        statement="x",
                        indicators=[Indicator(code="IKK 1.1", name="y")],
                    )
                ],
            )
        ],
    )
    import_document(other)
    assert export_document(agency_code="KEMENSOS") == rich
    assert export_document(agency_code="KEMENKES") == other
    with pytest.raises(KinerjaValidationError, match="beberapa instansi"):
        export_document()
    with pytest.raises(KinerjaValidationError, match="beberapa instansi"):
        export_document(unit="PKR")
    assert AgencyRow.objects.count() == 2


def test_unit_lineage_follows_the_work(rich: Document) -> None:
    from kinerja.organizations.models import Unit as UnitRow

    pkr = UnitRow.objects.get(code="PKR")
    assert [u.code for u in pkr.lineage()] == ["PKR", "PFM"]
    assert [u.code for u in pkr.ancestors()] == ["DAYASOS", "KEMENSOS"]
    assert sorted(pkr.descendant_codes()) == ["PKR", "TU"]
    link = pkr.predecessor_links.get()
    assert link.since == date(2022, 9, 1)


def test_units_referenced_only_by_code_exist(db) -> None:  # type: ignore[no-untyped-def]
    import_document(Document(units=units()))
    assert sorted(u.code for u in export_document().units) == sorted(u.code for u in units())


def test_long_decimals_are_exact_or_refused(db) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL keeps every digit; SQLite (floating point inside) keeps 15 significant digits,
    so a value it cannot hold exactly is refused instead of silently rounded."""
    from django.db import connection

    doc = rich_document()
    doc.realizations[4].inputs = {"n": D("123456789.0123456789"), "T": D("99999999999999999.9999999999")}
    if connection.vendor == "sqlite":
        with pytest.raises(KinerjaValidationError, match="15 digit"):
            import_document(doc)
        assert not any(row_counts().values())
        doc.realizations[4].inputs = {"n": D("12345.1234567891"), "T": D("999999999999999")}
    import_document(doc)
    assert export_document().realizations[4].inputs == doc.realizations[4].inputs


def test_approved_realisations_are_imported_locked_and_stay_locked(db) -> None:  # type: ignore[no-untyped-def]
    doc = rich_document()
    import_document(doc)
    rows = {r.status: r.locked for r in RealizationRow.objects.all()}
    assert rows["approved"] is True
    assert rows["submitted"] is False and rows["verified"] is False
    changed = copy.deepcopy(doc)
    approved = next(r for r in changed.realizations if r.status == "approved")
    approved.value = "WDP"
    with pytest.raises(KinerjaValidationError, match="dikunci"):
        import_document(changed)
    assert (
        RealizationRow.objects.get(indicator__code="IKSS 2.1", year=2022, quarter=None).value_label == "WTP"
    )


def test_agreement_status_survives_import_and_export(db) -> None:  # type: ignore[no-untyped-def]
    from kinerja.agreements.models import Agreement as AgreementRow

    doc = rich_document()
    doc.agreements[-1].status = "draft"
    import_document(doc)
    statuses = dict(AgreementRow.objects.values_list("version", "status"))
    assert statuses[doc.agreements[-1].version] == "draft"
    assert [a.status for a in export_document().agreements] == [a.status for a in doc.agreements]
    doc.agreements[-1].status = "ditandatangani"
    with pytest.raises(KinerjaValidationError, match="status PK"):
        import_document(doc)
