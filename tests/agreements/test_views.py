"""The PK and Rencana Aksi pages with the Django test client on the real database: who may open
what (403, never 500), the create / edit / revise / sign flows through plain HTML forms, and the
messages in Bahasa Indonesia."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kinerja.agreements import services
from kinerja.agreements.models import ActionPlanTarget, Agreement
from kinerja.core.types import NumericTarget, RangeTarget
from kinerja.organizations.models import Unit
from tests.agreements.conftest import client_for, pkr_indicator

D = Decimal
ALLOWED = {
    # action -> users allowed (at PKR)
    "view": {"perencana", "operator.pkr", "verifikator.pkr", "pimpinan.pkr", "apip", "admin.pkr"},
    "edit": {"perencana", "admin.pkr"},
    "sign": {"pimpinan.pkr"},
}
PAGES = [
    # (name, method, url, action)
    ("daftar PK", "get", "/pk/PKR/", "view"),
    ("PK 2022 v1", "get", "/pk/PKR/2022/v1/", "view"),
    ("PK 2022 v2", "get", "/pk/PKR/2022/v2/", "view"),
    ("buat PK", "post", "/pk/PKR/buat/", "edit"),
    ("ubah draf", "get", "/pk/PKR/2023/v1/ubah/", "edit"),
    ("revisi", "get", "/pk/PKR/2022/v2/revisi/", "edit"),
    ("tandatangani", "get", "/pk/PKR/2023/v1/tandatangani/", "sign"),
    ("rencana aksi", "get", "/pk/PKR/2022/rencana-aksi/", "view"),
    ("ubah rencana aksi", "get", "/pk/PKR/2022/rencana-aksi/ubah/", "edit"),
]
ROLES = [
    "perencana",
    "operator.pkr",
    "verifikator.pkr",
    "pimpinan.pkr",
    "operator.rehsos",
    "apip",
    "admin.pkr",
]


@pytest.fixture
def draft_2023(users: dict[str, Any], pkr: Unit) -> Agreement:
    return services.create_agreement_from_plan(users["perencana"], pkr, 2023)


@pytest.mark.parametrize("user", ROLES)
def test_every_page_by_role(users: dict[str, Any], draft_2023: Agreement, user: str) -> None:
    client = client_for(users[user])
    for name, method, url, action in PAGES:
        data = {"tahun": "2024"} if method == "post" else None
        response = getattr(client, method)(url, data)
        allowed = user in ALLOWED[action]
        expected = (302 if method == "post" else 200) if allowed else 403
        assert response.status_code == expected, (user, name, response.status_code)
        if not allowed:
            html = response.content.decode()
            assert "Akses ditolak" in html and "tidak berhak" in html
            assert "99,00" not in html  # nothing of the PK leaks
    # the refused create made nothing
    assert Agreement.objects.filter(year=2024).exists() == (user in ALLOWED["edit"])


def test_signed_in_only_and_unknown_things(client: Any, users: dict[str, Any], draft_2023: Agreement) -> None:
    for _, method, url, _ in PAGES:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith("/masuk/"), url
    planner = client_for(users["perencana"])
    assert planner.get("/pk/TIDAKADA/").status_code == 404
    assert planner.get("/pk/PKR/2022/v9/").status_code == 404
    assert planner.get("/pk/PKR/2030/rencana-aksi/").status_code == 200  # no PK: says so
    assert planner.get("/pk/PKR/buat/").status_code == 405
    assert planner.post("/pk/PKR/buat/", {"tahun": "dua ribu"}).status_code == 302
    assert planner.post("/pk/PKR/buat/", {"tahun": "99999999999"}).status_code == 302
    for url in (
        "/pk/PKR/99999999999/v1/",
        "/pk/PKR/2022/v99999999999/",
        "/pk/PKR/99999999999/rencana-aksi/",
        "/pk/PKR/99999999999/rencana-aksi/ubah/",
        "/pk/PKR/2022/v99999999999/ubah/",
    ):
        assert planner.get(url).status_code == 404, url


def test_list_and_detail_show_the_demo_pk(users: dict[str, Any]) -> None:
    client = client_for(users["operator.pkr"])
    html = client.get("/pk/PKR/").content.decode()
    assert "PK Awal" in html and "PK Terakhir" in html and "ditandatangani" in html
    assert "/pk/PKR/2022/v1/" in html and "/pk/PKR/2022/v2/" in html
    assert "Buat PK versi 1" not in html  # an operator does not draw up a PK
    # no script of its own (every signed-in page carries only the session script, web/session.js)
    assert html.replace('<script src="/static/web/session.js" defer></script>', "").count("<script") == 0
    assert 'name="viewport"' in html
    assert 'href="/pk/PKR/"' in client.get("/unit/PKR/").content.decode()  # linked from the unit page
    v2 = client.get("/pk/PKR/2022/v2/").content.decode()
    assert "Perjanjian Kinerja Tahun 2022" in v2 and "Dewi Suhartini" in v2
    # the seed gives neither the day nor the reason of the revision: shown as missing, not guessed
    assert "Direktur Jenderal Pemberdayaan Sosial" in v2 and "Jakarta, (tanggal belum diisi)" in v2
    assert "alasan belum diisi" in v2 and "perubahan dalam strategi" not in v2
    assert "IKK 1.1" in v2 and "99,00" in v2 and "87,00" in v2 and "77,00" in v2 and "90,00" in v2
    assert "Target versi 1" in v2  # compared with the version it replaces
    assert "Ubah draf" not in v2 and "Buat revisi" not in v2 and "Tandatangani PK" not in v2
    v1 = client.get("/pk/PKR/2022/v1/").content.decode()
    assert "Versi ini sudah digantikan" in v1 and "Jakarta, (tanggal belum diisi)" in v1


def test_create_from_renstra_in_the_browser(users: dict[str, Any], pkr: Unit, mixed_2023: None) -> None:
    client = client_for(users["perencana"])
    page = client.get("/pk/PKR/").content.decode()
    assert '<option value="2023">' in page and '<option value="2022">' not in page
    response = client.post("/pk/PKR/buat/", {"tahun": "2023"}, follow=True)
    assert response.redirect_chain[-1][0] == "/pk/PKR/2023/v1/"
    html = response.content.decode()
    assert "versi 1 (draf) dibuat dari target Renstra tahun 2023" in html
    assert "99,25" in html and "75,00–80,00" in html and ">A<" in html.replace(" ", "")
    assert "Ubah draf" in html and "Tandatangani PK" not in html  # the planner cannot sign
    again = client.post("/pk/PKR/buat/", {"tahun": "2022"}, follow=True).content.decode()
    assert "PK PKR tahun 2022 sudah ada (versi 1, 2)" in again
    assert Agreement.objects.filter(unit=pkr, year=2022).count() == 2


def _form_data(client: Any, url: str) -> dict[str, str]:
    """The form's fields as the page fills them (what a browser would send unchanged)."""
    import re

    html = client.get(url).content.decode()
    data: dict[str, str] = {}
    for m in re.finditer(r'<input[^>]*name="([^"]+)"[^>]*?(?:value="([^"]*)")?[^>]*>', html):
        if m.group(1) != "csrfmiddlewaretoken" and 'type="radio"' not in m.group(0):
            value = re.search(r'value="([^"]*)"', m.group(0))
            data[m.group(1)] = value.group(1) if value else ""
    for m in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', m.group(2))
        data[m.group(1)] = chosen.group(1) if chosen else ""
    for m in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[m.group(1)] = m.group(2).strip()
    return data


