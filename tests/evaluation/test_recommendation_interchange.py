"""Recommendations in the interchange file (``recommendations``: source, reference, due date,
status, follow-up actions) and in the LKj's Bab III (the follow-up table), read back from the
DOCX."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from docx import Document as Docx

from kinerja.core.types import KinerjaValidationError
from kinerja.evaluation import recommendations
from kinerja.evaluation.models import FollowUp, Recommendation
from kinerja.interchange.db import export_document, import_document
from kinerja.interchange.parse import parse_text
from kinerja.interchange.write import dump_document
from kinerja.organizations.models import Unit
from kinerja.reports.service import document_from_database, generate

BASE = """\
format: kinerja/v1
units:
  - {code: DAYASOS, name: Direktorat Jenderal Pemberdayaan Sosial, level: eselon1}
  - {code: PKR, name: Direktorat Pemberdayaan Kelompok Rentan, level: eselon2, parent: DAYASOS}
"""

RECOMMENDATIONS = """\
recommendations:
  - unit: PKR
    year: 2022
    source: lhe
    reference: LHE-12/IJ/2022
    text: Selaraskan indikator kinerja Renstra dengan PK
    due: 2023-03-31
    status: closed
    closed_on: 2023-04-10
    follow_ups:
      - {text: Renstra direviu dan indikator diselaraskan, date: 2023-03-20, evidence: SK Reviu Renstra}
  - unit: PKR
    year: 2022
    source: bpk
    text: Lengkapi bukti dukung realisasi triwulan
    due: 2023-06-30
"""


def doc(extra: str = RECOMMENDATIONS) -> Any:
    return parse_text(BASE + extra, "uji.yaml")


def test_write_then_parse_is_identity_and_bad_input_is_named() -> None:
    parsed = doc()
    assert [r.status for r in parsed.recommendations] == ["closed", "open"]
    assert parsed.recommendations[0].follow_ups[0].date == date(2023, 3, 20)
    for fmt in ("yaml", "json"):
        assert parse_text(dump_document(parsed, fmt), "x", fmt=fmt).recommendations == parsed.recommendations
    for bad, message in (
        (
            "{unit: PKR, year: 2022, source: dpr, text: X, due: 2023-01-01}",
            "sumber rekomendasi 'dpr' tidak dikenal",
        ),
        ("{unit: PKR, year: 2022, source: lhe, text: X}", "'due' (batas waktu tindak lanjut) wajib diisi"),
        (
            "{unit: PKR, year: 2022, source: lhe, text: X, due: 31-03-2023}",
            "tanggal '31-03-2023' tidak terbaca",
        ),
        (
            "{unit: PKR, year: 2022, source: lhe, text: X, due: 2023-01-01, status: done}",
            "status rekomendasi 'done'",
        ),
        (
            "{unit: PKR, year: 2022, source: lhe, text: X, due: 2023-01-01, status: closed}",
            "sedikitnya satu tindak lanjut",
        ),
        ("{unit: XYZ, year: 2022, source: lhe, text: X, due: 2023-01-01}", "XYZ"),
    ):
        with pytest.raises(KinerjaValidationError) as info:
            doc(f"recommendations:\n  - {bad}\n")
        assert message in str(info.value) and "recommendations[0]" in str(info.value), str(info.value)


def test_import_export_round_trip_and_reimport_replaces_follow_ups(db: Any) -> None:
    parsed = doc()
    assert import_document(parsed, source="rek.yaml").recommendations == 2
    assert export_document(agency_code="KEMENSOS").recommendations == parsed.recommendations
    closed = Recommendation.objects.get(source="lhe")
    assert closed.status == "closed" and closed.closed_at is not None
    assert [f.evidence for f in FollowUp.objects.filter(recommendation=closed)] == ["SK Reviu Renstra"]

    # the same file again: no new recommendation, follow-ups replaced, not doubled
    import_document(doc(), source="rek.yaml")
    assert Recommendation.objects.count() == 2 and FollowUp.objects.count() == 1
    # one year's file: that year's and last year's, and every one still open from before
    assert len(export_document(agency_code="KEMENSOS", year=2023).recommendations) == 2
    assert [r.source for r in export_document(agency_code="KEMENSOS", year=2025).recommendations] == ["bpk"]


def _text(content: bytes) -> str:
    d = Docx(io.BytesIO(content))
    return "\n".join(
        [p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]
    )


def test_the_lkj_prints_the_follow_up(users: dict[str, Any], pkr: Unit) -> None:
    rec = recommendations.add_recommendation(
        users["apip"],
        pkr,
        source="reviu",
        reference="LHR-7/2022",
        year="2022",
        text="Tambahkan analisis efisiensi sumber daya pada Bab III",
        due_date="2023-02-28",
    )
    recommendations.add_follow_up(
        users["operator.pkr"],
        rec,
        text="Analisis efisiensi ditambahkan",
        evidence="",
        done=True,
        version=rec.version,
    )
    text = _text(generate(document_from_database(pkr), "lkj", "PKR", 2022, "docx").content)
    assert "Tindak Lanjut Rekomendasi" in text
    assert (
        "Dari 1 rekomendasi hasil evaluasi, reviu dan pemeriksaan kepada Direktorat Pemberdayaan Kelompok Rentan, 0 telah selesai"
        in text
    )
    assert "Reviu LKj LHR-7/2022 (2022)" in text and "28 Februari 2023" in text
    assert "Analisis efisiensi ditambahkan" in text and "menunggu penutupan APIP" in text
    # a recommendation made after the report's year is not in that year's LKj
    assert "Tindak Lanjut Rekomendasi" not in _text(
        generate(document_from_database(pkr), "lkj", "PKR", 2021, "docx").content
    )
