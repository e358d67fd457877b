"""Each rule on small documents made in code: a clean document has no finding, and each planted
problem gives exactly the finding it should, with its place and numbers."""

from __future__ import annotations

from decimal import Decimal

from kinerja.core.types import Aggregation
from kinerja.interchange import document as d
from kinerja.lint.findings import Severity
from kinerja.lint.rules import RULES, _denominators
from kinerja.lint.run import lint_document
from tests.lint.helpers import findings, n, small


def test_clean_document_has_no_findings() -> None:
    report = lint_document(small())
    assert report.findings == (), [f.message for f in report.findings]
    assert report.exit_code == 0


def test_every_rule_code_is_unique_and_titled() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    assert all(r.title for r in RULES)


def test_missing_target_per_year() -> None:
    doc = small()
    doc.plans[1].period = (2021, 2023)
    doc.plans[1].objectives[0].indicators[0].targets = {2022: n(90)}
    found = findings(doc, "L101")
    assert [(f.unit, f.year, f.indicator) for f in found] == [("D", 2021, "IKK 1"), ("D", 2023, "IKK 1")]
    assert found[0].severity is Severity.PERINGATAN
    assert found[0].path == "plans[1].objectives[0].indicators[0].targets"


def test_missing_target_not_required_before_unit_exists() -> None:
    doc = small()
    doc.units[1].valid_from = d.date(2022, 9, 1)
    doc.plans[1].period = (2021, 2022)
    assert findings(doc, "L101") == []
    (info,) = findings(doc, "L107")
    assert "2021" in info.message and "1 September 2022" in info.message


def test_missing_realization_for_pk_year_is_an_error() -> None:
    doc = small()
    doc.realizations.clear()
    (f,) = findings(doc, "L501")
    assert (f.severity, f.unit, f.year, f.indicator) == (Severity.GALAT, "D", 2022, "IKK 1")
    assert lint_document(doc).exit_code == 1


def test_empty_realization_with_explanation_is_info() -> None:
    doc = small()
    doc.realizations[0] = d.Realization(
        unit="D", indicator="IKK 1", period=d.Period(2022), narrative=d.Narrative(analysis="belum dinilai")
    )
    (f,) = findings(doc, "L501")
    assert f.severity is Severity.INFO


def test_quarterly_realization_counts() -> None:
    doc = small()
    doc.realizations[0].period = d.Period(2022, 4)
    assert findings(doc, "L501") == []


def test_stated_value_differs_from_formula() -> None:
    doc = small()
    doc.realizations[0].value = Decimal("95.01")  # within 0,005? no: 0,01 off
    (f,) = findings(doc, "L502")
    assert f.severity is Severity.GALAT
    assert "95,01" in f.message and "n = 95, T = 100" in f.message
    doc.realizations[0].value = Decimal("95.004")
    assert findings(doc, "L502") == []


def test_inputs_the_formula_cannot_use() -> None:
    doc = small()
    doc.realizations[0].inputs = {"n": Decimal(95)}
    (f,) = findings(doc, "L503")
    assert "T" in f.message
    doc.realizations[0].inputs = {"n": Decimal(95), "T": Decimal(0)}
    (f,) = findings(doc, "L503")
    assert "dihitung" in f.message


def test_unknown_indicator_in_realization() -> None:
    doc = small()
    doc.realizations[0].indicator = "IKK 9"
    assert [f.code for f in findings(doc) if f.severity is Severity.GALAT] == ["L501", "L506"]


def test_duplicate_codes_and_names() -> None:
    doc = small()
    sk = doc.plans[1].objectives[0]
    twin = d.Indicator(code="ikk 1", name="Persentase layanan TEPAT waktu", unit_of_measure="%")
    doc.plans[1].objectives.append(d.Objective(code="sk1", level="SK", statement="x", supports=["M:SS1"]))
    doc.plans[1].objectives[1].indicators.append(twin)
    assert sk.code == "SK1"
    (code,) = findings(doc, "L102")
    assert (code.objective, code.indicator, code.severity) == ("sk1", "ikk 1", Severity.GALAT)
    (obj,) = findings(doc, "L103")
    assert obj.objective == "sk1"
    (name,) = findings(doc, "L104")
    assert name.indicator == "ikk 1"


