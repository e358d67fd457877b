"""The history keeps who changed which field of which record, when, from what to what: through
the services and through the Django admin alike."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from kinerja.history.context import acting_as
from kinerja.history.models import Change, history_of
from kinerja.measurement import workflow
from kinerja.measurement.models import Realization
from kinerja.organizations.models import Membership, Unit
from tests.measurement.conftest import Org


def rows(obj) -> list[tuple[str, str, str | None, str | None, str, str]]:  # type: ignore[no-untyped-def]
    return [(c.action, c.field, c.old_value, c.new_value, c.username, c.note) for c in history_of(obj)]


def test_service_edit_records_old_and_new_values(org: Org) -> None:
    r = org.r
    workflow.save_realization(org.users["operator"], r, {"value_number": "99,25", "analysis": "Baik"}, 1)
    workflow.save_realization(org.users["operator2"], r, {"value_number": "98"}, 2)
    assert rows(r) == [
        ("update", "value_number", None, "99.25", "operator", ""),
        ("update", "analysis", "", "Baik", "operator", ""),
        ("update", "value_number", "99.25", "98", "operator2", ""),
    ]
    first = history_of(r).first()
    assert first is not None
    assert first.user == org.users["operator"] and first.agency_id == r.agency_id
    assert first.object_repr.startswith("DIR1")
    assert first.at is not None


def test_steps_record_the_status_with_the_comment_as_note(org: Org) -> None:
    u, r = org.users, org.r
    workflow.submit(u["operator"], r)
    workflow.return_realization(u["verifikator"], r, "Bukti dukung kurang.")
    status = [(c.old_value, c.new_value, c.username, c.note) for c in history_of(r) if c.field == "status"]
    assert status == [
        ("draft", "submitted", "operator", ""),
        ("submitted", "draft", "verifikator", "Bukti dukung kurang."),
    ]


def test_lock_and_exception_are_in_the_history(org: Org) -> None:
    u, r = org.users, org.r
    workflow.submit(u["operator"], r)
    workflow.verify(u["verifikator"], r)
    workflow.approve(u["pimpinan"], r)
    workflow.open_lock_exception(u["admin"], r, "Salah ketik")
    locked = [(c.old_value, c.new_value, c.username, c.note) for c in history_of(r) if c.field == "locked"]
    assert locked == [("False", "True", "pimpinan", ""), ("True", "False", "admin", "Salah ketik")]


def test_no_version_or_timestamp_noise(org: Org) -> None:
    workflow.save_realization(org.users["operator"], org.r, {"follow_up": "x"}, 1)
    assert {c.field for c in history_of(org.r)} == {"follow_up"}


def test_create_and_delete_inside_a_user_context(org: Org) -> None:
    unit = org.units["DIR1"]
    with acting_as(org.users["admin"], note="penataan"):
        new = Unit.objects.create(
            agency=unit.agency, code="BARU", name="Unit Baru", level="eselon3", parent=unit
        )
        pk = new.pk
        new.delete()
    history = list(Change.objects.filter(object_id=str(pk), content_type__model="unit").order_by("id"))
    assert [(c.action, c.username, c.note) for c in history] == [
        ("create", "admin", "penataan"),
        ("delete", "admin", "penataan"),
    ]
    created = json.loads(history[0].new_value or "{}")
    assert created["code"] == "BARU" and created["parent"] == str(unit.pk)
    assert json.loads(history[1].old_value or "{}")["name"] == "Unit Baru"


def test_changes_without_a_user_are_not_itemised(org: Org) -> None:
    Realization.objects.filter(pk=org.r.pk)  # the fixture itself ran without a user
    before = Change.objects.count()
    unit = org.units["DIR2"]
    unit.name = "Nama baru"
    unit.save()
    assert Change.objects.count() == before == 0


@pytest.fixture
def admin_client(org: Org) -> Client:
    client = Client()
    client.force_login(org.users["root"])
    return client


def test_admin_save_is_recorded_with_the_signed_in_user(org: Org, admin_client: Client) -> None:
    r = org.r
    data = {
        "unit": r.unit_id,
        "indicator": r.indicator_id,
        "year": 2022,
        "quarter": "",
        "value_number": "77.5",
        "value_label": "",
        "analysis": "dari admin",
        "supporting": "",
        "inhibiting": "",
        "follow_up": "",
        "inputs-TOTAL_FORMS": 0,
        "inputs-INITIAL_FORMS": 0,
        "evidence-TOTAL_FORMS": 0,
        "evidence-INITIAL_FORMS": 0,
    }
    response = admin_client.post(f"/admin/measurement/realization/{r.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert rows(r) == [
        ("update", "value_number", None, "77.5", "root", ""),
        ("update", "analysis", "", "dari admin", "root", ""),
    ]


def test_admin_cannot_edit_a_locked_realisation(org: Org, admin_client: Client) -> None:
    u, r = org.users, org.r
    workflow.submit(u["operator"], r)
    workflow.verify(u["verifikator"], r)
    workflow.approve(u["pimpinan"], r)
    page = admin_client.get(f"/admin/measurement/realization/{r.pk}/change/").content.decode()
    assert 'name="value_number"' not in page
    response = admin_client.post(
        f"/admin/measurement/realization/{r.pk}/change/",
        {"value_number": "1", "analysis": "paksa", "year": 2022},
    )
    assert response.status_code == 403
    row = Realization.objects.get(pk=r.pk)
    assert row.value_number is None and row.analysis == "" and row.locked and row.version == r.version


def test_admin_opens_a_lock_exception_through_the_workflow(org: Org, admin_client: Client) -> None:
    u, r = org.users, org.r
    response = admin_client.post(
        "/admin/measurement/lockexception/add/", {"realization": r.pk, "reason": "x"}
    )
    assert response.status_code == 200 and "tidak sedang terkunci" in response.content.decode()
    workflow.submit(u["operator"], r)
    workflow.verify(u["verifikator"], r)
    workflow.approve(u["pimpinan"], r)
    response = admin_client.post(
        "/admin/measurement/lockexception/add/", {"realization": r.pk, "reason": "Koreksi data BPS"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = Realization.objects.get(pk=r.pk)
    assert not row.locked
    exc = row.lock_exceptions.get()
    assert exc.reason == "Koreksi data BPS" and exc.opened_by == u["root"]
    admin_client.post(
        "/admin/measurement/lockexception/",
        {"action": "relock_selected", "_selected_action": [exc.pk]},
    )
    assert Realization.objects.get(pk=r.pk).locked


def test_roles_granted_in_the_admin_are_recorded(org: Org, admin_client: Client) -> None:
    user = org.users["apip"]
    response = admin_client.post(
        "/admin/organizations/membership/add/",
        {"user": user.pk, "unit": org.units["DIR3"].pk, "role": "verifikator", "note": "plt"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    m = Membership.objects.get(user=user, role="verifikator")
    change = history_of(m).get()
    assert change.action == "create" and change.username == "root"
    assert json.loads(change.new_value or "{}")["role"] == "verifikator"
