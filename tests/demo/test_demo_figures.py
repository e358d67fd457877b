"""The demo file reproduces what the seed documents print, and computes what they should print.

The demo file is ``kinerja/demo/data/kemensos.yaml``; the seeds are ``../shared/seeds/`` (000 =
Renstra Dit. PKR 2020-2024, 001 = Laporan Kinerja Dit. PKR 2022, 003 = Renstra Kemensos
2020-2024). ``docs/seed-figures.md`` lists every figure seed 001 prints beside what Kinerja
computes. Expected values are computed here from the seeds' raw numbers (constants below, each
with its place in the seed) or from the engine's unrounded per-indicator results, never copied
from Kinerja's own output; a printed seed figure is asserted where it is arithmetically consistent.
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from kinerja.core.types import NumericTarget, UnitResult
from kinerja.figures.output import result_to_json
from kinerja.figures.unit_year import compute_document
from kinerja.interchange import document as d
from kinerja.interchange.parse import load_document
from tests.conftest import DEMO_DIR

DEMO = DEMO_DIR / "kemensos.yaml"

# Seed 001 BAB III A: raw inputs "n / T x 100%"
KPM_TARGET = Decimal(18_800_000)  # "Sasaran Program Sembako TA 2022 adalah sebanyak 18.800.000 KPM"
N_TEPAT_SASARAN = Decimal(18_658_193)  # IKK 1.1 "sukses transaksi"
N_TEPAT_NILAI = Decimal(18_790_332)  # IKK 1.2 "berhasil salur" (Okt-Des, per 31-12-2022)
N_TEPAT_WAKTU = Decimal(18_496_511)  # IKK 1.3 "berhasil transaksi" (per 31-12-2022)
N_GIZI, T_GIZI = Decimal(509), Decimal(580)  # IKK 1.4 monev respondents
SMART = Decimal("97.99")  # IKK 2.1
IKM = Decimal("92.26")  # IKK 3.1
PK_TARGETS = {
    "IKK 1.1": 99,
    "IKK 1.2": 99,
    "IKK 1.3": 99,
    "IKK 1.4": 99,
    "IKK 2.1": 87,
    "IKK 2.2": 77,
    "IKK 3.1": 90,
}

# Seed 001 BAB II D "Kronologi Anggaran" and BAB III C-D
PAGU_AWAL = 14_742_125_743_000
REVISI_BLT_BBM = 12_962_005_000_000
REVISI_BUKA_BLOKIR = 486_875_545_000
PAGU_AKHIR = 28_191_006_288_000
REALISASI = 28_047_596_940_329
JASA_DISTRIBUSI_PAGU, JASA_DISTRIBUSI_REALISASI = 56_673_731_000, 35_402_495_625

TINY = Decimal("1e-18")


def q(value: Decimal) -> str:
    """The contract's display: half-up, two places."""
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def pct(n: Decimal, t: Decimal) -> Decimal:
    return n / t * 100