def test_identical_formula_and_variables() -> None:
    doc = small()
    first = doc.plans[1].objectives[0].indicators[0]
    doc.plans[1].objectives[0].indicators.append(
        d.Indicator(
            code="IKK 2",
            name="Persentase layanan tepat nilai",
            unit_of_measure="%",
            formula="n/T*100",
            variables=dict(first.variables),
            targets={2022: n(90)},
        )
    )
    (f,) = findings(doc, "L105")
    assert f.indicator == "IKK 2"


def test_unit_of_measure_missing() -> None:
    doc = small()
    doc.plans[0].objectives[0].indicators[0].unit_of_measure = " "
    (f,) = findings(doc, "L106")
    assert (f.unit, f.indicator) == ("M", "IKU 1")


def test_cascade_broken_and_unknown() -> None:
    doc = small()
    doc.plans[1].objectives[0].supports = []
    (f,) = findings(doc, "L201")
    assert (f.unit, f.objective) == ("D", "SK1") and "M" in f.message
    doc.plans[1].objectives[0].supports = ["M:SS9"]
    (f,) = findings(doc, "L202")
    assert "M:SS9" in f.message
    # a top unit's objective needs no parent
    assert [x.unit for x in findings(doc, "L201")] == []


def test_support_to_same_level_is_noted() -> None:
    doc = small()
    doc.plans[0].objectives[0].level = "SK"
    (f,) = findings(doc, "L203")
    assert "tingkat SK" in f.message


def test_composite_components() -> None:
    doc = small()
    iku = doc.plans[0].objectives[0].indicators[0]
    iku.components = ["D:IKK 1", "D:IKK 9"]
    (unknown,) = findings(doc, "L301")
    assert "D:IKK 9" in unknown.message
    iku.components = ["D:IKK 1"]
    doc.agreements.append(d.Agreement(unit="M", year=2022, version=1, targets={"IKU 1": n(80)}))
    assert findings(doc, "L302") == []  # D:IKK 1 has its realisation
    doc.realizations.clear()
    (missing,) = findings(doc, "L302")
    assert missing.severity is Severity.PERINGATAN and "D:IKK 1" in missing.message
    iku.aggregation = Aggregation.SUM
    (missing,) = findings(doc, "L302")
    assert missing.severity is Severity.GALAT


def test_composite_weights() -> None:
    doc = small()
    iku = doc.plans[0].objectives[0].indicators[0]
    iku.components = ["D:IKK 1"]
    iku.aggregation = Aggregation.WEIGHTED_MEAN
    (f,) = findings(doc, "L303")
    assert "tidak punya bobot" in f.message
    iku.weights = {"D:IKK 1": Decimal(1), "D:IKK 7": Decimal(2)}
    (f,) = findings(doc, "L303")
    assert "D:IKK 7" in f.message


def test_composite_scales() -> None:
    doc = small()
    iku = doc.plans[0].objectives[0].indicators[0]
    extra = d.Indicator(
        code="IKK 2", name="Indeks partisipasi", unit_of_measure="%", targets={2022: n("0.7")}
    )
    doc.plans[1].objectives[0].indicators.append(extra)
    iku.components = ["D:IKK 1", "D:IKK 2"]
    (f,) = findings(doc, "L304")
    assert "besaran target berbeda jauh" in f.message and "0,70" in f.message
    extra.targets = {2022: n(70)}
    extra.unit_of_measure = "indeks"
    (f,) = findings(doc, "L304")
    assert "satuan berbeda" in f.message


