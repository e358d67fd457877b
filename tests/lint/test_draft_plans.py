"""L111: a draft Renstra version is noted (info) while an adopted version covers its years, and
warned about when no adopted version does; L108 (adoption identity) leaves drafts alone."""

from __future__ import annotations

import copy

from kinerja.lint.findings import Severity
from tests.lint.helpers import findings, small


def test_draft_next_to_the_adopted_version_is_info() -> None:
    doc = small()
    draft = copy.deepcopy(doc.plans[1])
    draft.version, draft.status, draft.adopted_on, draft.legal_basis = 2, "draft", None, ""
    doc.plans.append(draft)
    found = findings(doc, "L111")
    assert [(f.severity, f.unit, f.path) for f in found] == [(Severity.INFO, "D", "plans[2].status")]
    assert found[0].message == "Renstra D 2022-2022 versi 2 masih draf; yang berlaku tetap versi 1."
    assert findings(doc, "L108") == []  # a draft has no adoption date yet: not an L108 finding


def test_draft_without_adopted_version_is_a_warning() -> None:
    doc = small()
    doc.plans[1].status = "draft"
    found = findings(doc, "L111")
    assert [(f.severity, f.path) for f in found] == [(Severity.PERINGATAN, "plans[1].status")]
    assert "tidak ada versi yang ditetapkan untuk tahun 2022" in found[0].message


def test_adopted_plans_only_give_no_l111() -> None:
    assert findings(small(), "L111") == []
