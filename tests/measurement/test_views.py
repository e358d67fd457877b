"""The realisation pages (``/realisasi/``) with the Django test client, for each view and role:
what each role may see and do at Dit. PKR of the Kemensos demo, and the 403 for everyone else.

The figures on the pages are compared with the engine's own result for the same data."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from kinerja.core.numbers import show_value
from kinerja.figures.unit_year import compute_document
from kinerja.interchange.db import export_document, import_document
from kinerja.interchange.parse import load_document
from kinerja.measurement import workflow
from kinerja.measurement.models import Evidence, Realization, RealizationEvent
from kinerja.organizations.models import Unit
from kinerja.planning.models import Indicator
from tests.conftest import DEMO_DIR
from tests.orgtree import make_user

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

ROLES = {
    "operator.pkr": ("operator", "PKR"),
    "verifikator.pkr": ("verifikator", "PKR"),
    "pimpinan.pkr": ("pimpinan", "PKR"),
    "perencana": ("perencana", "KEMENSOS"),
    "operator.rehsos": ("operator", "REHSOS"),
    "apip": ("apip", "ITJEN"),
    "admin.kemensos": ("admin", "KEMENSOS"),
}
READERS = ["operator.pkr", "verifikator.pkr", "pimpinan.pkr", "perencana", "apip", "admin.kemensos"]


@pytest.fixture
def demo(db, settings, tmp_path: Path) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    import_document(load_document(DEMO_DIR / "kemensos.yaml", check_refs=False))
    units = {u.code: u for u in Unit.objects.all()}
    users = {name: make_user(name, role, units[code]) for name, (role, code) in ROLES.items()}
    pkr = units["PKR"]
    ikk11 = Indicator.objects.get(plan__unit=pkr, code="IKK 1.1")
    return {"units": units, "users": users, "pkr": pkr, "ikk11": ikk11}


def client(demo: dict[str, Any], name: str | None) -> Client:
    c = Client()
    if name is not None:
        c.force_login(demo["users"][name])
    return c


def url(demo: dict[str, Any], period: str = "tw1", suffix: str = "", year: int = 2022) -> str:
    return f"/realisasi/PKR/{year}/{period}/{demo['ikk11'].pk}/{suffix}"


def save(  # type: ignore[no-untyped-def]
    c: Client,
    demo: dict[str, Any],
    version: int,
    n: str,
    t: str,
    period: str = "tw1",
    year: int = 2022,
    **extra: str,
):
    data = {"version": str(version), "masukan_n": n, "masukan_T": t, "analysis": "analisis"} | extra
    return c.post(url(demo, period, year=year), data)


def record(demo: dict[str, Any], quarter: int | None = 1) -> Realization:
    return Realization.objects.get(unit=demo["pkr"], indicator__code="IKK 1.1", year=2022, quarter=quarter)


def engine_ikk11(period_quarter: int | None = None) -> tuple[str, str]:
    result = compute_document(export_document(unit="PKR"), "PKR", 2022)
    ind = next(i for o in result.objectives for i in o.indicators if i.code == "IKK 1.1")
    return show_value(ind.realization), show_value(ind.achievement)


# --- list ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", READERS)
def test_list_allowed_for_every_role_covering_pkr(demo: dict[str, Any], name: str) -> None:
    response = client(demo, name).get("/realisasi/PKR/2022/")
    assert response.status_code == 200
    html = response.content.decode()
    value, achievement = engine_ikk11()
    assert (value, achievement) == ("99,25", "100,00")
    row = html[html.index('data-indicator="IKK 1.1"') :]
    row = row[: row.index("</tr>")]
    assert value in row and achievement in row
    assert "disetujui" in row and "terkunci" in row
    for code in ("IKK 1.2", "IKK 1.3", "IKK 1.4", "IKK 2.1", "IKK 2.2", "IKK 3.1"):
        assert f'data-indicator="{code}"' in html


def test_list_denied_to_sibling_unit_and_anonymous(demo: dict[str, Any]) -> None:
    response = client(demo, "operator.rehsos").get("/realisasi/PKR/2022/")
    assert response.status_code == 403
    assert "99,25" not in response.content.decode()
    anonymous = client(demo, None).get("/realisasi/PKR/2022/")
    assert anonymous.status_code == 302 and "/masuk/" in anonymous["Location"]
    assert client(demo, "operator.rehsos").get("/realisasi/REHSOS/").status_code in (200, 302)


def test_list_quarters_and_unknown_period(demo: dict[str, Any]) -> None:
    c = client(demo, "operator.pkr")
    for period in ("tw1", "tw2", "tw3", "tw4"):
        html = c.get(f"/realisasi/PKR/2022/?periode={period}").content.decode()
        assert "belum diisi" in html and "target tahunan" in html
    assert c.get("/realisasi/PKR/2022/?periode=tw5").status_code == 404
    assert c.get("/realisasi/TIDAKADA/2022/").status_code == 404
    start = c.get("/realisasi/PKR/")
    assert start.status_code == 302 and start["Location"].endswith("/realisasi/PKR/2022/")


def test_unit_page_links_to_realisations(demo: dict[str, Any]) -> None:
    html = client(demo, "operator.pkr").get("/unit/PKR/?tahun=2022").content.decode()
    assert "/realisasi/PKR/2022/" in html


# --- detail and entry ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", READERS)
def test_detail_readable_by_roles_covering_pkr(demo: dict[str, Any], name: str) -> None:
    response = client(demo, name).get(url(demo, "tahun"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="realization-value">99,25<' in html and 'id="achievement-value">100,00<' in html
    assert "18.658.193" in html and "18.800.000" in html  # the stored inputs, as people write them
    assert 'id="realization-form"' not in html  # approved and locked: no form for anyone


def test_detail_denied_to_sibling(demo: dict[str, Any]) -> None:
    c = client(demo, "operator.rehsos")
    assert c.get(url(demo, "tahun")).status_code == 403
    assert save(c, demo, 0, "1", "2").status_code == 403
    assert not Realization.objects.filter(unit=demo["pkr"], quarter=1).exists()


def test_operator_enters_quarter_with_indonesian_numbers(demo: dict[str, Any]) -> None:
    c = client(demo, "operator.pkr")
    form = c.get(url(demo)).content.decode()
    assert 'id="realization-form"' in form and 'name="masukan_n"' in form and 'name="masukan_T"' in form
    response = save(c, demo, 0, "18.658.193", "18.800.000")
    assert response.status_code == 302
    r = record(demo)
    assert r.status == "draft" and r.version == 2
    assert {i.name: i.value for i in r.inputs.all()} == {"n": 18658193, "T": 18800000}
    html = c.get(url(demo)).content.decode()
    assert 'id="realization-value">99,25<' in html
    assert "Realisasi tersimpan." in html
    # the field history names the user
    assert "operator.pkr" in html[html.index('id="riwayat-data"') :]
    # the list shows the quarter from the engine
    listing = c.get("/realisasi/PKR/2022/?periode=tw1").content.decode()
    row = listing[listing.index('data-indicator="IKK 1.1"') :]
    assert "99,25" in row[: row.index("</tr>")]


@pytest.mark.parametrize("name", ["verifikator.pkr", "pimpinan.pkr", "perencana", "apip"])
def test_roles_without_entry_right_cannot_save(demo: dict[str, Any], name: str) -> None:
    c = client(demo, name)
    assert 'id="realization-form"' not in c.get(url(demo)).content.decode()
    assert save(c, demo, 0, "1", "2").status_code == 403
    assert not Realization.objects.filter(unit=demo["pkr"], quarter=1).exists()


def test_bad_number_is_a_field_error_in_indonesian(demo: dict[str, Any]) -> None:
    c = client(demo, "operator.pkr")
    response = save(c, demo, 0, "18,658,193x", "18.800.000")
    assert response.status_code == 400
    html = response.content.decode()
    assert "angka tidak terbaca" in html and "18,658,193x" in html
    assert not Realization.objects.filter(unit=demo["pkr"], quarter=1).exists()


def test_version_conflict_keeps_both(demo: dict[str, Any]) -> None:
    first, second = client(demo, "operator.pkr"), client(demo, "admin.kemensos")
    assert save(first, demo, 0, "100", "200").status_code == 302
    version = record(demo).version
    assert save(first, demo, version, "150", "200").status_code == 302
    response = save(second, demo, version, "175", "200", analysis="isian kedua")
    assert response.status_code == 409
    html = response.content.decode()
    assert "sudah diubah oleh operator.pkr" in html
    assert 'value="175"' in html and "isian kedua" in html  # the user's own input is back
    assert "Data tersimpan sekarang" in html and "150" in html
    assert {i.name: i.value for i in record(demo).inputs.all()}["n"] == 150
    # a stale empty form (version 0) after someone created the record is a conflict, too
    assert save(second, demo, 0, "1", "2").status_code == 409


def test_locked_record_refuses_saves(demo: dict[str, Any]) -> None:
    c = client(demo, "operator.pkr")
    r = Realization.objects.get(unit=demo["pkr"], indicator__code="IKK 1.1", year=2022, quarter=None)
    response = save(c, demo, r.version, "1", "2", period="tahun")
    assert response.status_code == 400
    assert "terkunci" in response.content.decode()
    r.refresh_from_db()
    assert {i.name: i.value for i in r.inputs.all()}["n"] == 18658193


def test_preview_uses_the_engine(demo: dict[str, Any]) -> None:
    c = client(demo, "operator.pkr")
    html = c.post(url(demo, suffix="pratinjau/"), {"masukan_n": "18.658.193", "masukan_T": "18.800.000"})
    assert "99,25" in html.content.decode() and "100,00" in html.content.decode()
    assert not Realization.objects.filter(unit=demo["pkr"], quarter=1).exists()
    assert client(demo, "operator.rehsos").post(url(demo, suffix="pratinjau/"), {}).status_code == 403


# --- workflow -----------------------------------------------------------------------------------


def step(c: Client, demo: dict[str, Any], action: str, comment: str = "", period: str = "tw1"):  # type: ignore[no-untyped-def]
    r = record(demo, None if period == "tahun" else 1)
    return c.post(
        url(demo, period, "langkah/"), {"langkah": action, "version": r.version, "catatan": comment}
    )


def test_workflow_steps_by_role(demo: dict[str, Any]) -> None:
    op, ver, pim = (client(demo, n) for n in ("operator.pkr", "verifikator.pkr", "pimpinan.pkr"))
    save(op, demo, 0, "18.658.193", "18.800.000")
    for name in ("verifikator.pkr", "pimpinan.pkr", "perencana", "apip", "operator.rehsos"):
        assert step(client(demo, name), demo, "submit").status_code == 403, name
    assert step(op, demo, "submit").status_code == 302
    assert record(demo).status == "submitted"
    assert step(op, demo, "verify").status_code == 403
    assert step(pim, demo, "verify").status_code == 403
    # return needs a comment
    response = step(ver, demo, "return")
    assert response.status_code == 302
    assert "wajib" in ver.get(url(demo)).content.decode()
    assert record(demo).status == "submitted"
    step(ver, demo, "return", "Lampirkan berita acara rekonsiliasi.")
    assert record(demo).status == "draft"
    page = op.get(url(demo)).content.decode()
    assert "Lampirkan berita acara rekonsiliasi." in page and 'id="realization-form"' in page
    step(op, demo, "submit")
    assert step(ver, demo, "verify").status_code == 302
    assert step(op, demo, "approve").status_code == 403
    assert step(client(demo, "apip"), demo, "approve").status_code == 403
    assert step(pim, demo, "approve").status_code == 302
    r = record(demo)
    assert r.status == "approved" and r.locked
    actions = list(RealizationEvent.objects.filter(realization=r).values_list("action", flat=True))
    assert actions == ["submit", "return", "submit", "verify", "approve"]
    html = op.get(url(demo)).content.decode()
    assert "terkunci" in html and 'id="realization-form"' not in html
    assert "Lampirkan berita acara rekonsiliasi." in html[html.index('id="riwayat-alur"') :]
    # lock exception: admin only, reason required
    assert step(op, demo, "open_lock", "koreksi").status_code == 403
    assert step(pim, demo, "open_lock", "koreksi").status_code == 403
    admin = client(demo, "admin.kemensos")
    step(admin, demo, "open_lock", "")
    assert record(demo).locked
    assert step(admin, demo, "open_lock", "Salah ketik nilai T").status_code == 302
    assert not record(demo).locked
    assert 'id="realization-form"' in op.get(url(demo)).content.decode()
    assert step(op, demo, "relock").status_code == 403
    assert step(admin, demo, "relock").status_code == 302
    assert record(demo).locked


def test_step_with_stale_version_changes_nothing(demo: dict[str, Any]) -> None:
    op = client(demo, "operator.pkr")
    save(op, demo, 0, "1", "2")
    stale = record(demo).version
    save(op, demo, stale, "3", "2")
    response = op.post(url(demo, "tw1", "langkah/"), {"langkah": "submit", "version": stale})
    assert response.status_code == 302
    assert record(demo).status == "draft"
    assert "sudah diubah" in op.get(url(demo)).content.decode()


def test_unknown_step_and_missing_record(demo: dict[str, Any]) -> None:
    op = client(demo, "operator.pkr")
    assert op.post(url(demo, "tw2", "langkah/"), {"langkah": "submit"}).status_code == 404
    save(op, demo, 0, "1", "2")
    assert op.post(url(demo, "tw1", "langkah/"), {"langkah": "hapus"}).status_code == 400


# --- evidence -----------------------------------------------------------------------------------


def upload(  # type: ignore[no-untyped-def]
    c: Client, demo: dict[str, Any], name: str, content: bytes, period: str = "tw1", year: int = 2022
):
    f = io.BytesIO(content)
    f.name = name
    return c.post(url(demo, period, "bukti/", year=year), {"berkas": f})


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def test_evidence_upload_download_and_access(demo: dict[str, Any], settings) -> None:  # type: ignore[no-untyped-def]
    op = client(demo, "operator.pkr")
    assert upload(op, demo, "Berita Acara Rekon.pdf", PDF).status_code == 302
    e = Evidence.objects.get(realization=record(demo))
    assert e.reference == "Berita Acara Rekon.pdf" and e.content_type == "application/pdf"
    assert e.size == len(PDF) and len(e.sha256) == 64
    stored = Path(settings.MEDIA_ROOT) / e.file.name
    assert stored.read_bytes() == PDF
    assert "Rekon" not in e.file.name and e.file.name.startswith("bukti/") and e.file.name.endswith(".pdf")
    for name in READERS:
        response = client(demo, name).get(f"/realisasi/bukti/{e.pk}/")
        assert response.status_code == 200, name
        assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        # a PDF may carry JavaScript: downloaded, never shown in the page's origin (issue #11)
        assert response["Content-Disposition"].startswith("attachment")
        assert "sandbox" in response["Content-Security-Policy"]
    assert client(demo, "operator.rehsos").get(f"/realisasi/bukti/{e.pk}/").status_code == 403
    assert client(demo, None).get(f"/realisasi/bukti/{e.pk}/").status_code == 302
    assert client(demo, "operator.pkr").get("/realisasi/bukti/999999/").status_code == 404
    attachment = op.get(f"/realisasi/bukti/{e.pk}/?unduh=1")
    assert attachment["Content-Disposition"].startswith("attachment")
    assert upload(op, demo, "laporan.docx", docx_bytes()).status_code == 302
    assert (
        upload(
            op, demo, "data.csv", "kode;nilai;keterangan\nIKK 1.1;99,25;tepat sasaran – 2022\n".encode()
        ).status_code
        == 302
    )
    assert upload(op, demo, "foto.png", PNG).status_code == 302
    png = Evidence.objects.get(realization=record(demo), reference="foto.png")
    shown = op.get(f"/realisasi/bukti/{png.pk}/")
    assert shown["Content-Type"] == "image/png" and "sandbox" in shown["Content-Security-Policy"]
    docx = Evidence.objects.get(realization=record(demo), reference="laporan.docx")
    assert op.get(f"/realisasi/bukti/{docx.pk}/")["Content-Disposition"].startswith("attachment")
    assert Evidence.objects.filter(realization=record(demo)).count() == 4


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("palsu.pdf", PNG, "bukan PDF"),
        ("program.exe", b"MZ\x90\x00", "tidak diterima"),
        ("skrip.pdf", b"<script>alert(1)</script>", "bukan PDF"),
        ("kosong.pdf", b"", "kosong"),
        ("tabel.xlsx", docx_bytes(), "bukan XLSX"),
        ("biner.csv", b"\x00\x01\x02\x03", "bukan CSV"),
    ],
)
def test_evidence_refused_by_content(demo: dict[str, Any], name: str, content: bytes, message: str) -> None:
    op = client(demo, "operator.pkr")
    save(op, demo, 0, "1", "2")
    response = upload(op, demo, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evidence.objects.filter(realization=record(demo)).exists()


def test_evidence_size_limit(demo: dict[str, Any], settings) -> None:  # type: ignore[no-untyped-def]
    settings.KINERJA_MAX_EVIDENCE_BYTES = 100
    op = client(demo, "operator.pkr")
    response = upload(op, demo, "besar.pdf", PDF + b"0" * 200)
    assert response.status_code == 400 and "terlalu besar" in response.content.decode()
    assert not Evidence.objects.exists() or not Evidence.objects.filter(reference="besar.pdf").exists()


@pytest.mark.parametrize("name", ["verifikator.pkr", "pimpinan.pkr", "perencana", "apip", "operator.rehsos"])
def test_evidence_upload_denied(demo: dict[str, Any], name: str) -> None:
    assert upload(client(demo, name), demo, "a.pdf", PDF).status_code == 403
    assert not Evidence.objects.filter(reference="a.pdf").exists()


def test_evidence_delete_only_while_editable(  # type: ignore[no-untyped-def]
    demo: dict[str, Any], settings, django_capture_on_commit_callbacks
) -> None:
    op = client(demo, "operator.pkr")
    upload(op, demo, "satu.pdf", PDF)
    upload(op, demo, "dua.pdf", PDF)
    first, second = Evidence.objects.filter(realization=record(demo)).order_by("position")
    path = Path(settings.MEDIA_ROOT) / first.file.name
    assert client(demo, "operator.rehsos").post(f"/realisasi/bukti/{first.pk}/hapus/").status_code == 403
    assert client(demo, "verifikator.pkr").post(f"/realisasi/bukti/{first.pk}/hapus/").status_code == 403
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert op.post(f"/realisasi/bukti/{first.pk}/hapus/").status_code == 302
    assert not Evidence.objects.filter(pk=first.pk).exists()
    assert not path.exists()
    step(op, demo, "submit")
    assert op.post(f"/realisasi/bukti/{second.pk}/hapus/").status_code == 302
    assert Evidence.objects.filter(pk=second.pk).exists()
    assert "hanya dapat diubah" in op.get(url(demo)).content.decode()
    assert upload(op, demo, "tiga.pdf", PDF).status_code == 400
    # the deletion is in the record's history
    history = op.get(url(demo)).content.decode()
    assert "bukti dukung" in history[history.index('id="riwayat-data"') :]


# --- menunggu saya ------------------------------------------------------------------------------


def test_waiting_lists_follow_the_steps(demo: dict[str, Any]) -> None:
    op, ver, pim = (client(demo, n) for n in ("operator.pkr", "verifikator.pkr", "pimpinan.pkr"))
    assert "Tidak ada yang menunggu" in ver.get("/realisasi/menunggu/").content.decode()
    save(op, demo, 0, "1", "2")
    assert "perlu dilengkapi dan diajukan" in op.get("/realisasi/menunggu/").content.decode()
    step(op, demo, "submit")
    assert "menunggu verifikasi" in ver.get("/realisasi/menunggu/").content.decode()
    assert "Tidak ada yang menunggu" in pim.get("/realisasi/menunggu/").content.decode()
    step(ver, demo, "return", "Perbaiki nilai T")
    html = op.get("/realisasi/menunggu/").content.decode()
    assert "dikembalikan" in html and "Perbaiki nilai T" in html
    step(op, demo, "submit")
    step(ver, demo, "verify")
    assert "menunggu persetujuan" in pim.get("/realisasi/menunggu/").content.decode()
    for name in ("operator.rehsos", "apip", "perencana"):
        html = client(demo, name).get("/realisasi/menunggu/").content.decode()
        assert "Tidak ada yang menunggu" in html, name
    assert client(demo, None).get("/realisasi/menunggu/").status_code == 302


def test_waiting_for_function(demo: dict[str, Any]) -> None:
    users = demo["users"]
    r = Realization.objects.create(
        agency=demo["pkr"].agency, unit=demo["pkr"], indicator=demo["ikk11"], year=2022, quarter=2
    )
    workflow.submit(users["operator.pkr"], r)
    items = workflow.waiting_for(users["verifikator.pkr"])
    assert [(i.realization.pk, i.step) for i in items] == [(r.pk, "verify")]
    assert workflow.waiting_for(users["operator.rehsos"]) == []
    assert [i.step for i in workflow.waiting_for(users["admin.kemensos"])] == ["verify"]


def test_year_outside_the_plan_is_404(demo: dict[str, Any]) -> None:
    op = client(demo, "operator.pkr")
    assert op.get(url(demo, "tahun", year=2030)).status_code == 404
    assert save(op, demo, 0, "1", "2", period="tahun", year=2030).status_code == 404
    assert upload(op, demo, "a.pdf", PDF, period="tahun", year=2030).status_code == 404
    assert not Realization.objects.filter(year=2030).exists()
    assert "belum memiliki Renstra" in op.get("/realisasi/PKR/2030/").content.decode()


def test_admin_shows_evidence_through_the_checked_view(demo: dict[str, Any]) -> None:
    upload(client(demo, "operator.pkr"), demo, "bukti.pdf", PDF)
    e = Evidence.objects.get(reference="bukti.pdf")
    root = make_user("root", is_superuser=True, is_staff=True)
    c = Client()
    c.force_login(root)
    html = c.get(f"/admin/measurement/evidence/{e.pk}/change/").content.decode()
    assert f'href="/realisasi/bukti/{e.pk}/"' in html
    assert e.file.name not in html  # the stored path is never a link


def test_waiting_after_a_lock_exception(demo: dict[str, Any]) -> None:
    users = demo["users"]
    r = Realization.objects.get(unit=demo["pkr"], indicator__code="IKK 1.1", year=2022, quarter=None)
    assert workflow.waiting_for(users["operator.pkr"]) == []
    workflow.open_lock_exception(users["admin.kemensos"], r, "Koreksi nilai T")
    assert [(i.realization.pk, i.step) for i in workflow.waiting_for(users["operator.pkr"])] == [
        (r.pk, "edit")
    ]
    assert [i.step for i in workflow.waiting_for(users["admin.kemensos"])] == ["edit"]
    html = client(demo, "operator.pkr").get("/realisasi/menunggu/").content.decode()
    assert "kunci dibuka: perlu dikoreksi" in html
    page = client(demo, "operator.pkr").get(url(demo, "tahun")).content.decode()
    assert 'id="realization-form"' in page and "Koreksi nilai T" in page
    workflow.relock(users["admin.kemensos"], r)
    assert workflow.waiting_for(users["operator.pkr"]) == []