def test_pk_revision_needs_reason() -> None:
    doc = small()
    doc.agreements.append(d.Agreement(unit="D", year=2022, version=2, targets={"IKK 1": n(92)}))
    (f,) = findings(doc, "L401")
    assert (f.severity, f.year, f.path) == (Severity.GALAT, 2022, "agreements[1].reason")
    doc.agreements[1].reason = "b"
    assert findings(doc, "L401") == []
    assert findings(doc, "L403") == []  # targets changed


def test_pk_v1_differs_from_renstra() -> None:
    doc = small()
    doc.agreements[0].targets = {"IKK 1": n(95)}
    (f,) = findings(doc, "L402")
    assert "95" in f.message and "90" in f.message
    doc.agreements[0].reason_note = "target dinaikkan setelah reviu anggaran"
    assert findings(doc, "L402") == []


def test_pk_identical_revision_and_gaps_and_foreign_indicator() -> None:
    doc = small()
    doc.agreements.append(d.Agreement(unit="D", year=2022, version=3, reason="a", targets={"IKK 1": n(90)}))
    (gap,) = findings(doc, "L406")
    assert "1, 3" in gap.message
    (same,) = findings(doc, "L403")
    assert "versi 1" in same.message
    doc.agreements[1].targets = {"IKK 1": n(90), "M:IKU 1": n(80), "IKK 5": n(1)}
    codes = sorted((f.indicator, f.severity.value) for f in findings(doc, "L404"))
    assert codes == [("IKK 5", "galat"), ("M:IKU 1", "peringatan")]
    doc.agreements[1].targets = {}
    (missing,) = findings(doc, "L405")
    assert missing.indicator == "IKK 1" and "90" in missing.message


def test_denominator_helpers() -> None:
    assert _denominators("n / T * 100") == ["T"]
    assert _denominators("(a + b) / (c - d) * 100") == ["c", "d"]
    assert _denominators("a * 2") == []


def test_denominator_equal_to_target() -> None:
    doc = small()
    doc.realizations[0].inputs = {"n": Decimal(95), "T": Decimal(90)}
    doc.realizations[0].value = None
    (f,) = findings(doc, "L505")
    assert "T = 90" in f.message


def test_budget_chain_and_realisation_above_pagu() -> None:
    doc = small()
    doc.budgets[1].amount = -150
    (f,) = findings(doc, "L601")
    assert "Rp1.000" in f.message and "Rp850" in f.message and "Rp800" in f.message and "-Rp50" in f.message
    doc.budgets[1].amount = -200
    doc.budgets[3].amount = 801
    (f,) = findings(doc, "L602")
    assert "Rp801" in f.message and "selisih Rp1" in f.message
    doc.budgets[3].amount = 790
    doc.budgets[1].note = ""
    doc.budgets[1].date = None
    (f,) = findings(doc, "L603")
    assert f.severity is Severity.PERINGATAN and "tanggal dan keterangan" in f.message


def test_budget_without_pagu_and_parts_above_whole() -> None:
    doc = small()
    del doc.budgets[0]
    codes = sorted(f.code for f in findings(doc))
    assert codes == ["L607"]
    doc = small()
    doc.budgets.append(d.BudgetEntry(unit="D", year=2022, kind="pagu_akhir", amount=900, account="Jasa"))
    (f,) = findings(doc, "L606")
    assert "Rp900" in f.message and "Rp800" in f.message


