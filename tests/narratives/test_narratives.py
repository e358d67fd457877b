"""The LKj narratives in the browser: the planner writes, the unit head approves, the LKj prints
the approved text only; stale forms are refused without losing anyone's text; scope is enforced;
history is kept; user text is escaped. Real database (the Kemensos demo), Django's test client."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.test import Client

from kinerja.history.models import Change
from kinerja.interchange.db import export_document
from kinerja.narratives import services
from kinerja.narratives.chapters import KEYS
from kinerja.narratives.models import APPROVED, DRAFT, SUBMITTED, Narrative
from kinerja.organizations.models import Unit, UnitText
from tests.orgtree import make_user
from tests.web.demo_users import client_for

YEAR_URL = "/narasi/PKR/2022/"
URL = "/narasi/PKR/2022/penutup/"
STEP = URL + "langkah/"


def _token(html: bytes | str) -> str:
    text = html.decode() if isinstance(html, bytes) else html
    found = re.search(r'name="token" value="([0-9a-f]+)"', text)
    assert found, "no token on the page"
    return found.group(1)


def _textarea(html: bytes) -> str:
    found = re.search(r'<textarea name="text"[^>]*>\n?(.*?)</textarea>', html.decode(), re.S)
    assert found, "no text field"
    return found.group(1)


def _approved(pkr: Unit, key: str = "penutup") -> str:
    return services.approved_texts(pkr, 2022).get(key, "")


def _printed(key: str = "penutup") -> str:
    """The text the LKj prints: what the report assembles from the database's export."""
    from kinerja.reports.assemble import assemble_unit_year

    return assemble_unit_year(export_document(unit="PKR"), "PKR", 2022).texts.get(key, "")


def _save(client: Client, text: str, url: str = URL) -> Any:
    token = _token(client.get(url).content)
    return client.post(url, {"text": text, "token": token})


def _step(client: Client, step: str, url: str = URL, **extra: str) -> Any:
    token = _token(client.get(url).content)
    return client.post(url + "langkah/", {"langkah": step, "token": token, **extra})


def _narrative_changes(n: Narrative) -> list[Change]:
    ct = ContentType.objects.get_for_model(Narrative)
    return list(Change.objects.filter(content_type=ct, object_id=str(n.pk)).order_by("at", "id"))


def _state() -> tuple[Any, ...]:
    return (
        list(Narrative.objects.order_by("pk").values_list("key", "text", "status", "comment")),
        list(UnitText.objects.order_by("unit_id", "year", "key").values_list("key", "text")),
        Change.objects.count(),
    )


# --- the pages ------------------------------------------------------------------------------------


def test_year_page_lists_every_lkj_text_and_links_the_indicator_analysis(users: dict[str, Any]) -> None:
    html = client_for(users["perencana"]).get(YEAR_URL).content.decode()
    for key in KEYS:
        assert f'href="/narasi/PKR/2022/{key}/"' in html, key
    # the demo's texts were imported from the file: approved, printed
    row = re.search(r'<tr id="text-penutup">(.*?)</tr>', html, re.S)
    assert row and "Disetujui" in row.group(1) and "Dari impor berkas" in row.group(1)
    assert "Belum diisi" in re.search(r'<tr id="text-kata_pengantar">(.*?)</tr>', html, re.S).group(1)  # type: ignore[union-attr]
    # the per-indicator analysis stays on the realisation records: linked, not copied
    analysis = re.search(r'<table id="analysis">(.*?)</table>', html, re.S)
    assert analysis, "no analysis table"
    assert re.search(r'href="/realisasi/PKR/2022/tahun/\d+/"', analysis.group(1))
    assert "IKK 1.1" in analysis.group(1)


def test_unit_page_links_the_narratives(users: dict[str, Any]) -> None:
    html = client_for(users["perencana"]).get("/unit/PKR/?tahun=2022").content.decode()
    assert 'id="narratives-link"' in html and 'href="/narasi/PKR/2022/"' in html


