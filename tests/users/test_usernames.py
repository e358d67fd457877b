"""Usernames without regard to letter case or character width (kinerja/users/usernames.py):
sign-in finds ``operator.pkr`` as ``OPERATOR.PKR`` or in fullwidth letters, every creation path
refuses a look-alike of an existing name with a message naming the field, and two requests racing
to create the same name end in that message, not in a server error."""

from __future__ import annotations

import importlib
import logging
import os
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client

from kinerja.organizations.models import Unit
from kinerja.users import services, usernames
from kinerja.users.services import UserAdminError
from tests.orgtree import build_tree, make_user
from tests.web.demo_users import client_for

User = get_user_model()
PASSWORD = "Kelompok-Rentan-2022"
FULLWIDTH = "ＯＰＥＲＡＴＯＲ.ＰＫＲ"

pytestmark = pytest.mark.django_db


@pytest.fixture
def units() -> dict[str, Unit]:
    return build_tree()


@pytest.fixture
def admin(units: dict[str, Unit]) -> Any:
    return make_user("admin.min", "admin", units["MIN"])


@pytest.fixture
def operator(units: dict[str, Unit]) -> Any:
    return make_user("operator.pkr", "operator", units["DIR1"], password=PASSWORD)


def sign_in(username: str, password: str = PASSWORD) -> tuple[Client, Any]:
    client = Client()
    return client, client.post("/masuk/", {"username": username, "password": password})


