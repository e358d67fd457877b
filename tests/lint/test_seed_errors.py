"""The linter on the Kemensos demo data: it catches the seed errors the demo keeps as printed
(pkr_notes.md, kemensos_renstra_notes.md; docs/seed-figures.md P1-P21, K1-K31), and, where the demo
corrected a seed error, a copy of the demo with the error put back. docs/lint.md lists them."""

from __future__ import annotations

from decimal import Decimal

from kinerja.core.types import Aggregation
from kinerja.interchange import document as d
from kinerja.lint.findings import Severity
from kinerja.lint.run import lint_document
from tests.lint.helpers import demo, findings, indicator, n, objective, plan, realization

# Every finding on the demo data: (code, severity, unit, year, objective or indicator).
DEMO_FINDINGS = {
    ("L501", "info", "PKR", 2022, "IKK 2.2"),  # P13: SAKIP not yet evaluated: N.A with the LKj's reason
    ("L401", "galat", "PKR", 2022, None),  # P21: the LKj does not say why PK Terakhir was revised
    ("L604", "galat", "KEMENSOS", 2022, None),  # K17: Tabel 22 Rp2 miliar short
    *(("L101", "peringatan", "KEMENSOS", y, "IKSS 1.1") for y in range(2020, 2025)),  # K3
    ("L101", "peringatan", "SEKJEN", 2020, "IKP 1.7"),  # K2: empty 2020 cell
    ("L109", "peringatan", "REHSOS", None, "IKP 7.1"),  # K1: "Badiklitpensos" in Rehsos' table
    ("L110", "peringatan", "REHSOS", None, "IKP 7.1"),  # K1: same name, 6 vs 13
    ("L110", "peringatan", "BADIKLITPENSOS", None, "IKP 3.1"),
    ("L201", "peringatan", "BADIKLITPENSOS", None, "SP2"),  # SP2 supports nothing
    ("L504", "peringatan", "PKR", 2022, "IKK 1.4"),  # P11: 509 / 580
    *(("L605", "peringatan", "PKR", y, None) for y in (2022, 2023, 2024)),  # PKR need > Dayasos (2020 table)
    ("L107", "info", "PKR", None, None),  # P5: targets for 2020-2021, unit since 2022-09
    ("L107", "info", "PFM", None, None),  # dissolved 2022-08-31, targets to 2024
    ("L108", "info", "PKR", None, None),  # P6: decree number and day blank
    ("L403", "info", "PKR", 2022, None),  # P21: PK Terakhir = PK Awal
    ("L603", "info", "PKR", 2022, None),  # no revision has a date in the seed (two findings, same key)
    *(("L703", "info", "PKR", 2022, code) for code in ("IKK 1.2", "IKK 1.3", "IKK 2.1", "IKK 3.1")),
}


def key(f):  # type: ignore[no-untyped-def]
    return (f.code, f.severity.value, f.unit, f.year, f.indicator or f.objective)


def test_demo_findings_are_exactly_the_known_ones() -> None:
    report = lint_document(demo())
    assert {key(f) for f in report.findings} == DEMO_FINDINGS
    assert len(report.findings) == len(DEMO_FINDINGS) + 1  # L603 for each of the two undated revisions
    assert report.counts == {"galat": 2, "peringatan": 14, "info": 11}
    assert report.exit_code == 1


def test_k17_tabel_22_total_is_rp2_miliar_more_than_its_rows() -> None:
    (f,) = findings(demo(), "L604")
    assert (f.unit, f.year) == ("KEMENSOS", 2022)
    assert "Rp77.568.891.661.000" in f.message  # printed total
    assert "Rp77.566.891.661.000" in f.message  # sum of the seven Eselon I rows
    assert "selisih Rp2.000.000.000" in f.message
    # with the probable typo fixed (493.526.731 -> 495.526.731 ribu) the table reconciles
    doc = demo()
    sekjen = next(b for b in doc.budgets if b.unit == "SEKJEN" and b.year == 2022 and b.kind == "renstra")
    sekjen.amount = 495_526_731_000
    assert findings(doc, "L604") == []


def test_k1_rehsos_indicator_names_badiklitpensos() -> None:
    (f,) = findings(demo(), "L109")
    assert f.unit == "REHSOS" and "BADIKLITPENSOS" in f.message
    rehsos = next(x for x in findings(demo(), "L110") if x.unit == "REHSOS")
    assert "2022: 6 vs 13" in rehsos.message


def test_k2_k3_missing_targets() -> None:
    found = {(f.unit, f.indicator, f.year) for f in findings(demo(), "L101")}
    assert ("SEKJEN", "IKP 1.7", 2020) in found
    assert ("SEKJEN", "IKP 1.7", 2021) not in found  # 82 from 2021
    assert {y for u, i, y in found if i == "IKSS 1.1"} == {2020, 2021, 2022, 2023, 2024}