def test_revise_in_the_browser(users: dict[str, Any], pkr: Unit) -> None:
    client = client_for(users["perencana"])
    url = "/pk/PKR/2022/v2/revisi/"
    form = _form_data(client, url)
    ikk21 = f"t{pkr_indicator('IKK 2.1').pk}"
    assert form[ikk21] == "87" and form["label"] == "PK Perubahan" and "reason" not in form
    page = client.get(url).content.decode()
    assert "pergantian atau mutasi pejabat" in page and "PermenPAN-RB Nomor 53 Tahun 2014" in page

    # no reason
    html = client.post(url, {**form, ikk21: "88,5"}).content.decode()
    assert "Alasan revisi wajib dipilih: a, b atau c." in html
    # a number that cannot be read
    html = client.post(url, {**form, "reason": "b", ikk21: "9,9,9"}).content.decode()
    assert "&#x27;9,9,9&#x27; bukan angka yang dapat dibaca" in html and "revisi belum dibuat" in html
    # nothing changed
    html = client.post(url, {**form, "reason": "b"}).content.decode()
    assert "Revisi tidak mengubah apa pun dibanding versi 2" in html
    assert Agreement.objects.filter(unit=pkr, year=2022).count() == 2

    response = client.post(
        url, {**form, "reason": "c", "reason_note": "Refocusing", "signed_on": "15-11-2022", ikk21: "1.088,5"}
    )
    assert response.status_code == 302 and response["Location"] == "/pk/PKR/2022/v3/"
    v3 = Agreement.objects.get(unit=pkr, year=2022, version=3)
    assert (v3.status, v3.reason, v3.reason_note, str(v3.signed_on)) == (
        "draft",
        "c",
        "Refocusing",
        "2022-11-15",
    )
    assert services.targets_of(v3)[pkr_indicator("IKK 2.1").pk] == NumericTarget(D("1088.5"))
    html = client.get("/pk/PKR/2022/v3/").content.decode()
    assert "1.088,50" in html and "berubah" in html and "Draf: belum ditandatangani" in html
    assert "perubahan prioritas atau asumsi" in html
    # version 2 is unchanged and still readable
    v2 = client.get("/pk/PKR/2022/v2/").content.decode()
    assert "87,00" in v2 and "1.088,50" not in v2 and "Versi ini sudah digantikan" in v2
    # revising again from the draft, or from v2, is sent back to the latest version
    response = client.get("/pk/PKR/2022/v2/revisi/", follow=True)
    assert response.redirect_chain[-1][0] == "/pk/PKR/2022/v3/"
    assert "Revisi dibuat dari versi terakhir (versi 3)" in response.content.decode()


