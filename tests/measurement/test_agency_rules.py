"""The agency's workflow rules: the approver must differ from the verifier (separation of duties),
and a record without evidence or analysis is refused at submission when the agency says so, else
the record's page warns."""

from __future__ import annotations

from typing import Any

import pytest

from kinerja.measurement import workflow
from kinerja.measurement.models import Realization
from kinerja.organizations.models import Unit
from kinerja.planning.models import Indicator
from tests.web.demo_users import client_for


@pytest.fixture
def record(pkr: Unit) -> Realization:
    indicator = Indicator.objects.get(plan__unit=pkr, plan__status="adopted", code="IKK 1.1")
    return Realization.objects.create(
        agency=pkr.agency, unit=pkr, indicator=indicator, year=2023, quarter=1, status="draft"
    )


def test_the_approver_must_differ_from_the_verifier(users: dict[str, Any], record: Realization) -> None:
    verifier = users["verifikator.pkr"]
    record.status = "submitted"
    record.save()
    workflow.verify(verifier, record)
    agency = record.agency
    agency.approver_must_differ = True
    agency.save()
    with pytest.raises(workflow.WorkflowError, match="diverifikasi oleh Anda sendiri"):
        workflow.approve(verifier, record)
    assert Realization.objects.get(pk=record.pk).status == "verified"
    workflow.approve(users["pimpinan.pkr"], record)
    assert Realization.objects.get(pk=record.pk).status == "approved"


def test_without_the_rule_the_verifier_may_approve(users: dict[str, Any], record: Realization) -> None:
    record.status = "submitted"
    record.save()
    workflow.verify(users["verifikator.pkr"], record)
    workflow.approve(users["verifikator.pkr"], record)
    assert Realization.objects.get(pk=record.pk).status == "approved"


def test_submitting_without_evidence_warns_or_is_refused(users: dict[str, Any], record: Realization) -> None:
    operator = users["operator.pkr"]
    page = client_for(operator).get(f"/realisasi/PKR/2023/tw1/{record.indicator_id}/").content.decode()
    assert 'id="submit-warning"' in page and "bukti dukung, analisis capaian belum ada" in page

    agency = record.agency
    agency.submit_needs_evidence = True
    agency.save()
    with pytest.raises(workflow.WorkflowError, match="bukti dukung, analisis capaian belum ada"):
        workflow.submit(operator, record)
    assert Realization.objects.get(pk=record.pk).status == "draft"

    agency.submit_needs_evidence = False
    agency.save()
    workflow.submit(operator, record)  # the default: a warning only
    assert Realization.objects.get(pk=record.pk).status == "submitted"