def test_unknown_text_or_year_is_404(users: dict[str, Any]) -> None:
    client = client_for(users["perencana"])
    assert client.get("/narasi/PKR/2022/rahasia/").status_code == 404
    assert client.post("/narasi/PKR/2022/rahasia/", {"text": "x", "token": "0"}).status_code == 404
    assert client.get("/narasi/PKR/99/").status_code == 404
    assert client.get("/narasi/TIDAKADA/2022/").status_code == 404


# --- the planner writes, the head approves --------------------------------------------------------


def test_planner_saves_a_draft_the_lkj_keeps_the_approved_text(users: dict[str, Any], pkr: Unit) -> None:
    before = _approved(pkr)
    assert before.startswith("Beberapa keberhasilan")
    client = client_for(users["perencana"])
    page = client.get(URL)
    assert page.status_code == 200
    assert _textarea(page.content).startswith("Beberapa keberhasilan")  # starts from the approved text
    response = _save(client, "Simpulan baru.\r\n\r\n1. satu;\r\n2. dua.  ")
    assert response.status_code == 302 and response["Location"] == URL
    n = Narrative.objects.get(unit=pkr, year=2022, key="penutup")
    assert n.status == DRAFT and n.text == "Simpulan baru.\n\n1. satu;\n2. dua."
    assert n.edited_by == users["perencana"]
    # a draft is not printed
    assert _approved(pkr) == before and _printed() == before
    assert services.pending_keys(pkr, 2022) == ["penutup"]
    html = client.get(URL).content.decode()
    assert "Draf (belum dicetak)" in html and "Simpulan baru." in html
    # history: who created the draft, with the text
    rows = _narrative_changes(n)
    assert rows and rows[0].user == users["perencana"] and "Simpulan baru." in (rows[0].new_value or "")
    assert "Teks perencana" in html and "Riwayat perubahan" in html


def test_saving_the_same_text_writes_nothing(users: dict[str, Any], pkr: Unit) -> None:
    client = client_for(users["perencana"])
    changes = Change.objects.count()
    response = _save(client, _approved(pkr))
    assert response.status_code == 302
    assert not Narrative.objects.exists() and Change.objects.count() == changes


def test_submit_and_the_head_approves_then_the_lkj_prints_it(users: dict[str, Any], pkr: Unit) -> None:
    planner, head = client_for(users["perencana"]), client_for(users["pimpinan.pkr"])
    _save(planner, "Penutup yang baru.")
    assert _step(planner, "submit").status_code == 302
    n = Narrative.objects.get(key="penutup")
    assert n.status == SUBMITTED and n.submitted_by == users["perencana"]
    # submitted: no form for the planner, only withdraw
    page = planner.get(URL).content.decode()
    assert 'name="text"' not in page and 'id="withdraw-button"' in page
    assert planner.post(URL, {"text": "lagi", "token": _token(page)}).status_code == 400
    # the head sees it waiting, on the unit page too
    assert "1 menunggu persetujuan" in head.get("/unit/PKR/?tahun=2022").content.decode()
    html = head.get(URL).content.decode()
    assert 'id="approve-button"' in html and 'name="text"' not in html  # the head does not edit
    assert _approved(pkr).startswith("Beberapa keberhasilan")
    assert _step(head, "approve").status_code == 302
    n.refresh_from_db()
    assert n.status == APPROVED and n.approved_by == users["pimpinan.pkr"] and n.approved_at
    assert _approved(pkr) == "Penutup yang baru." == _printed()
    assert services.pending_keys(pkr, 2022) == []
    # history: the status steps and the approved text itself
    statuses = [(c.old_value, c.new_value) for c in _narrative_changes(n) if c.field == "status"]
    assert statuses == [(DRAFT, SUBMITTED), (SUBMITTED, APPROVED)]
    text_ct = ContentType.objects.get_for_model(UnitText)
    printed = UnitText.objects.get(unit=pkr, year=2022, key="penutup")
    change = Change.objects.get(content_type=text_ct, object_id=str(printed.pk), field="text")
    assert change.user == users["pimpinan.pkr"] and change.new_value == "Penutup yang baru."
    assert (change.old_value or "").startswith("Beberapa keberhasilan")
    html = head.get(URL).content.decode()
    assert "Disetujui oleh pimpinan.pkr" in html and "Dari impor berkas" not in html


