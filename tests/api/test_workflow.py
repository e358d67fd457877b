"""The workflow through the API, by the same services as the pages: evidence, return with a
required comment, verify and approve by the verifier, the lock, and an admin's lock exception."""

from __future__ import annotations

from typing import Any

from kinerja.measurement.models import LockException, RealizationEvent
from tests.api.conftest import ApiClient, token_client
from tests.api.test_matrix import PDF


def _step(c: ApiClient, r: Any, step: str, comment: str = "") -> Any:
    return c.post(f"/api/v1/realizations/{r['id']}/{step}", {"comment": comment}, **{"If-Match": r["etag"]})


def test_evidence_return_approve_lock_and_exception(
    users: dict[str, Any], settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    op = token_client(users["operator.pkr"])
    ver = token_client(users["verifikator.pkr"])
    admin = token_client(users["admin.pkr"])
    ind = op.get("/api/v1/units/PKR/periods/2022/tw2").json()["rows"][0]["indicator_id"]
    r = op.post(
        "/api/v1/realizations",
        {"unit": "PKR", "indicator_id": ind, "year": 2022, "period": "tw2", "value_number": 99.1},
    ).json()

    # evidence: checked by content, named field on refusal, downloaded as an attachment
    refused = op.upload(f"/api/v1/realizations/{r['id']}/evidence", "bukti.pdf", b"not a pdf at all")
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "file"
    added = op.upload(f"/api/v1/realizations/{r['id']}/evidence", "Berita Acara.pdf", PDF)
    assert added.status_code == 201, added.content
    evidence = added.json()
    assert evidence["name"] == "Berita Acara.pdf" and evidence["content_type"] == "application/pdf"
    download = ver.get(evidence["download"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert token_client(users["operator.rehsos"]).get(evidence["download"]).status_code == 403
    r = op.get(f"/api/v1/realizations/{r['id']}").json()
    assert [e["id"] for e in r["evidence"]] == [evidence["id"]]
    assert "submit" in r["steps"] and "verify" not in r["steps"]

    r = _step(op, r, "submit").json()
    # the operator cannot verify; the verifier returns it, a comment is required
    assert _step(op, r, "verify").status_code == 403
    no_comment = _step(ver, r, "return")
    assert no_comment.status_code == 409 and "Catatan" in no_comment.json()["detail"]
    r = _step(ver, r, "return", "Lengkapi analisis.").json()
    assert r["status"] == "draft"
    assert RealizationEvent.objects.filter(
        realization_id=r["id"], action="return", comment="Lengkapi analisis."
    ).exists()
    r = op.patch(
        f"/api/v1/realizations/{r['id']}", {"analysis": "Sudah dilengkapi."}, **{"If-Match": r["etag"]}
    ).json()
    for who, step in ((op, "submit"), (ver, "verify"), (ver, "approve")):
        answer = _step(who, r, step)
        assert answer.status_code == 200, (step, answer.content)
        r = answer.json()
    assert r["status"] == "approved" and r["locked"]

    # locked: no change, no evidence; the admin opens a lock exception with a reason
    locked = op.patch(f"/api/v1/realizations/{r['id']}", {"value_number": 98}, **{"If-Match": r["etag"]})
    assert locked.status_code == 409 and locked.json()["type"].endswith("/locked")
    assert op.delete(f"/api/v1/realizations/evidence/{evidence['id']}").status_code == 422
    assert _step(op, r, "open_lock", "Salah ketik.").status_code == 403
    assert _step(admin, r, "open_lock", "").status_code == 409
    r = _step(admin, r, "open_lock", "Salah ketik angka.").json()
    assert LockException.objects.get(realization_id=r["id"]).reason == "Salah ketik angka."
    r = op.patch(f"/api/v1/realizations/{r['id']}", {"value_number": 98}, **{"If-Match": r["etag"]}).json()
    assert r["value_number"] == "98"
    r = _step(admin, r, "relock").json()
    assert r["locked"] and r["status"] == "approved"


def test_workflow_refusals_in_english(users: dict[str, Any]) -> None:
    op = token_client(users["operator.pkr"], language="en")
    ind = op.get("/api/v1/units/PKR/periods/2022/tw2").json()["rows"][0]["indicator_id"]
    r = op.post(
        "/api/v1/realizations", {"unit": "PKR", "indicator_id": ind, "year": 2022, "period": "tw2"}
    ).json()
    r = _step(op, r, "submit").json()
    again = _step(op, r, "submit")
    assert again.status_code == 409 and again.json()["title"] == "Conflict"
    assert "submitted" in again.json()["detail"]
