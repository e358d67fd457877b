"""Recommendations and follow-up (APIP records and closes, the unit follows up, overdue shown to
the unit head and the APIP, completion rate, the query for the task inbox) and the reviu working
papers (a finding open blocks the reviu statement)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from kinerja.evaluation import akip, recommendations
from kinerja.evaluation.models import Recommendation, ReviuFinding
from kinerja.evaluation.services import ReviuError, record_reviu
from kinerja.organizations.models import Unit
from tests.web.demo_users import client_for

URL = "/evaluasi/PKR/rekomendasi/"


def _add(client: Any, due: date, text: str = "Perbaiki indikator kinerja agar SMART") -> Any:
    return client.post(
        URL,
        {
            "action": "add",
            "source": "lhe",
            "reference": "LHE AKIP 2022",
            "year": "2022",
            "text": text,
            "due_date": due.isoformat(),
        },
    )


def test_apip_records_the_unit_follows_up_and_apip_closes(users: dict[str, Any], pkr: Unit) -> None:
    apip, operator, head = (
        client_for(users["apip"]),
        client_for(users["operator.pkr"]),
        client_for(users["pimpinan.pkr"]),
    )
    past = timezone.localdate() - timedelta(days=10)
    assert _add(apip, past).status_code == 302
    rec = Recommendation.objects.get()
    assert rec.unit == pkr and rec.status == "open" and recommendations.is_overdue(rec)
    # the unit may not record one, the APIP may not follow up
    assert _add(operator, past, "x").status_code == 403 and Recommendation.objects.count() == 1
    # overdue: on the unit page for the unit head, in the list of the APIP, in the task query
    assert "1 lewat batas waktu" in head.get("/unit/PKR/?tahun=2022").content.decode()
    listed = apip.get("/evaluasi/rekomendasi/?terlambat=1").content.decode()
    assert "Perbaiki indikator kinerja" in listed and "lewat batas waktu" in listed
    assert list(recommendations.open_recommendations(users["pimpinan.pkr"], overdue_only=True)) == [rec]
    assert list(recommendations.open_recommendations(users["operator.rehsos"])) == []  # another Ditjen
    assert (
        "Perbaiki indikator"
        not in client_for(users["operator.rehsos"]).get("/evaluasi/rekomendasi/").content.decode()
    )
    # closing before any follow-up is refused
    refused = apip.post(URL, {"action": "close", "recommendation": rec.pk, "version": rec.version})
    assert refused.status_code == 400 and "Belum ada tindak lanjut" in refused.content.decode()
    follow = {
        "action": "follow_up",
        "recommendation": rec.pk,
        "version": rec.version,
        "text": "Indikator direviu",
        "evidence": "ND-12/2023",
        "done": "on",
    }
    assert operator.post(URL, follow).status_code == 302
    rec.refresh_from_db()
    assert rec.status == "submitted" and rec.follow_ups.get().evidence == "ND-12/2023"
    stale = operator.post(URL, follow)  # the same form again: an older version
    assert stale.status_code == 409 and rec.follow_ups.count() == 1
    assert (
        operator.post(URL, {"action": "close", "recommendation": rec.pk, "version": rec.version}).status_code
        == 403
    )
    assert (
        apip.post(
            URL, {"action": "close", "recommendation": rec.pk, "version": rec.version, "note": "Tuntas"}
        ).status_code
        == 302
    )
    rec.refresh_from_db()
    assert rec.status == "closed" and rec.closed_by == users["apip"] and not recommendations.is_overdue(rec)
    page = head.get(URL).content.decode()
    assert "Penyelesaian: 1 dari 1 rekomendasi" in page and "(100,00%)" in page
    assert list(recommendations.open_recommendations(users["apip"])) == []


def test_completion_rate_and_the_akip_check(users: dict[str, Any], pkr: Unit) -> None:
    today = timezone.localdate()
    for days, status in ((-40, "closed"), (-5, "in_progress"), (30, "open")):
        Recommendation.objects.create(
            unit=pkr, source="bpk", year=2022, text="r", due_date=today + timedelta(days=days), status=status
        )
    result = recommendations.completion([pkr])[0]
    assert (result.due, result.closed, result.rate) == (2, 1, 50.0)
    check = akip.auto_checks(pkr, today.year)["recommendations"]
    assert not check.met and check.reason.startswith("1 dari ") and "telah ditutup APIP" in check.reason


@pytest.mark.parametrize("bad", [{"due_date": "30-06-2023"}, {"text": ""}, {"source": "xx"}, {"year": "dua"}])
def test_bad_input_is_named(users: dict[str, Any], pkr: Unit, bad: dict[str, str]) -> None:
    data = {
        "action": "add",
        "source": "itjen",
        "reference": "",
        "year": "2022",
        "text": "t",
        "due_date": "2023-06-30",
        **bad,
    }
    response = client_for(users["apip"]).post(URL, data)
    assert response.status_code == 400 and not Recommendation.objects.exists()
    assert any(
        w in response.content.decode()
        for w in ("TTTT-BB-HH", "wajib diisi", "tidak dikenal", "bilangan bulat")
    )


def test_an_open_finding_blocks_the_reviu_statement(users: dict[str, Any], pkr: Unit) -> None:
    apip, operator = client_for(users["apip"]), client_for(users["operator.pkr"])
    findings = "/reviu/PKR/2022/temuan/"
    assert (
        apip.post(
            findings,
            {"action": "add", "text": "Capaian IKK 2.1 tidak sesuai bukti", "correction": "Koreksi angka"},
        ).status_code
        == 302
    )
    assert operator.post(findings, {"action": "add", "text": "x"}).status_code == 403
    finding = ReviuFinding.objects.get()
    with pytest.raises(ReviuError, match="1 temuan reviu yang belum ditutup"):
        record_reviu(
            users["apip"],
            pkr,
            2022,
            reviewed_on=date(2023, 2, 14),
            reviewer_name="D",
            reviewer_title="I",
            place="J",
        )
    page = apip.get("/reviu/PKR/2022/").content.decode()
    assert "Capaian IKK 2.1 tidak sesuai bukti" in page and "Koreksi angka" in page
    empty = operator.post(findings, {"action": "respond", "finding": finding.pk, "response": ""})
    assert empty.status_code == 400 and "Tanggapan wajib diisi" in empty.content.decode()
    assert (
        operator.post(
            findings, {"action": "respond", "finding": finding.pk, "response": "Sudah dikoreksi"}
        ).status_code
        == 302
    )
    finding.refresh_from_db()
    assert finding.status == "answered" and finding.response == "Sudah dikoreksi"
    assert operator.post(findings, {"action": "close", "finding": finding.pk}).status_code == 403
    assert apip.post(findings, {"action": "close", "finding": finding.pk}).status_code == 302
    reviu = record_reviu(
        users["apip"],
        pkr,
        2022,
        reviewed_on=date(2023, 2, 14),
        reviewer_name="D",
        reviewer_title="I",
        place="J",
    )
    assert reviu.pk is not None


def test_the_reviewer_fills_the_checklist_the_unit_reads_it(users: dict[str, Any], pkr: Unit) -> None:
    apip, operator = client_for(users["apip"]), client_for(users["operator.pkr"])
    url = "/reviu/PKR/2022/temuan/"
    data = {
        "action": "checklist",
        "check-format": "ya",
        "check-a6": "tidak",
        "checknote-a6": "Efisiensi belum dianalisis",
    }
    assert operator.post(url, data).status_code == 403
    assert apip.post(url, data).status_code == 302
    saved = recommendations.checklist_of(pkr, 2022)
    assert saved is not None and saved.answers["a6"] == {
        "answer": "tidak",
        "note": "Efisiensi belum dianalisis",
    }
    page = operator.get("/reviu/PKR/2022/").content.decode()
    assert "Analisis 6: efisiensi penggunaan sumber daya" in page and "Efisiensi belum dianalisis" in page
    bad = apip.post(url, {"action": "checklist", "check-a1": "mungkin"})
    assert bad.status_code == 400 and "jawaban harus ya atau tidak" in bad.content.decode()