def test_a_new_text_is_created_on_approval(users: dict[str, Any], pkr: Unit) -> None:
    url = "/narasi/PKR/2022/kata_pengantar/"
    planner, head = client_for(users["perencana"]), client_for(users["pimpinan.pkr"])
    assert "kata_pengantar" not in services.approved_texts(pkr, 2022)
    _save(planner, "Puji syukur.\n\nSemoga bermanfaat.", url)
    _step(planner, "submit", url)
    _step(head, "approve", url)
    assert services.approved_texts(pkr, 2022)["kata_pengantar"] == "Puji syukur.\n\nSemoga bermanfaat."


def test_the_head_returns_with_a_comment_and_the_planner_sees_it(users: dict[str, Any], pkr: Unit) -> None:
    planner, head = client_for(users["perencana"]), client_for(users["pimpinan.pkr"])
    _save(planner, "Versi pertama.")
    _step(planner, "submit")
    response = _step(head, "return", catatan="")
    assert response.status_code == 400 and "Catatan wajib diisi" in response.content.decode()
    assert Narrative.objects.get(key="penutup").status == SUBMITTED
    assert _step(head, "return", catatan="Tambahkan langkah perbaikan.").status_code == 302
    n = Narrative.objects.get(key="penutup")
    assert n.status == DRAFT and n.comment == "Tambahkan langkah perbaikan."
    html = planner.get(URL).content.decode()
    assert 'id="return-comment"' in html and "Tambahkan langkah perbaikan." in html
    assert any(c.note == "Tambahkan langkah perbaikan." for c in _narrative_changes(n))
    # fixed and submitted again: the comment is answered
    _save(planner, "Versi kedua.")
    _step(planner, "submit")
    assert Narrative.objects.get(key="penutup").comment == ""


def test_the_planner_withdraws_to_edit_again(users: dict[str, Any]) -> None:
    planner = client_for(users["perencana"])
    _save(planner, "Satu.")
    _step(planner, "submit")
    assert _step(planner, "withdraw").status_code == 302
    assert Narrative.objects.get(key="penutup").status == DRAFT
    assert _save(planner, "Dua.").status_code == 302
    assert Narrative.objects.get(key="penutup").text == "Dua."


def test_a_new_draft_over_an_approved_text_keeps_printing_the_approved_one(
    users: dict[str, Any], pkr: Unit
) -> None:
    planner, head = client_for(users["perencana"]), client_for(users["pimpinan.pkr"])
    _save(planner, "Disetujui dulu.")
    _step(planner, "submit")
    _step(head, "approve")
    _save(planner, "Revisi yang belum disetujui.")
    assert Narrative.objects.get(key="penutup").status == DRAFT
    assert _approved(pkr) == "Disetujui dulu." == _printed()
    html = planner.get(URL).content.decode()
    assert "Disetujui oleh pimpinan.pkr" in html  # who approved the text in force
    assert "Revisi yang belum disetujui." in html


# --- concurrency ----------------------------------------------------------------------------------


def test_a_stale_edit_is_refused_and_neither_text_is_lost(users: dict[str, Any], pkr: Unit) -> None:
    other = make_user("perencana.dua", "perencana", pkr)
    mine, theirs = client_for(users["perencana"]), client_for(other)
    my_token = _token(mine.get(URL).content)  # I open the form ...
    assert _save(theirs, "Teks rekan yang disimpan lebih dulu.").status_code == 302  # ... they save
    response = mine.post(URL, {"text": "Teks saya yang panjang.", "token": my_token})
    assert response.status_code == 409
    html = response.content.decode()
    # nothing of mine saved, theirs is kept and shown; my input is still in the form
    assert Narrative.objects.get(key="penutup").text == "Teks rekan yang disimpan lebih dulu."
    conflict = re.search(r'<section class="nr-box nr-conflict" id="conflict">(.*?)</section>', html, re.S)
    assert conflict and "Teks rekan yang disimpan lebih dulu." in conflict.group(1)
    assert "perencana.dua" in conflict.group(1)
    assert _textarea(response.content) == "Teks saya yang panjang."
    assert "telah diubah oleh perencana.dua" in html
    # saving again from that page is a deliberate overwrite
    again = mine.post(URL, {"text": "Teks saya yang panjang.", "token": _token(html)})
    assert again.status_code == 302
    assert Narrative.objects.get(key="penutup").text == "Teks saya yang panjang."


