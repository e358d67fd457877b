"""An agency's Word template, the ``kinerja report`` command and the download buttons."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from docx import Document as open_docx
from docx.shared import RGBColor
from openpyxl import load_workbook

from kinerja.cli import main
from kinerja.core.types import KinerjaValidationError
from kinerja.interchange import document as d
from kinerja.interchange.db import export_document
from kinerja.organizations.models import Membership, Unit
from kinerja.reports.service import data_hash, generate
from tests.reports.conftest import docx_text, pdf_text


def _template(path: Path) -> Path:
    """A letterhead template as an agency would make it: own heading style, cover with placeholders."""
    doc = open_docx()
    heading = doc.styles["Heading 1"]
    heading.font.name = "Courier New"
    heading.font.color.rgb = RGBColor(0x80, 0x00, 0x00)
    doc.sections[0].header.paragraphs[0].text = "KOP SURAT KEMENTERIAN SOSIAL REPUBLIK INDONESIA"
    doc.add_paragraph("{{judul}}")
    doc.add_paragraph("{{unit}} — {{instansi}}")
    doc.save(path)
    return path


def test_custom_template_styles_cover_and_letterhead(pkr_doc: d.Document, tmp_path: Path) -> None:
    template = _template(tmp_path / "kop.docx")
    out = generate(pkr_doc, "lkj", "PKR", 2022, "docx", template=template)
    doc = open_docx(io.BytesIO(out.content))
    assert doc.styles["Heading 1"].font.name == "Courier New"
    assert doc.styles["Heading 1"].font.color.rgb == RGBColor(0x80, 0x00, 0x00)
    assert doc.paragraphs[0].text == "LAPORAN KINERJA TAHUN 2022"
    assert doc.paragraphs[1].text == "Direktorat Pemberdayaan Kelompok Rentan — Kementerian Sosial"
    assert "KOP SURAT KEMENTERIAN SOSIAL" in doc.sections[0].header.paragraphs[0].text
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert h1[:2] == ["KATA PENGANTAR", "RINGKASAN EKSEKUTIF"]
    # the built-in cover is replaced by the template's
    assert not any(p.text == "LAPORAN KINERJA" for p in doc.paragraphs)


def test_broken_template_is_refused_with_a_message(pkr_doc: d.Document, tmp_path: Path) -> None:
    broken = tmp_path / "rusak.docx"
    broken.write_text("bukan dokumen Word")
    with pytest.raises(KinerjaValidationError, match="templat Word tidak dapat dibuka"):
        generate(pkr_doc, "lkj", "PKR", 2022, "docx", template=broken)
    with pytest.raises(KinerjaValidationError, match="templat Word tidak ditemukan"):
        generate(pkr_doc, "lkj", "PKR", 2022, "docx", template=tmp_path)
    other = tmp_path / "kop.odt"
    other.write_text("x")
    with pytest.raises(KinerjaValidationError, match="harus berkas .docx"):
        generate(pkr_doc, "lkj", "PKR", 2022, "docx", template=other)


def test_template_from_environment_via_cli(
    demo_db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    template = _template(tmp_path / "kop.docx")
    monkeypatch.setenv("KINERJA_DOCX_TEMPLATE", str(template))
    target = tmp_path / "lkj.docx"
    assert main(["report", "lkj", "--unit", "PKR", "--year", "2022", "-o", str(target)]) == 0
    doc = open_docx(str(target))
    assert doc.styles["Heading 1"].font.name == "Courier New"
    expected = data_hash(export_document(unit="PKR"))
    assert doc.core_properties.identifier == f"sha256:{expected}"
    assert expected in capsys.readouterr().out


def test_cli_formats_and_errors(demo_db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "pk.pdf"
    assert main(["report", "pk", "--unit", "PKR", "--year", "2022", "--version", "1", "-o", str(pdf)]) == 0
    assert "Jakarta, (tanggal tidak tercatat)" in pdf_text(pdf.read_bytes())
    xlsx = tmp_path / "renstra.xlsx"
    assert main(["report", "renstra", "--unit", "PKR", "--format", "xlsx", "-o", str(xlsx)]) == 0
    assert load_workbook(xlsx)["Matriks Renstra"]["A1"].value == "MATRIKS KINERJA DAN PENDANAAN"
    capsys.readouterr()
    cases = [
        (
            ["report", "pk", "--unit", "PKR", "--year", "2022", "--version", "7", "-o", str(pdf)],
            "versi 7 tidak ada",
        ),
        (["report", "lkj", "--unit", "NOPE", "--year", "2022", "-o", str(pdf)], "NOPE"),
        (["report", "lkj", "--unit", "PKR", "--year", "2031", "-o", str(pdf)], "tidak punya Renstra"),
        (["report", "lkj", "--unit", "PKR", "-o", str(pdf)], "--year wajib"),
        (
            ["report", "lkj", "--unit", "PKR", "--year", "2022", "-o", str(tmp_path / "x.txt")],
            "format tidak dikenal",
        ),
        (["report", "renstra", "--unit", "PKR", "--format", "pdf", "-o", str(pdf)], "tidak tersedia"),
        (
            [
                "report",
                "lkj",
                "--unit",
                "PKR",
                "--year",
                "2022",
                "--template",
                str(tmp_path / "no.docx"),
                "-o",
                str(tmp_path / "a.docx"),
            ],
            "templat Word tidak ditemukan",
        ),
        (
            ["report", "lkj", "--unit", "PKR", "--year", "2022", "-o", str(tmp_path / "no" / "a.pdf")],
            "folder tujuan tidak ada",
        ),
    ]
    for argv, message in cases:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("Galat: ") and message in err, (argv, err)


@pytest.fixture
def planner(demo_db: None) -> Client:
    user = get_user_model().objects.create_user("perencana", password="s3cret-pass-123")
    Membership.objects.create(user=user, unit=Unit.objects.get(code="KEMENSOS"), role="perencana")
    client = Client()
    client.force_login(user)
    return client


def test_unit_page_has_download_buttons(planner: Client) -> None:
    html = planner.get("/unit/PKR/?tahun=2022").content.decode()
    assert "Unduh LKj (DOCX)" in html and "Unduh LKj (PDF)" in html and "Unduh PK (PDF)" in html
    assert "/laporan/PKR/lkj/?tahun=2022&amp;format=pdf" in html
    assert "/laporan/PKR/pk/?tahun=2022&amp;format=docx" in html
    assert "/laporan/PKR/renstra/?format=xlsx" in html


def test_downloads(planner: Client) -> None:
    r = planner.get("/laporan/PKR/lkj/?tahun=2022&format=pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF") and "104,05%" in pdf_text(r.content)
    assert 'filename="LKj_PKR_2022.pdf"' in r["Content-Disposition"]
    assert r["X-Kinerja-Data-Hash"] == f"sha256:{data_hash(export_document(unit='PKR'))}"
    r = planner.get("/laporan/PKR/lkj/?tahun=2022&format=docx")
    assert r.status_code == 200 and "RINGKASAN EKSEKUTIF" in docx_text(r.content)
    r = planner.get("/laporan/PKR/pk/?tahun=2022&versi=1&format=docx")
    assert r.status_code == 200 and "Jakarta, (tanggal tidak tercatat)" in docx_text(r.content)
    r = planner.get("/laporan/PKR/rencana-aksi/?tahun=2022&format=xlsx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    r = planner.get("/laporan/PKR/renstra/")  # no year needed; xlsx is the only format
    assert r.status_code == 200
    assert (
        load_workbook(io.BytesIO(r.content))["Matriks Renstra"]["A1"].value == "MATRIKS KINERJA DAN PENDANAAN"
    )


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/laporan/PKR/lkj/?tahun=abc&format=pdf", 400, "Tahun harus berupa bilangan bulat"),
        ("/laporan/PKR/lkj/?format=pdf", 400, "Tahun wajib diisi"),
        ("/laporan/PKR/lkj/?tahun=1999&format=pdf", 400, "tidak punya Renstra"),
        ("/laporan/PKR/lkj/?tahun=2022&format=odt", 400, "Format"),
        ("/laporan/PKR/pk/?tahun=2022&versi=9", 400, "versi 9 tidak ada"),
        ("/laporan/PKR/pk/?tahun=2022&versi=-1", 400, "Versi harus berupa bilangan bulat"),
        ("/laporan/PKR/laporan-lain/?tahun=2022", 400, "tidak dikenal"),
        ("/laporan/KEMENSOS/pk/?tahun=2022", 400, "belum punya Perjanjian Kinerja"),
    ],
)
def test_bad_parameters_give_indonesian_message(planner: Client, url: str, status: int, message: str) -> None:
    r = planner.get(url)
    assert r.status_code == status
    assert message in r.content.decode()


def test_access_rules(demo_db: None) -> None:
    assert Client().get("/laporan/PKR/lkj/?tahun=2022").status_code == 302  # login first
    outsider = get_user_model().objects.create_user("luar", password="s3cret-pass-123")
    client = Client()
    client.force_login(outsider)
    assert client.get("/laporan/PKR/lkj/?tahun=2022&format=pdf").status_code == 403
    assert client.get("/laporan/TIDAKADA/lkj/?tahun=2022").status_code == 404


def test_downloaded_lkj_carries_the_recorded_reviu(planner: Client, tmp_path: Path) -> None:
    from datetime import date

    from kinerja.evaluation.services import record_reviu
    from tests.orgtree import make_user

    assert "Pernyataan Telah Direviu" not in docx_text(
        planner.get("/laporan/PKR/lkj/?tahun=2022&format=docx").content
    )
    apip = make_user("apip.unduh", "apip", Unit.objects.get(code="ITJEN"))
    record_reviu(
        apip,
        Unit.objects.get(code="PKR"),
        2022,
        reviewed_on=date(2023, 3, 1),
        reviewer_name="Nama Inspektur",
        reviewer_title="Inspektur Jenderal",
        place="Jakarta",
    )
    r = planner.get("/laporan/PKR/lkj/?tahun=2022&format=docx")
    text = docx_text(r.content)
    assert "Pernyataan Telah Direviu" in text and "Jakarta, 1 Maret 2023" in text and "Nama Inspektur" in text
    assert r["X-Kinerja-Data-Hash"] != f"sha256:{data_hash(export_document(unit='PKR'))}"
    r = planner.get("/laporan/PKR/lkj/?tahun=2021&format=pdf")  # another year: no reviu
    assert r.status_code == 200 and "PERNYATAAN TELAH DIREVIU" not in pdf_text(r.content)
    # the command line prints it too
    out = tmp_path / "lkj.pdf"
    assert main(["report", "lkj", "--unit", "PKR", "--year", "2022", "-o", str(out)]) == 0
    assert "Nama Inspektur" in pdf_text(out.read_bytes())
