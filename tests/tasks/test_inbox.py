"""What each role must do (``kinerja.tasks.inbox.tasks_for``) with due dates from the reporting
calendar, on the Kemensos demo; bulk approval from the list; a returned record's note on top."""

from __future__ import annotations

from datetime import date
from typing import Any

from kinerja.agreements import services as agreements
from kinerja.calendar.models import ReportingCalendar
from kinerja.evaluation import recommendations
from kinerja.measurement import workflow
from kinerja.measurement.models import Realization
from kinerja.organizations.models import Unit
from kinerja.tasks.inbox import tasks_for
from tests.web.demo_users import client_for


def _kinds(user: Any, today: date, year: int = 2023) -> dict[str, Any]:
    """The user's tasks of ``year`` by kind (the demo's 2022 has tasks of its own)."""
    return {t.kind: t for t in tasks_for(user, today) if str(year) in t.title}


def _pk_2023(users: dict[str, Any], pkr: Unit, sign: bool) -> Any:
    draft = agreements.create_agreement_from_plan(users["perencana"], pkr, 2023)
    if sign:
        agreements.sign_agreement(users["pimpinan.pkr"], draft, date(2023, 1, 20))
    return draft


def _records(pkr: Unit, status: str, n: int = 3) -> list[Realization]:
    """``n`` realisations of PKR's PK indicators for TW I 2023 in ``status``."""
    draft = agreements.working_version(pkr, 2023)
    assert draft is not None
    rows = agreements.target_rows(draft)[:n]
    return [
        Realization.objects.create(
            agency=pkr.agency, unit=pkr, indicator=t.indicator, year=2023, quarter=1, status=status
        )
        for t in rows
    ]


def test_the_head_signs_the_pk_and_approves(users: dict[str, Any], pkr: Unit) -> None:
    head, operator = users["pimpinan.pkr"], users["operator.pkr"]
    draft = _pk_2023(users, pkr, sign=False)
    sign = _kinds(head, date(2023, 1, 10))["sign_pk"]
    assert sign.title == f"Tandatangani Perjanjian Kinerja 2023 versi {draft.version}"
    assert sign.due == date(2023, 1, 31)  # DIPA 1 January (not recorded) + 30 days
    assert not sign.overdue(date(2023, 1, 31)) and sign.overdue(date(2023, 2, 1))
    assert "sign_pk" not in _kinds(operator, date(2023, 1, 10))  # the head's, not the operator's

    # a calendar with the DIPA date moves the deadline
    ReportingCalendar.objects.create(agency=pkr.agency, year=2023, dipa_date=date(2022, 12, 7))
    assert _kinds(head, date(2023, 1, 10))["sign_pk"].due == date(2023, 1, 6)

    agreements.sign_agreement(head, draft, date(2023, 1, 20))
    assert "sign_pk" not in _kinds(head, date(2023, 1, 10))
    _records(pkr, "verified")
    approve = _kinds(head, date(2023, 4, 1))["approve"]
    assert approve.count == 3 and approve.title == "Setujui 3 realisasi TW I 2023"
    # TW I ends 31 March; entry +10, verification +5, approval +5 days (calendar defaults)
    assert approve.due == date(2023, 4, 20)


def test_the_operator_enters_plans_and_follows_up(users: dict[str, Any], pkr: Unit) -> None:
    operator = users["operator.pkr"]
    _pk_2023(users, pkr, sign=True)
    pk_size = len(agreements.target_rows(agreements.working_version(pkr, 2023)))  # type: ignore[arg-type]
    kinds = _kinds(operator, date(2023, 4, 5))
    enter = kinds["enter"]
    assert enter.count == pk_size and enter.due == date(2023, 4, 10)
    assert enter.title == f"Isi realisasi TW I 2023: {pk_size} indikator belum diisi"
    assert "action_plan" not in kinds  # the planner's
    assert _kinds(users["perencana"], date(2023, 4, 5))["action_plan"].count == pk_size  # no quarters yet
    # before the quarter ends nothing is to be entered; entered records leave the list
    assert "enter" not in _kinds(operator, date(2023, 3, 31))
    _records(pkr, "draft", n=2)
    after = _kinds(operator, date(2023, 4, 5))
    assert after["enter"].count == pk_size - 2 and after["submit"].count == 2

    rec = recommendations.add_recommendation(
        users["apip"], pkr, source="lhe", reference="LHE 2022", year="2022",
        text="Perbaiki indikator kinerja agar SMART", due_date="2023-06-30",
    )  # fmt: skip
    [follow] = [t for t in tasks_for(operator, date(2023, 4, 5)) if t.kind == "follow_up"]
    assert follow.due == date(2023, 6, 30) and follow.key == f"follow_up:{rec.pk}"


def test_the_apip_reviews_last_years_lkj(users: dict[str, Any], pkr: Unit) -> None:
    review = _kinds(users["apip"], date(2023, 2, 1), 2022)["review_lkj"]
    assert review.unit == pkr and review.title == "Reviu Laporan Kinerja 2022"
    assert review.due == date(2023, 2, 28)  # end of February for a ministry


def test_a_returned_record_shows_the_note_on_top(users: dict[str, Any], pkr: Unit) -> None:
    _pk_2023(users, pkr, sign=True)
    [r] = _records(pkr, "submitted", n=1)
    workflow.return_realization(users["verifikator.pkr"], r, "Bukti dukung belum dilampirkan")
    [task] = [t for t in tasks_for(users["operator.pkr"], date(2023, 4, 5)) if t.kind == "returned"]
    assert task.note == "Bukti dukung belum dilampirkan"
    client = client_for(users["operator.pkr"])
    inbox = client.get("/tugas/").content.decode()
    assert "Catatan verifikator: Bukti dukung belum dilampirkan" in inbox
    page = client.get(task.url).content.decode()
    top = page.index('id="returned-note"')
    assert top < page.index('id="hasil"') and "Bukti dukung belum dilampirkan" in page[top : top + 400]


def test_bulk_approval_takes_each_record_through_the_workflow(users: dict[str, Any], pkr: Unit) -> None:
    _pk_2023(users, pkr, sign=True)
    rows = _records(pkr, "verified")
    client = client_for(users["pimpinan.pkr"])
    page = client.get("/realisasi/menunggu/?unit=PKR").content.decode()
    assert 'id="bulk-approve"' in page and all(f'id="pilih-{r.pk}"' in page for r in rows)
    stale = rows[0]
    Realization.objects.filter(pk=stale.pk).update(version=stale.version + 1)  # changed meanwhile
    form = {"action": "approve", "pilih": [str(r.pk) for r in rows]}
    form.update({f"versi-{r.pk}": str(r.version) for r in rows})
    answer = client.post("/realisasi/menunggu/", form, follow=True).content.decode()
    assert "2 realisasi disetujui." in answer and "diubah orang lain" in answer
    assert [Realization.objects.get(pk=r.pk).status for r in rows] == ["verified", "approved", "approved"]
    # the operator may not approve: nothing changes
    operator = client_for(users["operator.pkr"])
    form = {"action": "approve", "pilih": [str(stale.pk)], f"versi-{stale.pk}": str(stale.version + 1)}
    operator.post("/realisasi/menunggu/", form)
    assert Realization.objects.get(pk=stale.pk).status == "verified"
