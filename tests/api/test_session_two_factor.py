"""A session that owes its two-step code (or its enrolment), and a call with no credentials at all,
get a 401 problem+json from every API operation, never the pages' HTML redirect to the sign-in or
code page; once the code is given, the same session reads. A bearer token is not affected by a
pending session in the same browser (a bad one is still refused). The token page (/api/token/) is a page: it redirects."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from kinerja.api.v1 import api
from tests.api.conftest import ApiClient, token_client
from tests.api.test_matrix import OPERATIONS, World, call, world  # noqa: F401 - the fixture
from tests.users.test_two_factor import code
from tests.web.demo_users import PASSWORD


def _signed_in(username: str) -> Client:
    client = Client(raise_request_exception=False)
    response = client.post("/masuk/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client


def _session(client: Client) -> ApiClient:
    api_client = ApiClient()
    api_client.client = client
    return api_client


def _refused(response: Any, kind: str = "unauthenticated") -> None:
    assert response.status_code == 401, (response.status_code, response.content[:200])
    assert response["Content-Type"] == "application/problem+json"
    assert "Location" not in response
    body = response.json()
    assert body["status"] == 401 and body["type"].endswith("/" + kind), body


def test_a_pending_two_factor_session_gets_401_on_every_operation(
    users: dict[str, Any],
    world: World,  # noqa: F811 - the fixture imported above
) -> None:
    user = users["admin.pkr"]
    key = b"0123456789abcdef0123"
    TOTPDevice.objects.create(user=user, name="app", key=key.hex(), confirmed=True)
    client = _signed_in("admin.pkr")
    # the pages send this session to the code page ...
    assert client.get("/unit/PKR/")["Location"].startswith("/pengguna/dua-langkah/kode/")
    # ... the API answers every operation with a 401 problem+json naming the step
    pending = _session(client)
    for op in OPERATIONS.values():
        _refused(call(pending, op, "PKR", world))
    detail = pending.get("/api/v1/units/PKR").json()["detail"]
    assert "verifikasi dua langkah" in detail and "token" in detail
    english = pending.get("/api/v1/units/PKR", **{"Accept-Language": "en"}).json()["detail"]
    assert "two-step" in english.lower(), english
    # a token sent from that browser acts as the token (kinerja.users.twofactor leaves it to the
    # API); a bad one is refused as bad, the pending session does not stand in for it
    secret = token_client(user).headers["Authorization"]
    assert pending.get("/api/v1/units/PKR", Authorization=secret).status_code == 200
    _refused(pending.get("/api/v1/units/PKR", Authorization="Bearer kin_salah"))
    _refused(pending.get("/api/v1/units/PKR", Authorization="Basic YWRtaW46eA=="))
    # the code given: the same session reads
    given = client.post("/pengguna/dua-langkah/kode/", {"code": code(key), "next": "/"})
    assert given.status_code == 302
    assert pending.get("/api/v1/units/PKR").status_code == 200


def test_a_session_that_must_enrol_first_gets_401(users: dict[str, Any], demo: dict[str, Any]) -> None:
    agency = demo["PKR"].agency
    agency.require_two_factor = True
    agency.save()
    client = _signed_in("admin.pkr")
    assert client.get("/unit/PKR/")["Location"].startswith("/pengguna/dua-langkah/")
    _refused(_session(client).get("/api/v1/results/PKR/2022"))
    # an operator is not asked to enrol: the session reads
    assert _session(_signed_in("operator.pkr")).get("/api/v1/units/PKR").status_code == 200


def test_no_credentials_is_401_problem_json_for_every_method(demo: dict[str, Any]) -> None:
    anonymous = ApiClient()
    schema = api.get_openapi_schema()
    assert len(schema["paths"]) >= 20
    for path, item in schema["paths"].items():
        url = (
            path.replace("{code}", "PKR")
            .replace("{year}", "2022")
            .replace("{period}", "tw1")
            .replace("{kind}", "lkj")
            .replace("{step}", "submit")
            .replace("{pk}", "1")
            .replace("{evidence_id}", "1")
        )
        for method in item:
            response = anonymous.client.generic(method.upper(), url)
            _refused(response)
            assert response["WWW-Authenticate"].startswith("Bearer"), (method, url)
    # an expired or made-up session cookie is no session
    stale = ApiClient()
    stale.client.cookies["kinerja_sessionid"] = "tidak-ada"
    stale.client.cookies["sessionid"] = "tidak-ada"
    _refused(stale.get("/api/v1/units"))
    # the token page is a page: sign in first
    page = Client().get("/api/token/")
    assert page.status_code == 302 and page["Location"].startswith("/masuk/")
