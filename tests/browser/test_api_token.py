"""In Chromium: a user makes a token on /api/token/ and opens the API docs (Swagger UI from
Kinerja's own static files, nothing refused by the CSP); a script with that token enters and
submits Dit. PKR's fourth-quarter realisation of IKK 1.1 and reads the provisional figure (the
official one does not count it yet); the verifier approves it in the browser; the script reads the
official figure. This is #16's "Done when" end to end."""

from __future__ import annotations

import json
import urllib.request
from decimal import Decimal
from typing import Any

from kinerja.interchange.db import import_document
from kinerja.interchange.parse import load_document
from kinerja.organizations.models import Unit
from tests.browser.conftest import PASSWORD, login, navigate, shot
from tests.conftest import DEMO_DIR
from tests.orgtree import make_user


def _call(
    base: str, secret: str, method: str, path: str, body: Any = None, **headers: str
) -> tuple[int, Any, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {secret}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in headers.items():
        request.add_header(name, value)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - the live server
        return response.status, response.headers, json.loads(response.read())


def test_token_page_docs_and_approval_in_the_browser(
    transactional_db: Any, live_server: Any, new_context: Any
) -> None:  # noqa: F811
    import_document(load_document(DEMO_DIR / "kemensos.yaml", check_refs=False))
    pkr = Unit.objects.get(code="PKR")
    for name, role in (("operator.pkr", "operator"), ("verifikator.pkr", "verifikator")):
        user = make_user(name, role, pkr)
        user.set_password(PASSWORD)
        user.save()
    base = live_server.url

    op = login(new_context().new_page(), base, "operator.pkr", next_url="/api/token/")
    op.fill("#id_name", "Skrip KRISNA")
    op.select_option("#id_scope", "write")
    navigate(op, "#token-form button[type=submit]")
    secret = op.inner_text("#token-secret").strip()
    assert secret.startswith("kin_")
    assert "Skrip KRISNA" in op.inner_text("#token-list")
    shot(op, "api-01-token-baru")

    op.goto(f"{base}/api/v1/docs")
    op.wait_for_selector(".swagger-ui .info .title")
    assert "Kinerja API" in op.inner_text(".swagger-ui .info .title")
    op.wait_for_selector('.opblock-summary-path[data-path="/api/v1/realizations"]')
    shot(op, "api-02-docs")

    _s, _h, period = _call(base, secret, "GET", "/api/v1/units/PKR/periods/2022/tw4")
    ind = next(r["indicator_id"] for r in period["rows"] if r["indicator"] == "PKR:IKK 1.1")
    status, headers, made = _call(
        base,
        secret,
        "POST",
        "/api/v1/realizations",
        {
            "unit": "PKR",
            "indicator_id": ind,
            "year": 2022,
            "period": "tw4",
            "inputs": {"n": 18790332, "T": 18800000},
        },
    )
    assert status == 201
    _s, _h, submitted = _call(
        base, secret, "POST", f"/api/v1/realizations/{made['id']}/submit", {}, **{"If-Match": headers["ETag"]}
    )
    assert submitted["status"] == "submitted"
    # before approval: the provisional figure counts it (labelled sementara), the official does not
    _s, _h, provisional = _call(base, secret, "GET", "/api/v1/results/PKR/2022?quarter=4&basis=provisional")
    ikk = next(i for o in provisional["objectives"] for i in o["indicators"] if i["key"] == "PKR:IKK 1.1")
    assert Decimal(ikk["achievement_uncapped"]).quantize(Decimal("0.01")) == Decimal("100.96")
    assert provisional["label"] == "sementara" and provisional["basis"] == "provisional"
    _s, _h, before = _call(base, secret, "GET", "/api/v1/results/PKR/2022?quarter=4&basis=official")
    ikk = next(i for o in before["objectives"] for i in o["indicators"] if i["key"] == "PKR:IKK 1.1")
    assert ikk["achievement_uncapped"] is None and ikk["realization"] is None

    ver = login(new_context().new_page(), base, "verifikator.pkr", next_url=f"/realisasi/PKR/2022/tw4/{ind}/")
    navigate(ver, "#alur button:has-text('Verifikasi')")
    ver.wait_for_selector(".msg-success")
    navigate(ver, "#alur button:has-text('Setujui dan kunci')")
    ver.wait_for_selector(".msg-success")

    _s, _h, official = _call(base, secret, "GET", "/api/v1/results/PKR/2022?quarter=4&basis=official")
    ikk = next(i for o in official["objectives"] for i in o["indicators"] if i["key"] == "PKR:IKK 1.1")
    assert Decimal(ikk["achievement_uncapped"]).quantize(Decimal("0.01")) == Decimal("100.96")
    assert official["label"] == "resmi"
