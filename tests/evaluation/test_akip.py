"""AKIP evaluation (LKE, PermenPAN-RB 88/2021): the worksheet data set, the interchange
``evaluations`` section, the ``akip`` source, the worksheet page (self-assessment, APIP review,
final), the automatic checks, and the LHE document read back."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from docx import Document as Docx
from pypdf import PdfReader

from kinerja.core.numbers import contract_decimal
from kinerja.core.types import KinerjaValidationError
from kinerja.evaluation import akip
from kinerja.evaluation.models import AkipEvaluation
from kinerja.figures.akip import DEFAULT_LKE, available_lke, load_lke, unit_akip
from kinerja.figures.unit_year import compute_document
from kinerja.interchange.parse import parse_text
from kinerja.interchange.write import dump_document
from kinerja.organizations.models import Unit
from kinerja.planning.models import Indicator
from tests.web.demo_users import client_for

D = Decimal

BASE = """\
format: kinerja/v1
units:
  - {code: DAYASOS, name: Direktorat Jenderal Pemberdayaan Sosial, level: eselon1}
  - {code: PKR, name: Direktorat Pemberdayaan Kelompok Rentan, level: eselon2, parent: DAYASOS}
plans:
  - unit: PKR
    period: [2020, 2024]
    objectives:
      - code: SK2
        level: SK
        statement: Meningkatnya akuntabilitas
        indicators:
          - {code: IKK 2.2, name: Nilai Akuntabilitas Kinerja, source: akip, targets: {2022: 77, 2023: 77}}
agreements:
  - {unit: PKR, year: 2022, version: 1, targets: {"IKK 2.2": 77}}
  - {unit: PKR, year: 2023, version: 1, targets: {"IKK 2.2": 77}}
"""

EVALUATIONS = """\
evaluations:
  - {unit: PKR, year: 2022, score: 70.25}
  - unit: PKR
    year: 2023
    lke: permenpanrb-88-2021
    answers: {1.a: A, 1.b: BB, 1.c: BB, 2.a: A, 2.b: BB, 2.c: B, 3.a: A, 3.b: BB, 3.c: B, 4.a: BB, 4.b: B, 4.c: B}
    summary: Implementasi SAKIP sangat baik.