def test_type_of_target_in_the_form_follows_the_indicator(
    users: dict[str, Any], pkr: Unit, mixed_2023: None, draft_2023: Agreement
) -> None:
    client = client_for(users["perencana"])
    url = "/pk/PKR/2023/v1/ubah/"
    form = _form_data(client, url)
    rng = f"t{pkr_indicator('IKK 2.2').pk}"
    label = f"t{pkr_indicator('IKK 3.1').pk}"
    assert (form[rng + "_low"], form[rng + "_high"], form[label]) == ("75", "80", "A")
    assert rng not in form  # a range has two inputs, no single one
    html = client.post(url, {**form, rng + "_high": ""}).content.decode()
    assert "isi batas bawah dan batas atas rentang" in html
    html = client.post(url, {**form, label: "WTP"}).content.decode()
    assert "pilih salah satu: AA, A, BB, B" in html
    response = client.post(url, {**form, rng + "_low": "76,5", "first_party_name": "Dewi Suhartini"})
    assert response.status_code == 302
    assert services.targets_of(draft_2023)[pkr_indicator("IKK 2.2").pk] == RangeTarget(D("76.5"), D(80))


def test_sign_in_the_browser(users: dict[str, Any], pkr: Unit, draft_2023: Agreement) -> None:
    head = client_for(users["pimpinan.pkr"])
    detail = head.get("/pk/PKR/2023/v1/").content.decode()
    assert "Tandatangani PK" in detail and "Ubah draf" not in detail
    page = head.get("/pk/PKR/2023/v1/tandatangani/").content.decode()
    assert "tidak dapat diubah lagi" in page and "99,00" in page
    response = head.post("/pk/PKR/2023/v1/tandatangani/", {"signed_on": "2023-01-31"}, follow=True)
    html = response.content.decode()
    assert "PK 2023 versi 1 ditandatangani" in html
    assert "Ditandatangani pada 31 Januari 2023; dicatat oleh pimpinan.pkr" in html
    draft_2023.refresh_from_db()
    assert draft_2023.is_signed and draft_2023.signed_by == users["pimpinan.pkr"]
    # signed: the planner can no longer edit it, only revise
    planner = client_for(users["perencana"])
    response = planner.get("/pk/PKR/2023/v1/ubah/", follow=True)
    assert "sudah ditandatangani dan tidak dapat diubah; buat revisi" in response.content.decode()
    form = {f"t{pkr_indicator('IKK 1.1').pk}": "10"}
    planner.post("/pk/PKR/2023/v1/ubah/", form)
    assert services.targets_of(draft_2023)[pkr_indicator("IKK 1.1").pk] == NumericTarget(D(99))
    assert "Buat revisi (versi 2)" in planner.get("/pk/PKR/2023/v1/").content.decode()
    # signing twice is refused
    response = head.post("/pk/PKR/2023/v1/tandatangani/", {}, follow=True)
    assert "sudah ditandatangani" in response.content.decode()


def _set_rule(code: str, rule: str) -> None:
    ind = pkr_indicator(code)
    ind.quarter_rule = rule
    ind.save()


