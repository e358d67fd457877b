"""The realisation workflow: steps, who may take them, returns with comments, the lock and its
exceptions, and optimistic concurrency (real database)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied

from kinerja.measurement import workflow
from kinerja.measurement.models import LockException, Realization, RealizationEvent
from kinerja.measurement.workflow import RealizationLocked, VersionConflict, WorkflowError
from tests.measurement.conftest import Org


def fresh(r: Realization) -> Realization:
    return Realization.objects.get(pk=r.pk)


def to_status(org: Org, status: str, r: Realization | None = None) -> Realization:
    r = r or org.r
    u = org.users
    if status in ("submitted", "verified", "approved"):
        workflow.submit(u["operator"], r)
    if status in ("verified", "approved"):
        workflow.verify(u["verifikator"], r)
    if status == "approved":
        workflow.approve(u["pimpinan"], r)
    return r


# --- the happy path -------------------------------------------------------------------------


def test_draft_to_approved_and_locked(org: Org) -> None:
    u, r = org.users, org.r
    workflow.save_realization(u["operator"], r, {"value_number": "99,25", "analysis": "Tercapai"}, r.version)
    assert (r.status, r.version, r.value_number) == ("draft", 2, D("99.25"))
    workflow.submit(u["operator"], r)
    assert r.status == "submitted"
    workflow.verify(u["verifikator"], r)
    assert r.status == "verified"
    workflow.approve(u["pimpinan"], r)
    row = fresh(r)
    assert (row.status, row.locked, row.version) == ("approved", True, 5)
    assert row.value_number == D("99.25") and row.analysis == "Tercapai"
    events = list(RealizationEvent.objects.filter(realization=r).order_by("id"))
    assert [(e.action, e.from_status, e.to_status, e.username) for e in events] == [
        ("submit", "draft", "submitted", "operator"),
        ("verify", "submitted", "verified", "verifikator"),
        ("approve", "verified", "approved", "pimpinan"),
    ]
    assert [e.version for e in events] == [3, 4, 5]


# --- who may take each step: an expected table written out here -----------------------------

MAY = {
    "edit": {"operator", "operator2", "admin", "root"},
    "submit": {"operator", "operator2", "admin", "root"},
    "verify": {"verifikator", "verifikator2", "admin", "root"},
    "approve": {"verifikator", "verifikator2", "pimpinan", "admin", "root"},
    "return_submitted": {"verifikator", "verifikator2", "admin", "root"},
    "return_verified": {"verifikator", "verifikator2", "pimpinan", "admin", "root"},
}
EVERYONE = [
    "operator",
    "operator2",
    "verifikator",
    "verifikator2",
    "pimpinan",
    "perencana",
    "admin",
    "root",
    "apip",
    "sibling_operator",
    "sibling_verifikator",
    "sibling_pimpinan",
    "sub_operator",
]


def _take(step: str, org: Org, user) -> None:  # type: ignore[no-untyped-def]
    r = org.r
    if step == "edit":
        workflow.save_realization(user, r, {"value_number": "5"}, r.version)
    elif step == "submit":
        workflow.submit(user, r)
    elif step == "verify":
        workflow.verify(user, r)
    elif step == "approve":
        workflow.approve(user, r)
    else:
        workflow.return_realization(user, r, "Mohon perbaiki data dukung.")


SETUP = {
    "edit": "draft",
    "submit": "draft",
    "verify": "submitted",
    "approve": "verified",
    "return_submitted": "submitted",
    "return_verified": "verified",
}
AFTER = {
    "edit": "draft",
    "submit": "submitted",
    "verify": "verified",
    "approve": "approved",
    "return_submitted": "draft",
    "return_verified": "submitted",
}


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("step", list(MAY))
def test_who_may_take_each_step(org: Org, step: str, who: str) -> None:
    to_status(org, SETUP[step])
    before = fresh(org.r)
    if who in MAY[step]:
        _take(step, org, org.users[who])
        assert fresh(org.r).status == AFTER[step]
    else:
        with pytest.raises(PermissionDenied, match="Anda tidak berhak"):
            _take(step, org, org.users[who])
        after = fresh(org.r)
        assert (after.status, after.version, after.value_number) == (
            before.status,
            before.version,
            before.value_number,
        )


def test_rights_reach_down_the_tree_not_up(org: Org) -> None:
    u = org.users
    workflow.save_realization(u["operator"], org.sub, {"value_number": "7"}, org.sub.version)
    assert fresh(org.sub).value_number == D("7")
    with pytest.raises(PermissionDenied):
        workflow.save_realization(u["sub_operator"], org.r, {"value_number": "7"}, org.r.version)
    workflow.submit(u["sub_operator"], org.sub)
    workflow.verify(u["verifikator"], org.sub)  # DIR1's verifier covers SUB1
    assert fresh(org.sub).status == "verified"


# --- wrong status ---------------------------------------------------------------------------


def test_steps_out_of_order_are_refused(org: Org) -> None:
    u, r = org.users, org.r
    with pytest.raises(WorkflowError, match="berstatus draf"):
        workflow.verify(u["verifikator"], r)
    with pytest.raises(WorkflowError):
        workflow.approve(u["pimpinan"], r)
    with pytest.raises(WorkflowError, match="hanya realisasi yang diajukan atau diverifikasi"):
        workflow.return_realization(u["verifikator"], r, "catatan")
    workflow.submit(u["operator"], r)
    with pytest.raises(WorkflowError):
        workflow.submit(u["operator"], r)
    with pytest.raises(WorkflowError):
        workflow.approve(u["pimpinan"], r)
    assert fresh(r).status == "submitted"


def test_submitted_realisation_cannot_be_edited(org: Org) -> None:
    to_status(org, "submitted")
    with pytest.raises(WorkflowError, match="hanya draf yang dapat diubah"):
        workflow.save_realization(org.users["operator"], org.r, {"analysis": "x"}, org.r.version)


# --- returns --------------------------------------------------------------------------------


@pytest.mark.parametrize("comment", ["", "   ", None])
def test_return_requires_a_comment(org: Org, comment: str | None) -> None:
    to_status(org, "submitted")
    with pytest.raises(WorkflowError, match="Catatan pengembalian wajib diisi"):
        workflow.return_realization(org.users["verifikator"], org.r, comment)  # type: ignore[arg-type]
    assert fresh(org.r).status == "submitted"
    assert not RealizationEvent.objects.filter(action="return").exists()


def test_return_goes_one_step_back_and_keeps_the_comment(org: Org) -> None:
    u, r = org.users, org.r
    to_status(org, "verified")
    workflow.return_realization(u["pimpinan"], r, "  Angka tidak sesuai bukti dukung.  ")
    assert fresh(r).status == "submitted"
    workflow.return_realization(u["verifikator"], r, "Lengkapi bukti dukung triwulan IV.")
    assert fresh(r).status == "draft"
    returns = list(RealizationEvent.objects.filter(realization=r, action="return").order_by("id"))
    assert [(e.from_status, e.to_status, e.username, e.comment) for e in returns] == [
        ("verified", "submitted", "pimpinan", "Angka tidak sesuai bukti dukung."),
        ("submitted", "draft", "verifikator", "Lengkapi bukti dukung triwulan IV."),
    ]
    # back in draft: the operator can correct and submit again
    workflow.save_realization(u["operator"], r, {"value_number": "98"}, r.version)
    workflow.submit(u["operator"], r)
    assert fresh(r).status == "submitted"


# --- the lock -------------------------------------------------------------------------------


def test_approved_realisation_is_locked(org: Org) -> None:
    u, r = org.users, org.r
    workflow.save_realization(u["operator"], r, {"value_number": "10"}, r.version)
    to_status(org, "approved")
    for who in ("operator", "admin", "root"):
        with pytest.raises(RealizationLocked, match="terkunci"):
            workflow.save_realization(u[who], r, {"value_number": "11"}, r.version)
    for step in (workflow.submit, workflow.verify, workflow.approve):
        with pytest.raises(WorkflowError):
            step(u["admin"], r)
    with pytest.raises(WorkflowError):
        workflow.return_realization(u["verifikator"], r, "terlambat")
    assert fresh(r).value_number == D("10") and fresh(r).locked


def test_approved_but_unlocked_row_from_an_import_is_not_editable(org: Org) -> None:
    Realization.objects.filter(pk=org.r.pk).update(status="approved", locked=False)
    r = fresh(org.r)
    with pytest.raises(RealizationLocked):
        workflow.save_realization(org.users["operator"], r, {"value_number": "1"}, r.version)


def test_lock_exception_opens_and_relocks(org: Org) -> None:
    u, r = org.users, org.r
    workflow.save_realization(u["operator"], r, {"value_number": "10"}, r.version)
    to_status(org, "approved")
    for who in ("operator", "verifikator", "pimpinan", "apip"):
        with pytest.raises(PermissionDenied):
            workflow.open_lock_exception(u[who], r, "koreksi")
    with pytest.raises(WorkflowError, match="Alasan membuka kunci wajib diisi"):
        workflow.open_lock_exception(u["admin"], r, "  ")
    exc = workflow.open_lock_exception(u["admin"], r, "Koreksi angka setelah reviu Inspektorat")
    assert (exc.opened_by, exc.reason, exc.closed_at) == (
        u["admin"],
        "Koreksi angka setelah reviu Inspektorat",
        None,
    )
    assert not fresh(r).locked and fresh(r).status == "approved"
    with pytest.raises(WorkflowError, match="tidak sedang terkunci"):
        workflow.open_lock_exception(u["admin"], r, "lagi")
    assert workflow.available_steps(u["operator"], fresh(r)) == ["edit"]
    workflow.save_realization(u["operator"], r, {"value_number": "12"}, r.version)
    assert fresh(r).value_number == D("12")
    with pytest.raises(PermissionDenied):
        workflow.relock(u["operator"], r)
    workflow.relock(u["admin"], r)
    row = fresh(r)
    assert row.locked and row.status == "approved"
    exc.refresh_from_db()
    assert exc.closed_by == u["admin"] and exc.closed_at is not None
    with pytest.raises(RealizationLocked):
        workflow.save_realization(u["operator"], r, {"value_number": "13"}, r.version)
    with pytest.raises(WorkflowError):
        workflow.relock(u["admin"], r)
    actions = list(
        RealizationEvent.objects.filter(realization=r).values_list("action", flat=True).order_by("id")
    )
    assert actions[-2:] == ["open_lock", "relock"]
    assert LockException.objects.filter(realization=r).count() == 1


def test_lock_exception_only_on_an_approved_realisation(org: Org) -> None:
    with pytest.raises(WorkflowError):
        workflow.open_lock_exception(org.users["admin"], org.r, "alasan")
    with pytest.raises(PermissionDenied):  # a sibling unit's admin rights do not exist; APIP may not
        workflow.open_lock_exception(org.users["apip"], org.r, "alasan")


# --- optimistic concurrency -----------------------------------------------------------------


def test_second_save_on_the_same_version_is_refused_and_the_first_kept(org: Org) -> None:
    u = org.users
    seen_by_a = fresh(org.r)
    seen_by_b = fresh(org.r)
    workflow.save_realization(u["operator"], seen_by_a, {"value_number": "90", "analysis": "versi A"}, 1)
    b_input = {"value_number": "95,5", "analysis": "versi B"}
    with pytest.raises(VersionConflict) as err:
        workflow.save_realization(u["operator2"], seen_by_b, b_input, seen_by_b.version)
    message = str(err.value)
    assert "sudah diubah oleh operator" in message
    assert "versi Anda 1, versi sekarang 2" in message
    assert "Perubahan Anda belum disimpan" in message
    assert err.value.submitted == b_input  # to show the user's input back
    assert err.value.current.analysis == "versi A" and err.value.current.version == 2
    row = fresh(org.r)
    assert (row.value_number, row.analysis, row.version) == (D("90"), "versi A", 2)
    assert seen_by_b.version == 1  # the caller's object is left as it was
    # B reloads and saves again on the new version
    workflow.save_realization(u["operator2"], seen_by_b, b_input, 2)
    assert fresh(org.r).value_number == D("95.5")


def test_a_step_on_a_stale_version_is_refused(org: Org) -> None:
    u, r = org.users, org.r
    workflow.submit(u["operator"], r)
    stale = r.version
    workflow.return_realization(u["verifikator"], r, "perbaiki")
    workflow.submit(u["operator"], r)
    with pytest.raises(VersionConflict):
        workflow.verify(u["verifikator2"], r, expected_version=stale)
    workflow.verify(u["verifikator2"], r, expected_version=r.version)
    assert fresh(r).status == "verified"


def test_saving_nothing_new_keeps_the_version(org: Org) -> None:
    r = org.r
    workflow.save_realization(org.users["operator"], r, {"analysis": "a"}, 1)
    workflow.save_realization(org.users["operator"], r, {"analysis": "a"}, 2)
    assert fresh(r).version == 2


# --- input ----------------------------------------------------------------------------------


def test_input_is_checked_before_anything_is_saved(org: Org) -> None:
    u, r = org.users, org.r
    with pytest.raises(WorkflowError, match="kolom tidak dapat diubah"):
        workflow.save_realization(u["operator"], r, {"status": "approved"}, 1)
    with pytest.raises(WorkflowError, match="tidak terbaca"):
        workflow.save_realization(u["operator"], r, {"value_number": "sembilan"}, 1)
    with pytest.raises(WorkflowError, match="tidak keduanya"):
        workflow.save_realization(u["operator"], r, {"value_number": "1", "value_label": "WTP"}, 1)
    workflow.save_realization(u["operator"], r, {"value_number": "1.234.567,5"}, 1)
    assert fresh(r).value_number == D("1234567.5")
    workflow.save_realization(u["operator"], r, {"value_number": "", "value_label": "WTP"}, 2)
    row = fresh(r)
    assert (row.value_number, row.value_label, row.version) == (None, "WTP", 3)


def test_available_steps(org: Org) -> None:
    u, r = org.users, org.r
    assert workflow.available_steps(u["operator"], r) == ["edit", "submit"]
    assert workflow.available_steps(u["verifikator"], r) == []
    assert workflow.available_steps(u["sibling_operator"], r) == []
    to_status(org, "submitted")
    assert workflow.available_steps(u["verifikator"], fresh(r)) == ["verify", "return"]
    assert workflow.available_steps(u["pimpinan"], fresh(r)) == []
    workflow.verify(u["verifikator"], r)
    assert workflow.available_steps(u["pimpinan"], fresh(r)) == ["approve", "return"]
    workflow.approve(u["pimpinan"], r)
    assert workflow.available_steps(u["admin"], fresh(r)) == ["open_lock"]
    assert workflow.available_steps(u["operator"], fresh(r)) == []


def test_raw_inputs_are_saved_checked_and_versioned(org: Org) -> None:
    from kinerja.history.models import history_of
    from kinerja.measurement.models import RealizationInput
    from kinerja.planning.models import IndicatorVariable

    u, r = org.users, org.r
    for pos, name in enumerate(("n", "T")):
        IndicatorVariable.objects.create(agency=r.agency, indicator=r.indicator, name=name, position=pos)
    workflow.save_realization(u["operator"], r, {"inputs": {"n": "18.658.193", "T": "18.800.000"}}, 1)
    assert r.version == 2
    stored = dict(RealizationInput.objects.filter(realization=r).values_list("name", "value"))
    assert stored == {"n": D("18658193"), "T": D("18800000")}
    with pytest.raises(WorkflowError, match="variabel tidak dikenal: x"):
        workflow.save_realization(u["operator"], r, {"inputs": {"x": "1"}}, 2)
    with pytest.raises(WorkflowError, match="nilai masukan n"):
        workflow.save_realization(u["operator"], r, {"inputs": {"n": "banyak"}}, 2)
    workflow.save_realization(u["operator"], r, {"inputs": {"n": "18.700.000", "T": ""}}, 2)
    stored = dict(RealizationInput.objects.filter(realization=r).values_list("name", "value"))
    assert stored == {"n": D("18700000")}
    assert fresh(r).version == 3
    n_row = RealizationInput.objects.get(realization=r, name="n")
    assert [(c.action, c.field, c.old_value, c.new_value, c.username) for c in history_of(n_row)][1:] == [
        ("update", "value", "18658193", "18700000", "operator")
    ]
    with pytest.raises(VersionConflict):
        workflow.save_realization(u["operator2"], r, {"inputs": {"n": "1"}}, 2)
    assert RealizationInput.objects.get(realization=r, name="n").value == D("18700000")
