"""A token-holding script that knows only the served OpenAPI schema: it enters Dit. PKR's
realisation of IKK 1.1 for the fourth quarter of 2022 (the seed's own figures: 18.790.332 of
18.800.000 KPM, period Oct-Dec), submits it and reads the provisional figure; the verifier then
verifies and approves it on the realisation page; the script reads the official figure.

Every URL and method the script uses comes from the schema, found by operationId."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.test import Client
from openapi_spec_validator import validate

from tests.api.conftest import ApiClient, token_client

TWO = Decimal("0.01")


class SchemaClient:
    """Calls operations by their operationId, with the path and method the schema gives."""

    def __init__(self, api: ApiClient) -> None:
        self.api = api
        response = api.get("/api/v1/openapi.json")
        assert response.status_code == 200
        self.schema = response.json()
        validate(self.schema)  # valid OpenAPI 3
        self.ops = {
            op["operationId"]: (method, path)
            for path, item in self.schema["paths"].items()
            for method, op in item.items()
        }

    def url(self, operation: str, **params: Any) -> tuple[str, str]:
        method, path = self.ops[operation]
        query = {}
        for name, value in params.items():
            if "{" + name + "}" in path:
                path = path.replace("{" + name + "}", str(value))
            else:
                query[name] = value
        if query:
            path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        return method, path

    def call(
        self, operation: str, body: Any = None, headers: dict[str, str] | None = None, **params: Any
    ) -> Any:
        method, url = self.url(operation, **params)
        extra = headers or {}
        if method == "get":
            return self.api.get(url, **extra)
        if method == "patch":
            return self.api.patch(url, body, **extra)
        return self.api.post(url, body, **extra)


def _indicator(result: dict[str, Any], key: str) -> dict[str, Any]:
    return next(i for o in result["objectives"] for i in o["indicators"] if i["key"] == key)


def test_enter_submit_read_provisional_approve_on_the_page_read_official(users: dict[str, Any]) -> None:
    script = SchemaClient(token_client(users["operator.pkr"]))

    period = script.call("getPeriod", code="PKR", year=2022, period="tw4").json()
    row = next(r for r in period["rows"] if r["indicator"] == "PKR:IKK 1.1")
    assert row["realization_id"] is None and row["annual_target"]

    made = script.call(
        "createRealization",
        {
            "unit": "PKR",
            "indicator_id": row["indicator_id"],
            "year": 2022,
            "period": "tw4",
            "inputs": {"n": 18790332, "T": "18800000"},
            "analysis": "Penyaluran Oktober-Desember 2022 (rekonsiliasi per 31-12-2022).",
        },
    )
    assert made.status_code == 201, made.content
    realization = made.json()
    assert realization["status"] == "draft" and realization["inputs"] == {"n": "18790332", "T": "18800000"}
    assert made["ETag"] == realization["etag"]

    submitted = script.call(
        "takeRealizationStep", {}, {"If-Match": made["ETag"]}, pk=realization["id"], step="submit"
    )
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"

    provisional = script.call("getResult", code="PKR", year=2022, quarter=4, basis="provisional").json()
    assert provisional["label"] == "sementara"
    ikk = _indicator(provisional, "PKR:IKK 1.1")
    # n / T x 100 = 99,95 %; against the year's target 99 (no Rencana Aksi): 100,96 %, capped at 100
    assert Decimal(ikk["realization"]["number"]).quantize(TWO) == Decimal("99.95")
    assert Decimal(ikk["achievement_uncapped"]).quantize(TWO) == Decimal("100.96")
    assert Decimal(ikk["achievement"]) == Decimal(100)

    official = script.call("getResult", code="PKR", year=2022, quarter=4, basis="official").json()
    assert official["label"] == "resmi"
    assert _indicator(official, "PKR:IKK 1.1")["achievement"] is None  # submitted, not approved

    # the verifier approves on the page (verify, then approve)
    page = Client()
    page.force_login(users["verifikator.pkr"])
    step_url = f"/realisasi/PKR/2022/tw4/{row['indicator_id']}/langkah/"
    for step in ("verify", "approve"):
        assert page.post(step_url, {"langkah": step}).status_code == 302

    official = script.call("getResult", code="PKR", year=2022, quarter=4, basis="official").json()
    ikk = _indicator(official, "PKR:IKK 1.1")
    assert Decimal(ikk["achievement_uncapped"]).quantize(TWO) == Decimal("100.96")
    assert Decimal(ikk["achievement"]) == Decimal(100)
    read = script.call("getRealization", pk=realization["id"]).json()
    assert read["status"] == "approved" and read["locked"]
    # the year's official figure is the seed's: 104,05
    year = script.call("getResult", code="PKR", year=2022, basis="official").json()
    assert Decimal(year["achievement"]).quantize(TWO) == Decimal("104.05")


def test_stale_if_match_is_refused_and_nothing_saved(users: dict[str, Any]) -> None:
    script = SchemaClient(token_client(users["operator.pkr"]))
    row = script.call("getPeriod", code="PKR", year=2022, period="tw3").json()["rows"][0]
    made = script.call(
        "createRealization",
        {
            "unit": "PKR",
            "indicator_id": row["indicator_id"],
            "year": 2022,
            "period": "tw3",
            "value_number": "97.5",
        },
    )
    first = made["ETag"]
    pk = made.json()["id"]
    changed = script.call("updateRealization", {"value_number": 98}, {"If-Match": first}, pk=pk)
    assert changed.status_code == 200 and changed.json()["value_number"] == "98"
    stale = script.call("updateRealization", {"value_number": 1}, {"If-Match": first}, pk=pk)
    assert stale.status_code == 412 and stale["ETag"] == changed["ETag"]
    assert stale["Content-Type"] == "application/problem+json"
    assert script.call("getRealization", pk=pk).json()["value_number"] == "98"
    missing = script.call("updateRealization", {"value_number": 1}, pk=pk)
    assert missing.status_code == 428
    bad = script.call("updateRealization", {"value_number": "sembilan"}, {"If-Match": changed["ETag"]}, pk=pk)
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["body.value_number"]
    assert script.call("getRealization", pk=pk).json()["version"] == changed.json()["version"]
    again = script.call(
        "createRealization",
        {"unit": "PKR", "indicator_id": row["indicator_id"], "year": 2022, "period": "tw3"},
    )
    assert again.status_code == 409 and again["Location"] == f"/api/v1/realizations/{pk}"
    assert json.loads(again.content)["type"].endswith("/exists")


def test_plans_agreements_and_action_plans_follow_the_interchange_contract(users: dict[str, Any]) -> None:
    """The Renstra, PK and Rencana Aksi come in the interchange file's shape, and the served
    schema describes them by the contract's own JSON Schema (kinerja/interchange/schema.json)."""
    from jsonschema import Draft202012Validator

    script = SchemaClient(token_client(users["apip"], scope="read"))
    components = script.schema["components"]["schemas"]
    answers = {
        ("getRenstra", "Plans", "plans"): script.call("getRenstra", code="PKR"),
        ("listAgreements", "Agreements", "agreements"): script.call("listAgreements", code="PKR", year=2022),
        ("listActionPlans", "ActionPlans", "action_plans"): script.call("listActionPlans", code="PKR"),
    }
    for (operation, component, field), response in answers.items():
        assert response.status_code == 200, operation
        schema = components[component]["properties"][field]
        assert "items" in schema and schema["items"].get("additionalProperties") is False, operation
        Draft202012Validator(schema).validate(response.json()[field])
    plans = answers[("getRenstra", "Plans", "plans")].json()["plans"]
    assert {p["unit"] for p in plans} == {"PKR"}
    codes = {i["code"] for p in plans for o in p["objectives"] for i in o["indicators"]}
    assert {"IKK 1.1", "IKK 2.2"} <= codes
    agreements = answers[("listAgreements", "Agreements", "agreements")].json()["agreements"]
    assert sorted(a["version"] for a in agreements) == [1, 2]  # seed 001: PK awal and PK terakhir
