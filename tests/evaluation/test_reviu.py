"""The APIP reviu of a unit-year's Laporan Kinerja: the service, the page, the history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.test import Client
from django.utils import timezone

from kinerja.evaluation.models import Reviu, default_statement
from kinerja.evaluation.services import ReviuError, record_reviu
from kinerja.history.models import Change, history_of
from kinerja.organizations.models import Agency, Unit
from tests.web.demo_users import client_for

URL = "/reviu/PKR/2022/"


def _fields(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "reviewed_on": date(2023, 2, 14),
        "reviewer_name": "Dadang Iskandar",
        "reviewer_title": "Inspektur Jenderal",
        "place": "Jakarta",
    }
    values.update(changes)
    return values


def _post(**changes: str) -> dict[str, str]:
    data = {
        "reviewed_on": "2023-02-14",
        "place": "Jakarta",
        "reviewer_title": "Inspektur Jenderal",
        "reviewer_name": "Dadang Iskandar",
        "statement": "",
    }
    data.update(changes)
    return data


# --- the model --------------------------------------------------------------------------------


def test_the_reviu_belongs_to_an_agency_and_is_unique_per_unit_year() -> None:
    field = Reviu._meta.get_field("agency")
    assert isinstance(field, models.ForeignKey) and field.related_model is Agency
    assert field.db_index and not field.null
    keys = {tuple(c.fields) for c in Reviu._meta.constraints if isinstance(c, models.UniqueConstraint)}
    assert ("agency", "unit", "year") in keys


def test_default_statement_names_unit_and_year() -> None:
    text = default_statement("Direktorat Pemberdayaan Kelompok Rentan", 2022)
    assert text.startswith(
        "Kami telah mereviu Laporan Kinerja Direktorat Pemberdayaan Kelompok Rentan untuk tahun anggaran 2022"
    )
    assert "Nomor 53 Tahun 2014" in text
    assert "Reviu bertujuan untuk memberikan keyakinan terbatas" in text
    assert "akurat, andal, dan valid" in text
    assert len(text.split("\n\n")) == 3


# --- the service ------------------------------------------------------------------------------


def test_apip_records_and_edits_the_reviu(users: dict[str, Any], pkr: Any) -> None:
    apip = users["apip"]
    row = record_reviu(apip, pkr, 2022, **_fields())
    assert row.agency_id == pkr.agency_id
    assert row.recorded_by == apip and row.recorded_at is not None
    assert row.statement == default_statement(pkr.name, 2022)  # empty statement: the standard one
    first_recorded = row.recorded_at

    again = record_reviu(
        apip,
        pkr,
        2022,
        **_fields(reviewer_name="  Nama Baru  ", reviewed_on=date(2023, 3, 1)),
        statement="Paragraf satu.\r\n\r\nParagraf dua.",
    )
    assert again.pk == row.pk and Reviu.objects.count() == 1  # one reviu per unit-year, replaced
    again.refresh_from_db()
    assert again.reviewer_name == "Nama Baru"
    assert again.reviewed_on == date(2023, 3, 1)
    assert again.statement == "Paragraf satu.\n\nParagraf dua."
    assert again.recorded_at >= first_recorded
    other_year = record_reviu(apip, pkr, 2021, **_fields())
    assert other_year.pk != row.pk and Reviu.objects.count() == 2


@pytest.mark.parametrize(
    "username", ["perencana", "operator.pkr", "pimpinan.pkr", "verifikator.pkr", "admin.pkr"]
)
def test_other_roles_may_not_record(users: dict[str, Any], pkr: Any, username: str) -> None:
    with pytest.raises(PermissionDenied, match="mencatat hasil reviu"):
        record_reviu(users[username], pkr, 2022, **_fields())
    assert not Reviu.objects.exists()


def test_superuser_and_anonymous_may_not_record(users: dict[str, Any], pkr: Any) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    root = get_user_model().objects.create_superuser("root", "root@example.go.id", "s3cret-pass-123")
    for user in (root, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            record_reviu(user, pkr, 2022, **_fields())
    assert not Reviu.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reviewed_on": None}, "reviewed_on", "Tanggal reviu wajib diisi."),
        ({"reviewed_on": date(2021, 12, 31)}, "reviewed_on", "tidak boleh sebelum tahun 2022"),
        ({"reviewer_name": "   "}, "reviewer_name", "Nama penanda tangan wajib diisi."),
        ({"reviewer_title": ""}, "reviewer_title", "Jabatan penanda tangan wajib diisi."),
        ({"place": ""}, "place", "Tempat wajib diisi."),
        ({"place": "x" * 201}, "place", "Tempat paling banyak 200 karakter."),
    ],
)
def test_validation_messages_in_indonesian(
    users: dict[str, Any], pkr: Any, changes: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ReviuError, match=message) as caught:
        record_reviu(users["apip"], pkr, 2022, **_fields(**changes))
    assert caught.value.field == field
    assert not Reviu.objects.exists()


def test_reviu_date_may_not_be_in_the_future(users: dict[str, Any], pkr: Any) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ReviuError, match="tidak boleh melewati hari ini"):
        record_reviu(users["apip"], pkr, 2022, **_fields(reviewed_on=tomorrow))


def test_bad_year_is_refused(users: dict[str, Any], pkr: Any) -> None:
    with pytest.raises(ReviuError, match="Tahun 99999 tidak sah"):
        record_reviu(users["apip"], pkr, 99999, **_fields())


def test_history_records_who_recorded_and_changed_what(users: dict[str, Any], pkr: Any) -> None:
    apip = users["apip"]
    row = record_reviu(apip, pkr, 2022, **_fields())
    record_reviu(apip, pkr, 2022, **_fields(reviewer_name="Nama Baru"))
    rows = list(history_of(row))
    assert rows[0].action == "create" and rows[0].username == "apip" and rows[0].user == apip
    assert "Dadang Iskandar" in (rows[0].new_value or "")
    assert rows[0].note == "Reviu LKj PKR 2022 dicatat"
    changed = {r.field: (r.old_value, r.new_value) for r in rows[1:]}
    assert changed["reviewer_name"] == ("Dadang Iskandar", "Nama Baru")
    assert "reviewed_on" not in changed  # unchanged fields leave no row
    assert Change.objects.filter(content_type=ContentType.objects.get_for_model(Reviu)).count() == len(rows)


# --- the page ---------------------------------------------------------------------------------


def test_apip_gets_the_form_with_the_standard_wording(users: dict[str, Any]) -> None:
    r = client_for(users["apip"]).get(URL)
    assert r.status_code == 200
    html = r.content.decode()
    assert "Belum ada reviu yang dicatat" in html
    assert 'name="reviewed_on"' in html and 'name="reviewer_name"' in html
    assert "Kami telah mereviu Laporan Kinerja Direktorat Pemberdayaan Kelompok Rentan" in html
    assert "Inspektur Jenderal" in html
    # no script of its own (every signed-in page carries only the session script, web/session.js)
    assert html.replace('<script src="/static/web/session.js" defer></script>', "").count("<script") == 0


def test_apip_records_and_edits_on_the_page(users: dict[str, Any], pkr: Any) -> None:
    client = client_for(users["apip"])
    r = client.post(URL, _post())
    assert r.status_code == 302 and r["Location"] == URL
    row = Reviu.objects.get(unit=pkr, year=2022)
    assert row.reviewer_name == "Dadang Iskandar" and row.recorded_by == users["apip"]
    assert row.statement == default_statement(pkr.name, 2022)
    html = client.get(URL).content.decode()
    assert "dicatat" in html  # the success message
    assert 'id="reviu-recorded"' in html and "Jakarta, 14 Februari 2023" in html
    assert 'value="Dadang Iskandar"' in html  # the form is filled for editing
    r = client.post(URL, _post(reviewer_name="Nama Baru", reviewed_on="01-03-2023"))
    assert r.status_code == 302
    row.refresh_from_db()
    assert row.reviewer_name == "Nama Baru" and row.reviewed_on == date(2023, 3, 1)
    assert Reviu.objects.count() == 1
    assert history_of(row).filter(field="reviewer_name", user=users["apip"]).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reviewed_on": ""}, "Tanggal reviu wajib diisi."),
        ({"reviewed_on": "kemarin"}, "Tanggal tidak dapat dibaca"),
        ({"reviewed_on": "2021-06-30"}, "tidak boleh sebelum tahun 2022"),
        ({"reviewer_name": ""}, "Nama penanda tangan wajib diisi."),
        ({"reviewer_title": "   "}, "Jabatan penanda tangan wajib diisi."),
        ({"place": ""}, "Tempat wajib diisi."),
    ],
)
def test_bad_input_is_shown_back_and_nothing_saved(
    users: dict[str, Any], changes: dict[str, str], message: str
) -> None:
    r = client_for(users["apip"]).post(URL, _post(**changes))
    assert r.status_code == 200
    html = r.content.decode()
    assert message in html
    assert "pk-field-error" in html
    assert not Reviu.objects.exists()


@pytest.mark.parametrize(
    "username", ["perencana", "operator.pkr", "pimpinan.pkr", "verifikator.pkr", "admin.pkr"]
)
def test_other_roles_get_403_on_post_and_no_form(users: dict[str, Any], pkr: Any, username: str) -> None:
    client = client_for(users[username])
    assert client.post(URL, _post()).status_code == 403
    assert not Reviu.objects.exists()
    record_reviu(users["apip"], pkr, 2022, **_fields())
    r = client.get(URL)  # the reviu is readable by who may read the unit (it is in the LKj)
    assert r.status_code == 200
    html = r.content.decode()
    assert "Dadang Iskandar" in html and '<form method="post" class="pk-form"' not in html
    assert 'name="reviewer_name"' not in html


def test_outsiders_and_visitors(users: dict[str, Any]) -> None:
    assert Client().get(URL).status_code == 302  # sign in first
    assert Client().post(URL, _post()).status_code == 302
    rehsos = client_for(users["operator.rehsos"])  # may not read PKR
    assert rehsos.get(URL).status_code == 403
    assert rehsos.post(URL, _post()).status_code == 403
    apip = client_for(users["apip"])
    assert apip.get("/reviu/TIDAKADA/2022/").status_code == 404
    assert apip.get("/reviu/PKR/99999/").status_code == 404
    assert apip.post("/reviu/PKR/99999/", _post()).status_code == 404
    assert apip.get("/reviu/PKR/abc/").status_code == 404
    assert apip.put(URL).status_code == 405
    assert not Reviu.objects.exists()


def test_unit_page_links_to_the_reviu(users: dict[str, Any]) -> None:
    html = client_for(users["apip"]).get("/unit/PKR/?tahun=2022").content.decode()
    assert 'href="/reviu/PKR/2022/"' in html


def test_admin_shows_the_reviu_read_only(users: dict[str, Any], pkr: Any) -> None:
    from django.contrib.auth import get_user_model

    row = record_reviu(users["apip"], pkr, 2022, **_fields())
    root = get_user_model().objects.create_superuser("root", "root@example.go.id", "s3cret-pass-123")
    client = client_for(root)
    assert client.get("/admin/evaluation/reviu/").status_code == 200
    assert client.get(f"/admin/evaluation/reviu/{row.pk}/change/").status_code == 200
    assert client.get("/admin/evaluation/reviu/add/").status_code == 403


def test_deleting_the_agency_deletes_its_reviews(users: dict[str, Any], pkr: Any) -> None:
    record_reviu(users["apip"], pkr, 2022, **_fields())
    Agency.objects.all().delete()
    assert not Reviu.objects.exists()


def test_report_lookup_of_an_impossible_year_is_harmless(users: dict[str, Any]) -> None:
    from kinerja.reports.service import reviu_from_database

    assert reviu_from_database(Unit.objects.get(code="PKR"), 999999) is None
    r = client_for(users["perencana"]).get("/laporan/PKR/lkj/?tahun=999999&format=pdf")
    assert r.status_code == 400  # no Renstra covers it; never a server error
