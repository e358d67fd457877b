"""The output structure of a DIPA (Program > Kegiatan > KRO > RO, ``budget_outputs``): capaian RO,
efficiency and the EKA computed from a unit's own data, the roll-up rule that never shows a false
absorption, the tables per objective, per account and over the years, and the section in the
file (parse errors named, database round trip, ``kinerja compute --json``).

The LAN 2021 vector of rules.md (T5: P 95,53, K 99,61, CRO 99,72, NE 59,98 -> 87,93; T6: ERO
3,992 % -> NE 59,98) is rebuilt here from raw budget lines, volumes and a monthly plan."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kinerja.core.numbers import round_half_up
from kinerja.core.types import KinerjaValidationError
from kinerja.figures.budget import (
    budget_by_account,
    budget_by_objective,
    budget_outputs,
    budget_trend,
    unit_budget,
)
from kinerja.interchange.db import export_document, import_document
from kinerja.interchange.parse import parse_text
from kinerja.interchange.write import dump_document
from tests.computing import compute_json
from tests.figures.test_scenarios import demo_document

D = Decimal

# Two KRO of Rp20 and Rp80 juta, each with one RO (100 % and 99,44 % of its volume: CRO 99,72);
# spending 19.217.681 + 76.312.319 = 95.530.000 (P 95,53 %) so that ERO = 3,992 %; the whole
# year planned in December at 95.904.026 so that K = 99,61.
LAN = """\
format: kinerja/v1
units:
  - {code: LAN, name: Puslatbang KMP, level: eselon2}
plans:
  - unit: LAN
    period: [2020, 2024]
    objectives:
      - code: S1
        level: SK
        statement: Meningkatnya kualitas kebijakan
        indicators:
          - {code: I1, name: Indeks kualitas kebijakan, unit_of_measure: indeks, targets: {2021: 80}}
budgets:
  - {unit: LAN, year: 2021, kind: pagu_akhir, amount: 100000000}
  - {unit: LAN, year: 2021, kind: realisasi, amount: 95530000}
  - {unit: LAN, year: 2021, kind: rpd, month: 12, amount: 95904026}
  - {unit: LAN, year: 2021, kind: realisasi_bulanan, month: 12, amount: 95530000}
  - {unit: LAN, year: 2021, kind: pagu_akhir, output: RO-A, amount: 20000000, account: Belanja Barang}
  - {unit: LAN, year: 2021, kind: realisasi, output: RO-A, amount: 19217681, account: Belanja Barang}
  - {unit: LAN, year: 2021, kind: pagu_akhir, output: RO-B, amount: 80000000}
  - {unit: LAN, year: 2021, kind: realisasi, output: RO-B, amount: 76312319}
budget_outputs:
  - {unit: LAN, year: 2021, level: program, code: P1, name: Program Kebijakan}
  - {unit: LAN, year: 2021, level: kegiatan, code: K1, parent: P1, name: Kajian Kebijakan}
  - {unit: LAN, year: 2021, level: kro, code: KRO-A, parent: K1, name: Kebijakan Bidang A, objective: S1}
  - {unit: LAN, year: 2021, level: ro, code: RO-A, parent: KRO-A, name: Rekomendasi A,
     volume_target: 100, volume_unit: Rekomendasi, volumes: [{month: 6, value: 40}, {month: 12, value: 100}]}
  - {unit: LAN, year: 2021, level: kro, code: KRO-B, parent: K1, name: Kebijakan Bidang B}
  - {unit: LAN, year: 2021, level: ro, code: RO-B, parent: KRO-B, name: Rekomendasi B,
     volume_target: 100, volume_unit: Rekomendasi, volumes: [{month: 12, value: "99,44"}]}
