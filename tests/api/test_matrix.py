"""Every API operation against the permission matrix and the unit scope, swept from the served
OpenAPI schema itself (as tests/access/test_every_route.py sweeps the pages): an operation added
to the API without a line in ``OPERATIONS`` fails ``test_every_operation_is_in_the_sweep``.

For every operation on Dit. PKR's data:

* someone entitled gets it (not 401/403/404), so the refusals below are the scope at work;
* an Admin of the sibling Ditjen Rehsos (every right there) is refused (403; a list leaves PKR
  out), and nothing in the database changes;
* the APIP reads everything and writes nothing; a read token writes nothing;
* a token of a Ditjen Pemberdayaan Sosial admin narrowed to PKR reaches PKR and is refused on
  REHSOS's same operation;
* no credentials: 401 problem+json.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.api.v1 import api
from kinerja.budget.models import BudgetScore
from kinerja.evaluation.models import Recommendation
from kinerja.history.models import Change
from kinerja.interchange.db import export_document
from kinerja.interchange.write import dump_document
from kinerja.measurement import services
from kinerja.measurement.evidence import add_evidence
from kinerja.measurement.models import Evidence, Realization
from kinerja.planning.models import Indicator
from tests.api.conftest import ApiClient, token_client
from tests.orgtree import make_user


@dataclass(frozen=True)
class Op:
    method: str
    url: str  # {unit} and {rid} are filled per unit
    body: Any = None
    write: bool = False
    lists: bool = False  # a list filtered by scope: 200 for everyone, the unit's rows left out
    agency_admin: bool = False  # needs Admin rights over the whole agency


OPERATIONS: dict[tuple[str, str], Op] = {
    ("GET", "/api/v1/units"): Op("GET", "/api/v1/units?limit=500", lists=True),
    ("GET", "/api/v1/units/{code}"): Op("GET", "/api/v1/units/{unit}"),
    ("GET", "/api/v1/units/{code}/renstra"): Op("GET", "/api/v1/units/{unit}/renstra"),
    ("GET", "/api/v1/units/{code}/agreements"): Op("GET", "/api/v1/units/{unit}/agreements?year=2022"),
    ("GET", "/api/v1/units/{code}/action-plans"): Op("GET", "/api/v1/units/{unit}/action-plans"),
    ("GET", "/api/v1/units/{code}/periods/{year}/{period}"): Op(
        "GET", "/api/v1/units/{unit}/periods/2022/tw1"
    ),
    ("GET", "/api/v1/units/{code}/lint"): Op("GET", "/api/v1/units/{unit}/lint?year=2022"),
    ("GET", "/api/v1/realizations"): Op("GET", "/api/v1/realizations?limit=500", lists=True),
    ("POST", "/api/v1/realizations"): Op(
        "POST",
        "/api/v1/realizations",
        {"unit": "{unit}", "indicator_id": "{ind}", "year": 2022, "period": "tw3"},
        True,
    ),
    ("GET", "/api/v1/realizations/{pk}"): Op("GET", "/api/v1/realizations/{rid}"),
    ("PATCH", "/api/v1/realizations/{pk}"): Op(
        "PATCH", "/api/v1/realizations/{rid}", {"analysis": "x"}, True
    ),
    ("POST", "/api/v1/realizations/{pk}/evidence"): Op(
        "POST", "/api/v1/realizations/{rid}/evidence", "evidence", True
    ),
    ("GET", "/api/v1/realizations/evidence/{evidence_id}"): Op("GET", "/api/v1/realizations/evidence/{eid}"),
    ("DELETE", "/api/v1/realizations/evidence/{evidence_id}"): Op(
        "DELETE", "/api/v1/realizations/evidence/{eid}", None, True
    ),
    ("POST", "/api/v1/realizations/{pk}/{step}"): Op("POST", "/api/v1/realizations/{rid}/submit", {}, True),
    ("GET", "/api/v1/results/{code}/{year}"): Op("GET", "/api/v1/results/{unit}/2022?basis=provisional"),
    ("GET", "/api/v1/documents/{code}/{kind}"): Op("GET", "/api/v1/documents/{unit}/rencana-aksi?year=2022"),
    ("GET", "/api/v1/interchange/export"): Op("GET", "/api/v1/interchange/export?unit={unit}"),
    ("POST", "/api/v1/interchange/import"): Op(
        "POST", "/api/v1/interchange/import", "file", True, agency_admin=True
    ),
    ("GET", "/api/v1/packs/{code}/{year}/{kind}"): Op("GET", "/api/v1/packs/{unit}/2022/smart"),
    ("GET", "/api/v1/budget/{code}/{year}"): Op("GET", "/api/v1/budget/{unit}/2022"),
    ("GET", "/api/v1/evaluation/{code}/{year}"): Op("GET", "/api/v1/evaluation/{unit}/2022"),
    ("GET", "/api/v1/budget/entries"): Op("GET", "/api/v1/budget/entries?limit=500", lists=True),
    ("PUT", "/api/v1/budget/{code}/{year}/outputs"): Op(
        "PUT",
        "/api/v1/budget/{unit}/2022/outputs",
        {
            "outputs": [
                {"level": "kro", "code": "KRO-1", "name": "Layanan"},
                {"level": "ro", "code": "RO-1", "name": "Data", "parent": "KRO-1", "volume_target": 10},
            ],
            "lines": [{"output": "RO-1", "kind": "pagu_akhir", "amount": 1000}],
        },
        True,
    ),
    ("GET", "/api/v1/budget/scores"): Op("GET", "/api/v1/budget/scores?year=2022&limit=500", lists=True),
    ("GET", "/api/v1/evaluation/{code}/{year}/skm"): Op("GET", "/api/v1/evaluation/{unit}/2022/skm"),
    ("GET", "/api/v1/evaluation/{code}/{year}/akip"): Op("GET", "/api/v1/evaluation/{unit}/2022/akip"),
    ("GET", "/api/v1/evaluation/recommendations"): Op(
        "GET", "/api/v1/evaluation/recommendations?limit=500", lists=True
    ),
}


def test_every_operation_is_in_the_sweep() -> None:
    schema = api.get_openapi_schema()
    served = {
        (method.upper(), "/api/v1" + path.removeprefix("/api/v1"))
        for path, item in schema["paths"].items()
        for method in item
    }
    assert served == set(OPERATIONS), (served - set(OPERATIONS), set(OPERATIONS) - served)


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class World:
    ind: dict[str, Indicator]
    rid: dict[str, int]
    eid: dict[str, int]
    file: bytes


@pytest.fixture
def world(users: dict[str, Any], demo: dict[str, Any], settings: Any, tmp_path: Any) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    root = get_user_model().objects.create_superuser("root", "root@example.go.id", "x")
    ind: dict[str, Indicator] = {}
    rid: dict[str, int] = {}
    eid: dict[str, int] = {}
    for code in ("PKR", "REHSOS"):
        unit = demo[code]
        indicator = (
            Indicator.objects.filter(plan__unit=unit, plan__period_start__lte=2022).order_by("pk").first()
        )
        assert indicator is not None, code
        ind[code] = indicator
        r, _ = services.start_realization(root, unit, indicator, 2022, 2)
        rid[code] = r.pk
        eid[code] = add_evidence(root, r, SimpleUploadedFile("Berita Acara.pdf", PDF)).pk
        # something in every list: an entered budget score and a recommendation per unit
        BudgetScore.objects.create(unit=unit, year=2022, kind="eka", value=Decimal("90"))
        Recommendation.objects.create(
            unit=unit, source="lhe", year=2022, text="Perbaiki cascading", due_date=date(2023, 3, 31)
        )
    file = dump_document(export_document(agency_code="KEMENSOS", unit="PKR"), fmt="json").encode()
    return World(ind, rid, eid, file)


def _fill(text: str, unit: str, w: World) -> str:
    text = text.replace("{unit}", unit).replace("{rid}", str(w.rid[unit])).replace("{eid}", str(w.eid[unit]))
    return text.replace("{ind}", str(w.ind[unit].pk))


def call(client: ApiClient, op: Op, unit: str, w: World) -> Any:
    url = _fill(op.url, unit, w)
    if op.body == "file":
        return client.upload(url, "pkr.json", w.file)
    if op.body == "evidence":
        return client.upload(url, "bukti.pdf", PDF)
    headers: dict[str, str] = {}
    if "{rid}" in op.url and op.method != "GET":
        r = Realization.objects.get(pk=w.rid[unit])
        headers["If-Match"] = f'"{r.pk}.{r.version}"'
    if op.method == "GET":
        return client.get(url, **headers)
    if op.method == "DELETE":
        return client.delete(url, **headers)
    body = json.loads(_fill(json.dumps(op.body), unit, w).replace('"indicator_id": "', '"indicator_id": "'))
    if isinstance(body, dict) and "indicator_id" in body:
        body["indicator_id"] = int(body["indicator_id"])
    if op.method == "PATCH":
        return client.patch(url, body, **headers)
    if op.method == "PUT":
        return client.put(url, body, **headers)
    return client.post(url, body, **headers)


def _state() -> tuple[Any, ...]:
    return (
        dump_document(export_document()),
        Change.objects.count(),
        list(Evidence.objects.order_by("pk").values_list("pk", "sha256")),
        list(Realization.objects.order_by("pk").values_list("pk", "version", "status")),
    )


def _mentions(response: Any, unit: str) -> bool:
    return any(item.get("unit", item.get("code")) == unit for item in response.json()["items"])


def test_insiders_reach_every_operation(users: dict[str, Any], world: World) -> None:
    root = get_user_model().objects.get(username="root")
    admin = token_client(users["admin.pkr"])
    superuser = token_client(root)
    for key, op in OPERATIONS.items():
        response = call(superuser if op.agency_admin else admin, op, "PKR", world)
        assert response.status_code in (200, 201, 204), (key, response.status_code, response.content[:300])
        if op.lists:
            assert _mentions(response, "PKR"), key


def test_outsiders_readers_and_visitors_are_refused(
    users: dict[str, Any], demo: dict[str, Any], world: World
) -> None:
    outsiders = {
        "admin.rehsos": token_client(make_user("admin.rehsos", "admin", demo["REHSOS"])),
        "operator.rehsos": token_client(users["operator.rehsos"]),
    }
    readers = {
        "apip": token_client(users["apip"]),
        "admin.pkr read token": token_client(users["admin.pkr"], scope="read"),
    }
    before = _state()
    for key, op in OPERATIONS.items():
        for who, client in outsiders.items():
            response = call(client, op, "PKR", world)
            if op.lists:
                assert response.status_code == 200 and not _mentions(response, "PKR"), (key, who)
            else:
                assert response.status_code == 403, (key, who, response.status_code, response.content[:200])
                assert response["Content-Type"] == "application/problem+json"
        for who, client in readers.items():
            response = call(client, op, "PKR", world)
            assert response.status_code == (403 if op.write else 200), (key, who, response.status_code)
        response = call(ApiClient(), op, "PKR", world)
        assert response.status_code == 401, key
    assert _state() == before


def test_a_token_scoped_to_pkr_gets_403_on_rehsos(
    users: dict[str, Any], demo: dict[str, Any], world: World
) -> None:
    # an admin at the ministry may do everything on both; the token narrows it to PKR
    boss = make_user("admin.kemensos", "admin", demo["KEMENSOS"])
    scoped = token_client(boss, unit=demo["PKR"])
    before = _state()
    for key, op in OPERATIONS.items():
        response = call(scoped, op, "REHSOS", world)
        if op.lists:
            assert response.status_code == 200 and not _mentions(response, "REHSOS"), key
        else:
            assert response.status_code == 403, (key, response.status_code, response.content[:200])
    assert _state() == before
    for key, op in OPERATIONS.items():
        if not op.agency_admin:
            response = call(scoped, op, "PKR", world)
            assert response.status_code in (200, 201, 204), (
                key,
                response.status_code,
                response.content[:300],
            )