def test_p11_ikk_1_4_denominator() -> None:
    (f,) = findings(demo(), "L504")
    assert f.severity is Severity.PERINGATAN  # the demo describes T of 1.4 as respondents
    assert "580" in f.message and "18.800.000" in f.message
    assert f.path.endswith(".inputs.T")
    # the Renstra defines 1.4's T as the same KPM population as 1.1-1.3 (seed 000 2.5 d)
    doc = demo()
    indicator(doc, "PKR", "IKK 1.4").variables["T"] = indicator(doc, "PKR", "IKK 1.1").variables["T"]
    (f,) = findings(doc, "L504")
    assert f.severity is Severity.GALAT and "arti variabel yang sama" in f.message


def test_p11_stated_realisation_against_the_512_sample() -> None:
    # the LKj prints 87,76 next to "509 dari 512 KPM": with T = 512 the formula gives 99,41
    doc = demo()
    r = realization(doc, "PKR", "IKK 1.4")
    r.value = Decimal("87.76")
    assert findings(doc, "L502") == []  # 509 / 580 = 87,7586: the printed 87,76 agrees
    r.inputs["T"] = Decimal(512)
    (f,) = findings(doc, "L502")
    assert "87,76" in f.message and "99,4141" in f.message


def test_p13_sakip_na_with_placeholder() -> None:
    doc = demo()
    doc.realizations.append(
        d.Realization(
            unit="PKR",
            indicator="IKK 2.2",
            period=d.Period(2022),
            narrative=d.Narrative(
                analysis="Nilai SAKIP belum bisa didapatkan. n = Nilai SAKIP (---------) )"
            ),
        )
    )
    (na,) = findings(doc, "L501")
    assert na.severity is Severity.INFO
    (blank,) = findings(doc, "L704")
    assert blank.indicator == "IKK 2.2" and "(---------)" in blank.message


def test_p1_ikk_1_1_printed_twice() -> None:
    doc = demo()
    indicator(doc, "PKR", "IKK 1.2").code = "IKK 1.1"  # seed 000 Tabel 1: "IKK.1.1" twice
    (f,) = findings(doc, "L102")
    assert (f.unit, f.objective, f.indicator, f.severity) == ("PKR", "SK1", "IKK 1.1", Severity.GALAT)
    assert "tepat nilai" in f.message and "tepat sasaran" in f.message


def test_p2_indicator_3_named_tepat_nilai() -> None:
    doc = demo()
    indicator(doc, "PKR", "IKK 1.3").name = indicator(doc, "PKR", "IKK 1.2").name  # seed 000 Lampiran
    (f,) = findings(doc, "L104")
    assert f.indicator == "IKK 1.3" and "tepat nilai" in f.message


def test_p3_sasaran_codes_sk_sk_sk() -> None:
    doc = demo()
    for obj, code in zip(plan(doc, "PKR").objectives, ("SK", "SK", "Sk"), strict=True):
        obj.code = code
    found = findings(doc, "L103")
    assert [f.objective for f in found] == ["SK", "Sk"]


def test_p8_identical_formulas_of_ikk_1_1_and_1_2() -> None:
    doc = demo()
    first = indicator(doc, "PKR", "IKK 1.1")
    indicator(doc, "PKR", "IKK 1.2").variables = dict(first.variables)  # seed 000 2.5 a = 2.5 b
    (f,) = findings(doc, "L105")
    assert f.indicator == "IKK 1.2" and "IKK 1.1" in f.message


def test_p9_smart_divided_by_its_target() -> None:
    # the LKj writes "n / T x 100%" for IKK 2.1 with T = 87, the PK target
    doc = demo()
    smart = indicator(doc, "PKR", "IKK 2.1")
    smart.formula = "n / T * 100"
    smart.variables = {"n": "nilai SMART", "T": "target"}
    r = realization(doc, "PKR", "IKK 2.1")
    r.value, r.inputs = None, {"n": Decimal("97.99"), "T": Decimal(87)}
    (f,) = findings(doc, "L505")
    assert "T = 87" in f.message and f.indicator == "IKK 2.1"


def test_p16_rounded_revisions_break_the_pagu_chain() -> None:
    # the LKj lists "493 M", "843 Juta" and "Rp 7 M" among the revisions: entered as amounts, the
    # chain 14.742.125.743.000 + revisions = 28.191.006.288.000 no longer holds
    doc = demo()
    assert findings(doc, "L601") == []
    for amount, note in (
        (493_000_000_000, "Revisi OTK Lama PFM"),
        (-843_000_000, "Realokasi"),
        (-7_000_000_000, "Tali asih"),
    ):
        doc.budgets.append(d.BudgetEntry(unit="PKR", year=2022, kind="revisi", amount=amount, note=note))
    (f,) = findings(doc, "L601")
    assert "Rp14.742.125.743.000" in f.message and "Rp28.191.006.288.000" in f.message
    assert "selisih -Rp485.157.000.000" in f.message