def test_action_plan_in_the_browser(users: dict[str, Any], pkr: Unit) -> None:
    _set_rule("IKK 2.1", "sum")
    _set_rule("IKK 2.2", "average")
    planner = client_for(users["perencana"])
    url = "/pk/PKR/2022/rencana-aksi/ubah/"
    form = _form_data(planner, url)
    q = {code: f"q{pkr_indicator(code).pk}" for code in ("IKK 1.1", "IKK 2.1", "IKK 2.2")}
    ok = {
        **form,
        **{f"{q['IKK 1.1']}_{i}": v for i, v in enumerate(["25", "50", "75", "99"], 1)},
        **{f"{q['IKK 2.1']}_{i}": v for i, v in enumerate(["20", "20", "20", "27"], 1)},
        **{f"{q['IKK 2.2']}_{i}": v for i, v in enumerate(["76,5", "77", "77", "77,5"], 1)},
    }
    # inconsistent: refused, naming the indicator and the expected value; nothing saved
    html = planner.post(url, {**ok, f"{q['IKK 2.1']}_4": "30"}).content.decode()
    assert "Rencana aksi tidak disimpan" in html
    assert "IKK 2.1: jumlah TW I–IV = 90,00, seharusnya 87,00" in html
    html = planner.post(url, {**ok, f"{q['IKK 2.2']}_1": "70"}).content.decode()
    assert "IKK 2.2: rata-rata TW I–IV = 75,375, seharusnya 77,00" in html
    html = planner.post(url, {**ok, f"{q['IKK 1.1']}_4": "98"}).content.decode()
    assert "IKK 1.1: target TW IV = 98,00, seharusnya 99,00" in html
    html = planner.post(url, {**ok, f"{q['IKK 1.1']}_2": "lima puluh"}).content.decode()
    assert "bukan angka yang dapat dibaca" in html
    assert not ActionPlanTarget.objects.filter(unit=pkr, year=2022).exists()

    response = planner.post(url, ok, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/pk/PKR/2022/rencana-aksi/"
    assert "Rencana aksi PKR tahun 2022 disimpan" in html
    assert "Sesuai: jumlah TW I–IV = 87,00" in html and "Sesuai: TW IV = 99,00" in html
    assert ActionPlanTarget.objects.filter(unit=pkr, year=2022).count() == 12

    # a draft: quarters left empty are saved with a warning
    draft = {**ok, f"{q['IKK 2.1']}_3": "", f"{q['IKK 2.1']}_4": ""}
    html = planner.post(url, draft, follow=True).content.decode()
    assert "Perhatian:" in html and "IKK 2.1: TW III, TW IV belum diisi" in html and "sisa 47,00" in html

    # others read it; the operator may not change it; a sibling unit's operator sees nothing
    operator = client_for(users["operator.pkr"])
    page = operator.get("/pk/PKR/2022/rencana-aksi/").content.decode()
    assert "IKK 2.1" in page and "Ubah rencana aksi" not in page
    assert operator.post(url, ok).status_code == 403
    assert client_for(users["apip"]).get("/pk/PKR/2022/rencana-aksi/").status_code == 200
    assert client_for(users["operator.rehsos"]).get("/pk/PKR/2022/rencana-aksi/").status_code == 403


def test_history_of_a_browser_revision(users: dict[str, Any], pkr: Unit) -> None:
    from kinerja.history.models import Change

    client = client_for(users["perencana"])
    form = _form_data(client, "/pk/PKR/2022/v2/revisi/")
    ikk11 = f"t{pkr_indicator('IKK 1.1').pk}"
    client.post("/pk/PKR/2022/v2/revisi/", {**form, "reason": "b", ikk11: "98"})
    rows = Change.objects.filter(username="perencana", object_repr__startswith="PK PKR 2022 v3")
    assert rows.exists()
    assert all(r.note == "Revisi PK 2022 versi 3, alasan b" for r in rows)


def test_delete_a_draft_only(users: dict[str, Any], pkr: Unit, draft_2023: Agreement) -> None:
    url = "/pk/PKR/2023/v1/hapus/"
    assert client_for(users["operator.pkr"]).post(url, {"konfirmasi": "1"}).status_code == 403
    assert client_for(users["pimpinan.pkr"]).post(url, {"konfirmasi": "1"}).status_code == 403
    planner = client_for(users["perencana"])
    assert planner.get(url).status_code == 405
    html = planner.post(url, {}, follow=True).content.decode()
    assert "Centang" in html and Agreement.objects.filter(pk=draft_2023.pk).exists()
    response = planner.post(url, {"konfirmasi": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == "/pk/PKR/"
    assert "Draf PK 2023 versi 1 dihapus" in response.content.decode()
    assert not Agreement.objects.filter(unit=pkr, year=2023).exists()
    # a signed version is never deleted
    html = planner.post("/pk/PKR/2022/v2/hapus/", {"konfirmasi": "1"}, follow=True).content.decode()
    assert "sudah ditandatangani dan tidak dapat dihapus" in html
    assert Agreement.objects.filter(unit=pkr, year=2022).count() == 2