def mean(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def by_code(out: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["code"]: i for o in out["objectives"] for i in o["indicators"]}


@pytest.fixture(scope="module")
def doc() -> d.Document:
    return load_document(DEMO)


@pytest.fixture(scope="module")
def pkr_result(doc: d.Document) -> UnitResult:
    return compute_document(doc, "PKR", 2022)


@pytest.fixture(scope="module")
def pkr(pkr_result: UnitResult) -> dict[str, Any]:
    return result_to_json(pkr_result)


# --- structure ---------------------------------------------------------------------------------


def test_demo_file_loads_with_the_seed_architecture(doc: d.Document) -> None:
    assert doc.format == "kinerja/v1"
    assert (doc.agency.code, doc.agency.name) == ("KEMENSOS", "Kementerian Sosial")
    assert doc.policy.max_achievement is None
    codes = {u.code for u in doc.units}
    assert {
        "KEMENSOS",
        "SEKJEN",
        "ITJEN",
        "BADIKLITPENSOS",
        "REHSOS",
        "LINJAMSOS",
        "DAYASOS",
        "PFM",
        "PKR",
    } <= codes
    plans = {p.unit: p for p in doc.plans}
    kemensos = plans["KEMENSOS"]
    assert kemensos.period == (2020, 2024)
    assert [g.code for g in kemensos.goals] == ["T1", "T2", "T3"]
    assert [o.code for o in kemensos.objectives] == ["SS1", "SS2", "SS3", "SS4"]
    assert sum(len(o.indicators) for o in kemensos.objectives) == 7  # seed 003 Tabel 2-4: seven IKSS
    pkr_plan = plans["PKR"]
    assert [o.code for o in pkr_plan.objectives] == ["SK1", "SK2", "SK3"]
    ikk = [i.code for o in pkr_plan.objectives for i in o.indicators]
    # seed 000 Tabel 1 prints "IKK.1.1" twice; the demo makes the second one IKK 1.2
    assert ikk == ["IKK 1.1", "IKK 1.2", "IKK 1.3", "IKK 1.4", "IKK 2.1", "IKK 2.2", "IKK 3.1"]
    for o in pkr_plan.objectives:
        for i in o.indicators:
            assert i.targets[2022] == NumericTarget(Decimal(PK_TARGETS[i.code]))  # seed 000 Tabel 3


def test_every_parent_exists_and_pkr_comes_from_pfm(doc: d.Document) -> None:
    units = {u.code: u for u in doc.units}
    for u in doc.units:
        if u.level == "kementerian":
            assert u.parent is None
        else:
            assert u.parent in units, f"{u.code}: induk {u.parent} tidak ada"
    pkr = units["PKR"]
    assert (pkr.level, pkr.parent, pkr.name) == (
        "eselon2",
        "DAYASOS",
        "Direktorat Pemberdayaan Kelompok Rentan",
    )
    assert [(p.unit, p.since) for p in pkr.predecessors] == [("PFM", date(2022, 9, 1))]
    assert pkr.valid_from == date(2022, 9, 1)
    assert units["PFM"].valid_to is not None and units["PFM"].valid_to < pkr.valid_from
    assert units["PFM"].name == "Direktorat Jenderal Penanganan Fakir Miskin"


def test_cascade_links_resolve(doc: d.Document) -> None:
    objectives = {f"{p.unit}:{o.code}": (p.unit, o) for p in doc.plans for o in p.objectives}
    levels = {"kementerian": "SS", "eselon1": "SP", "eselon2": "SK"}
    unit_level = {u.code: u.level for u in doc.units}
    for key, (unit, obj) in objectives.items():
        assert obj.level == levels[unit_level[unit]], key
        for ref in obj.supports:
            target_unit, target = objectives[ref]
            # one level up the tree: SK -> SP of the parent Ditjen, SP -> SS of the ministry
            assert {"SK": "SP", "SP": "SS"}[obj.level] == target.level, (key, ref)
    sk1 = objectives["PKR:SK1"][1]
    assert sk1.supports == ["DAYASOS:SP5"]
    # the Sasaran Program of seed 000 Tabel 2
    assert objectives["DAYASOS:SP5"][1].statement == "Terpenuhinya kebutuhan dan hak dasar"


# --- PKR 2022: the figures of seed 001 -----------------------------------------------------------


def test_ikk_1_1_tepat_sasaran(pkr: dict[str, Any]) -> None:
    """Seed 001 prints target 99%, realisasi 99,25, capaian 100%: the realisation over 99 is
    100,25 uncapped, shown capped at 100 because exceeding "tepat sasaran" has no meaning."""
    ind = by_code(pkr)["IKK 1.1"]
    r = pct(N_TEPAT_SASARAN, KPM_TARGET)
    assert ind["target"] == "99.00"
    assert ind["realization"] == q(r) == "99.25"
    assert ind["achievement_uncapped"] == q(r / 99 * 100) == "100.25"
    assert ind["achievement"] == "100.00"


def test_ikk_1_2_and_1_3_from_raw_inputs(pkr: dict[str, Any]) -> None:
    """Seed 001 prints 99,95 / 100% (tepat nilai) and 98,39 / 99,38% (tepat waktu); both are what
    the raw counts give (the capaian of 1.2 capped at 100, uncapped 100,96)."""
    ind = by_code(pkr)
    r12 = pct(N_TEPAT_NILAI, KPM_TARGET)
    assert ind["IKK 1.2"]["realization"] == q(r12) == "99.95"
    assert ind["IKK 1.2"]["achievement_uncapped"] == q(r12 / 99 * 100) == "100.96"
    assert ind["IKK 1.2"]["achievement"] == "100.00"
    r13 = pct(N_TEPAT_WAKTU, KPM_TARGET)
    assert ind["IKK 1.3"]["realization"] == q(r13) == "98.39"
    assert (
        ind["IKK 1.3"]["achievement"]
        == ind["IKK 1.3"]["achievement_uncapped"]
        == q(r13 / 99 * 100)
        == "99.38"
    )


def test_ikk_1_4_full_precision_half_up(pkr: dict[str, Any]) -> None:
    """Seed 001 prints capaian 88,64%, which is 509 / 580 x 100 / 99 x 100 = 88,6451... truncated
    (pkr_notes.md (b): every printed capaian fits truncation, not rounding). Kinerja computes at
    full precision and rounds half-up only for display, so the right figure is 88,65. The
    realisasi 87,76 the seed prints is reproduced. (The denominator 580 is the LKj's own; the same
    page also gives a sample of 512: see the YAML comment on IKK 1.4.)"""
    ind = by_code(pkr)["IKK 1.4"]
    r = pct(N_GIZI, T_GIZI)
    assert ind["realization"] == q(r) == "87.76"
    assert ind["achievement"] == q(r / 99 * 100) == "88.65"
    assert ind["achievement"] != "88.64"


def test_sk2_smart_score_and_missing_sakip(pkr: dict[str, Any]) -> None:
    """IKK 2.1: 97,99 against 87 is 112,63 (seed prints 112%, an integer truncation; no cap).
    IKK 2.2: the SAKIP score does not exist yet (new unit, seed prints N.A): n.a, left out of the
    SK2 mean and named in the notes."""
    ind = by_code(pkr)
    assert ind["IKK 2.1"]["target"] == "87.00"
    assert ind["IKK 2.1"]["realization"] == "97.99"
    assert (
        ind["IKK 2.1"]["achievement"]
        == ind["IKK 2.1"]["achievement_uncapped"]
        == q(SMART / 87 * 100)
        == "112.63"
    )
    assert ind["IKK 2.2"]["target"] == "77.00"
    assert ind["IKK 2.2"]["realization"] is None
    assert ind["IKK 2.2"]["achievement"] is None
    assert ind["IKK 2.2"]["achievement_uncapped"] is None
    assert any("IKK 2.2" in n for n in pkr["notes"])


def test_ikk_3_1_stakeholder_satisfaction(pkr: dict[str, Any]) -> None:
    """Seed 001 prints 102,5% (one decimal); 92,26 / 90 x 100 = 102,511..."""
    ind = by_code(pkr)["IKK 3.1"]
    assert ind["realization"] == "92.26"
    assert ind["achievement"] == q(IKM / 90 * 100) == "102.51"


def test_objective_and_unit_means_use_unrounded_achievements(
    pkr_result: UnitResult, pkr: dict[str, Any]
) -> None:
    """Objective = mean of its indicators' (capped) achievements, n.a left out; unit = mean of the
    objectives. Seed 001 prints no mean at all; expected values come from the engine's unrounded
    per-indicator results, which are first checked against the seeds' raw numbers."""
    raw = {
        "IKK 1.1": min(pct(N_TEPAT_SASARAN, KPM_TARGET) / 99 * 100, Decimal(100)),
        "IKK 1.2": min(pct(N_TEPAT_NILAI, KPM_TARGET) / 99 * 100, Decimal(100)),
        "IKK 1.3": pct(N_TEPAT_WAKTU, KPM_TARGET) / 99 * 100,
        "IKK 1.4": pct(N_GIZI, T_GIZI) / 99 * 100,
        "IKK 2.1": SMART / 87 * 100,
        "IKK 3.1": IKM / 90 * 100,
    }
    objective_means: list[Decimal] = []
    for obj in pkr_result.objectives:
        achieved = [i.achievement for i in obj.indicators if i.achievement is not None]
        for i in obj.indicators:
            if i.achievement is not None:
                assert abs(i.achievement - raw[i.code]) < TINY, i.code
        expected = mean(achieved)
        objective_means.append(expected)
        assert obj.achievement is not None and abs(obj.achievement - expected) < TINY, obj.code
    out = {o["code"]: o["achievement"] for o in pkr["objectives"]}
    assert out["SK1"] == q(mean([raw["IKK 1.1"], raw["IKK 1.2"], raw["IKK 1.3"], raw["IKK 1.4"]])) == "97.01"
    assert out["SK2"] == q(raw["IKK 2.1"]) == "112.63"  # IKK 2.2 n.a is left out
    assert out["SK3"] == q(raw["IKK 3.1"]) == "102.51"
    assert pkr["achievement"] == q(mean(objective_means)) == "104.05"


# --- Perjanjian Kinerja --------------------------------------------------------------------------


def test_pk_version_2_is_in_force(doc: d.Document, pkr: dict[str, Any]) -> None:
    pks = sorted((a for a in doc.agreements if a.unit == "PKR" and a.year == 2022), key=lambda a: a.version)
    assert [(a.version, a.label) for a in pks] == [
        (1, "PK Awal (September 2022)"),
        (2, "PK Terakhir (Oktober 2022)"),
    ]
    awal, terakhir = pks
    # the seed gives the month only ("PK awal bulan September", "PK Terakhir bulan Oktober"): no day
    # is invented
    assert awal.signed_on is None and terakhir.signed_on is None
    # nor is the reason for the revision, which the LKj does not write: `kinerja lint` L401 names it
    assert terakhir.reason is None and not terakhir.reason_note
    assert terakhir.first_party is not None and terakhir.first_party.name == "Dewi Suhartini"
    ind = by_code(pkr)
    for code, target in terakhir.targets.items():
        assert isinstance(target, NumericTarget)
        assert ind[code]["target"] == q(target.value) == q(Decimal(PK_TARGETS[code]))
    assert any("versi 2" in n for n in pkr["notes"])


def test_a_changed_version_2_target_wins(doc: d.Document) -> None:
    """PK Awal and PK Terakhir carry the same targets in the seed (the PK pages are images); a
    changed version 2 must drive the measurement, version 1 staying stored."""
    changed = copy.deepcopy(doc)
    v2 = next(a for a in changed.agreements if a.unit == "PKR" and a.year == 2022 and a.version == 2)
    v2.targets["IKK 3.1"] = NumericTarget(Decimal(95))
    ind = by_code(result_to_json(compute_document(changed, "PKR", 2022)))["IKK 3.1"]
    assert ind["target"] == "95.00"
    assert ind["achievement"] == q(IKM / 95 * 100)


# --- budget --------------------------------------------------------------------------------------


def test_budget_chronology_and_absorption(doc: d.Document) -> None:
    """Pagu awal + revisions = pagu akhir exactly; realisasi / pagu akhir = 99,49% (seed 001
    BAB III C prints "99.49%")."""
    whole = [b for b in doc.budgets if b.unit == "PKR" and b.year == 2022 and not b.account]
    assert [b.kind for b in whole] == ["pagu_awal", "revisi", "revisi", "pagu_akhir", "realisasi"]
    amounts = [b.amount for b in whole]
    assert amounts == [PAGU_AWAL, REVISI_BLT_BBM, REVISI_BUKA_BLOKIR, PAGU_AKHIR, REALISASI]
    pagu_awal = whole[0].amount
    revisions = [b.amount for b in whole if b.kind == "revisi"]
    assert pagu_awal + revisions[0] == 27_704_130_743_000  # level after Revisi BLT BBM, printed
    assert pagu_awal + sum(revisions) == whole[3].amount == PAGU_AKHIR
    dated = [b.date for b in whole if b.date is not None]
    assert dated == sorted(dated)
    assert q(Decimal(whole[4].amount) / Decimal(whole[3].amount) * 100) == "99.49"
    parts = {
        (b.kind, b.account): b.amount for b in doc.budgets if b.unit == "PKR" and b.year == 2022 and b.account
    }
    jasa = "Jasa distribusi bantuan sosial sembako"
    assert (parts[("pagu_akhir", jasa)], parts[("realisasi", jasa)]) == (
        JASA_DISTRIBUSI_PAGU,
        JASA_DISTRIBUSI_REALISASI,
    )
    assert q(Decimal(parts[("realisasi", jasa)]) / Decimal(parts[("pagu_akhir", jasa)]) * 100) == "62.47"


def test_renstra_funding_is_one_entry_per_unit_year_as_printed(doc: d.Document) -> None:
    renstra = [b for b in doc.budgets if b.kind == "renstra"]
    keys = [(b.unit, b.year) for b in renstra]
    assert len(keys) == len(set(keys))
    by = {(b.unit, b.year): b.amount for b in renstra}
    # seed 000 Tabel 4 row 1, juta rupiah; its printed total 207.630.857 holds
    assert sum(by[("PKR", y)] for y in range(2020, 2025)) == 207_630_857 * 10**6
    # seed 003 Tabel 22 (ribuan rupiah): every year's Eselon I rows add up to the printed total
    # except 2022, where the printed Setjen cell is Rp2 miliar short (kept as printed)
    eselon1 = ["SEKJEN", "ITJEN", "BADIKLITPENSOS", "REHSOS", "LINJAMSOS", "DAYASOS", "PFM"]
    for year in range(2020, 2025):
        gap = by[("KEMENSOS", year)] - sum(by[(u, year)] for u in eselon1)
        assert gap == (2_000_000 * 1000 if year == 2022 else 0), year
    assert sum(by[("KEMENSOS", y)] for y in range(2020, 2025)) == 382_692_122_772 * 1000


# --- the rest of the file computes --------------------------------------------------------------


def test_every_unit_year_computes(doc: d.Document) -> None:
    for plan in doc.plans:
        for year in range(plan.period[0], plan.period[1] + 1):
            out = result_to_json(compute_document(doc, plan.unit, year))
            assert list(out) == ["unit", "year", "achievement", "objectives", "notes"]
            assert [o["code"] for o in out["objectives"]] == [o.code for o in plan.objectives]


def test_ministry_indicator_follows_its_eselon_i_indicator(doc: d.Document) -> None:
    """Seed 003 prints no IKSS target; the IKSS with an identical Eselon I IKP take its
    realisation (composite of one component). A DAYASOS realisation of the Indeks Partisipasi
    Sosial shows up in the ministry's IKSS 2.1."""
    ikss = by_code(result_to_json(compute_document(doc, "KEMENSOS", 2022)))
    assert ikss["IKSS 1.1"]["target"] is None and ikss["IKSS 1.1"]["achievement"] is None
    changed = copy.deepcopy(doc)
    changed.realizations.append(
        d.Realization(unit="DAYASOS", indicator="IKP 2.1", period=d.Period(2022), value=Decimal("0.7"))
    )
    ind = by_code(result_to_json(compute_document(changed, "KEMENSOS", 2022)))["IKSS 2.1"]
    assert ind["realization"] == "0.70"
    assert ind["achievement"] == q(Decimal("0.7") / Decimal("0.686") * 100)  # Tabel 20 target 2022: 0,686


def test_pkr_2022_records_are_complete(doc: d.Document) -> None:
    records = {r.indicator: r for r in doc.realizations if r.unit == "PKR" and r.period == d.Period(2022)}
    assert set(records) == set(PK_TARGETS)
    # no SAKIP score yet (seed 001: N.A): a record without a value, with the LKj's reason
    assert records["IKK 2.2"].value is None and not records["IKK 2.2"].inputs
    assert "baru akan dinilai periode tahun depan" in records["IKK 2.2"].narrative.analysis
    assert records["IKK 1.1"].inputs == {"n": N_TEPAT_SASARAN, "T": KPM_TARGET}
    assert records["IKK 1.4"].inputs == {"n": N_GIZI, "T": T_GIZI}
    for r in records.values():
        assert r.status == "approved"
        assert r.narrative.analysis
        assert r.evidence or r is records["IKK 2.2"]  # nothing measured, nothing to evidence
    keys = {t.key for t in doc.texts if t.unit == "PKR" and t.year == 2022}
    assert {"pendahuluan", "tugas_fungsi", "struktur", "isu_strategis", "penutup"} <= keys
