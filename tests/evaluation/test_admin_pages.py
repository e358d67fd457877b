"""The evaluation models are browsable, read-only, in the Django admin."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from kinerja.evaluation import models as m

pytestmark = pytest.mark.urls("tests.db.admin_urls")

MODELS = [
    m.SurveyService,
    m.Survey,
    m.SurveyResponse,
    m.AkipEvaluation,
    m.AkipAnswer,
    m.Recommendation,
    m.FollowUp,
    m.ReviuFinding,
]


def test_changelists_and_change_pages(demo: dict[str, Any]) -> None:
    pkr = demo["PKR"]
    service = m.SurveyService.objects.create(unit=pkr, name="Layanan")
    survey = m.Survey.objects.create(
        service=service, year=2022, entered_ikm=Decimal("90"), entered_respondents=10
    )
    m.SurveyResponse.objects.create(survey=survey, u1=4)
    ev = m.AkipEvaluation.objects.create(unit=pkr, year=2022, lke="permenpanrb-88-2021")
    m.AkipAnswer.objects.create(evaluation=ev, code="1.a.1", self_answer="A")
    rec = m.Recommendation.objects.create(
        unit=pkr, source="bpk", year=2022, text="t", due_date=date(2023, 6, 30)
    )
    m.FollowUp.objects.create(recommendation=rec, text="f")
    m.ReviuFinding.objects.create(unit=pkr, year=2022, text="t")
    m.ReviuChecklist.objects.create(unit=pkr, year=2022, answers={"format": {"answer": "ya", "note": ""}})
    client = Client()
    client.force_login(
        get_user_model().objects.create_superuser("root", "root@example.go.id", "x-rahasia-123")
    )
    for model in MODELS:
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        assert client.get(changelist + "?q=PKR").status_code == 200
        row = model.objects.first()
        assert row is not None
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
        assert client.get(change).status_code == 200, change
        assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 403