def test_a_stale_first_draft_is_refused_too(users: dict[str, Any], pkr: Unit) -> None:
    """Both open the approved text; the second save must not silently replace the first draft."""
    other = make_user("perencana.dua", "perencana", pkr)
    mine, theirs = client_for(users["perencana"]), client_for(other)
    my_token = _token(mine.get(URL).content)
    _save(theirs, "Draf pertama rekan.")
    assert mine.post(URL, {"text": "Draf saya.", "token": my_token}).status_code == 409
    assert Narrative.objects.get(key="penutup").text == "Draf pertama rekan."


def test_a_stale_approval_is_refused(users: dict[str, Any], pkr: Unit) -> None:
    planner, head = client_for(users["perencana"]), client_for(users["pimpinan.pkr"])
    _save(planner, "Yang dibaca pimpinan.")
    _step(planner, "submit")
    head_token = _token(head.get(URL).content)  # the head reads the submitted text ...
    _step(planner, "withdraw")  # ... meanwhile the planner changes it and submits again
    _save(planner, "Yang diubah kemudian.")
    _step(planner, "submit")
    response = head.post(STEP, {"langkah": "approve", "token": head_token})
    assert response.status_code == 409
    html = response.content.decode()
    assert "langkah ini belum dijalankan" in html and "Yang diubah kemudian." in html
    assert Narrative.objects.get(key="penutup").status == SUBMITTED
    assert _approved(pkr).startswith("Beberapa keberhasilan")  # nothing approved unseen


def test_a_stale_return_keeps_the_heads_comment(users: dict[str, Any]) -> None:
    planner, head = client_for(users["perencana"]), client_for(users["pimpinan.pkr"])
    _save(planner, "Satu.")
    _step(planner, "submit")
    head_token = _token(head.get(URL).content)
    _step(planner, "withdraw")
    response = head.post(STEP, {"langkah": "return", "token": head_token, "catatan": "Catatan panjang saya."})
    assert response.status_code == 409
    assert ">Catatan panjang saya.</textarea>" in response.content.decode()


def test_an_import_replacing_the_approved_text_is_detected(users: dict[str, Any], pkr: Unit) -> None:
    client = client_for(users["perencana"])
    token = _token(client.get(URL).content)
    UnitText.objects.filter(unit=pkr, year=2022, key="penutup").update(text="Dari berkas baru.")
    assert client.post(URL, {"text": "Tulisan saya.", "token": token}).status_code == 409
    assert not Narrative.objects.exists()


# --- who may do what ------------------------------------------------------------------------------


def test_an_operator_may_read_but_not_write(users: dict[str, Any], pkr: Unit) -> None:
    planner = client_for(users["perencana"])
    _save(planner, "Draf.")
    operator = client_for(users["operator.pkr"])
    page = operator.get(URL)
    assert page.status_code == 200
    assert 'name="text"' not in page.content.decode() and 'name="langkah"' not in page.content.decode()
    token = services.text_state(pkr, 2022, "penutup").token  # a current token: only the right is missing
    before = _state()
    assert operator.post(URL, {"text": "Diubah operator.", "token": token}).status_code == 403
    for step in ("submit", "withdraw", "approve", "return"):
        response = operator.post(STEP, {"langkah": step, "token": token, "catatan": "x"})
        assert response.status_code == 403, step
    assert _state() == before


