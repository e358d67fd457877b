"""``compute_document`` gives the figures the contract defines, from a file alone."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from kinerja.core.types import KinerjaValidationError
from kinerja.figures.output import render_table, result_to_json
from kinerja.figures.unit_year import compute_document
from kinerja.interchange.parse import load_document, parse_text
from kinerja.interchange.write import dump_document
from tests.conftest import FIXTURES


def q(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def indicators(out: dict) -> dict:  # type: ignore[type-arg]
    return {i["code"]: i for o in out["objectives"] for i in o["indicators"]}


def test_contract_example_figures() -> None:
    out = result_to_json(compute_document(load_document(FIXTURES / "contract_example.yaml"), "PKR", 2022))
    assert list(out) == ["unit", "year", "achievement", "objectives", "notes"]
    ind = indicators(out)
    r11 = Decimal(18658193) / Decimal(18800000) * 100
    assert ind["IKK 1.1"]["target"] == "99.00"
    assert ind["IKK 1.1"]["realization"] == q(r11) == "99.25"
    assert ind["IKK 1.1"]["achievement_uncapped"] == q(r11 / 99 * 100) == "100.25"
    assert ind["IKK 1.1"]["achievement"] == "100.00"
    assert ind["IKK 2.1"]["achievement"] == q(Decimal("97.99") / 87 * 100) == "112.63"
    # one objective: its mean uses the capped, unrounded achievements
    mean = (Decimal(100) + Decimal("97.99") / 87 * 100) / 2
    assert out["objectives"][0]["achievement"] == q(mean) == out["achievement"]
    assert any("versi 2" in n for n in out["notes"])


def test_ministry_composites_revised_pk_caps_and_na() -> None:
    out = result_to_json(
        compute_document(load_document(FIXTURES / "ministry_composite.yaml"), "KEMENSOS", 2022)
    )
    ind = indicators(out)
    # IKSS 1.1 = weighted mean (2 x REHSOS 45/50*100 + 1 x LINJAMSOS 96) / 3 = 92, against PK v2 target 80
    assert ind["IKSS 1.1"]["realization"] == "92.00"
    assert ind["IKSS 1.1"]["target"] == "80.00"
    assert ind["IKSS 1.1"]["achievement"] == "115.00"
    assert {c["indicator"]: c["realization"] for c in ind["IKSS 1.1"]["components"]} == {
        "REHSOS:IKP 1.1": "90.00",
        "LINJAMSOS:IKP 1.1": "96.00",
    }
    # IKSS 1.2 = sum of LINJAMSOS quarters (100+200+300+400) and REHSOS 500 = 1500 vs 1200: 125, capped 120
    assert ind["IKSS 1.2"]["realization"] == "1500.00"
    assert ind["IKSS 1.2"]["achievement_uncapped"] == "125.00"
    assert ind["IKSS 1.2"]["achievement"] == "120.00"
    # audit opinion met; range target with realisation inside; lower-is-better (2 - 4/5) x 100 = 120
    assert ind["IKSS 2.1"]["target"] == "WTP" and ind["IKSS 2.1"]["realization"] == "WTP"
    assert ind["IKSS 2.1"]["achievement"] == "100.00"
    assert ind["IKSS 2.2"]["target"] == "80.00-90.00"
    assert (ind["IKSS 2.2"]["target_min"], ind["IKSS 2.2"]["target_max"]) == ("80.00", "90.00")
    assert ind["IKSS 2.2"]["achievement"] == "100.00"
    assert ind["IKSS 2.3"]["achievement"] == "120.00"
    # no realisation: n.a, left out of the mean and said so
    assert ind["IKSS 2.4"]["achievement"] is None and ind["IKSS 2.4"]["realization"] is None
    ss1 = (Decimal(115) + Decimal(120)) / 2
    ss2 = (Decimal(100) + Decimal(100) + Decimal(120)) / 3
    objectives = {o["code"]: o["achievement"] for o in out["objectives"]}
    assert objectives == {"SS1": q(ss1), "SS2": q(ss2)}
    assert out["achievement"] == q((ss1 + ss2) / 2) == "112.08"
    assert any("IKSS 2.4" in n for n in out["notes"])


def test_without_agreement_the_renstra_target_counts() -> None:
    doc = load_document(FIXTURES / "ministry_composite.yaml")
    doc.agreements.clear()
    out = result_to_json(compute_document(doc, "KEMENSOS", 2022))
    assert indicators(out)["IKSS 1.1"]["target"] == "85.00"
    assert indicators(out)["IKSS 1.1"]["achievement"] == q(Decimal(92) / 85 * 100)


def test_a_draft_pk_version_is_kept_but_never_the_target_in_force() -> None:
    text = (FIXTURES / "contract_example.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "agreements:                   # Perjanjian Kinerja; the highest version in force is measured\n",
        "agreements:\n"
        '  - {unit: PKR, year: 2022, version: 3, status: draft, reason: c, targets: {"IKK 2.1": 95}}\n',
    )
    doc = parse_text(text, source="draf.yaml")
    assert [(a.version, a.status) for a in doc.agreements] == [(3, "draft"), (1, "signed"), (2, "signed")]
    out = result_to_json(compute_document(doc, "PKR", 2022))
    assert indicators(out)["IKK 2.1"]["target"] == "87.00"  # version 2, the highest signed one
    assert indicators(out)["IKK 2.1"]["achievement"] == q(Decimal("97.99") / 87 * 100)
    assert any("versi 3 masih draf" in n for n in out["notes"])
    again = parse_text(dump_document(doc, fmt="yaml"), source="lagi.yaml")
    assert [a.status for a in again.agreements] == ["draft", "signed", "signed"]
    doc.agreements[0].status = "signed"  # once signed, version 3 is in force
    assert indicators(result_to_json(compute_document(doc, "PKR", 2022)))["IKK 2.1"]["target"] == "95.00"
    with pytest.raises(KinerjaValidationError, match="status PK 'disetujui' tidak dikenal"):
        parse_text(text.replace("status: draft", "status: disetujui"), source="salah.yaml")


def test_quarters_by_rule_when_there_is_no_year_record() -> None:
    doc = load_document(FIXTURES / "contract_example.yaml")
    doc.realizations = [
        r for r in doc.realizations if not (r.indicator == "IKK 1.1" and r.period.quarter is None)
    ]
    out = result_to_json(compute_document(doc, "PKR", 2022))
    ind = indicators(out)["IKK 1.1"]
    assert ind["realization"] == "99.10"  # rule "last": the Q4 value
    assert ind["achievement_uncapped"] == q(Decimal("99.1") / 99 * 100)


def test_the_same_figures_after_a_json_round_trip() -> None:
    doc = load_document(FIXTURES / "ministry_composite.yaml")
    again = parse_text(dump_document(doc, fmt="json"), fmt="json")
    assert result_to_json(compute_document(again, "KEMENSOS", 2022)) == result_to_json(
        compute_document(doc, "KEMENSOS", 2022)
    )


def test_unknown_unit_and_year_outside_the_plan() -> None:
    doc = load_document(FIXTURES / "contract_example.yaml")
    with pytest.raises(KinerjaValidationError, match="NOPE"):
        compute_document(doc, "NOPE", 2022)
    with pytest.raises(KinerjaValidationError, match="2019"):
        compute_document(doc, "PKR", 2019)


def test_table_is_indonesian() -> None:
    table = render_table(
        compute_document(load_document(FIXTURES / "ministry_composite.yaml"), "KEMENSOS", 2022)
    )
    assert "1.500,00" in table and "112,08" in table and "n.a" in table and "Catatan" in table
