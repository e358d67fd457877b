"""Reading interchange files: the contract's shapes load; every kind of bad input is refused with
a message in Bahasa Indonesia that names the file, the line and the path of keys."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kinerja.core.types import KinerjaValidationError, NumericTarget, QualitativeTarget, RangeTarget
from kinerja.interchange.parse import load_document, parse_text
from tests.conftest import FIXTURES

HEAD = "format: kinerja/v1\nunits:\n  - {code: PKR, name: Dit PKR, level: eselon2}\n"


def plan_with(indicator: str, extra: str = "") -> str:
    return (
        HEAD
        + "plans:\n  - unit: PKR\n    period: [2020, 2024]\n    objectives:\n"
        + "      - code: SK1\n        level: SK\n        statement: s\n        indicators:\n"
        + f"          - {indicator}\n"
        + extra
    )


def test_contract_example_loads_with_its_meaning() -> None:
    doc = load_document(FIXTURES / "contract_example.yaml")
    pkr = next(u for u in doc.units if u.code == "PKR")
    assert pkr.parent == "DAYASOS"
    assert [(p.unit, p.since) for p in pkr.predecessors] == [("PFM", date(2022, 9, 1))]
    plan = next(p for p in doc.plans if p.unit == "PKR")
    ind = plan.objectives[0].indicators[0]
    assert ind.code == "IKK 1.1" and ind.formula == "n / T * 100"
    assert ind.max_achievement == Decimal(100)
    assert ind.targets[2022] == NumericTarget(Decimal(99))
    assert plan.objectives[0].supports == ["DAYASOS:SP1"]
    assert [(a.version, a.reason) for a in doc.agreements] == [(1, None), (2, "b")]
    values = {(r.indicator, str(r.period)): r for r in doc.realizations}
    assert values[("IKK 2.1", "2022")].value == Decimal("97.99")
    assert values[("IKK 1.1", "2022")].inputs == {"n": Decimal(18658193), "T": Decimal(18800000)}
    assert values[("IKK 1.1", "2022-Q4")].period.quarter == 4
    assert [b.amount for b in doc.budgets][0] == 14742125743000


def test_targets_of_every_type_and_indonesian_numbers() -> None:
    doc = parse_text(
        plan_with(
            "{code: I1, name: i, targets: {2020: '1.234.567', 2021: '99,25', 2022: {min: 80, max: '90,5'}}}\n"
            "          - {code: I2, name: opini, scale: [WTP, WDP, TW, TMP], targets: {2022: WDP}}"
        ),
        source="t.yaml",
    )
    i1, i2 = doc.plans[0].objectives[0].indicators
    assert i1.targets[2020] == NumericTarget(Decimal(1234567))
    assert i1.targets[2021] == NumericTarget(Decimal("99.25"))
    assert i1.targets[2022] == RangeTarget(Decimal(80), Decimal("90.5"))
    assert i2.targets[2022] == QualitativeTarget("WDP")


BAD = {
    "unreadable number": (
        plan_with("{code: I1, name: i, targets: {2022: '9,9,9'}}"),
        ["9,9,9", "baris 12", "targets.2022"],
    ),
    "unknown parent": (
        "format: kinerja/v1\nunits:\n  - {code: PKR, name: Dit PKR, level: eselon2, parent: TIDAKADA}\n",
        ["TIDAKADA", "tidak dikenal", "units[0].parent"],
    ),
    "unit cycle": (
        "format: kinerja/v1\nunits:\n  - {code: A, name: A, level: eselon1, parent: B}\n"
        "  - {code: B, name: B, level: eselon1, parent: A}\n",
        ["melingkar"],
    ),
    "duplicate unit": (
        "format: kinerja/v1\nunits:\n  - {code: A, name: A, level: eselon1}\n  - {code: A, name: B, level: eselon1}\n",
        ["kode unit A", "dua kali", "baris 4"],
    ),
    # a unit code names pages and files (issue #11, finding 3): one rule, kinerja/core/codes.py
    "unit code with a slash": (
        "format: kinerja/v1\nunits:\n  - {code: DIT/PKR, name: A, level: eselon1}\n",
        ["DIT/PKR", "huruf A-Z", "units[0].code"],
    ),
    "unit code with a quote and a newline": (
        'format: kinerja/v1\nunits:\n  - {code: "P\\nK\\"R", name: A, level: eselon1}\n',
        ["karakter kendali", "units[0].code"],
    ),
    "unit code with NUL": (
        'format: kinerja/v1\nunits:\n  - {code: "PK\\0R", name: A, level: eselon1}\n',
        ["karakter NUL", "baris 3"],
    ),
    "indicator code with a newline": (plan_with('{code: "I\\n1", name: i}'), ["karakter kendali"]),
    "agency code with a space": (
        "format: kinerja/v1\nagency: {code: KEMEN SOS, name: K}\nunits: []\n",
        ["kode instansi", "KEMEN SOS"],
    ),
    "integer of 5.000 digits": (
        plan_with("{code: I1, name: i, targets: {2022: " + "9" * 5000 + "}}"),
        ["angka terlalu panjang", "baris 12"],
    ),
    "NUL written out in a name": (
        'format: kinerja/v1\nunits:\n  - {code: A, name: "x\\0y", level: eselon1}\n',
        ["karakter NUL", "baris 3"],
    ),
    "label without scale": (plan_with("{code: I1, name: i, targets: {2022: WTP}}"), ["WTP", "skala"]),
    "number on a scale": (
        plan_with("{code: I1, name: i, scale: [WTP, WDP], targets: {2022: 3}}"),
        ["WTP, WDP"],
    ),
    "label outside scale": (
        plan_with("{code: I1, name: i, scale: [WTP, WDP], targets: {2022: BAIK}}"),
        ["BAIK"],
    ),
    "unknown key": (plan_with("{code: I1, name: i, taget: {2022: 1}}"), ["taget", "tidak dikenal"]),
    "duplicate mapping key": (plan_with("{code: I1, name: i, code: I2}"), ["dua kali", "baris 12"]),
    "range upside down": (plan_with("{code: I1, name: i, targets: {2022: {min: 90, max: 80}}}"), ["min 90"]),
    "target outside period": (plan_with("{code: I1, name: i, targets: {2030: 1}}"), ["2030", "periode"]),
    "no format": ("units: []\n", ["format"]),
    "ambiguous thousands": (plan_with("{code: I1, name: i, targets: {2022: '1.500'}}"), ["1.500", "ganda"]),
    "money with cents": (
        HEAD + "budgets:\n  - {unit: PKR, year: 2022, kind: pagu_awal, amount: '1,5'}\n",
        ["rupiah utuh"],
    ),
    "unknown budget kind": (
        HEAD + "budgets:\n  - {unit: PKR, year: 2022, kind: pagu, amount: 1}\n",
        ["pagu", "pagu_awal"],
    ),
    "bad quarter": (
        plan_with(
            "{code: I1, name: i}",
            "realizations:\n  - {unit: PKR, indicator: I1, period: '2022-Q5', value: 1}\n",
        ),
        ["2022-Q5", "triwulan"],
    ),
    "unknown indicator": (
        plan_with(
            "{code: I1, name: i}", "realizations:\n  - {unit: PKR, indicator: I9, period: 2022, value: 1}\n"
        ),
        ["I9", "PKR:I9", "realizations[0].indicator"],
    ),
    "unknown unit of a record": (
        plan_with(
            "{code: I1, name: i}",
            "realizations:\n  - {unit: XYZ, indicator: 'PKR:I1', period: 2022, value: 1}\n",
        ),
        ["XYZ"],
    ),
    "unsafe formula": (
        plan_with("{code: I1, name: i, formula: \"__import__('os').system('x')\"}"),
        ["formula"],
    ),
    "formula variable not declared": (
        plan_with("{code: I1, name: i, formula: 'a / b', variables: {a: x}}"),
        ["b", "formula"],
    ),
    "composite cycle": (
        plan_with("{code: I1, name: i, components: [I2]}\n          - {code: I2, name: j, components: [I1]}"),
        ["komposit melingkar", "PKR:I1"],
    ),
    "weights missing": (
        plan_with(
            "{code: I1, name: i, components: [I2], aggregation: weighted_mean}\n          - {code: I2, name: j}"
        ),
        ["bobot", "I2"],
    ),
    "colon in a code": ("format: kinerja/v1\nunits:\n  - {code: 'A:B', name: A, level: eselon1}\n", ["':'"]),
    "wrong type of section": ("format: kinerja/v1\nunits: {code: A}\n", ["units", "daftar"]),
    "yaml syntax": ("format: kinerja/v1\nunits: [\n", ["YAML", "baris"]),
    "top level list": ("- 1\n- 2\n", ["pemetaan"]),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_names_file_place_and_problem(name: str) -> None:
    text, needles = BAD[name]
    with pytest.raises(KinerjaValidationError) as info:
        parse_text(text, source="salah.yaml")
    message = str(info.value)
    assert "salah.yaml" in message, message
    for needle in needles:
        assert needle in message, (needle, message)
    assert "Traceback" not in message


def test_many_problems_are_reported_together() -> None:
    text = plan_with("{code: I1, name: i, targets: {2020: 'x,1', 2021: '9,9,9', 2022: '1..2'}}")
    with pytest.raises(KinerjaValidationError) as info:
        parse_text(text, source="banyak.yaml")
    message = str(info.value)
    assert "3 masalah" in message
    for year in ("2020", "2021", "2022"):
        assert f"targets.{year}" in message


def test_json_with_line_numbers(tmp_path: Path) -> None:
    data = {
        "format": "kinerja/v1",
        "units": [
            {"code": "PKR", "name": "Dit", "level": "eselon2"},
            {"code": "X", "name": "x", "level": "dirjen"},
        ],
    }
    path = tmp_path / "berkas.json"
    path.write_text(json.dumps(data, indent=2))
    with pytest.raises(KinerjaValidationError) as info:
        load_document(path)
    assert "berkas.json" in str(info.value) and "dirjen" in str(info.value) and "baris 12" in str(info.value)


def test_binary_and_oversized_files(tmp_path: Path) -> None:
    garbage = tmp_path / "sampah.yaml"
    garbage.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(KinerjaValidationError, match="sampah.yaml"):
        load_document(garbage)
    big = tmp_path / "besar.yaml"
    big.write_text("format: kinerja/v1\n# " + "x" * 5000 + "\n")
    with pytest.raises(KinerjaValidationError, match="terlalu besar"):
        load_document(big, max_bytes=1000)
    assert load_document(big, max_bytes=10_000).units == []


def test_missing_file() -> None:
    with pytest.raises(KinerjaValidationError, match="tidak ditemukan"):
        load_document("/tidak/ada.yaml")


def test_extension_keys_are_ignored() -> None:
    doc = parse_text(
        "format: kinerja/v1\nx-sumber: aplikasi lain\nunits:\n  - {code: A, name: A, level: eselon1, x_id: 7}\n"
    )
    assert [u.code for u in doc.units] == ["A"]


def test_yaml_alias_bomb_refused_quickly_with_a_short_message() -> None:
    """Issue #11, finding 5: 508 bytes of nested aliases once took 12 s, 1,4 GB and printed a
    722 MB message. Refused before anything is expanded."""
    lines = ["format: kinerja/v1", 'x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghi"
    for prev, name in zip(names, names[1:], strict=False):
        lines.append(f"x-{name}: &{name} [{','.join([f'*{prev}'] * 9)}]")
    lines.append("units: *i")
    text = "\n".join(lines) + "\n"
    assert len(text) < 800
    with pytest.raises(KinerjaValidationError) as info:
        parse_text(text, source="bom.yaml")
    message = str(info.value)
    assert "alias" in message and "bom.yaml" in message and len(message) < 400


def test_self_referring_alias_refused() -> None:
    with pytest.raises(KinerjaValidationError, match="melingkar"):
        parse_text("format: kinerja/v1\nunits: &u [*u]\n", source="lingkar.yaml")


def test_a_few_aliases_for_a_repeated_block_still_load() -> None:
    text = (
        "format: kinerja/v1\nx-unit: &base {name: Dit, level: eselon2}\n"
        "units:\n  - {<<: *base, code: A}\n  - {<<: *base, code: B}\n"
    )
    doc = parse_text(text, source="ok.yaml")
    assert [u.code for u in doc.units] == ["A", "B"]


def test_messages_never_quote_a_whole_huge_value() -> None:
    with pytest.raises(KinerjaValidationError) as info:
        parse_text(
            plan_with("{code: I1, name: i, targets: {2022: '" + "9," * 100_000 + "'}}"), source="b.yaml"
        )
    assert len(str(info.value)) < 1000
