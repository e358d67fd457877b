"""Budget and evaluation through the API: the same figures as the dashboard and ``kinerja compute
--json`` (Dit. PKR 2022's pagu and realisation from the seed report, rolled up to its Ditjen), the
SKM result, the final AKIP score with its predicate and the recommendations with overdue ones."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kinerja.evaluation.models import AkipEvaluation, Recommendation, Survey, SurveyService
from kinerja.figures.akip import DEFAULT_LKE
from kinerja.organizations.models import Unit
from tests.api.conftest import token_client


def test_budget_of_a_directorate_and_its_ditjen(users: dict[str, Any]) -> None:
    client = token_client(users["pimpinan.pkr"], scope="read")
    own = client.get("/api/v1/budget/PKR/2022").json()
    # seed 001 (LKj Dit. PKR 2022): pagu Rp28.191.006.288.000, realisasi Rp28.047.596.940.329, 99,49 %
    assert (own["pagu_akhir"], own["realisasi"]) == (28_191_006_288_000, 28_047_596_940_329)
    assert Decimal(own["penyerapan"]).quantize(Decimal("0.01")) == Decimal("99.49")
    assert own["rolled_up_from"] == [] and any(e["kind"] == "pagu_akhir" for e in own["entries"])
    ditjen = token_client(users["perencana"], scope="read").get("/api/v1/budget/DAYASOS/2022").json()
    assert ditjen["rolled_up_from"] == ["PKR"] and ditjen["pagu_akhir"] == own["pagu_akhir"]
    assert {e["kind"] for e in ditjen["entries"]} == {"renstra"}  # its own Renstra indicative budget only
    assert token_client(users["operator.rehsos"]).get("/api/v1/budget/PKR/2022").status_code == 403


def test_evaluation_of_a_unit_year(users: dict[str, Any], pkr: Unit) -> None:
    survey = Survey.objects.create(
        service=SurveyService.objects.create(unit=pkr, name="Layanan PKR"),
        year=2022,
        entered_ikm=Decimal("92.26"),
        entered_respondents=400,
    )
    assert survey.pk
    AkipEvaluation.objects.create(
        unit=pkr, year=2022, lke=DEFAULT_LKE, status="final", entered_score=Decimal("72.5")
    )
    Recommendation.objects.create(
        unit=pkr, source="lhe", reference="LHE 2022", year=2022, text="Perbaiki indikator",
        due_date=timezone.localdate() - timedelta(days=3),
    )  # fmt: skip
    data = token_client(users["operator.pkr"], scope="read").get("/api/v1/evaluation/PKR/2022").json()
    assert (data["skm"]["ikm"], data["skm"]["respondents"], data["skm"]["mutu"]) == ("92.26", 400, "A")
    assert (data["akip"]["score"], data["akip"]["predicate"]) == ("72.50", "BB")
    [rec] = data["recommendations"]
    assert rec["overdue"] and rec["status"] == "open" and rec["follow_ups"] == 0
    empty = token_client(users["operator.pkr"], scope="read").get("/api/v1/evaluation/PKR/2021").json()
    assert empty["skm"] is None and empty["akip"] is None and empty["recommendations"] == []
