"""Documents for the database tests, built directly from the ``Document`` dataclasses.

``rich_document()`` uses every field and every target type, in the normalised form that
``export_document`` gives back (see ``kinerja/interchange/exporter.py``): top-level lists sorted by their
natural keys, short references inside the context unit, owner ``None`` for the plan's unit,
decimals without trailing zeros.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from kinerja.core.types import (
    Aggregation,
    LowerIsBetterRule,
    NumericTarget,
    Polarity,
    QualitativeTarget,
    QuarterRule,
    RangeTarget,
)
from kinerja.interchange.document import (
    ActionPlan,
    Agency,
    Agreement,
    BudgetEntry,
    BudgetOutput,
    BudgetScore,
    Document,
    Goal,
    Indicator,
    Narrative,
    Objective,
    OutputVolume,
    Period,
    Plan,
    PolicyDoc,
    Predecessor,
    Realization,
    Signatory,
    Unit,
    UnitText,
)

PRECISE = D("99.2457446809")  # 10 decimal places: kept exactly


def n(value: str | int) -> NumericTarget:
    return NumericTarget(D(str(value)))


def yearly(value: str | int, years: range = range(2020, 2025)) -> dict[int, NumericTarget]:
    return {y: n(value) for y in years}


def units() -> list[Unit]:
    return [
        Unit(code="BALAI", name="Balai Besar Rehabilitasi Sosial", level="upt", parent="REHSOS"),
        Unit(
            code="DAYASOS", name="Direktorat Jenderal Pemberdayaan Sosial", level="eselon1", parent="KEMENSOS"
        ),
        Unit(code="KEMENSOS", name="Kementerian Sosial", level="kementerian", head_title="Menteri Sosial"),
        Unit(
            code="PFM",
            name="Direktorat Jenderal Penanganan Fakir Miskin",
            level="eselon1",
            parent="KEMENSOS",
            valid_to=date(2022, 8, 31),
        ),
        Unit(
            code="PKR",
            name="Direktorat Pemberdayaan Kelompok Rentan",
            level="eselon2",
            parent="DAYASOS",
            predecessors=[Predecessor(unit="PFM", since=date(2022, 9, 1))],
            valid_from=date(2022, 9, 1),
            head_title="Direktur Pemberdayaan Kelompok Rentan",
            head_name="Dewi Suhartini",
        ),
        Unit(
            code="REHSOS", name="Direktorat Jenderal Rehabilitasi Sosial", level="eselon1", parent="KEMENSOS"
        ),
        Unit(
            code="TU",
            name="Subbagian Tata Usaha",
            level="eselon3",
            parent="PKR",
            predecessors=[Predecessor(unit="PFM"), Predecessor(unit="BALAI", since=date(2023, 1, 1))],
        ),
    ]


def kemensos_plan(version: int = 1) -> Plan:
    return Plan(
        unit="KEMENSOS",
        period=(2020, 2024),
        version=version,
        vision="Kementerian Sosial yang andal, profesional, inovatif, dan berintegritas",
        missions=["Meningkatkan kualitas hidup", "Pemberdayaan sosial", "Tata kelola yang baik"],
        goals=[
            Goal(code="T1", statement="Meningkatnya kesejahteraan"),
            Goal(code="T2", statement="Tata kelola"),
        ],
        objectives=[
            Objective(
                code="SS1",
                level="SS",
                goal="T1",
                statement="Meningkatnya taraf kesejahteraan sosial",
                indicators=[
                    Indicator(
                        code="IKSS 1.1",
                        name="Persentase KPM yang meningkat kemandiriannya",
                        unit_of_measure="%",
                        owner="DAYASOS",
                        targets=yearly("10.5"),
                    ),
                    Indicator(
                        code="IKSS 1.2",
                        name="Indeks komposit layanan",
                        unit_of_measure="indeks",
                        components=["DAYASOS:IKP 1", "REHSOS:IKP 1"],
                        aggregation=Aggregation.WEIGHTED_MEAN,
                        weights={"DAYASOS:IKP 1": D("0.6"), "REHSOS:IKP 1": D("0.4")},
                        targets=yearly(75),
                    ),
                ],
            ),
            Objective(
                code="SS2",
                level="SS",
                goal="T2",
                statement="Tata kelola yang akuntabel",
                indicators=[
                    Indicator(
                        code="IKSS 2.1",
                        name="Opini BPK atas laporan keuangan",
                        scale=["WTP", "WDP", "TW", "TMP"],
                        targets={y: QualitativeTarget("WTP") for y in range(2020, 2025)},
                    ),
                    Indicator(
                        code="IKSS 2.2",
                        name="Jumlah temuan BPK",
                        unit_of_measure="temuan",
                        polarity=Polarity.LOWER_IS_BETTER,
                        targets={2020: n(5), 2021: n(3), 2022: n(0), 2023: RangeTarget(D(0), D(2))},
                        quarter_rule=QuarterRule.SUM,
                    ),
                ],
            ),
        ][: 2 if version == 1 else 1],
        label="Renstra Kemensos 2020-2024" + (" (reviu)" if version > 1 else ""),
        adopted_on=date(2020, 6, 1) if version == 1 else None,
        legal_basis="Permensos 6/2020",
    )


def eselon1_plan(unit: str) -> Plan:
    return Plan(
        unit=unit,
        period=(2020, 2024),
        objectives=[
            Objective(
                code="SP1",
                level="SP",
                statement=f"Sasaran program {unit}",
                supports=["KEMENSOS:SS1"],
                indicators=[Indicator(code="IKP 1", name=f"Indeks layanan {unit}", targets=yearly(70))],
            )
        ],
    )


def pkr_plan() -> Plan:
    return Plan(
        unit="PKR",
        period=(2020, 2024),
        version=1,
        vision="Mewujudkan pemenuhan kebutuhan dan hak dasar keluarga miskin dan kelompok rentan",
        missions=["Menyusun rencana program", "Meningkatkan kualitas layanan"],
        goals=[Goal(code="T1", statement="Mengurangi beban pengeluaran KPM")],
        objectives=[
            Objective(
                code="SK1",
                level="SK",
                goal="T1",
                statement="Meningkatnya ketepatan penyaluran bantuan sosial sembako",
                supports=["DAYASOS:SP1", "KEMENSOS:SS2"],
                indicators=[
                    Indicator(
                        code="IKK 1.1",
                        name="Persentase (%) KPM program sembako yang mendapatkan bantuan sosial tepat sasaran",
                        unit_of_measure="%",
                        polarity=Polarity.HIGHER_IS_BETTER,
                        max_achievement=D(100),
                        formula="n / T * 100",
                        variables={"n": "KPM yang sukses transaksi", "T": "target KPM satu tahun anggaran"},
                        targets=yearly(99),
                        definition="KPM yang menerima bantuan sesuai data DTKS",
                        data_source="Berita Acara Rekonsiliasi Himbara",
                        frequency="triwulanan",
                        quarter_rule=QuarterRule.LAST,
                        baseline=D("98.5"),
                        baseline_year=2021,
                    ),
                    Indicator(
                        code="IKK 1.2",
                        name="Rata-rata hari keterlambatan penyaluran",
                        unit_of_measure="hari",
                        polarity=Polarity.LOWER_IS_BETTER,
                        targets={2022: RangeTarget(D(7), D(8)), 2023: RangeTarget(D("6.5"), D("7.25"))},
                        quarter_rule=QuarterRule.AVERAGE,
                    ),
                ],
            ),
            Objective(
                code="SK2",
                level="SK",
                statement="Meningkatnya kualitas pengelolaan anggaran",
                indicators=[
                    Indicator(code="IKK 2.1", name="Nilai Kinerja Anggaran (SMART)", targets={2022: n(87)}),
                    Indicator(
                        code="IKK 2.2",
                        name="Nilai SAKIP",
                        owner="TU",
                        targets={2022: n(77), 2023: n("77.5")},
                        frequency="tahunan",
                    ),
                ],
            ),
        ],
        label="Renstra Dit. PKR 2020-2024",
        adopted_on=date(2022, 12, 1),
        legal_basis="Peraturan Direktur PKR",
    )


def rich_document() -> Document:
    return Document(
        agency=Agency(code="KEMENSOS", name="Kementerian Sosial Republik Indonesia"),
        policy=PolicyDoc(max_achievement=D(120), lower_is_better=LowerIsBetterRule.TARGET_OVER_REALIZATION),
        units=units(),
        plans=[
            eselon1_plan("DAYASOS"),
            kemensos_plan(1),
            kemensos_plan(2),
            pkr_plan(),
            eselon1_plan("REHSOS"),
        ],
        agreements=[
            Agreement(
                unit="KEMENSOS",
                year=2022,
                version=1,
                targets={"DAYASOS:IKSS 1.1": n("10.5"), "IKSS 2.1": QualitativeTarget("WTP")},
            ),
            Agreement(
                unit="PKR",
                year=2022,
                version=1,
                label="PK awal",
                signed_on=date(2022, 9, 1),
                targets={"IKK 1.1": n(99), "IKK 1.2": RangeTarget(D(7), D(8)), "IKK 2.1": n(87)},
                first_party=Signatory(name="Dewi Suhartini", title="Direktur PKR"),
                second_party=Signatory(
                    name="Pepen Nazaruddin", title="Direktur Jenderal Pemberdayaan Sosial"
                ),
                place="Jakarta",
            ),
            Agreement(
                unit="PKR",
                year=2022,
                version=2,
                label="PK perubahan",
                signed_on=date(2022, 10, 1),
                reason="b",
                reason_note="tambahan BLT BBM",
                targets={"IKK 2.1": n(87), "IKK 1.1": n(99), "TU:IKK 2.2": n(77)},
                first_party=Signatory(title="Direktur PKR"),
                place="Jakarta",
            ),
        ],
        action_plans=[
            ActionPlan(
                unit="PKR", year=2022, indicator="IKK 1.1", quarters={1: n(25), 2: n(50), 3: n(75), 4: n(99)}
            ),
            ActionPlan(
                unit="PKR",
                year=2022,
                indicator="IKK 1.2",
                quarters={3: RangeTarget(D(8), D(9)), 4: RangeTarget(D(7), D(8))},
            ),
        ],
        # drafts unless said otherwise: a realisation without a status would be approved (and locked)
        realizations=[
            Realization(
                unit="DAYASOS", indicator="IKP 1", period=Period(2022), value=D("72.5"), status="draft"
            ),
            Realization(
                unit="KEMENSOS",
                indicator="DAYASOS:IKSS 1.1",
                period=Period(2022),
                value=D("11"),
                status="draft",
            ),
            Realization(
                unit="KEMENSOS", indicator="IKSS 2.1", period=Period(2022), value="WTP", status="approved"
            ),
            Realization(
                unit="KEMENSOS", indicator="IKSS 2.2", period=Period(2022, 2), value=D(0), status="draft"
            ),
            Realization(
                unit="PKR",
                indicator="IKK 1.1",
                period=Period(2022),
                inputs={"n": D(18658193), "T": D(18800000)},
                evidence=["BA_Rekon_Okt-Des_2022.pdf", "https://example.go.id/bukti/ikk11"],
                narrative=Narrative(
                    analysis="Realisasi 99,25% melampaui target 99%.",
                    supporting="Data DTKS yang mutakhir",
                    inhibiting="KPM tidak bertransaksi",
                    follow_up="Pemutakhiran data",
                ),
                status="verified",
            ),
            Realization(
                unit="PKR", indicator="IKK 1.2", period=Period(2022), value=D("7.75"), status="submitted"
            ),
            Realization(unit="PKR", indicator="IKK 2.1", period=Period(2022), value=PRECISE, status="draft"),
            Realization(unit="PKR", indicator="TU:IKK 2.2", period=Period(2022), status="draft"),
            Realization(
                unit="PKR", indicator="IKK 1.1", period=Period(2022, 3), value=D("98.1"), status="draft"
            ),
            Realization(
                unit="PKR", indicator="IKK 1.1", period=Period(2022, 4), value=D("99.1"), status="draft"
            ),
            Realization(
                unit="REHSOS", indicator="IKP 1", period=Period(2022), value=D("68.25"), status="draft"
            ),
        ],
        budgets=[
            BudgetEntry(
                unit="KEMENSOS", year=2022, kind="renstra", amount=80_000_000_000_000, objective="SS1"
            ),
            BudgetEntry(
                unit="PKR", year=2022, kind="pagu_awal", amount=14_742_125_743_000, date=date(2022, 9, 1)
            ),
            BudgetEntry(
                unit="PKR",
                year=2022,
                kind="revisi",
                amount=12_962_005_000_000,
                date=date(2022, 10, 14),
                note="tambahan bansos dan distribusi BLT BBM",
            ),
            BudgetEntry(
                unit="PKR", year=2022, kind="revisi", amount=-1_000_000, date=date(2022, 11, 2), note="hemat"
            ),
            BudgetEntry(unit="PKR", year=2022, kind="pagu_akhir", amount=28_191_006_288_000),
            BudgetEntry(unit="PKR", year=2022, kind="realisasi", amount=28_047_596_940_329, objective="SK1"),
            BudgetEntry(unit="PKR", year=2022, kind="rpd", amount=1_000_000_000, month=9, account="521211"),
            BudgetEntry(
                unit="PKR",
                year=2022,
                kind="realisasi_bulanan",
                amount=999_999_999,
                month=9,
                account="Program Perlindungan Sosial",
                objective="DAYASOS:SP1",
            ),
            BudgetEntry(
                unit="PKR",
                year=2022,
                kind="blokir",
                amount=5_000_000,
                output="RO-1",
                account="Belanja Barang",
            ),
            BudgetEntry(unit="PKR", year=2023, kind="pagu_awal", amount=1),
        ],
        budget_outputs=[
            BudgetOutput(unit="PKR", year=2022, level="kro", code="KRO-1", name="Layanan", objective="SK1"),
            BudgetOutput(
                unit="PKR",
                year=2022,
                level="ro",
                code="RO-1",
                name="Layanan data",
                parent="KRO-1",
                volume_target=D(34),
                volume_unit="Provinsi",
                volumes=[OutputVolume(6, D(10)), OutputVolume(12, PRECISE)],
                note="catatan",
            ),
        ],
        texts=[
            UnitText(unit="PKR", year=2022, key="isu_strategis", text="a. Kapasitas SDM belum optimal."),
            UnitText(unit="PKR", year=2022, key="pendahuluan", text="Direktorat baru sejak September 2022."),
            UnitText(unit="PKR", year=2023, key="pendahuluan", text=""),
        ],
        budget_scores=[
            BudgetScore(unit="DAYASOS", year=2022, kind="nka", value=D("97.99"), note="SMART DJA"),
            BudgetScore(unit="PKR", year=2022, kind="ikpa_capaian_output", value=PRECISE),
        ],
    )