"""


def doc(extra: str = EVALUATIONS) -> Any:
    return parse_text(BASE + extra, "uji.yaml")


def test_the_worksheet_is_data_and_adds_up() -> None:
    assert DEFAULT_LKE in available_lke()
    lke = load_lke()
    assert [c.weight for c in lke.components] == [30, 30, 15, 25]
    assert [s.weight for s in lke.components[2].subcomponents] == [D(3), D("4.5"), D("7.5")]
    autos = {k.auto for c in lke.components for s in c.subcomponents for k in s.criteria if k.auto}
    assert {"renstra_targets", "pk_signed", "action_plan", "quarterly", "lkj_reviewed", "skm_done"} <= autos
    with pytest.raises(KinerjaValidationError, match="tidak dikenal"):
        load_lke("permenpanrb-12-2015")


def test_score_predicate_and_last_year_from_the_file() -> None:
    parsed = doc()
    result = unit_akip(parsed, "PKR", 2023)
    # = 77,25: 6x0,9 + 9x0,8 + 15x0,8 + 6x0,9 + 9x0,8 + 15x0,7 + 3x0,9 + 4,5x0,8 + 7,5x0,7 + 5x0,8 + 7,5x0,7 + 12,5x0,7
    assert result is not None and contract_decimal(result.score) == "77.25"
    assert (
        result.predicate == "BB"
        and result.previous == D("70.25")
        and contract_decimal(result.change) == "7.00"
    )
    assert result.summary == "Implementasi SAKIP sangat baik."
    entered = unit_akip(parsed, "PKR", 2022)
    assert entered is not None and entered.score == D("70.25") and entered.predicate == "BB"
    assert unit_akip(parsed, "PKR", 2021) is None


def test_the_nilai_sakip_indicator_takes_the_score() -> None:
    result = compute_document(doc(), "PKR", 2023)
    ind = result.objectives[0].indicators[0]
    assert ind.realization == D("77.6") or contract_decimal(ind.realization) == "77.25"
    assert contract_decimal(ind.achievement) == "100.32"
    assert any(
        "Nilai evaluasi AKIP Direktorat Pemberdayaan Kelompok Rentan 2023: 77,25 (predikat BB)" in n
        for n in result.notes
    )


def test_write_then_parse_is_identity_and_bad_input_is_named() -> None:
    parsed = doc()
    for fmt in ("yaml", "json"):
        assert parse_text(dump_document(parsed, fmt), "x", fmt=fmt).evaluations == parsed.evaluations
    for bad, message in (
        ("{unit: PKR, year: 2022, score: 101}", "di luar rentang 0 sampai 100"),
        ("{unit: PKR, year: 2022, answers: {1.a: Z}}", "jawaban kriteria 1.a 'Z' tidak dikenal"),
        ("{unit: PKR, year: 2022}", "answers (jawaban per kriteria) atau score"),
        ("{unit: PKR, year: 2022, score: 80, answers: {1.a: A}}", "sekaligus"),
    ):
        with pytest.raises(KinerjaValidationError) as info:
            doc(f"evaluations:\n  - {bad}\n")
        assert message in str(info.value) and "evaluations[0]" in str(info.value)


def test_import_export_round_trip(db: Any) -> None:
    from kinerja.interchange.db import export_document, import_document

    parsed = doc()
    summary = import_document(parsed, source="akip.yaml")
    assert summary.evaluations == 2
    parsed.evaluations[0].lke = DEFAULT_LKE  # an evaluation without ``lke`` is stored on the current one
    assert export_document(agency_code="KEMENSOS").evaluations == parsed.evaluations
    ev = AkipEvaluation.objects.get(year=2023)
    ev.status = "review"
    ev.save()
    assert [e.year for e in export_document(agency_code="KEMENSOS").evaluations] == [2022]  # final only


# --- the worksheet in the browser's pages (Django client) ----------------------------------------

URL = "/evaluasi/PKR/2022/"


def _version(page: Any) -> str:
    found = re.search(r'name="version" value="(\d+)"', page.content.decode())
    assert found is not None
    return found.group(1)


def test_self_assessment_review_final_and_the_indicator(users: dict[str, Any], pkr: Unit) -> None:
    ikk22 = Indicator.objects.get(plan__unit=pkr, plan__period_start=2020, code="IKK 2.2")
    ikk22.source = "akip"
    ikk22.save()
    operator, apip = client_for(users["operator.pkr"]), client_for(users["apip"])
    page = operator.get(URL)
    text = page.content.decode()
    assert page.status_code == 200 and "belum dimulai" in text
    assert "Belum ada reviu APIP atas LKj 2022" in text  # an automatic check, with its reason
    # the unit's self-assessment: every criterion of the worksheet, 1.c graded as a whole
    codes = [k.code for c in load_lke().components for s in c.subcomponents for k in s.criteria]
    form = {"action": "save_self", "version": _version(page)}
    form.update({f"self-{c}": "BB" for c in codes})
    form["note-1.a.1"] = "Renstra ditetapkan Permensos"
    assert operator.post(URL, form).status_code == 302
    ev = AkipEvaluation.objects.get(unit=pkr, year=2022)
    assert ev.status == "self" and contract_decimal(akip.current_score(ev).total) == "80.00"
    # a second save from the page opened before: refused, nothing lost
    stale = operator.post(URL, form)
    assert stale.status_code == 409 and "sudah diubah orang lain" in stale.content.decode()
    # the APIP may not answer for the unit, the unit may not finalise
    assert apip.post(URL, {**form, "version": str(ev.version)}).status_code == 403
    assert operator.post(URL, {"action": "finalise", "version": str(ev.version)}).status_code == 403
    # the APIP's review: 4.c lowered to C; a conclusion; final
    page = apip.get(URL)
    review = {"action": "save_review", "version": _version(page), "review-4.c.1": "C", "review-4.c.2": "C"}
    review["rnote-4.c.1"] = "Tindak lanjut rekomendasi belum tuntas"
    review["summary"] = "Implementasi SAKIP baik."
    assert apip.post(URL, review).status_code == 302
    ev.refresh_from_db()
    # 80 - 12,5 x (0,8 - 0,5) = 76,25
    assert ev.status == "review" and contract_decimal(akip.current_score(ev).total) == "76.25"
    assert apip.post(URL, {"action": "finalise", "version": str(ev.version)}).status_code == 302
    ev.refresh_from_db()
    assert ev.status == "final" and ev.finalised_by == users["apip"]
    text = operator.get(URL).content.decode()
    assert "76,25" in text and "BB" in text and "Sangat Baik" in text and 'name="self-1.a.1"' not in text
    # the Nilai SAKIP indicator of the unit page takes the score
    unit_page = operator.get("/unit/PKR/?tahun=2022").content.decode()
    assert "76,25" in unit_page and "Nilai evaluasi AKIP" in unit_page


def test_lhe_docx_and_pdf_read_back(users: dict[str, Any], pkr: Unit) -> None:
    ev = AkipEvaluation.objects.create(unit=pkr, year=2022, lke=DEFAULT_LKE, status="final", summary="Baik.")
    ev.answers.create(code="1.a.1", review_answer="A")
    ev.answers.create(code="4.c.1", self_answer="BB")
    AkipEvaluation.objects.create(unit=pkr, year=2021, lke=DEFAULT_LKE, status="final", entered_score=D("5"))
    client = client_for(users["pimpinan.pkr"])
    # 1.a: 6 x 0,9 = 5,40; 4.c: 12,5 x 0,8 = 10,00 -> 15,40 (D); last year 5,00 -> +10,40
    docx = client.get("/laporan/PKR/lhe/?tahun=2022&format=docx")
    assert docx.status_code == 200
    body = "\n".join(p.text for p in Docx(io.BytesIO(docx.content)).paragraphs)
    tables = "\n".join(c.text for t in Docx(io.BytesIO(docx.content)).tables for r in t.rows for c in r.cells)
    assert "Nilai hasil evaluasi: 15,40, predikat D (Sangat Kurang)." in body
    assert "Nilai tahun 2021: 5,00; perubahan +10,40 poin." in body and "Baik." in body
    assert "Perencanaan Kinerja" in tables and "5,40" in tables and "10,00" in tables
    pdf = client.get("/laporan/PKR/lhe/?tahun=2022&format=pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "15,40" in text and "predikat D" in text
    ev.status = "review"
    ev.save()
    refused = client.get("/laporan/PKR/lhe/?tahun=2022&format=pdf")
    assert refused.status_code == 400 and "belum ada evaluasi AKIP final" in refused.content.decode()


def test_automatic_checks_follow_the_data(users: dict[str, Any], pkr: Unit) -> None:
    from datetime import date

    from kinerja.evaluation.services import record_reviu

    checks = akip.auto_checks(pkr, 2022)
    assert set(checks) >= {
        "renstra_targets",
        "pk_signed",
        "action_plan",
        "quarterly",
        "lkj_reviewed",
        "skm_done",
    }
    assert not checks["lkj_reviewed"].met and not checks["skm_done"].met
    assert all(c.reason for c in checks.values())
    record_reviu(
        users["apip"],
        pkr,
        2022,
        reviewed_on=date(2023, 2, 14),
        reviewer_name="Dadang",
        reviewer_title="Inspektur",
        place="Jakarta",
    )
    again = akip.auto_checks(pkr, 2022)
    assert again["lkj_reviewed"].met and "14-02-2023" in again["lkj_reviewed"].reason
