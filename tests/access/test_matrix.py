"""Every action x role x place against the permission matrix, on a real database.

The expected table below is written out by hand from issue #3 and docs/permissions.md; it is not
read from ``kinerja.organizations.permissions`` (that would test the code against itself).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.organizations import access
from kinerja.organizations.models import Membership
from kinerja.organizations.permissions import ACTIONS, MATRIX, ROLES
from tests.orgtree import build_tree, make_user

pytestmark = pytest.mark.django_db

EXPECTED_GRID = """
action              admin  perencana  operator  verifikator  pimpinan  apip  keuangan
view                  Y        Y         Y          Y           Y       Y       Y
edit_plan             Y        Y         .          .           .       .       .
edit_agreement        Y        Y         .          .           .       .       .
sign_agreement        .        .         .          .           Y       .       .
enter_realization     Y        .         Y          .           .       .       .
submit                Y        .         Y          .           .       .       .
verify                Y        .         .          Y           .       .       .
approve               Y        .         .          Y           Y       .       .
return                Y        .         .          Y           Y       .       .
open_lock             Y        .         .          .           .       .       .
record_reviu          .        .         .          .           .       Y       .
manage_users          Y        .         .          .           .       .       .
approve_text          .        .         .          .           Y       .       .
enter_budget          Y        .         .          .           .       .       Y
"""


def _grid() -> dict[tuple[str, str], bool]:
    lines = [line.split() for line in EXPECTED_GRID.strip().splitlines()]
    roles = lines[0][1:]
    out = {}
    for row in lines[1:]:
        for role, mark in zip(roles, row[1:], strict=True):
            out[(role, row[0])] = mark == "Y"
    return out


GRID = _grid()
GRID_ROLES = sorted({role for role, _ in GRID})
GRID_ACTIONS = sorted({action for _, action in GRID})

# Where the target unit is, seen from a membership at DIR1.
PLACES = {
    "own": "DIR1",
    "subtree": "SUB1",
    "sibling": "DIR2",
    "parent": "DJA",
    "cousin": "DIR3",
    "other_agency": "LAIN",
}


def expected(role: str, action: str, place: str) -> bool:
    if not GRID[(role, action)]:
        return False
    if place in ("own", "subtree"):
        return True
    # APIP reads (and reviews) the whole agency, never another agency.
    return role == "apip" and place != "other_agency"


def test_the_grid_covers_every_role_and_action() -> None:
    assert GRID_ROLES == sorted(ROLES)
    assert GRID_ACTIONS == sorted(ACTIONS)


def test_the_matrix_data_is_the_expected_grid() -> None:
    for role in ROLES:
        for action in ACTIONS:
            assert (action in MATRIX[role]) is GRID[(role, action)], (role, action)


@pytest.mark.parametrize("place", list(PLACES))
@pytest.mark.parametrize("action", GRID_ACTIONS)
@pytest.mark.parametrize("role", GRID_ROLES)
def test_role_at_dir1(role: str, action: str, place: str) -> None:
    units = build_tree()
    user = make_user("u", role, units["DIR1"])
    target = units[PLACES[place]]
    want = expected(role, action, place)
    assert access.can(user, action, target) is want
    if want:
        access.require(user, action, target)
    else:
        with pytest.raises(PermissionDenied) as err:
            access.require(user, action, target)
        assert "Anda tidak berhak" in str(err.value)


@pytest.mark.parametrize("action", GRID_ACTIONS)
def test_superuser_is_admin_of_everything(action: str) -> None:
    units = build_tree()
    root = make_user("root", is_superuser=True, is_staff=True)
    for unit in units.values():
        assert access.can(root, action, unit) is GRID[("admin", action)], (action, unit.code)


def test_apip_at_the_inspectorate_reads_the_whole_agency_only() -> None:
    units = build_tree()
    apip = make_user("apip", "apip", units["ITJ"])
    for code, unit in units.items():
        inside = code != "LAIN"
        assert access.can(apip, "view", unit) is inside, code
        assert access.can(apip, "record_reviu", unit) is inside, code
        assert access.can(apip, "enter_realization", unit) is False, code
    assert set(access.visible_units(apip).values_list("code", flat=True)) == set(units) - {"LAIN"}


def test_a_role_higher_up_covers_the_subtree() -> None:
    units = build_tree()
    planner = make_user("p", "perencana", units["DJA"])
    assert access.can(planner, "edit_plan", units["SUB1"])
    assert access.can(planner, "edit_plan", units["DIR2"])
    assert not access.can(planner, "edit_plan", units["MIN"])
    assert not access.can(planner, "edit_plan", units["DIR3"])
    assert set(access.visible_units(planner).values_list("code", flat=True)) == {
        "DJA",
        "DIR1",
        "SUB1",
        "DIR2",
    }


def test_rights_of_several_memberships_add_up_but_stay_per_unit() -> None:
    units = build_tree()
    user = make_user("multi", "operator", units["DIR1"])
    Membership.objects.create(user=user, unit=units["DIR3"], role="verifikator")
    assert access.can(user, "enter_realization", units["DIR1"])
    assert not access.can(user, "verify", units["DIR1"])
    assert access.can(user, "verify", units["DIR3"])
    assert not access.can(user, "enter_realization", units["DIR3"])
    assert access.roles_at(user, units["SUB1"]) == {"operator"}
    assert access.roles_at(user, units["DIR3"]) == {"verifikator"}
    assert access.roles_at(user, units["DIR2"]) == set()
    assert set(access.units_where(user, "verify").values_list("code", flat=True)) == {"DIR3"}
    assert set(access.visible_units(user).values_list("code", flat=True)) == {"DIR1", "SUB1", "DIR3"}


def test_no_membership_no_access() -> None:
    units = build_tree()
    nobody = make_user("nobody")
    assert not any(access.can(nobody, a, u) for a in ACTIONS for u in units.values())
    assert not access.visible_units(nobody).exists()


def test_inactive_and_anonymous_users_may_do_nothing() -> None:
    units = build_tree()
    inactive = make_user("gone", "admin", units["MIN"], is_active=False)
    inactive_root = make_user("oldroot", is_superuser=True, is_active=False)
    for user in (inactive, inactive_root, AnonymousUser()):
        assert not any(access.can(user, a, u) for a in ACTIONS for u in units.values())
        assert not access.visible_units(user).exists()
        with pytest.raises(PermissionDenied):
            access.require_view_unit(user, units["MIN"])


def test_unknown_action_is_a_programming_error() -> None:
    units = build_tree()
    user = make_user("u", "admin", units["MIN"])
    with pytest.raises(ValueError):
        access.can(user, "delete_everything", units["MIN"])


def test_can_view_unit_keeps_its_signature() -> None:
    units = build_tree()
    op = make_user("op", "operator", units["DIR1"])
    assert access.can_view_unit(op, units["SUB1"]) is True
    assert access.can_view_unit(op, units["DIR2"]) is False
    access.require_view_unit(op, units["DIR1"])
    with pytest.raises(PermissionDenied, match="tidak berhak melihat"):
        access.require_view_unit(op, units["DIR2"])


def test_queries_do_not_grow_with_the_tree() -> None:
    units = build_tree()
    op = make_user("op", "operator", units["DIR1"])
    with CaptureQueriesContext(connection) as one:
        assert access.can(op, "view", units["SUB1"])
    assert len(one) <= 2
    with CaptureQueriesContext(connection) as listing:
        codes = list(access.visible_units(op).values_list("code", flat=True))
    assert sorted(codes) == ["DIR1", "SUB1"]
    assert len(listing) <= 3
    # A deeper tree costs no more queries.
    parent = units["SUB1"]
    from kinerja.organizations.models import Unit

    for i in range(30):
        parent = Unit.objects.create(agency=parent.agency, code=f"X{i}", name="x", level="upt", parent=parent)
    with CaptureQueriesContext(connection) as deep:
        assert access.can(op, "view", parent)
        assert access.visible_units(op).count() == 32
    assert len(deep) <= 5
    scope = access.Scope(op)
    with CaptureQueriesContext(connection) as many:
        assert all(scope.can("view", u) for u in Unit.objects.filter(code__startswith="X"))
    assert len(many) <= 3
