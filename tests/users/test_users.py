"""/pengguna/: user and role management by a unit admin (docs/permissions.md, "Mengelola pengguna").

The demo data (Kemensos tree: KEMENSOS > DAYASOS > PKR; REHSOS and ITJEN directly under KEMENSOS)
with the demo users; ``admin.pkr`` holds the Admin role at PKR. Real database, real pages.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import translation

from kinerja.history.models import Change
from kinerja.organizations.models import Membership
from kinerja.users import services
from tests.orgtree import make_user
from tests.web.demo_users import PASSWORD, client_for

User = get_user_model()
NEW_PASSWORD = "Kelompok-Rentan-2022"

pytestmark = pytest.mark.django_db


def page(response: Any) -> str:
    return str(response.content.decode())


def management_urls(target: Any) -> list[str]:
    return [
        "/pengguna/",
        "/pengguna/baru/",
        f"/pengguna/{target.pk}/",
    ]


def management_posts(target: Any, membership: Membership) -> list[tuple[str, dict[str, str]]]:
    return [
        (
            "/pengguna/baru/",
            {"username": "x", "full_name": "X", "generate": "on", "unit": "1", "role": "operator"},
        ),
        (f"/pengguna/{target.pk}/profil/", {"full_name": "X", "email": ""}),
        (f"/pengguna/{target.pk}/status/", {"active": "0"}),
        (f"/pengguna/{target.pk}/sandi/", {"generate": "on"}),
        (f"/pengguna/{target.pk}/peran/", {"unit": "1", "role": "operator"}),
        (f"/pengguna/{target.pk}/peran/{membership.pk}/cabut/", {}),
    ]


def create(client: Client, unit: Any, role: str = "operator", **extra: str) -> Any:
    data = {
        "username": "operator2.pkr",
        "full_name": "Siti Rahayu",
        "email": "siti@kemensos.go.id",
        "unit": str(unit.pk),
        "role": role,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(extra)
    return client.post("/pengguna/baru/", data)


def sign_in(username: str, password: str) -> tuple[Client, Any]:
    client = Client()
    response = client.post("/masuk/", {"username": username, "password": password})
    return client, response


# --- who may open the pages -------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(users: dict[str, Any]) -> None:
    target = users["operator.pkr"]
    for url in [*management_urls(target), "/pengguna/sandi/"]:
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/masuk/"), url


def test_roles_without_manage_users_get_403_on_every_management_page(users: dict[str, Any]) -> None:
    target = users["operator.pkr"]
    membership = Membership.objects.get(user=target)
    for username in ("operator.pkr", "verifikator.pkr", "pimpinan.pkr", "apip", "perencana"):
        client = client_for(users[username])
        for url in management_urls(target):
            assert client.get(url).status_code == 403, (username, url)
        for url, data in management_posts(target, membership):
            assert client.post(url, data).status_code == 403, (username, url)
        # ... but everyone may change their own password, linked from the header
        own = client.get("/pengguna/sandi/")
        assert own.status_code == 200
        assert 'id="nav-password"' in page(own)
        assert 'id="nav-users"' not in page(own)
    assert User.objects.filter(username="x").count() == 0
    assert Membership.objects.filter(user=target).count() == 1
    target.refresh_from_db()
    assert target.is_active and target.first_name == ""


def test_the_header_links_to_pengguna_only_for_an_admin(users: dict[str, Any]) -> None:
    home = client_for(users["admin.pkr"]).get("/pengguna/sandi/")
    assert 'id="nav-users"' in page(home) and 'href="/pengguna/"' in page(home)


# --- the list -----------------------------------------------------------------------------------


def listed(response: Any) -> set[str]:
    import re

    return set(re.findall(r'data-username="([^"]+)"', page(response)))


def test_the_list_holds_the_users_of_the_admins_units_only(users: dict[str, Any]) -> None:
    client = client_for(users["admin.pkr"])
    response = client.get("/pengguna/")
    assert response.status_code == 200
    # operator.rehsos (REHSOS), apip (ITJEN) and perencana (KEMENSOS) hold roles elsewhere
    assert listed(response) == {"admin.pkr", "operator.pkr", "verifikator.pkr", "pimpinan.pkr"}
    assert listed(client.get("/pengguna/?role=operator")) == {"operator.pkr"}
    assert listed(client.get("/pengguna/?q=verif")) == {"verifikator.pkr"}
    pkr = users["operator.pkr"].kinerja_memberships.get().unit
    assert len(listed(client.get(f"/pengguna/?unit={pkr.pk}&role=pimpinan"))) == 1
    # a unit outside the scope cannot be chosen as a filter
    rehsos = users["operator.rehsos"].kinerja_memberships.get().unit
    refused = client.get(f"/pengguna/?unit={rehsos.pk}")
    assert "operator.rehsos" not in listed(refused)


def test_a_superuser_lists_every_user(users: dict[str, Any]) -> None:
    root = make_user("root", is_superuser=True, is_staff=True)
    response = client_for(root).get("/pengguna/")
    assert listed(response) == {*users, "root"}


def test_a_user_outside_the_scope_is_not_found(users: dict[str, Any]) -> None:
    client = client_for(users["admin.pkr"])
    assert client.get(f"/pengguna/{users['operator.rehsos'].pk}/").status_code == 404
    assert client.post(f"/pengguna/{users['operator.rehsos'].pk}/status/", {"active": "0"}).status_code == 404
    users["operator.rehsos"].refresh_from_db()
    assert users["operator.rehsos"].is_active


# --- creating a user -----------------------------------------------------------------------------


def test_an_admin_creates_an_operator_who_then_sees_pkr_but_not_rehsos(
    demo: dict[str, Any], users: dict[str, Any]
) -> None:
    admin = client_for(users["admin.pkr"])
    response = create(admin, demo["PKR"])
    new = User.objects.get(username="operator2.pkr")
    assert response.status_code == 302 and response["Location"] == f"/pengguna/{new.pk}/"
    assert new.get_full_name() == "Siti Rahayu" and new.email == "siti@kemensos.go.id" and new.is_active
    assert [(m.unit.code, m.role) for m in new.kinerja_memberships.all()] == [("PKR", "operator")]
    assert not new.is_staff and not new.is_superuser

    client, signed = sign_in("operator2.pkr", NEW_PASSWORD)
    assert signed.status_code == 302 and signed["Location"] == "/unit/PKR/dasbor/"
    assert client.get("/unit/PKR/").status_code == 200
    assert client.get("/unit/REHSOS/").status_code == 403
    assert client.get("/pengguna/").status_code == 403

    # who did it is in the history: the user record and the membership
    user_rows = Change.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(new.pk)
    )
    assert [(c.action, c.username) for c in user_rows] == [("create", "admin.pkr")]
    assert "password" not in (user_rows[0].new_value or "")
    role_rows = Change.objects.filter(
        content_type=ContentType.objects.get_for_model(Membership), action="create"
    )
    assert [(c.username, c.object_repr) for c in role_rows] == [
        ("admin.pkr", "operator2.pkr – Operator @ PKR")
    ]


def test_an_admin_cannot_create_a_user_at_a_sibling_unit(demo: dict[str, Any], users: dict[str, Any]) -> None:
    response = create(client_for(users["admin.pkr"]), demo["REHSOS"])
    assert response.status_code == 200
    assert "di luar wilayah kelola Anda" in page(response)
    assert 'value="operator2.pkr"' in page(response)  # the input is shown back
    assert not User.objects.filter(username="operator2.pkr").exists()


def test_a_weak_or_mistyped_password_is_refused_and_the_input_kept(
    demo: dict[str, Any], users: dict[str, Any]
) -> None:
    admin = client_for(users["admin.pkr"])
    weak = create(admin, demo["PKR"], password1="12345678", password2="12345678")
    assert weak.status_code == 200
    text = page(weak)
    assert "kata sandi ini terlalu umum" in text.lower() or "terlalu umum" in text.lower()
    assert 'value="Siti Rahayu"' in text
    typo = create(admin, demo["PKR"], password2=NEW_PASSWORD + "x")
    assert "Kedua kata sandi tidak sama." in page(typo)
    taken = create(admin, demo["PKR"], username="Operator.PKR")
    assert "sudah dipakai" in page(taken)
    assert User.objects.count() == len(users)


def test_a_generated_password_is_shown_once_and_works(demo: dict[str, Any], users: dict[str, Any]) -> None:
    admin = client_for(users["admin.pkr"])
    response = create(admin, demo["PKR"], password1="", password2="", generate="on")
    detail = admin.get(response["Location"])
    import re

    match = re.search(r"<code>([^<]+)</code>", page(detail))
    assert match, "the generated password is shown"
    password = match.group(1)
    assert "<code>" not in page(admin.get(response["Location"]))  # only once
    _, signed = sign_in("operator2.pkr", password)
    assert signed.status_code == 302


# --- APIP -----------------------------------------------------------------------------------------


def test_only_an_admin_of_the_whole_agency_grants_apip(demo: dict[str, Any], users: dict[str, Any]) -> None:
    refused = create(client_for(users["admin.pkr"]), demo["PKR"], role="apip")
    assert "hanya admin tingkat instansi" in page(refused)
    assert not User.objects.filter(username="operator2.pkr").exists()
    target = users["operator.pkr"]
    grant = client_for(users["admin.pkr"]).post(
        f"/pengguna/{target.pk}/peran/", {"unit": demo["PKR"].pk, "role": "apip"}
    )
    assert grant.status_code == 400 and "hanya admin tingkat instansi" in page(grant)
    assert not Membership.objects.filter(user=target, role="apip").exists()

    chief = make_user("admin.kemensos", "admin", demo["KEMENSOS"])
    allowed = create(client_for(chief), demo["ITJEN"], role="apip", username="auditor2")
    assert allowed.status_code == 302
    assert Membership.objects.filter(user__username="auditor2", role="apip", unit=demo["ITJEN"]).exists()


# --- granting and revoking ------------------------------------------------------------------------


def test_granting_inside_the_scope_and_refusing_outside(demo: dict[str, Any], users: dict[str, Any]) -> None:
    admin = client_for(users["admin.pkr"])
    target = users["operator.pkr"]
    ok = admin.post(f"/pengguna/{target.pk}/peran/", {"unit": demo["PKR"].pk, "role": "verifikator"})
    assert ok.status_code == 302
    assert set(target.kinerja_memberships.values_list("role", flat=True)) == {"operator", "verifikator"}
    outside = admin.post(f"/pengguna/{target.pk}/peran/", {"unit": demo["REHSOS"].pk, "role": "operator"})
    assert outside.status_code == 400
    assert "di luar wilayah kelola Anda" in page(outside)
    assert not Membership.objects.filter(user=target, unit=demo["REHSOS"]).exists()
    twice = admin.post(f"/pengguna/{target.pk}/peran/", {"unit": demo["PKR"].pk, "role": "operator"})
    assert "sudah memegang peran" in page(twice)

    verifikator = Membership.objects.get(user=target, role="verifikator")
    revoke = admin.post(f"/pengguna/{target.pk}/peran/{verifikator.pk}/cabut/")
    assert revoke.status_code == 302
    assert not Membership.objects.filter(pk=verifikator.pk).exists()
    deleted = Change.objects.get(content_type=ContentType.objects.get_for_model(Membership), action="delete")
    assert deleted.username == "admin.pkr" and deleted.object_repr == "operator.pkr – Verifikator @ PKR"
    # the last role cannot be taken back (the user would fall out of every list)
    last = Membership.objects.get(user=target)
    refused = admin.post(f"/pengguna/{target.pk}/peran/{last.pk}/cabut/", follow=True)
    assert "satu-satunya peran" in page(refused)
    assert Membership.objects.filter(pk=last.pk).exists()


def test_a_user_who_also_has_a_role_elsewhere_is_read_only(
    demo: dict[str, Any], users: dict[str, Any]
) -> None:
    target = users["operator.pkr"]
    elsewhere = Membership.objects.create(user=target, unit=demo["REHSOS"], role="operator")
    admin = client_for(users["admin.pkr"])
    detail = admin.get(f"/pengguna/{target.pk}/")
    assert detail.status_code == 200
    assert 'id="read-only"' in page(detail) and "Operator @ REHSOS" in page(detail)
    assert 'id="profile"' not in page(detail) and 'id="status-form"' not in page(detail)
    own = Membership.objects.get(user=target, unit=demo["PKR"])
    for url, data in [
        (f"/pengguna/{target.pk}/profil/", {"full_name": "Diubah", "email": ""}),
        (f"/pengguna/{target.pk}/status/", {"active": "0"}),
        (f"/pengguna/{target.pk}/sandi/", {"generate": "on"}),
        (f"/pengguna/{target.pk}/peran/", {"unit": demo["PKR"].pk, "role": "verifikator"}),
        (f"/pengguna/{target.pk}/peran/{own.pk}/cabut/", {}),
    ]:
        assert admin.post(url, data).status_code == 403, url
    target.refresh_from_db()
    assert target.is_active and target.first_name == "" and target.check_password(PASSWORD)
    assert Membership.objects.filter(user=target).count() == 2

    # without the other role the same admin may change the user
    elsewhere.delete()
    changed = admin.post(
        f"/pengguna/{target.pk}/profil/", {"full_name": "Budi Santoso", "email": "budi@x.id"}
    )
    assert changed.status_code == 302
    target.refresh_from_db()
    assert target.get_full_name() == "Budi Santoso"
    row = Change.objects.get(content_type=ContentType.objects.get_for_model(User), field="first_name")
    assert (row.username, row.old_value, row.new_value) == ("admin.pkr", "", "Budi Santoso")


def test_superusers_are_untouchable_by_admins_but_may_do_everything(
    demo: dict[str, Any], users: dict[str, Any]
) -> None:
    root = make_user("root", "operator", demo["PKR"], is_superuser=True)
    admin = client_for(users["admin.pkr"])
    assert "superuser" in page(admin.get(f"/pengguna/{root.pk}/"))
    assert admin.post(f"/pengguna/{root.pk}/status/", {"active": "0"}).status_code == 403
    root.refresh_from_db()
    assert root.is_active

    # a superuser changes a REHSOS user and grants APIP
    other = users["operator.rehsos"]
    su = client_for(root)
    assert su.post(f"/pengguna/{other.pk}/status/", {"active": "0"}).status_code == 302
    other.refresh_from_db()
    assert not other.is_active
    assert (
        su.post(f"/pengguna/{other.pk}/peran/", {"unit": demo["ITJEN"].pk, "role": "apip"}).status_code == 302
    )


# --- the admin's own account ------------------------------------------------------------------------


def test_an_admin_cannot_lock_themselves_out(demo: dict[str, Any], users: dict[str, Any]) -> None:
    me = users["admin.pkr"]
    admin = client_for(me)
    mine = Membership.objects.get(user=me)
    detail = admin.get(f"/pengguna/{me.pk}/")
    assert 'id="self-roles"' in page(detail) and 'id="status-form"' not in page(detail)
    refused = admin.post(f"/pengguna/{me.pk}/status/", {"active": "0"}, follow=True)
    assert "tidak dapat menonaktifkan akun Anda sendiri" in page(refused)
    assert admin.post(f"/pengguna/{me.pk}/peran/{mine.pk}/cabut/").status_code == 403
    assert (
        admin.post(f"/pengguna/{me.pk}/peran/", {"unit": demo["PKR"].pk, "role": "pimpinan"}).status_code
        == 403
    )
    me.refresh_from_db()
    assert me.is_active and list(Membership.objects.filter(user=me).values_list("role", flat=True)) == [
        "admin"
    ]
    assert admin.get("/pengguna/").status_code == 200


def test_deactivating_and_reactivating(users: dict[str, Any]) -> None:
    target = users["operator.pkr"]
    admin = client_for(users["admin.pkr"])
    assert admin.post(f"/pengguna/{target.pk}/status/", {"active": "0"}).status_code == 302
    assert sign_in("operator.pkr", PASSWORD)[1].status_code == 200  # refused: the form again
    assert User.objects.filter(pk=target.pk).exists()  # never deleted
    assert admin.post(f"/pengguna/{target.pk}/status/", {"active": "1"}).status_code == 302
    assert sign_in("operator.pkr", PASSWORD)[1].status_code == 302
    rows = Change.objects.filter(field="is_active").order_by("id")
    assert [(r.username, r.old_value, r.new_value) for r in rows] == [
        ("admin.pkr", "True", "False"),
        ("admin.pkr", "False", "True"),
    ]


def test_resetting_a_password(users: dict[str, Any]) -> None:
    target = users["operator.pkr"]
    admin = client_for(users["admin.pkr"])
    weak = admin.post(f"/pengguna/{target.pk}/sandi/", {"password1": "operator", "password2": "operator"})
    assert weak.status_code == 400
    assert sign_in("operator.pkr", PASSWORD)[1].status_code == 302  # unchanged
    done = admin.post(f"/pengguna/{target.pk}/sandi/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert sign_in("operator.pkr", PASSWORD)[1].status_code == 200
    assert sign_in("operator.pkr", NEW_PASSWORD)[1].status_code == 302
    row = Change.objects.get(field="password")
    target.refresh_from_db()
    recorded = f"{row.old_value}{row.new_value}"
    assert row.username == "admin.pkr"
    assert target.password not in recorded and target.password.split("$")[0] not in recorded


def test_every_user_changes_their_own_password(users: dict[str, Any]) -> None:
    client = client_for(users["operator.pkr"])
    wrong = client.post(
        "/pengguna/sandi/",
        {"old_password": "salah", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200
    response = client.post(
        "/pengguna/sandi/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert sign_in("operator.pkr", NEW_PASSWORD)[1].status_code == 302
    assert Change.objects.get(field="password").username == "operator.pkr"


def test_messages_have_an_english_translation(demo: dict[str, Any], users: dict[str, Any]) -> None:
    manager = services.Manager(users["admin.pkr"])
    with translation.override("en"):
        assert (
            manager.grant_refusal(demo["REHSOS"], "operator")
            == "Unit REHSOS is outside the units you manage."
        )
    with translation.override("id"):
        assert (
            manager.grant_refusal(demo["REHSOS"], "operator")
            == "Unit REHSOS berada di luar wilayah kelola Anda."
        )
