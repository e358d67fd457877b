"""Roles are managed in the Django admin: on the user's page (inline) and as their own list."""

from __future__ import annotations

import pytest
from django.test import Client

from kinerja.organizations.models import Membership
from tests.orgtree import build_tree, make_user

pytestmark = pytest.mark.django_db


def test_user_page_lists_and_adds_roles() -> None:
    units = build_tree()
    root = make_user("root", is_superuser=True, is_staff=True)
    op = make_user("op", "operator", units["DIR1"])
    client = Client()
    client.force_login(root)
    html = client.get(f"/admin/auth/user/{op.pk}/change/").content.decode()
    assert "kinerja_memberships-TOTAL_FORMS" in html
    assert "Operator" in html
    listing = client.get("/admin/organizations/membership/", {"q": "DIR1"})
    assert listing.status_code == 200 and "op" in listing.content.decode()


def test_a_demo_role_user_cannot_enter_the_admin() -> None:
    units = build_tree()
    op = make_user("op", "admin", units["MIN"])  # the Admin role in Kinerja is not Django staff
    client = Client()
    client.force_login(op)
    assert client.get("/admin/").status_code == 302
    assert Membership.objects.filter(user=op).count() == 1


def test_staff_with_every_model_permission_is_still_kept_out_of_the_admin() -> None:
    """The admin knows nothing of unit scope, so only superusers may use it (kinerja/adminsite.py)."""
    from django.contrib.auth.models import Permission

    units = build_tree()
    staff = make_user("staff", "operator", units["DIR1"], is_staff=True)
    staff.user_permissions.set(Permission.objects.all())
    client = Client()
    client.force_login(staff)
    for url in ("/admin/", "/admin/planning/plan/", "/admin/measurement/realization/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/admin/login/" in response["Location"]
    assert 'href="/admin/"' not in client.get("/").content.decode()  # no link to a closed door
    root = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(root)
    assert 'href="/admin/"' in client.get("/").content.decode()
    page = client.get("/admin/")
    assert page.status_code == 200
    assert "khusus superuser" in page.content.decode()
    for url in ("/admin/planning/plan/", "/admin/measurement/realization/"):
        assert client.get(url).status_code == 200, url