def create_form(admin: Any, unit: Unit, username: str) -> Any:
    return client_for(admin).post(
        "/pengguna/baru/",
        {
            "username": username,
            "full_name": "Siti Rahayu",
            "email": "",
            "unit": str(unit.pk),
            "role": "operator",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


# --- sign-in --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["operator.pkr", "OPERATOR.PKR", "Operator.Pkr", FULLWIDTH, " operator.pkr "]
)
def test_sign_in_finds_the_account_whatever_the_case_or_width(operator: Any, typed: str) -> None:
    client, response = sign_in(typed)
    assert response.status_code == 302, typed
    assert client.session["_auth_user_id"] == str(operator.pk)


def test_a_wrong_password_is_still_refused_in_any_case(operator: Any) -> None:
    _, response = sign_in("OPERATOR.PKR", "salah-sekali")
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()


def test_two_legacy_accounts_differing_only_in_case_are_both_refused_and_logged(
    operator: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # Only possible from before the unique index: drop it inside this test's transaction.
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX kinerja_users_username_upper_uniq")
    twin = User.objects.create_user("Operator.PKR", password=PASSWORD)
    with caplog.at_level(logging.WARNING, logger="kinerja.auth"):
        for typed in ("operator.pkr", "Operator.PKR"):
            client, response = sign_in(typed)
            assert response.status_code == 200, typed
            assert "_auth_user_id" not in client.session
    record = next(r for r in caplog.records if "lebih dari satu akun" in r.getMessage())
    assert str(operator.pk) in record.getMessage() and str(twin.pk) in record.getMessage()
    assert PASSWORD not in caplog.text


def test_the_migration_names_the_pairs_it_cannot_index(operator: Any) -> None:
    migration = importlib.import_module("kinerja.users.migrations.0001_username_unique_ignoring_case")
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX kinerja_users_username_upper_uniq")
    User.objects.create_user("OPERATOR.PKR")
    from django.apps import apps

    with pytest.raises(RuntimeError, match="OPERATOR.PKR, operator.pkr"):
        migration.refuse_duplicates(apps, mock.Mock(connection=connection))


# --- creating ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["operator.pkr", "OPERATOR.PKR", FULLWIDTH])
def test_the_form_refuses_a_look_alike_of_an_existing_name(
    admin: Any, operator: Any, units: dict[str, Unit], typed: str
) -> None:
    response = create_form(admin, units["DIR1"], typed)
    assert response.status_code == 200
    text = response.content.decode()
    assert "sudah dipakai (huruf besar/kecil tidak dibedakan)" in text
    # the message sits at the username field
    field = text[text.index('name="username"') :]
    assert field.index("sudah dipakai") < field.index('name="full_name"')
    assert User.objects.filter(username__iexact="operator.pkr").count() == 1


def test_a_fullwidth_name_is_stored_normalised(admin: Any, units: dict[str, Unit]) -> None:
    response = create_form(admin, units["DIR1"], "ｏｐｅｒａｔｏｒ２")
    assert response.status_code == 302
    assert User.objects.filter(username="operator2").exists()


def test_the_service_refuses_too(admin: Any, operator: Any, units: dict[str, Unit]) -> None:
    with pytest.raises(UserAdminError) as refused:
        services.create_user(
            admin,
            username=FULLWIDTH,
            full_name="X",
            email="",
            unit=units["DIR1"],
            role="operator",
            password=None,
        )
    assert refused.value.field == "username"
    assert "OPERATOR.PKR" in str(refused.value)


def test_the_database_refuses_a_second_spelling() -> None:
    User.objects.create_user("operator.pkr")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="OPERATOR.PKR")


@pytest.mark.parametrize("rival", ["operator2.pkr", "OPERATOR2.PKR"])
def test_a_rival_request_creating_the_name_first_gives_the_form_error_not_a_500(
    admin: Any, units: dict[str, Unit], monkeypatch: pytest.MonkeyPatch, rival: str
) -> None:
    """Two admins submit the same new name at once: both pass the checks, one insert wins. The
    rival here saves its user right after this request's last check (the service's, after the
    form's) said the name was free, so this request's insert meets the unique index."""
    other_admin = make_user("admin.dja", "admin", units["DJA"])
    checked = usernames.taken
    calls: list[bool] = []
    racing = False

    def taken_then_rival_commits(username: str, using: str | None = None) -> bool:
        nonlocal racing
        answer = checked(username, using)
        if racing:  # the rival's own checks
            return answer
        calls.append(answer)
        if len(calls) == 2:  # the service's check, just before the insert
            racing = True
            services.create_user(
                other_admin,
                username=rival,
                full_name="Pesaing",
                email="",
                unit=units["DIR1"],
                role="operator",
                password=None,
            )
            racing = False
        return answer

    monkeypatch.setattr(usernames, "taken", taken_then_rival_commits)
    response = create_form(admin, units["DIR1"], "operator2.pkr")
    # form check, service check (both: free), then the check after the IntegrityError (taken)
    assert calls == [False, False, True]
    assert response.status_code == 200
    assert "sudah dipakai (huruf besar/kecil tidak dibedakan)" in response.content.decode()
    rows = User.objects.filter(username__iexact="operator2.pkr").values_list("first_name", flat=True)
    assert list(rows) == ["Pesaing"]


def test_an_integrity_error_of_another_kind_is_not_disguised(
    admin: Any, units: dict[str, Unit], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise IntegrityError("something else")

    monkeypatch.setattr(User.objects, "create_user", broken)
    with pytest.raises(IntegrityError):
        services.create_user(
            admin,
            username="baru",
            full_name="X",
            email="",
            unit=units["DIR1"],
            role="operator",
            password=None,
        )


# --- createsuperuser --------------------------------------------------------------------------------


def test_createsuperuser_refuses_a_look_alike() -> None:
    User.objects.create_user("admin")
    with mock.patch.dict(os.environ, {"DJANGO_SUPERUSER_PASSWORD": PASSWORD}):
        with pytest.raises(CommandError, match="sudah dipakai"):
            call_command("createsuperuser", "--noinput", "--username", "ADMIN", "--email", "a@b.go.id")
        call_command("createsuperuser", "--noinput", "--username", "root", "--email", "a@b.go.id")
    assert User.objects.get(username="root").is_superuser