def test_a_planner_of_another_unit_is_refused(users: dict[str, Any], demo: dict[str, Unit]) -> None:
    outsider = make_user("perencana.rehsos", "perencana", demo["REHSOS"])
    stranger = client_for(outsider)
    token = _token(client_for(users["perencana"]).get(URL).content)
    before = _state()
    assert stranger.get(YEAR_URL).status_code == 403
    assert stranger.get(URL).status_code == 403
    assert stranger.post(URL, {"text": "Bukan unit saya.", "token": token}).status_code == 403
    assert stranger.post(STEP, {"langkah": "submit", "token": token}).status_code == 403
    assert _state() == before
    with pytest.raises(PermissionDenied):
        services.save_text(outsider, demo["PKR"], 2022, "penutup", "x", None)
    assert _state() == before


def test_the_planner_does_not_approve_and_the_head_does_not_edit(users: dict[str, Any], pkr: Unit) -> None:
    planner, head = client_for(users["perencana"]), client_for(users["pimpinan.pkr"])
    _save(planner, "Draf.")
    _step(planner, "submit")
    assert _step(planner, "approve").status_code == 403
    assert _step(planner, "return", catatan="x").status_code == 403
    token = _token(head.get(URL).content)
    assert head.post(URL, {"text": "Diubah pimpinan.", "token": token}).status_code == 403
    assert _step(head, "withdraw").status_code == 403
    n = Narrative.objects.get(key="penutup")
    assert n.status == SUBMITTED and n.text == "Draf."
    with pytest.raises(PermissionDenied):
        services.approve(users["perencana"], pkr, 2022, "penutup", None)
    with pytest.raises(PermissionDenied):
        services.approve(users["admin.pkr"], pkr, 2022, "penutup", None)  # the head's alone


def test_a_visitor_is_sent_to_sign_in() -> None:
    visitor = Client()
    for url in (YEAR_URL, URL):
        response = visitor.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/masuk/")


# --- input ----------------------------------------------------------------------------------------


def test_user_text_is_escaped(users: dict[str, Any]) -> None:
    planner, head = client_for(users["perencana"]), client_for(users["pimpinan.pkr"])
    evil = '<script>alert("x")</script><b onmouseover="y">tebal</b>'
    _save(planner, evil)
    _step(planner, "submit")
    _step(head, "return", catatan="<script>alert('c')</script>")
    for client, url in ((planner, URL), (head, URL), (planner, YEAR_URL)):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<b onmouseover" not in html, url
    html = planner.get(URL).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#x27;c&#x27;)&lt;/script&gt;" in html


def test_one_line_texts_refuse_line_breaks(users: dict[str, Any], pkr: Unit) -> None:
    url = "/narasi/PKR/2022/tempat/"
    planner = client_for(users["perencana"])
    page = planner.get(url).content.decode()
    assert '<input type="text" name="text"' in page
    response = _save(planner, "Jakarta\nPusat", url)
    assert response.status_code == 400 and "satu baris" in response.content.decode()
    assert _save(planner, "  Jakarta  ", url).status_code == 302
    assert Narrative.objects.get(key="tempat").text == "Jakarta"


def test_a_text_too_long_is_refused(users: dict[str, Any]) -> None:
    response = _save(client_for(users["perencana"]), "x" * 50_001)
    assert response.status_code == 400 and "paling banyak" in response.content.decode()
    assert not Narrative.objects.exists()


def test_a_form_without_token_is_refused(users: dict[str, Any]) -> None:
    client = client_for(users["perencana"])
    assert client.post(URL, {"text": "tanpa token"}).status_code == 400
    assert client.post(STEP, {"langkah": "entah"}).status_code == 400
    assert client.post(STEP, {"langkah": "submit"}).status_code == 409  # no draft seen: stale
    assert not Narrative.objects.exists()


def test_english_page(users: dict[str, Any]) -> None:
    client = client_for(users["perencana"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(URL).content.decode()
    assert "Text printed in the LKj" in html and "Teks yang dicetak" not in html
    html = client.get(YEAR_URL).content.decode()
    assert "LKj narratives" in html
