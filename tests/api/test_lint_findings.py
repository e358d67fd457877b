"""The data check's findings through the API (``getLintFindings``), the same as ``kinerja lint``
on the demo's Dit. PKR 2022: one error (L401, the PK revision without its reason a/b/c), two
warnings, ten notes; Indonesian by default, English with ``Accept-Language: en``."""

from __future__ import annotations

from typing import Any

from kinerja.lint.cli import document_from_database
from kinerja.lint.run import lint_document
from tests.api.conftest import token_client


def test_the_findings_of_pkr_2022_in_both_languages(users: dict[str, Any], demo: dict[str, Any]) -> None:
    api = token_client(users["operator.pkr"], "read")
    indonesian = api.get("/api/v1/units/PKR/lint?year=2022").json()
    assert indonesian["counts"] == {"galat": 1, "peringatan": 2, "info": 10}
    l401 = next(f for f in indonesian["findings"] if f["code"] == "L401")
    assert l401["severity"] == "galat" and "tidak mencatat alasan a/b/c" in l401["message"]
    # the same findings as `kinerja lint --unit PKR --year 2022` on the database
    report = lint_document(document_from_database("PKR", "KEMENSOS"), unit="PKR", year=2022)
    assert [(f["code"], f["message"]) for f in indonesian["findings"]] == [
        (f.code, f.message) for f in report.findings
    ]
    english = api.get("/api/v1/units/PKR/lint?year=2022", **{"Accept-Language": "en"}).json()
    assert [f["code"] for f in english["findings"]] == [f["code"] for f in indonesian["findings"]]
    l401_en = next(f for f in english["findings"] if f["code"] == "L401")
    assert "records no reason a/b/c" in l401_en["message"] and "change of official" in l401_en["advice"]
    assert token_client(users["operator.rehsos"]).get("/api/v1/units/PKR/lint").status_code == 403
