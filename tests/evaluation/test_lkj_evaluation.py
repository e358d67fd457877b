"""The LKj's Bab III carries the SKM result (IKM, mutu, respondents, NRR per element, the table
of the units beneath) and the AKIP evaluation score with its predicate; read back from the DOCX."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from docx import Document as Docx

from kinerja.evaluation.models import AkipEvaluation, Survey, SurveyResponse, SurveyService
from kinerja.figures.akip import DEFAULT_LKE
from kinerja.organizations.models import Unit
from kinerja.reports.service import document_from_database, generate


def _text(content: bytes) -> str:
    doc = Docx(io.BytesIO(content))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_bab_iii_shows_skm_per_unit_and_the_akip_score(demo: dict[str, Any]) -> None:
    pkr: Unit = demo["PKR"]
    ditjen = pkr.parent
    assert ditjen is not None
    entered = SurveyService.objects.create(unit=pkr, name="Layanan PKR")
    Survey.objects.create(service=entered, year=2022, entered_ikm=Decimal("92.26"), entered_respondents=400)
    answered = Survey.objects.create(
        service=SurveyService.objects.create(unit=pkr, name="Layanan lain"), year=2022
    )
    for _ in range(4):
        SurveyResponse.objects.create(survey=answered, u1=3, u2=3, u3=3, u4=3, u5=3, u6=3, u7=3, u8=3, u9=3)
    AkipEvaluation.objects.create(
        unit=ditjen, year=2022, lke=DEFAULT_LKE, status="final", entered_score=Decimal("72.5")
    )
    AkipEvaluation.objects.create(
        unit=ditjen, year=2021, lke=DEFAULT_LKE, status="final", entered_score=Decimal("70")
    )

    text = _text(generate(document_from_database(ditjen), "lkj", ditjen.code, 2022, "docx").content)
    # (92,26 x 400 + 75 x 4) / 404 = 92,09
    assert (
        f"Indeks Kepuasan Masyarakat (IKM) {ditjen.name} tahun 2022 adalah 92,09 dengan mutu pelayanan A"
        in text
    )
    assert "dari 404 responden (gabungan hasil survei unit di bawahnya" in text
    assert (
        "Indeks Kepuasan Masyarakat per unit tahun 2022" in text and pkr.name in text and "Gabungan" in text
    )
    assert "U9 Sarana dan Prasarana" in text  # the per-element table (from the answered survey)
    assert "adalah 72,50 dengan predikat BB (Sangat Baik). Tahun 2021: 70,00 (+2,50 poin)." in text

    own = _text(generate(document_from_database(pkr), "lkj", "PKR", 2022, "docx").content)
    assert (
        "Indeks Kepuasan Masyarakat (IKM) Direktorat Pemberdayaan Kelompok Rentan tahun 2022 adalah 92,09"
        in own
    )
    assert "dari 404 responden (2 layanan yang disurvei" in own and "predikat BB" not in own
