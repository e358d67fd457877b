"""Realisation entry and workflow in a real browser (Chromium) against the live server, with the
Kemensos demo data and its demo users per role.

The expected figures are taken from the engine for the data the browser saved, not only from
literals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.core.numbers import show_value
from kinerja.figures.counting import Basis
from kinerja.figures.unit_year import compute_document
from kinerja.interchange.db import export_document, import_document
from kinerja.interchange.parse import load_document
from kinerja.measurement import evidence as ev
from kinerja.measurement.models import Evidence, Realization, RealizationEvent
from kinerja.organizations.models import Unit
from kinerja.planning.models import Indicator
from tests.browser.conftest import PASSWORD, login, navigate, shot
from tests.conftest import DEMO_DIR
from tests.orgtree import make_user

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

DEMO_USERS = {
    "operator.pkr": ("operator", "PKR"),
    "verifikator.pkr": ("verifikator", "PKR"),
    "pimpinan.pkr": ("pimpinan", "PKR"),
    "perencana": ("perencana", "KEMENSOS"),
    "operator.rehsos": ("operator", "REHSOS"),
    "apip": ("apip", "ITJEN"),
}


@pytest.fixture
def demo(transactional_db, settings, tmp_path: Path) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    import_document(load_document(DEMO_DIR / "kemensos.yaml", check_refs=False))
    units = {u.code: u for u in Unit.objects.all()}
    users = {}
    for name, (role, code) in DEMO_USERS.items():
        user = make_user(name, role, units[code])
        user.set_password(PASSWORD)
        user.save()
        users[name] = user
    pkr = units["PKR"]
    ikk11 = Indicator.objects.get(plan__unit=pkr, code="IKK 1.1")
    return {"units": units, "users": users, "pkr": pkr, "ikk11": ikk11}


def engine_ikk11(basis: Basis = Basis.OFFICIAL) -> tuple[str, str]:
    result = compute_document(export_document(unit="PKR"), "PKR", 2022, basis)
    ind = next(i for o in result.objectives for i in o.indicators if i.code == "IKK 1.1")
    return show_value(ind.realization), show_value(ind.achievement)


def year_record(demo: dict[str, Any]) -> Realization:
    return Realization.objects.get(unit=demo["pkr"], indicator__code="IKK 1.1", year=2022, quarter=None)


def detail_path(demo: dict[str, Any], period: str = "tahun") -> str:
    return f"/realisasi/PKR/2022/{period}/{demo['ikk11'].pk}/"


def as_user(new_context: Any, live_server: Any, username: str, next_url: str = "/", **options: Any) -> Any:
    return login(new_context(**options).new_page(), live_server.url, username, next_url=next_url)


def test_entry_evidence_return_and_approval(live_server: Any, new_context: Any, demo: dict[str, Any]) -> None:
    # Start from an empty year: the demo's approved 2022 record of IKK 1.1 is removed.
    year_record(demo).delete()
    assert engine_ikk11() == ("n.a", "n.a")

    # -- the operator enters the year's raw inputs, uploads evidence and submits ----------------
    op = as_user(new_context, live_server, "operator.pkr", "/unit/PKR/?tahun=2022")
    navigate(op, "#realization-link")
    op.wait_for_selector('tr[data-indicator="IKK 1.1"]')
    assert "/realisasi/PKR/2022/" in op.url
    assert op.inner_text('tr[data-indicator="IKK 1.1"] .status') == "belum diisi"
    shot(op, "01-daftar-realisasi-2022")
    navigate(op, 'tr[data-indicator="IKK 1.1"] a.button')
    op.wait_for_selector("#realization-form")
    op.fill('input[name="masukan_n"]', "18.658.193")
    op.fill('input[name="masukan_T"]', "18.800.000")
    # the optional live preview, computed by the engine before anything is saved
    op.wait_for_selector("#preview .preview-value")
    assert op.inner_text("#preview .preview-value") == "99,25"
    op.fill("#id_analysis", "Penyaluran sukses transaksi 18.658.193 dari 18.800.000 KPM.")
    op.fill("#id_inhibiting", "KPM tidak ditemukan atau pindah alamat.")
    shot(op, "02-formulir-realisasi")
    navigate(op, "#realization-form button[type=submit]")
    op.wait_for_selector(".msg-success")
    # the entry page shows what was entered (provisional); the official figure waits for approval
    value, achievement = engine_ikk11(Basis.PROVISIONAL)
    assert (value, achievement) == ("99,25", "100,00")
    assert engine_ikk11() == ("n.a", "n.a")
    assert op.inner_text("#realization-value") == value
    assert op.inner_text("#achievement-value") == achievement
    op.set_input_files(
        "#id_berkas",
        files=[{"name": "Berita Acara Rekon 2022.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    navigate(op, "form.upload button[type=submit]")
    op.wait_for_selector("a.evidence-link")
    assert op.inner_text("a.evidence-link") == "Berita Acara Rekon 2022.pdf"
    evidence = Evidence.objects.get(realization=year_record(demo))
    assert "Rekon" not in evidence.file.name
    shot(op, "03-realisasi-tersimpan-dengan-bukti")
    navigate(op, "text=Ajukan untuk verifikasi")
    op.wait_for_selector(".msg-success")
    assert year_record(demo).status == "submitted"
    assert op.query_selector("#realization-form") is None

    # -- the verifier finds it waiting, and returns it with a comment ---------------------------
    ver = as_user(new_context, live_server, "verifikator.pkr", "/realisasi/menunggu/")
    ver.wait_for_selector('tr[data-step="verify"]')
    shot(ver, "04-menunggu-verifikator")
    navigate(ver, 'tr[data-step="verify"] a.button')
    ver.wait_for_selector("#alur")
    # the evidence opens for the verifier (same unit), served by the access-checked view
    response = ver.request.get(f"{live_server.url}/realisasi/bukti/{evidence.pk}/")
    assert response.status == 200 and response.body() == PDF
    ver.fill("#catatan-return", "Lengkapi faktor pendukung dan tindak lanjut.")
    navigate(ver, ".step-return button")
    ver.wait_for_selector(".msg-success")
    assert year_record(demo).status == "draft"

    # -- the operator sees the comment, fixes and resubmits -------------------------------------
    op.goto(f"{live_server.url}/realisasi/menunggu/")
    assert "Lengkapi faktor pendukung dan tindak lanjut." in op.inner_text("table.waiting")
    navigate(op, "table.waiting a.button")
    op.wait_for_selector("#realization-form")
    assert op.input_value('input[name="masukan_n"]') == "18.658.193"
    op.fill("#id_supporting", "Mitra penyalur PT Pos Indonesia menjangkau seluruh Indonesia.")
    op.fill("#id_follow_up", "Memperkuat sinergi dan basis data.")
    navigate(op, "#realization-form button[type=submit]")
    op.wait_for_selector(".msg-success")
    navigate(op, "text=Ajukan untuk verifikasi")
    op.wait_for_selector(".msg-success")
    assert year_record(demo).status == "submitted"

    # -- the verifier verifies, the unit head approves ------------------------------------------
    ver.goto(f"{live_server.url}{detail_path(demo)}")
    navigate(ver, "#alur button:has-text('Verifikasi')")
    ver.wait_for_selector(".msg-success")
    assert year_record(demo).status == "verified"
    head = as_user(new_context, live_server, "pimpinan.pkr", "/realisasi/menunggu/")
    head.wait_for_selector('tr[data-step="approve"]')
    navigate(head, 'tr[data-step="approve"] a.button')
    navigate(head, "#alur button:has-text('Setujui dan kunci')")
    head.wait_for_selector(".msg-success")

    r = year_record(demo)
    assert r.status == "approved" and r.locked
    value, achievement = engine_ikk11()
    assert head.inner_text("#realization-value") == value == "99,25"
    assert head.inner_text("#achievement-value") == achievement == "100,00"
    assert "terkunci" in head.inner_text("#status")
    assert head.query_selector("#realization-form") is None
    assert head.query_selector("form.upload") is None
    events = list(RealizationEvent.objects.filter(realization=r).values_list("action", "username"))
    assert events == [
        ("submit", "operator.pkr"),
        ("return", "verifikator.pkr"),
        ("submit", "operator.pkr"),
        ("verify", "verifikator.pkr"),
        ("approve", "pimpinan.pkr"),
    ]
    log = head.inner_text("#riwayat-alur")
    assert "Lengkapi faktor pendukung dan tindak lanjut." in log and "pimpinan.pkr" in log
    assert "operator.pkr" in head.inner_text("#riwayat-data")
    shot(head, "05-disetujui-terkunci")

    # the operator can no longer change it; the list and the unit page agree with the engine
    op.goto(f"{live_server.url}{detail_path(demo)}")
    assert op.query_selector("#realization-form") is None
    op.goto(f"{live_server.url}/realisasi/PKR/2022/")
    row = op.inner_text('tr[data-indicator="IKK 1.1"]')
    assert value in row and achievement in row and "terkunci" in row
    op.goto(f"{live_server.url}/unit/PKR/?tahun=2022")
    assert op.inner_text('tr[data-indicator="IKK 1.1"] .realization') == value
    assert op.inner_text('tr[data-indicator="IKK 1.1"] .achievement') == achievement
    shot(op, "06-halaman-unit-setelah-disetujui")


def test_sibling_unit_operator_gets_403(live_server: Any, new_context: Any, demo: dict[str, Any]) -> None:
    r = year_record(demo)
    r.status, r.locked = "draft", False
    r.save()
    evidence = ev.add_evidence(
        demo["users"]["operator.pkr"], r, SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf")
    )
    page = as_user(new_context, live_server, "operator.rehsos")
    for path in (
        "/unit/PKR/?tahun=2022",
        "/realisasi/PKR/2022/",
        detail_path(demo),
        f"/realisasi/bukti/{evidence.pk}/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 403, path
        assert "Akses ditolak" in page.content()
        assert "99,25" not in page.content()
    shot(page, "07-akses-ditolak-rehsos")
    # a POST straight at the form is refused as well, and nothing changes
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"{live_server.url}{detail_path(demo)}",
        form={"version": str(r.version), "masukan_n": "1", "masukan_T": "2"},
        headers={"X-CSRFToken": csrf, "Referer": live_server.url + "/"},
    )
    assert response.status == 403
    assert {i.name: i.value for i in year_record(demo).inputs.all()}["n"] == 18658193


def test_concurrent_edit_shows_conflict_and_keeps_first(
    live_server: Any, new_context: Any, demo: dict[str, Any]
) -> None:
    r = Realization.objects.create(
        agency=demo["pkr"].agency, unit=demo["pkr"], indicator=demo["ikk11"], year=2022, quarter=1
    )
    path = detail_path(demo, "tw1")
    first = as_user(new_context, live_server, "operator.pkr", path)
    admin = make_user("admin.kemensos", "admin", demo["units"]["KEMENSOS"])
    admin.set_password(PASSWORD)
    admin.save()
    second = as_user(new_context, live_server, "admin.kemensos", path)
    for page in (first, second):
        page.wait_for_selector("#realization-form")
    first.fill('input[name="masukan_n"]', "4.650.000")
    first.fill('input[name="masukan_T"]', "18.800.000")
    navigate(first, "#realization-form button[type=submit]")
    first.wait_for_selector(".msg-success")
    second.fill('input[name="masukan_n"]', "4.700.000")
    second.fill('input[name="masukan_T"]', "18.800.000")
    second.fill("#id_analysis", "Isian kedua yang tidak boleh hilang.")
    navigate(second, "#realization-form button[type=submit]")
    second.wait_for_selector("#conflict")
    message = second.inner_text("#conflict")
    assert "sudah diubah oleh operator.pkr" in message
    assert "4.650.000" in message  # the stored value, shown
    assert second.input_value('input[name="masukan_n"]') == "4.700.000"  # the user's own input back
    assert second.input_value("#id_analysis") == "Isian kedua yang tidak boleh hilang."
    shot(second, "08-konflik-simpan")
    r.refresh_from_db()
    assert {i.name: i.value for i in r.inputs.all()}["n"] == 4650000
    # saving again, having seen the conflict, is a deliberate overwrite
    navigate(second, "#realization-form button[type=submit]")
    second.wait_for_selector(".msg-success")
    r.refresh_from_db()
    assert {i.name: i.value for i in r.inputs.all()}["n"] == 4700000


def test_bad_number_and_phone_layout(live_server: Any, new_context: Any, demo: dict[str, Any]) -> None:
    phone = as_user(
        new_context,
        live_server,
        "operator.pkr",
        detail_path(demo, "tw2"),
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    phone.fill('input[name="masukan_n"]', "18,658,193x")
    phone.fill('input[name="masukan_T"]', "18.800.000")
    navigate(phone, "#realization-form button[type=submit]")
    phone.wait_for_selector(".field-error")
    assert "angka tidak terbaca" in phone.inner_text(".field-error")
    assert phone.input_value('input[name="masukan_n"]') == "18,658,193x"
    assert not Realization.objects.filter(unit=demo["pkr"], quarter=2).exists()
    # nothing is wider than the phone's screen
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "09-ponsel-formulir-salah-angka")
    phone.goto(f"{live_server.url}/realisasi/PKR/2022/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "10-ponsel-daftar-realisasi")
