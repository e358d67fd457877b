"""The AKIP evaluation and recommendations in Chromium: the APIP reviews a unit's worksheet and
makes it final, the score feeds the Nilai Akuntabilitas Kinerja indicator (IKK 2.2, ``source:
akip``); an overdue recommendation the APIP records shows up for the unit head."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from kinerja.evaluation.models import AkipEvaluation, Recommendation
from kinerja.interchange.db import import_document
from kinerja.interchange.parse import load_document
from kinerja.organizations.models import Unit
from kinerja.planning.models import Indicator
from tests.browser.conftest import PASSWORD, login, navigate, shot
from tests.conftest import DEMO_DIR
from tests.orgtree import make_user


@pytest.fixture
def akip_demo(transactional_db: Any) -> dict[str, Any]:
    import_document(load_document(DEMO_DIR / "kemensos.yaml", check_refs=False))
    units = {u.code: u for u in Unit.objects.all()}
    for ind in Indicator.objects.filter(plan__unit=units["PKR"], code="IKK 2.2"):
        ind.source = "akip"
        ind.save()
    for name, role, code in (("apip", "apip", "ITJEN"), ("pimpinan.pkr", "pimpinan", "PKR")):
        user = make_user(name, role, units[code])
        user.set_password(PASSWORD)
        user.save()
    return units


def test_apip_evaluates_the_score_feeds_the_indicator_and_overdue_shows_for_the_head(
    live_server: Any, new_context: Any, akip_demo: dict[str, Any]
) -> None:
    apip = new_context().new_page()
    login(apip, live_server.url, "apip", next_url="/evaluasi/PKR/2022/")
    for select in apip.locator("select[name^='review-']").all():
        select.select_option("A")
    apip.fill("#summary", "Implementasi SAKIP memuaskan.")
    navigate(apip, "#akip-save-review")
    assert apip.inner_text("#akip-status") == "direviu APIP"
    navigate(apip, "#akip-finalise")
    assert apip.inner_text("#akip-score") == "90,00" and apip.inner_text("#akip-predicate") == "A"
    shot(apip, "akip-final")
    assert AkipEvaluation.objects.get().status == "final"

    due = (timezone.localdate() - timedelta(days=3)).isoformat()
    apip.goto(f"{live_server.url}/evaluasi/PKR/rekomendasi/")
    apip.select_option("select[name=source]", "lhe")
    apip.fill("input[name=year]", "2022")
    apip.fill("#rec-add textarea[name=text]", "Susun Rencana Aksi untuk setiap indikator PK")
    apip.fill("input[name=due_date]", due)
    navigate(apip, "#rec-add button[type=submit]")
    assert Recommendation.objects.get().unit.code == "PKR"

    head = new_context().new_page()
    login(head, live_server.url, "pimpinan.pkr", next_url="/unit/PKR/?tahun=2022")
    body = head.inner_text("main")
    assert "90,00" in body and "Nilai evaluasi AKIP" in body  # IKK 2.2 takes the score
    assert head.inner_text("#recommendations-overdue") == "(1 lewat batas waktu)"
    head.goto(f"{live_server.url}/unit/PKR/dasbor/?tahun=2022")
    assert head.inner_text("#dashboard-akip") == "90,00"
    assert head.inner_text("#dashboard-overdue").startswith("1 rekomendasi lewat batas waktu")
    shot(head, "akip-dashboard")