"""


def two(value: Decimal | None) -> Decimal:
    assert value is not None
    return round_half_up(value, 2)


def test_the_lan_vector_from_raw_data() -> None:
    doc = parse_text(LAN, "lan.yaml")
    outputs = budget_outputs(doc, "LAN", 2021)
    assert [r.code for r in outputs.rows] == ["P1", "K1", "KRO-A", "RO-A", "KRO-B", "RO-B"]
    assert [r.depth for r in outputs.rows] == [0, 1, 2, 3, 2, 3]
    by = {r.code: r for r in outputs.rows}
    assert by["RO-A"].volume == 100 and by["RO-A"].volume_month == 12  # the latest month counts
    assert two(by["RO-B"].capaian) == D("99.44") and by["KRO-A"].pagu == 20_000_000
    assert by["P1"].pagu == 100_000_000 and by["P1"].realisasi == 95_530_000
    assert two(outputs.capaian_ro) == D("99.72")
    assert round_half_up(outputs.efisiensi, 3) == D("3.992")  # type: ignore[arg-type]
    assert two(outputs.nilai_efisiensi) == D("59.98")  # T6
    found = unit_budget(doc, "LAN", 2021)
    assert found is not None
    eka = found.scores["eka"]
    assert two(eka.value) == D("87.93") and not eka.entered  # T5
    assert "capaian RO (CRO)" in eka.note and eka.predicate is not None and eka.predicate.label == "Baik"
    # an entered part wins over the computed one; an entered EKA wins over both
    entered = parse_text(
        LAN + "budget_scores:\n  - {unit: LAN, year: 2021, kind: eka_efisiensi, value: 100}\n", "x.yaml"
    )
    score = unit_budget(entered, "LAN", 2021).scores["eka"]  # type: ignore[union-attr]
    assert two(score.value) == two(
        D("0.097") * D("95.53") + D("0.182") * D("99.61") + D("0.435") * D("99.72") + D("28.6")
    )
    assert "nilai efisiensi" not in score.note
    # the objective the KRO serves takes its RO's money; the objective beside it none
    (line,) = budget_by_objective(doc, "LAN", 2021)
    assert (line.key, line.pagu, line.realisasi) == ("LAN:S1", 20_000_000, 19_217_681)
    assert [(a.label, a.pagu) for a in budget_by_account(doc, "LAN", 2021)] == [
        ("Belanja Barang", 20_000_000)
    ]


def test_a_sum_over_parts_never_shows_a_false_absorption() -> None:
    """The demo: PKR's bansos RO has a pagu but no printed realisation, its distribution RO both.
    The KRO's pagu is the sum, its realisation unknown (not the distribution's alone)."""
    doc = demo_document()
    outputs = budget_outputs(doc, "PKR", 2022)
    by = {r.code: r for r in outputs.rows}
    assert by["RO-DISTRIBUSI"].realisasi == 35_402_495_625 and two(by["RO-DISTRIBUSI"].penyerapan) == D(
        "62.47"
    )
    assert by["KRO-BANSOS"].pagu == 27_063_925_400_000 + 56_673_731_000
    assert by["KRO-BANSOS"].realisasi is None and by["KRO-BANSOS"].penyerapan is None
    assert two(by["RO-SEMBAKO"].capaian) == D("99.25")  # 18.658.193 / 18.800.000 KPM (IKK 1.1)
    assert outputs.efisiensi is None and outputs.nilai_efisiensi is None
    # the RO lines are parts of the unit's pagu: the unit's total is unchanged (seed 001)
    assert unit_budget(doc, "PKR", 2022).pagu_akhir == 28_191_006_288_000  # type: ignore[union-attr]
    # the ministry's objective SS1 takes PKR's money through the cascade SK1 -> SP5 -> SS1
    ss1 = next(line for line in budget_by_objective(doc, "KEMENSOS", 2022) if line.key == "KEMENSOS:SS1")
    assert ss1.pagu == by["KRO-BANSOS"].pagu
    trend = budget_trend(doc, "KEMENSOS", 2022)
    assert [t.label for t in trend] == ["2020", "2021", "2022", "2023", "2024"]
    assert trend[2].pagu == 28_191_006_288_000 and trend[2].renstra == 77_568_891_661_000


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{unit: LAN, year: 2021, level: seksi, code: X, name: X}", "tingkat (level) 'seksi' tidak dikenal"),
        ("{unit: LAN, year: 2021, level: ro, code: X, name: X, parent: NOPE}", "induk 'NOPE'"),
        ("{unit: LAN, year: 2021, level: kro, code: X, name: X, parent: RO-A}", "harus setingkat di atas"),
        ("{unit: LAN, year: 2021, level: kro, code: X, name: X, volume_target: 5}", "hanya untuk tingkat ro"),
        ("{unit: LAN, year: 2021, level: ro, code: RO-A, name: X}", "kode RO-A tercantum dua kali"),
        (
            "{unit: LAN, year: 2021, level: ro, code: X, name: X, volumes: [{month: 13, value: 1}]}",
            "di luar rentang 1..12",
        ),
    ],
)
def test_bad_structure_is_named(bad: str, message: str) -> None:
    with pytest.raises(KinerjaValidationError) as info:
        parse_text(LAN + f"  - {bad}\n", "lan.yaml")
    assert message in str(info.value) and "budget_outputs[" in str(info.value), str(info.value)


def test_a_line_on_an_unknown_output_is_refused() -> None:
    text = LAN.replace("output: RO-B, amount: 80000000", "output: RO-Z, amount: 80000000")
    with pytest.raises(KinerjaValidationError) as info:
        parse_text(text, "lan.yaml")
    assert "keluaran 'RO-Z' tidak ada" in str(info.value) and "budgets[6]" in str(info.value)


def test_file_and_database_round_trip_and_compute_json(db: Any, tmp_path: Path) -> None:
    doc = parse_text(LAN, "lan.yaml")
    for fmt in ("yaml", "json"):
        assert parse_text(dump_document(doc, fmt), "x", fmt=fmt).budget_outputs == doc.budget_outputs
    summary = import_document(doc, source="lan.yaml")
    assert summary.budget_outputs == 6
    back = export_document(agency_code=None)
    assert back.budget_outputs == doc.budget_outputs
    assert [(b.output, b.amount) for b in back.budgets if b.output] == [
        (b.output, b.amount) for b in doc.budgets if b.output
    ]
    # a second import keeps the nodes (the lines stay linked) and drops a node no longer listed
    from kinerja.budget.models import BudgetEntry, BudgetOutput

    kept = BudgetOutput.objects.get(code="RO-A").pk
    smaller = parse_text(LAN.replace('volumes: [{month: 12, value: "99,44"}]', "volumes: []"), "x.yaml")
    smaller.budget_outputs = [o for o in smaller.budget_outputs if o.code != "P1"]
    for o in smaller.budget_outputs:
        if o.parent == "P1":
            o.parent = ""
    import_document(smaller, source="x.yaml")
    assert BudgetOutput.objects.get(code="RO-A").pk == kept
    assert not BudgetOutput.objects.filter(code="P1").exists()
    assert BudgetEntry.objects.filter(output__code="RO-A").count() == 2

    path = tmp_path / "lan.yaml"
    path.write_text(LAN, encoding="utf-8")
    out = compute_json(path, "LAN", 2021)["budget"]
    assert (out["penyerapan"], out["konsistensi"], out["capaian_ro"]) == ("95.53", "99.61", "99.72")
    assert (out["efisiensi"], out["nilai_efisiensi"]) == ("3.99", "59.98")
    assert (out["eka"], out["eka_diinput"], out["eka_predikat"]) == ("87.93", False, "Baik")
