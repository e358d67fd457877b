"""Personal access tokens: made on the page (shown once, stored hashed), listed, revoked; expiry,
read/write scope, a unit subtree, the rate limit; errors as problem+json in the caller's language."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from kinerja.api import tokens
from kinerja.api.models import ApiToken
from tests.api.conftest import ApiClient, token_client


def test_the_page_makes_a_token_shown_once_and_stored_hashed(users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["operator.pkr"])
    assert client.get("/api/token/").status_code == 200
    response = client.post("/api/token/", {"name": "KRISNA", "days": "30", "scope": "read", "unit": ""})
    assert response.status_code == 200
    secret = re.search(r'id="token-secret">(kin_[^<]+)<', response.content.decode()).group(1)  # type: ignore[union-attr]
    token = ApiToken.objects.get(user=users["operator.pkr"])
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(list(ApiToken.objects.values_list()))  # only its digest is kept
    # listed with its prefix, never the secret again
    page = client.get("/api/token/").content.decode()
    assert "KRISNA" in page and f"kin_{token.prefix}_" in page and secret not in page
    assert ApiClient(secret).get("/api/v1/units/PKR").status_code == 200
    # revoked: refused from then on
    assert client.post(f"/api/token/{token.pk}/cabut/").status_code == 302
    refused = ApiClient(secret).get("/api/v1/units/PKR")
    assert refused.status_code == 401 and refused["Content-Type"] == "application/problem+json"


def test_a_user_cannot_revoke_someone_elses_token(users: dict[str, Any]) -> None:
    made = tokens.create_token(users["operator.pkr"], "milik operator")
    client = Client()
    client.force_login(users["operator.rehsos"])
    assert client.post(f"/api/token/{made.token.pk}/cabut/").status_code == 404
    assert ApiToken.objects.get(pk=made.token.pk).revoked_at is None


def test_the_form_names_what_is_wrong(users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["operator.pkr"])
    response = client.post("/api/token/", {"name": "", "days": "0", "scope": "admin"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
    # a unit outside the user's scope is not offered, and not accepted
    rehsos = users["operator.rehsos"].kinerja_memberships.get().unit
    response = client.post("/api/token/", {"name": "x", "days": "5", "scope": "read", "unit": str(rehsos.pk)})
    assert response.status_code == 400 and not ApiToken.objects.exists()


def test_expired_token_and_inactive_user_are_refused(users: dict[str, Any]) -> None:
    made = tokens.create_token(users["operator.pkr"], "lama")
    ApiToken.objects.filter(pk=made.token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert ApiClient(made.secret).get("/api/v1/units").status_code == 401
    other = tokens.create_token(users["verifikator.pkr"], "aktif")
    users["verifikator.pkr"].is_active = False
    users["verifikator.pkr"].save()
    assert ApiClient(other.secret).get("/api/v1/units").status_code == 401
    # no credentials at all
    response = ApiClient().get("/api/v1/units")
    assert response.status_code == 401 and "WWW-Authenticate" in response


def test_a_read_token_reads_but_does_not_write(users: dict[str, Any]) -> None:
    c = token_client(users["operator.pkr"], scope="read")
    assert c.get("/api/v1/realizations?unit=PKR").status_code == 200
    ind = c.get("/api/v1/units/PKR/periods/2022/tw1").json()["rows"][0]["indicator_id"]
    response = c.post(
        "/api/v1/realizations",
        {"unit": "PKR", "indicator_id": ind, "year": 2022, "period": "tw1", "value_number": 1},
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Token ini hanya untuk membaca."


def test_a_token_for_a_unit_covers_its_subtree_only(users: dict[str, Any], demo: dict[str, Any]) -> None:
    # the APIP reads the whole agency; a token narrowed to PKR reads PKR and nothing else
    c = token_client(users["apip"], scope="read", unit=demo["PKR"])
    assert c.get("/api/v1/units/PKR").status_code == 200
    assert c.get("/api/v1/results/REHSOS/2022").status_code == 403
    assert [u["code"] for u in c.get("/api/v1/units").json()["items"]] == ["PKR"]
    wide = token_client(users["apip"], scope="read", unit=demo["DAYASOS"])
    codes = {u["code"] for u in wide.get("/api/v1/units?limit=500").json()["items"]}
    assert "PKR" in codes and "DAYASOS" in codes and "REHSOS" not in codes


def test_rate_limit_per_token(users: dict[str, Any], settings: Any) -> None:
    settings.KINERJA_API_RATE_LIMIT = 3
    c = token_client(users["operator.pkr"])
    assert [c.get("/api/v1/units/PKR").status_code for _ in range(3)] == [200, 200, 200]
    refused = c.get("/api/v1/units/PKR")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert refused["Content-Type"] == "application/problem+json"
    # another token of the same user has its own count
    assert token_client(users["operator.pkr"]).get("/api/v1/units/PKR").status_code == 200
    # the window over: allowed again
    ApiToken.objects.update(window_start=timezone.now() - timedelta(minutes=2))
    assert c.get("/api/v1/units/PKR").status_code == 200


def test_errors_name_the_field_in_indonesian_or_english(users: dict[str, Any]) -> None:
    c = token_client(users["operator.pkr"])
    bad = c.get("/api/v1/realizations?year=dua&limit=0")
    assert bad.status_code == 422 and bad["Content-Type"] == "application/problem+json"
    body = bad.json()
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert fields == {"query.year": "harus berupa bilangan bulat", "query.limit": "terlalu kecil"}
    assert body["title"] == "Isian tidak sah" and bad["Content-Language"] == "id"
    en = token_client(users["operator.pkr"], language="en").get("/api/v1/realizations?year=dua")
    assert en.json()["errors"] == [{"field": "query.year", "message": "must be a whole number"}]
    assert en.json()["title"] == "Invalid input" and en["Content-Language"] == "en"
    denied = token_client(users["operator.pkr"], language="en").get("/api/v1/units/REHSOS")
    assert (
        denied.status_code == 403
        and denied.json()["detail"] == "You are not allowed to view this unit's data."
    )


def test_session_calls_need_the_csrf_token_to_write(users: dict[str, Any]) -> None:
    c = ApiClient(user=users["operator.pkr"])
    c.client = Client(enforce_csrf_checks=True)
    c.client.force_login(users["operator.pkr"])
    assert c.get("/api/v1/units/PKR").status_code == 200
    ind = c.get("/api/v1/units/PKR/periods/2022/tw1").json()["rows"][0]["indicator_id"]
    refused = c.post(
        "/api/v1/realizations", {"unit": "PKR", "indicator_id": ind, "year": 2022, "period": "tw1"}
    )
    assert refused.status_code == 403