def test_realisation_above_pagu() -> None:
    doc = demo()
    real = next(b for b in doc.budgets if b.unit == "PKR" and b.kind == "realisasi" and not b.account)
    assert findings(doc, "L602") == []  # 28.047.596.940.329 <= 28.191.006.288.000
    real.amount = 28_191_006_288_001
    (f,) = findings(doc, "L602")
    assert "selisih Rp1" in f.message


def test_p16_renstra_tabel_4_row_1_is_not_a_plus_b() -> None:
    doc = demo()
    account = "Penyelenggaraan Bantuan Program Sembako"
    rows = {  # seed 000 Tabel 4, juta rupiah: a. Pelayanan Publik Lainnya, b. Bantuan Keluarga
        2020: (3_625, 35_969_649),
        2021: (3_625, 35_969_649),
        2022: (61_963, 45_120_000),
        2023: (122_545, 45_120_000),
        2024: (147_054, 45_120_000),
    }
    for year, (a, b) in rows.items():
        doc.budgets.append(
            d.BudgetEntry(
                unit="PKR",
                year=year,
                kind="renstra",
                amount=a * 10**6,
                account=f"{account} - a. Pelayanan Publik Lainnya",
            )
        )
        doc.budgets.append(
            d.BudgetEntry(
                unit="PKR",
                year=year,
                kind="renstra",
                amount=b * 10**6,
                account=f"{account} - b. Bantuan Keluarga",
            )
        )
    found = {f.year: f for f in findings(doc, "L604") if f.unit == "PKR"}
    assert sorted(found) == [2020, 2021, 2023]
    assert "selisih -Rp3.621.000.000" in found[2020].message
    assert "selisih -Rp11.000.000" in found[2023].message


def test_p21_pk_revision_without_reason_and_v1_off_renstra() -> None:
    doc = demo()
    doc.agreements[1].reason = None
    (f,) = findings(doc, "L401")
    assert (f.unit, f.year, f.severity) == ("PKR", 2022, Severity.GALAT) and "PK Terakhir" in f.message
    doc.agreements[0].targets["IKK 2.1"] = n(85)
    (f,) = findings(doc, "L402")
    assert f.indicator == "IKK 2.1" and "(85)" in f.message and "(87)" in f.message


def test_k4_k5_k16_ikp_without_targets_duplicate_and_without_unit() -> None:
    doc = demo()
    sp4 = objective(doc, "BADIKLITPENSOS", "SP1")
    twin = d.Indicator(code="IKP 1.13", name=sp4.indicators[4].name)  # Tabel 13 SP4 lists it twice
    sp4.indicators.append(twin)
    assert {f.year for f in findings(doc, "L101") if f.indicator == "IKP 1.13"} == set(range(2020, 2025))
    (dup,) = findings(doc, "L104")
    assert dup.indicator == "IKP 1.13"
    assert [f.indicator for f in findings(doc, "L106")] == ["IKP 1.13"]


def test_ikss_1_1_as_composite_of_0_100_and_0_1_indices() -> None:
    # the demo leaves IKSS 1.1 without components because its parts use different scales
    doc = demo()
    ikss = indicator(doc, "KEMENSOS", "IKSS 1.1")
    ikss.components = ["REHSOS:IKP 1.1", "DAYASOS:IKP 2.1"]
    ikss.aggregation = Aggregation.MEAN
    (f,) = findings(doc, "L304")
    assert "REHSOS:IKP 1.1 ≤ 51,95" in f.message and "DAYASOS:IKP 2.1 ≤ 0,70" in f.message
    # a ministry PK for 2022: the components have no realisation
    doc.agreements.append(d.Agreement(unit="KEMENSOS", year=2022, version=1, targets={"IKSS 1.1": n(50)}))
    found = {f.indicator: f for f in findings(doc, "L302")}
    assert "REHSOS:IKP 1.1" in found["IKSS 1.1"].message and "DAYASOS:IKP 2.1" in found["IKSS 1.1"].message
    # the other IKSS are composites of one Eselon I IKP each, none realised in the demo
    assert sorted(found) == [
        "IKSS 1.1",
        "IKSS 2.1",
        "IKSS 2.2",
        "IKSS 2.3",
        "IKSS 2.4",
        "IKSS 3.1",
        "IKSS 4.1",
    ]


def test_pkr_alone_for_2022() -> None:
    report = lint_document(demo(), unit="PKR", year=2022)
    assert report.counts == {"galat": 1, "peringatan": 2, "info": 10}
    assert {f.unit for f in report.findings} == {"PKR"}
