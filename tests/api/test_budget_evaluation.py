"""Budget and evaluation reads on the demo data (Dit. PKR 2022): the budget as ``kinerja compute
--json`` gives it (seed 001: pagu Rp28.191.006.288.000, realisasi Rp28.047.596.940.329, 99,49 %),
the raw entries and entered scores, the SKM result with NRR per element, the AKIP evaluation, the
recommendations with their follow-up and the overdue filter; each refused outside the scope."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from kinerja.budget.models import BudgetScore
from kinerja.evaluation import recommendations
from kinerja.evaluation.models import AkipEvaluation, Survey, SurveyResponse, SurveyService
from tests.api.conftest import ApiClient, token_client
from tests.computing import compute_json
from tests.conftest import DEMO_DIR

PAGU, REALISASI = 28_191_006_288_000, 28_047_596_940_329


def _ok(response: Any) -> Any:
    assert response.status_code == 200, response.content
    return response.json()


def test_the_budget_of_pkr_is_compute_json_s(users: dict[str, Any]) -> None:
    api = token_client(users["operator.pkr"], "read")
    body = _ok(api.get("/api/v1/budget/PKR/2022"))
    assert body["unit"] == "PKR" and body["year"] == 2022
    assert (body["pagu_akhir"], body["realisasi"], body["penyerapan"]) == (PAGU, REALISASI, "99.49")
    assert body["rolled_up_from"] == [] and body["eka"] is None
    # the same object as `kinerja compute --json`'s "budget", field for field
    expected = compute_json(DEMO_DIR / "kemensos.yaml", "PKR")["budget"]
    assert {k: body[k] for k in expected} == expected
    assert body["capaian_ro"] == "99.25"  # 18.658.193 / 18.800.000 KPM, the demo's RO
    ro = {o["code"]: o for o in body["outputs"]}
    assert ro["RO-SEMBAKO"]["volume"] == "18658193.00" and ro["RO-SEMBAKO"]["parent"] == "KRO-BANSOS"
    assert ro["RO-DISTRIBUSI"]["realisasi"] == 35_402_495_625 and ro["KRO-BANSOS"]["objective"] == "PKR:SK1"
    # no budget that year: empty, not an error
    empty = _ok(api.get("/api/v1/budget/PKR/2019"))
    assert (empty["pagu_akhir"], empty["realisasi"], empty["entries"]) == (None, None, [])


def test_a_ditjen_sums_the_units_beneath_and_entered_scores_win(users: dict[str, Any], demo: Any) -> None:
    api = token_client(users["perencana"], "read")
    ditjen = _ok(api.get("/api/v1/budget/DAYASOS/2022"))
    assert (ditjen["pagu_akhir"], ditjen["realisasi"], ditjen["rolled_up_from"]) == (PAGU, REALISASI, ["PKR"])
    BudgetScore.objects.create(unit=demo["PKR"], year=2022, kind="eka", value=Decimal("97.99"), note="SMART")
    BudgetScore.objects.create(unit=demo["PKR"], year=2022, kind="ikpa", value=Decimal("95.5"))
    pkr = _ok(api.get("/api/v1/budget/PKR/2022"))
    assert (pkr["eka"], pkr["eka_diinput"], pkr["eka_predikat"]) == ("97.99", True, "Sangat Baik")
    # NKA computed by Kinerja from the two (kinerja.core.budget.nka), marked as computed
    assert pkr["nka"] is not None and pkr["nka_diinput"] is False
    scores = _ok(api.get("/api/v1/budget/scores?unit=PKR&year=2022"))
    assert scores["count"] == 2
    assert [(s["kind"], s["value"], s["note"]) for s in scores["items"]] == [
        ("eka", "97.99", "SMART"),
        ("ikpa", "95.5", ""),
    ]


def test_the_budget_entries_filtered_and_paginated(users: dict[str, Any]) -> None:
    api = token_client(users["operator.pkr"], "read")
    first = _ok(api.get("/api/v1/budget/entries?unit=PKR&year=2022&limit=3"))
    rest = _ok(api.get("/api/v1/budget/entries?unit=PKR&year=2022&limit=3&offset=3"))
    everything = _ok(api.get("/api/v1/budget/entries?unit=PKR&year=2022&limit=500"))["items"]
    assert first["count"] == len(everything) == 9 and len(first["items"]) == 3
    assert [e["id"] for e in first["items"] + rest["items"]] == [e["id"] for e in everything[:6]]
    kinds = [(e["kind"], e["amount"], e["account"]) for e in everything]
    assert ("pagu_akhir", PAGU, "") in kinds and ("realisasi", REALISASI, "") in kinds
    assert ("realisasi", 35_402_495_625, "Jasa distribusi bantuan sosial sembako") in kinds
    # a line on an RO names it (demo: the distribution service's RO, seed 001 BAB III D)
    assert {e["output"] for e in everything if e["amount"] == 35_402_495_625} == {"RO-DISTRIBUSI"}
    assert {e["unit"] for e in _ok(api.get("/api/v1/budget/entries?limit=500"))["items"]} == {"PKR"}


def test_budget_refused_outside_the_scope(users: dict[str, Any], demo: Any) -> None:
    rehsos = token_client(users["operator.rehsos"], "read")
    assert rehsos.get("/api/v1/budget/PKR/2022").status_code == 403
    assert rehsos.get("/api/v1/budget/entries?unit=PKR").status_code == 403
    assert rehsos.get("/api/v1/budget/scores?unit=PKR").status_code == 403
    listed = _ok(rehsos.get("/api/v1/budget/entries?limit=500"))["items"]
    assert listed and "PKR" not in {e["unit"] for e in listed}
    narrowed = token_client(users["perencana"], "read", unit=demo["PKR"])
    assert narrowed.get("/api/v1/budget/PKR/2022").status_code == 200
    refused = narrowed.get("/api/v1/budget/REHSOS/2022")
    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
    assert ApiClient().get("/api/v1/budget/PKR/2022").status_code == 401


def _answers(value: int) -> dict[str, int]:
    return {f"u{i}": value for i in range(1, 10)}


@pytest.fixture
def surveys(demo: dict[str, Any]) -> None:
    service = SurveyService.objects.create(unit=demo["PKR"], name="Layanan bantuan sosial")
    survey = Survey.objects.create(service=service, year=2022, population=100)
    SurveyResponse.objects.create(survey=survey, **_answers(4))
    SurveyResponse.objects.create(survey=survey, **{**_answers(3), "u9": 2})


def test_the_skm_result_with_nrr_per_element(users: dict[str, Any], surveys: None) -> None:
    api = token_client(users["operator.pkr"], "read")
    result = _ok(api.get("/api/v1/evaluation/PKR/2022/skm"))["result"]
    # NRR 3,5 on U1..U8, 3 on U9: mean 3,4444.. x 25 = 86,11 (B, Baik)
    assert (result["ikm"], result["respondents"], result["mutu"], result["kinerja"]) == (
        "86.11",
        2,
        "B",
        "Baik",
    )
    assert result["rolled_up"] is False and result["ikm_exact"].startswith("86.1111")
    assert [(e["code"], e["nrr"]) for e in result["elements"]][::8] == [("U1", "3.5"), ("U9", "3")]
    (service,) = result["services"]
    assert service["service"] == "Layanan bantuan sosial" and service["population"] == 100
    assert "80" in service["sample_note"]  # Krejcie & Morgan: 80 of 100
    ditjen = _ok(token_client(users["perencana"], "read").get("/api/v1/evaluation/DAYASOS/2022/skm"))
    assert ditjen["result"]["rolled_up"] is True and ditjen["result"]["ikm"] == "86.11"
    assert _ok(api.get("/api/v1/evaluation/PKR/2021/skm"))["result"] is None
    assert token_client(users["operator.rehsos"]).get("/api/v1/evaluation/PKR/2022/skm").status_code == 403


def test_the_akip_evaluation_final_only(users: dict[str, Any], demo: dict[str, Any]) -> None:
    AkipEvaluation.objects.create(
        unit=demo["PKR"], year=2021, lke="permenpanrb-88-2021", status="final", entered_score=Decimal("65")
    )
    AkipEvaluation.objects.create(
        unit=demo["PKR"], year=2022, lke="permenpanrb-88-2021", status="final", entered_score=Decimal("72.5")
    )
    AkipEvaluation.objects.create(unit=demo["REHSOS"], year=2022, lke="permenpanrb-88-2021", status="self")
    api = token_client(users["apip"], "read")
    body = _ok(api.get("/api/v1/evaluation/PKR/2022/akip"))
    assert body["status"] == "final"
    result = body["result"]
    assert (result["score"], result["predicate"], result["previous"], result["change"]) == (
        "72.5",
        "BB",
        "65",
        "7.5",
    )
    assert result["entered"] is True and result["components"] == {}
    rehsos = _ok(api.get("/api/v1/evaluation/REHSOS/2022/akip"))
    assert (rehsos["status"], rehsos["result"]) == ("self", None)
    assert _ok(api.get("/api/v1/evaluation/PKR/2020/akip"))["status"] == "none"
    assert token_client(users["operator.rehsos"]).get("/api/v1/evaluation/PKR/2022/akip").status_code == 403


def test_recommendations_with_follow_up_and_overdue(users: dict[str, Any], demo: dict[str, Any]) -> None:
    today = recommendations.today()
    late = recommendations.add_recommendation(
        users["apip"],
        demo["PKR"],
        source="lhe",
        reference="LHE-1/2022",
        year="2022",
        text="Lengkapi manajemen risiko kinerja",
        due_date=(today - timedelta(days=10)).isoformat(),
    )
    recommendations.add_follow_up(
        users["operator.pkr"],
        late,
        text="Register risiko disusun",
        evidence="SK-12",
        done=False,
        version=late.version,
    )
    recommendations.add_recommendation(
        users["apip"],
        demo["PKR"],
        source="reviu",
        reference="LHR-2/2022",
        year="2022",
        text="Tambahkan analisis efisiensi",
        due_date=(today + timedelta(days=30)).isoformat(),
    )
    recommendations.add_recommendation(
        users["apip"],
        demo["REHSOS"],
        source="bpk",
        reference="LHP-3",
        year="2022",
        text="Rehsos",
        due_date=date(2023, 1, 31).isoformat(),
    )
    api = token_client(users["operator.pkr"], "read")
    rows = _ok(api.get("/api/v1/evaluation/recommendations?year=2022"))
    assert rows["count"] == 2 and {r["unit"] for r in rows["items"]} == {"PKR"}
    first = rows["items"][0]
    assert (first["reference"], first["overdue"], first["status"]) == ("LHE-1/2022", True, "in_progress")
    assert [(f["text"], f["evidence"]) for f in first["follow_ups"]] == [("Register risiko disusun", "SK-12")]
    overdue = _ok(api.get("/api/v1/evaluation/recommendations?overdue=true"))
    assert [r["reference"] for r in overdue["items"]] == ["LHE-1/2022"]
    apip = token_client(users["apip"], "read")
    assert _ok(apip.get("/api/v1/evaluation/recommendations?overdue=true"))["count"] == 2
    narrowed = token_client(users["apip"], "read", unit=demo["PKR"])
    assert _ok(narrowed.get("/api/v1/evaluation/recommendations?overdue=true"))["count"] == 1
    assert narrowed.get("/api/v1/evaluation/recommendations?unit=REHSOS").status_code == 403
    bad = api.get("/api/v1/evaluation/recommendations?status=lost")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "query.status"


def test_the_output_structure_written_whole_with_its_version(users: dict[str, Any]) -> None:
    """PUT /budget/{unit}/{year}/outputs: the workbook's rules as JSON; a stale version is 409, a
    wrong parent names its place, an operator without the finance right gets 403."""
    from kinerja.budget.models import BudgetEntry, BudgetOutput

    url = "/api/v1/budget/PKR/2022/outputs"
    api = token_client(users["keuangan.dayasos"])
    before = _ok(api.get("/api/v1/budget/PKR/2022"))
    body = {
        "version": before["outputs_version"],
        "outputs": [
            {"level": "kro", "code": "KRO-BANSOS", "name": "Bantuan Sosial Program Sembako", "objective": "SK1"},
            {"level": "ro", "code": "RO-SEMBAKO", "name": "KPM Program Sembako", "parent": "KRO-BANSOS",
             "volume_target": 18800000, "volume_unit": "KPM", "volumes": [{"month": 12, "value": "18.658.193"}]},
            {"level": "ro", "code": "RO-ADAPTIF", "name": "KPM Sembako Adaptif", "parent": "KRO-BANSOS",
             "volume_target": 26177, "volume_unit": "KPM", "volumes": [{"month": 12, "value": 15945}]},
        ],
        "lines": [{"output": "RO-ADAPTIF", "kind": "pagu_akhir", "amount": 5_235_400_000, "account": "Belanja Bansos"}],
    }  # fmt: skip
    kept = BudgetOutput.objects.get(unit__code="PKR", year=2022, code="RO-SEMBAKO").pk
    saved = _ok(api.put(url, body))
    assert (saved["outputs"], saved["lines"]) == (3, 1) and saved["version"] != before["outputs_version"]
    assert BudgetOutput.objects.get(unit__code="PKR", year=2022, code="RO-SEMBAKO").pk == kept
    after = _ok(api.get("/api/v1/budget/PKR/2022"))
    ro = {o["code"]: o for o in after["outputs"]}
    assert set(ro) == {"KRO-BANSOS", "RO-SEMBAKO", "RO-ADAPTIF"} and ro["RO-ADAPTIF"]["capaian"] == "60.91"
    assert after["capaian_ro"] == "80.08" and after["outputs_version"] == saved["version"]
    assert after["pagu_akhir"] == PAGU  # the whole-unit lines are untouched

    stale = api.put(url, body)  # the version read before the change
    assert stale.status_code == 409 and stale["Content-Type"] == "application/problem+json"
    wrong = dict(body, version=None)
    wrong["outputs"] = [body["outputs"][0], dict(body["outputs"][1], parent="KRO-HILANG")]
    refused = api.put(url, wrong)
    assert refused.status_code == 422 and "body.outputs[1]" in refused.content.decode()
    assert "induk 'KRO-HILANG'" in refused.content.decode()
    assert BudgetOutput.objects.filter(unit__code="PKR", year=2022).count() == 3
    assert BudgetEntry.objects.filter(unit__code="PKR", year=2022, output__code="RO-ADAPTIF").count() == 1
    assert token_client(users["operator.pkr"]).put(url, body).status_code == 403