def test_the_same_account_on_two_ro_is_two_lines_and_the_ro_are_parts() -> None:
    """Belanja Barang on two RO is not "two pagu akhir" (L601); the lines on RO are parts of the
    unit's pagu (L606 when they add up to more); realisation above its RO's pagu is L602."""
    doc = small()
    doc.budget_outputs += [
        d.BudgetOutput(unit="D", year=2022, level="ro", code=code, name=code) for code in ("RO-1", "RO-2")
    ]
    doc.budgets += [
        d.BudgetEntry(
            unit="D", year=2022, kind="pagu_akhir", amount=300, account="Belanja Barang", output="RO-1"
        ),
        d.BudgetEntry(
            unit="D", year=2022, kind="pagu_akhir", amount=400, account="Belanja Barang", output="RO-2"
        ),
    ]
    assert findings(doc, "L601") == [] and findings(doc, "L606") == []
    doc.budgets.append(
        d.BudgetEntry(
            unit="D", year=2022, kind="realisasi", amount=450, account="Belanja Barang", output="RO-2"
        )
    )
    (f,) = findings(doc, "L602")
    assert "RO/KRO RO-2" in f.message and "selisih Rp50" in f.message
    doc.budgets[-3].amount = 500  # 500 + 400 on the RO > the unit's pagu akhir 800
    (f,) = findings(doc, "L606")
    assert "Rp900" in f.message and "Rp800" in f.message


def test_renstra_totals_by_account_and_by_unit_tree() -> None:
    doc = small()
    doc.budgets += [
        d.BudgetEntry(unit="D", year=2022, kind="renstra", amount=100, account="Program X"),
        d.BudgetEntry(unit="D", year=2022, kind="renstra", amount=60, account="Program X - a. Layanan"),
        d.BudgetEntry(unit="D", year=2022, kind="renstra", amount=50, account="Program X - b. Bantuan"),
    ]
    (f,) = findings(doc, "L604")
    assert "Rp110" in f.message and "selisih -Rp10" in f.message
    doc.budgets[-1].amount = 40
    assert findings(doc, "L604") == []
    # the ministry's need is the total of its units' needs
    doc.budgets.append(d.BudgetEntry(unit="M", year=2022, kind="renstra", amount=199))
    (f,) = findings(doc, "L604")
    assert f.unit == "M" and "Rp199" in f.message and "Rp200" in f.message
    # below a unit that is not a total, a larger need is a warning
    doc.units[0].level = "eselon1"
    (f,) = findings(doc, "L605")
    assert f.unit == "D"


def test_lkj_texts_and_narratives() -> None:
    doc = small()
    del doc.texts[5]
    doc.texts[0].text = "  "
    assert sorted(f.message.split("'")[1] for f in findings(doc, "L701")) == ["pendahuluan", "penutup"]
    doc.realizations[0].narrative = d.Narrative(analysis="", supporting="x")
    (f,) = findings(doc, "L702")
    assert f.path == "realizations[0].narrative.analysis"
    (f,) = findings(doc, "L703")
    assert "faktor penghambat, tindak lanjut" in f.message


def test_placeholders_and_foreign_unit_names() -> None:
    doc = small()
    doc.realizations[0].narrative.analysis = "n = Nilai SAKIP (---------)"
    (f,) = findings(doc, "L704")
    assert "---------" in f.message
    doc.units.append(d.Unit(code="X", name="Direktorat Lain Sekali", level="eselon2", parent="M"))
    doc.plans[1].objectives[0].indicators[0].name = "Jumlah layanan Direktorat Lain Sekali"
    (f,) = findings(doc, "L109")
    assert "X" in f.message


def test_unknown_units() -> None:
    doc = small()
    doc.budgets[0].unit = "Z"
    (f,) = findings(doc, "L001")
    assert f.unit == "Z" and f.path == "budgets[0].unit"


def test_filters_by_unit_subtree_and_year() -> None:
    doc = small()
    doc.plans[0].objectives[0].indicators[0].unit_of_measure = ""  # M, no year
    doc.realizations.clear()  # D 2022
    assert {f.unit for f in lint_document(doc).findings} == {"M", "D"}
    assert {f.unit for f in lint_document(doc, unit="D").findings} == {"D"}
    assert {f.unit for f in lint_document(doc, unit="M").findings} == {"M", "D"}
    assert [f.code for f in lint_document(doc, year=2023).findings] == ["L106"]
