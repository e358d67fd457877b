"""Page layout of the official documents, read back from the files the renderers write.

Small ``ReportDocument``s built here exercise the front matter (pages i, ii, iii, then the body
from 1), the draft mark, the lists of tables and figures, signature blocks and hostile text; the
LibreOffice test (skipped without ``soffice``) lays the demo's DOCX out as a reader would and
compares it with what the table of contents and the lists promise.
"""

from __future__ import annotations

import dataclasses
import io
import math
import os
import re
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from PIL import Image as PILImage
from pypdf import PdfReader

from kinerja.interchange import document as d
from kinerja.reports.model import (
    BulletList,
    CaptionList,
    Heading,
    Image,
    PageBreak,
    Paragraph,
    Provenance,
    ReportDocument,
    Signature,
    Spacer,
    Table,
    TableOfContents,
    roman,
)
from kinerja.reports.render_docx import render_docx
from kinerja.reports.render_pdf import page_map, render_pdf
from kinerja.reports.service import generate

FILLER = (
    "Capaian kinerja dihitung dengan membandingkan realisasi terhadap target yang berlaku pada "
    "Perjanjian Kinerja, lalu dirata-ratakan per sasaran dan untuk unit kerja secara keseluruhan."
)
HOSTILE = (
    '<img src=x onerror="alert(1)">',
    '<img src="/etc/hostname"/>',
    '<a href="http://phish.example/login">Masuk</a>',
    "<b>tebal</b> &amp; <font size=40>besar</font> </para> ]]> <!-- -->",
)
ROMAN_LABEL = re.compile(r"^[ivxlcdm]+$")


def _png() -> bytes:
    buf = io.BytesIO()
    PILImage.new("RGB", (300, 150), (31, 95, 153)).save(buf, format="PNG")
    return buf.getvalue()


def _provenance() -> Provenance:
    return Provenance("0" * 64, datetime(2023, 2, 1, tzinfo=UTC), "Kinerja uji")


def _table(rows: int, caption: str) -> Table:
    return Table(
        header=("Kode", "Uraian", "Satuan", "Realisasi", "Pagu"),
        rows=tuple(
            (f"IKK {i}", FILLER[:60], "%", "99,25", "Rp28.191.006.288.000") for i in range(1, rows + 1)
        ),
        widths=(1.2, 7, 1.2, 1.6, 3.5),
        numeric=frozenset({3, 4}),
        caption=caption,
    )


def sample(draft_mark: str = "DRAF", filler_before_signature: int = 6) -> ReportDocument:
    """Cover, three front-matter parts (one two pages long), a body of three chapters with tables,
    a figure and a closing signature."""
    doc = ReportDocument(
        title="Laporan Kinerja Tahun 2022",
        subject="Direktorat Uji",
        author="Kementerian Uji",
        provenance=_provenance(),
        draft_mark=draft_mark,
    )
    doc.cover = [Spacer(6), Paragraph("LAPORAN KINERJA", bold=True, align="center", size=24)]
    doc.front = [
        Heading("KATA PENGANTAR"),
        *[Paragraph(FILLER) for _ in range(28)],
        Signature(
            "Jakarta, 1 Februari 2023", "Direktur Uji,", "Nama Penanda Tangan", "NIP 197001012000031001"
        ),
        PageBreak(),
        TableOfContents(),
        PageBreak(),
        CaptionList("table"),
        CaptionList("figure"),
        PageBreak(),
        Heading("RINGKASAN EKSEKUTIF"),
        _table(4, "Tabel Ringkasan capaian"),
    ]
    doc.add(
        Heading("BAB I PENDAHULUAN"),
        Heading("A. Latar Belakang", 2),
        *[Paragraph(FILLER) for _ in range(10)],
        _table(5, "Tabel 1.1 Capaian sasaran"),
        Heading("B. Tugas dan Fungsi", 2),
        BulletList(("Satu", "Dua")),
        PageBreak(),
        Heading("BAB II PERENCANAAN KINERJA"),
        Image(_png(), 12, "Gambar 2.1 Capaian per sasaran"),
        _table(40, "Tabel 2.1 Target per indikator"),
        PageBreak(),
        Heading("BAB III PENUTUP"),
        *[Paragraph(FILLER) for _ in range(filler_before_signature)],
        Signature(
            "Jakarta, 1 Februari 2023", "Direktur Uji,", "Nama Penanda Tangan", "NIP 197001012000031001"
        ),
    )
    return doc


def _pages(content: bytes) -> list[str]:
    """The text of each page (pdfium keeps a listing's text, dot leader and number on one line)."""
    pdf = pdfium.PdfDocument(content)
    try:
        return [pdf[i].get_textpage().get_text_range().replace("\r\n", "\n") for i in range(len(pdf))]
    finally:
        pdf.close()


def _footer_label(page_text: str) -> str | None:
    found = re.findall(r"Halaman (\S+)", page_text)
    return found[-1] if found else None


def _listing_lines(page_text: str) -> dict[str, str]:
    """The lines 'text . . . . page' of a table of contents or list on a PDF page."""
    out = {}
    for line in page_text.splitlines():
        m = re.match(r"^(.*?\S)\s*(?:\.\s*){3,}([ivxlcdm]+|\d+)$", line.strip())
        if m:
            out[m.group(1)] = m.group(2)
    return out


def _where(pages: list[str], text: str, skip: int) -> str | None:
    """The footer label of the first page after ``skip`` pages whose text has ``text``."""
    for page in pages[skip:]:
        if text in page:
            return _footer_label(page)
    return None


# --- PDF --------------------------------------------------------------------------------------


def test_pdf_front_matter_roman_then_body_from_one_with_draft_on_every_page() -> None:
    pdf = render_pdf(sample())
    pages = _pages(pdf)
    assert all("DRAF" in page for page in pages), "the draft mark must be on every page"
    assert _footer_label(pages[0]) is None  # the cover carries no number
    labels = [_footer_label(p) for p in pages[1:]]
    front = [label for label in labels if label and ROMAN_LABEL.match(label)]
    assert front == [roman(i) for i in range(1, len(front) + 1)] and len(front) >= 4
    body = labels[len(front) :]
    assert body == [str(i) for i in range(1, len(body) + 1)]
    # the viewer's page labels say the same
    assert PdfReader(io.BytesIO(pdf)).page_labels == ["Sampul", *front, *body]


def test_pdf_table_of_contents_and_lists_give_the_printed_page() -> None:
    pdf = render_pdf(sample())
    pages = _pages(pdf)
    toc_page = next(p for p in pages if "DAFTAR ISI" in p)
    toc = _listing_lines(toc_page)
    expected = {
        "KATA PENGANTAR": "i",
        "RINGKASAN EKSEKUTIF": None,
        "BAB I PENDAHULUAN": "1",
        "A. Latar Belakang": "1",
        "B. Tugas dan Fungsi": None,
        "BAB II PERENCANAAN KINERJA": None,
        "BAB III PENUTUP": None,
    }
    assert set(expected) <= set(toc)
    after_toc = pages.index(toc_page) + 1
    for heading, fixed in expected.items():
        skip = 1 if heading == "KATA PENGANTAR" else after_toc
        actual = _where(pages, heading, skip)
        assert toc[heading] == actual, heading
        if fixed:
            assert actual == fixed
    assert ROMAN_LABEL.match(toc["RINGKASAN EKSEKUTIF"])
    lists = next(p for p in pages if "DAFTAR TABEL" in p)
    listed = _listing_lines(lists)
    for caption in (
        "Tabel 1.1 Capaian sasaran",
        "Tabel 2.1 Target per indikator",
        "Gambar 2.1 Capaian per sasaran",
    ):
        assert listed[caption] == _where(pages, caption, pages.index(lists) + 1), caption
    assert ROMAN_LABEL.match(listed["Tabel Ringkasan capaian"])  # in the front matter


def test_pdf_empty_list_says_so() -> None:
    doc = sample()
    doc.blocks = [b for b in doc.blocks if not isinstance(b, Image)]
    text = "\n".join(_pages(render_pdf(doc)))
    assert "Tidak ada gambar dalam dokumen ini." in text
    assert "Placeholder" not in text


@pytest.mark.parametrize("filler", range(18, 40, 3))
def test_pdf_signature_never_splits(filler: int) -> None:
    """Whatever the text before it, the place and date, title, name and NIP share one page."""
    pages = _pages(render_pdf(sample(filler_before_signature=filler)))
    last = [p for p in pages if "BAB III PENUTUP" in p or "NIP 197001012000031001" in p][-1]
    for part in (
        "Jakarta, 1 Februari 2023",
        "Direktur Uji,",
        "Nama Penanda Tangan",
        "NIP 197001012000031001",
    ):
        assert part in last, (filler, part)


def test_pdf_hostile_text_is_printed_not_obeyed() -> None:
    doc = sample(draft_mark="<b>DRAF</b>")
    doc.title = HOSTILE[0]
    for text in HOSTILE:
        doc.add(
            Heading(text),
            Heading(text, 2),
            Heading(text, 3, toc=False),
            Paragraph(text, bold=True),
            BulletList((text,)),
            Table(header=(text, "Nilai"), rows=((text, text),), caption=text),
            Image(_png(), 5, text),
            Signature(text, text, text, text),
        )
    pdf = render_pdf(doc)
    text = "\n".join(_pages(pdf))
    for hostile in HOSTILE:
        assert hostile in text
    assert "<b>DRAF</b>" in text
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        for annot in page.get("/Annots") or []:  # internal links of the lists only
            action = annot.get_object().get("/A") or {}
            assert action.get("/S") != "/URI", "a live external link"
        for xobject in (page["/Resources"].get("/XObject") or {}).values():
            picture = xobject.get_object()
            if picture.get("/Subtype") == "/Image":  # only our own 300 x 150 test picture
                assert (picture["/Width"], picture["/Height"]) == (300, 150)
    hostname = Path("/etc/hostname")
    if hostname.exists() and hostname.read_text().strip():
        assert hostname.read_text().strip() not in text


# --- DOCX -------------------------------------------------------------------------------------


def _docx(content: bytes) -> Any:
    return open_docx(io.BytesIO(content))


def _field_pages(paragraph: Any) -> tuple[str | None, str]:
    """(PAGEREF bookmark, shown page) of a listing line."""
    xml = paragraph._p
    instr = "".join(t.text or "" for t in xml.iter(qn("w:instrText")))
    m = re.search(r"PAGEREF (\S+)", instr)
    return (m.group(1) if m else None), paragraph.text.rsplit("\t", 1)[-1]


def test_docx_sections_numbered_roman_then_arabic_with_draft_in_every_header() -> None:
    doc = _docx(render_docx(sample()))
    formats = []
    for section in doc.sections:
        el = section._sectPr.find(qn("w:pgNumType"))
        formats.append(None if el is None else (el.get(qn("w:fmt")), el.get(qn("w:start"))))
    assert formats == [None, ("lowerRoman", "1"), ("decimal", "1")]
    assert "PAGE" not in doc.sections[0].footer._element.xml  # the cover is not numbered
    for section in doc.sections:  # every page shows a header (its own or the one it links to)
        header = section.header._element
        assert "DRAF" in header.xpath("string(.)")
        assert 'string="DRAF"' in header.xml  # and the diagonal watermark
    assert "DRAF" not in _docx(render_docx(sample(draft_mark=""))).sections[0].header._element.xpath(
        "string(.)"
    )


@pytest.mark.parametrize("with_cover", [True, False])
def test_docx_draft_mark_keeps_the_templates_letterhead(tmp_path: Path, with_cover: bool) -> None:
    template = open_docx()
    template.sections[0].header.paragraphs[0].text = "KOP SURAT KEMENTERIAN UJI"
    if with_cover:
        template.add_paragraph("{{judul}} — {{unit}}")
    path = tmp_path / "templat.docx"
    template.save(str(path))
    report = sample()
    report.placeholders = {"judul": "LAPORAN KINERJA", "unit": "Direktorat Uji"}
    doc = _docx(render_docx(report, template=path))
    assert len(doc.sections) >= 2
    for section in doc.sections:
        shown = section.header._element.xpath("string(.)")
        assert "KOP SURAT KEMENTERIAN UJI" in shown and "DRAF" in shown
    texts = [p.text for p in doc.paragraphs]
    assert ("LAPORAN KINERJA — Direktorat Uji" in texts) is with_cover
    # the table of contents still points at the right headings (the template's cover replaced
    # the built-in one without shifting the bookmarks)
    marks = {m.get(qn("w:name")): p.text for p in doc.paragraphs for m in p._p.iter(qn("w:bookmarkStart"))}
    for p in doc.paragraphs:
        bookmark, _ = _field_pages(p)
        if bookmark:
            assert marks[bookmark] == p.text.rsplit("\t", 1)[0]


def test_docx_table_of_contents_and_lists_are_filled_and_linked() -> None:
    report = sample()
    doc = _docx(render_docx(report))
    pages = page_map(report)
    body_xml = doc.element.body
    assert 'TOC \\o "1-2"' in body_xml.xml  # Word's own table of contents field ...
    assert "Perbarui" not in body_xml.xml and "update" not in body_xml.xpath("string(.)").lower()
    bookmarks = {}
    for p in doc.paragraphs:
        for mark in p._p.iter(qn("w:bookmarkStart")):
            bookmarks[mark.get(qn("w:name"))] = p.text
    lines = [p for p in doc.paragraphs if "\t" in p.text and p.paragraph_format.tab_stops]
    shown = {p.text.rsplit("\t", 1)[0]: _field_pages(p) for p in lines}
    # ... whose shown result lists every heading with the page of the PDF layout
    for _level, text, label in pages.headings:
        bookmark, page = shown[text]
        assert page == label, text
        if ROMAN_LABEL.match(label):
            assert bookmark is None  # front matter: the printed roman numeral, as text
        else:
            assert bookmarks[bookmark] == text  # a PAGEREF to the heading itself
    for kind in ("table", "figure"):
        for caption, label in pages.captions[kind]:
            bookmark, page = shown[caption]
            assert page == label
            assert bookmark is None or bookmarks[bookmark] == caption


def test_docx_keeps_signatures_short_tables_and_rows_together() -> None:
    doc = _docx(render_docx(sample()))
    paragraphs = doc.paragraphs
    for i, p in enumerate(paragraphs):
        if p.text == "Jakarta, 1 Februari 2023":
            block = paragraphs[i : i + 4]
            assert [q.text for q in block][-1] == "NIP 197001012000031001"
            assert all(q.paragraph_format.keep_with_next for q in block[:-1])
    for table in doc.tables:
        rows = table.rows
        assert all(r._tr.trPr is not None and r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)
        if len(rows) <= 13:  # header + at most 12 rows: the whole table on one page
            for row in rows[:-1]:
                assert all(c.paragraphs[0].paragraph_format.keep_with_next for c in row.cells)


def test_docx_no_paragraph_can_leave_a_blank_page() -> None:
    """A page break is 'page break before' of the next paragraph, and no empty paragraph stands
    right before it or before a section break (landing alone on a new page it would make a blank
    one)."""
    body = _docx(render_docx(sample())).element.body
    paragraphs = list(body.iterchildren(qn("w:p")))

    def empty(p: Any) -> bool:
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        return not text.strip() and p.find(f".//{qn('w:drawing')}") is None

    for p in paragraphs:
        ppr = p.find(qn("w:pPr"))
        starts_page = ppr is not None and ppr.find(qn("w:pageBreakBefore")) is not None
        ends_section = ppr is not None and ppr.find(qn("w:sectPr")) is not None
        assert not p.findall(f".//{qn('w:br')}[@{qn('w:type')}='page']"), "a page break paragraph"
        if starts_page or (ends_section and empty(p)):
            previous = p.getprevious()
            assert not (previous is not None and previous.tag == qn("w:p") and empty(previous))


def test_docx_fonts_and_language_are_explicit() -> None:
    doc = _docx(render_docx(sample()))
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:ascii")) == "Arial"
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "id-ID"
    assert "asciiTheme" not in styles.xml  # no theme font LibreOffice would have to guess


def test_docx_hostile_text_stays_text() -> None:
    doc = sample()
    for text in HOSTILE:
        doc.add(Heading(text), Paragraph(text), Table(header=(text, "x"), rows=((text, text),), caption=text))
    content = render_docx(doc)
    opened = _docx(content)
    texts = [p.text for p in opened.paragraphs]
    for hostile in HOSTILE:
        assert hostile in texts
    assert "phish.example" not in "".join(r.target_ref for r in opened.part.rels.values() if r.is_external)


def test_plain_documents_still_render() -> None:
    """A caller that sets no cover, front matter, draft mark or lists gets what it got before:
    pages numbered from 1, no draft, one section."""
    doc = ReportDocument("Dokumen", "Unit", "Instansi", _provenance())
    doc.add(Heading("JUDUL"), Paragraph(FILLER), _table(3, "Tabel 1"))
    pages = _pages(render_pdf(doc))
    assert [_footer_label(p) for p in pages] == ["1"] and "DRAF" not in pages[0]
    opened = _docx(render_docx(doc))
    assert len(opened.sections) == 1 and "DRAF" not in opened.sections[0].header._element.xpath("string(.)")


# --- the demo, laid out by LibreOffice ---------------------------------------------------------


def _soffice_pdf(content: bytes, stem: str) -> list[str]:
    """The DOCX converted to PDF by LibreOffice (its own profile: other instances may run), as text
    per page."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"{stem}.docx"
        src.write_bytes(content)
        profile = Path(tmp) / "profile"
        subprocess.run(
            [
                shutil.which("soffice") or "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=240,
        )
        return _pages((Path(tmp) / f"{stem}.pdf").read_bytes())


def _docx_footer_label(page_text: str) -> str | None:
    found = re.findall(r"halaman (\S+)", page_text)
    return found[-1] if found else None


def _lkj_model(doc: d.Document) -> ReportDocument:
    from kinerja.reports.assemble import assemble_unit_year
    from kinerja.reports.lkj import build_lkj

    return build_lkj(assemble_unit_year(doc, "PKR", 2022), _provenance(), None)


def _layout_faults(pages: list[str], report: ReportDocument) -> tuple[list[str], list[str]]:
    """(header words and amounts broken across lines in a table, headings or captions left at
    the bottom of a page) in the text of laid-out pages."""
    blocks = [*report.front, *report.blocks]
    words: set[str] = set()
    for table in (b for b in blocks if isinstance(b, Table)):
        for cell in table.header:
            words |= {w for w in re.split(r"[\s()]+", cell) if len(w) >= 4}
        for row in table.rows:
            words |= {
                w for cell in row for w in cell.split() if re.fullmatch(r"(Rp)?[\d.,]+%?", w) and len(w) >= 6
            }
    text = "\n".join(pages)
    broken = [
        w
        for w in sorted(words)
        for k in range(1, len(w))
        if re.search(rf"(?<![\w.,]){re.escape(w[:k])}\n{re.escape(w[k:])}(?![\w.,])", text)
    ]
    # a table's caption stands above it; a figure's below it, so a figure caption may end a page
    ends = [b.text for b in blocks if isinstance(b, Heading)]
    ends += [b.caption for b in blocks if isinstance(b, Table) and b.caption]
    orphans = []
    for page in pages:
        if re.search(r"[Hh]alaman [ivxlc]+\s*$", page.strip()):
            continue  # the front matter: its lists name every caption, one per line
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        lines = [line for line in lines if line != "DRAF" and not line.startswith(report.title)]
        tail = " ".join(" ".join(lines[-3:]).split())
        orphans += [h for h in ends if lines and tail.endswith(" ".join(h.split()))]
    return broken, orphans


def test_demo_pdf_breaks_no_word_and_strands_no_heading(pkr_doc: d.Document) -> None:
    pages = _pages(generate(pkr_doc, "lkj", "PKR", 2022, "pdf").content)
    assert _layout_faults(pages, _lkj_model(pkr_doc)) == ([], [])


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_demo_docx_as_libreoffice_lays_it_out(pkr_doc: d.Document) -> None:
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    pk = _soffice_pdf(generate(pkr_doc, "pk", "PKR", 2022, "docx").content, "pk")
    assert len(pk) == 2  # statement and annex: no blank page between them
    for page in pk:  # each page ends with both signatures under their titles
        assert "Dewi Suhartini" in page.partition("Pihak Pertama,")[2]
    pages = _soffice_pdf(generate(pkr_doc, "lkj", "PKR", 2022, "docx").content, "lkj")
    text = "\n".join(pages)
    for page in pages:  # no blank page: something besides the footer on each
        assert [line for line in page.splitlines() if line.strip() and "halaman" not in line]
    labels = [_docx_footer_label(p) for p in pages]
    assert labels[0] is None and labels[1:4] == ["i", "ii", "iii"] and "1" in labels
    assert "Rp28.191.006.288.000" in text
    assert _layout_faults(pages, _lkj_model(pkr_doc)) == ([], [])
    for page in pages:  # signatures: the name never leaves its title (nor a page of its own)
        if "Pihak Pertama," in page:
            assert "Dewi Suhartini" in page.partition("Pihak Pertama,")[2]
    # the lists of tables and figures are PAGEREF fields LibreOffice computes: exact
    lists = next(i for i, p in enumerate(pages) if "DAFTAR TABEL" in p)
    body_start = labels.index("1")
    listed = {**_listing_lines_docx(pages[lists]), **_listing_lines_docx(pages[lists + 1])}
    checked = 0
    for caption, label in listed.items():
        if caption.startswith(("Tabel 3.", "Gambar 3.")):
            assert label == _docx_footer_label(next(p for p in pages[body_start:] if caption in p)), caption
            checked += 1
    assert checked >= 5
    # the table of contents is Word's TOC field with the PDF's pages as its shown result: within a
    # page of where LibreOffice puts each chapter
    toc = _listing_lines_docx(next(p for p in pages if "DAFTAR ISI" in p))
    for chapter in ("BAB I PENDAHULUAN", "BAB II PERENCANAAN KINERJA", "BAB IV PENUTUP", "LAMPIRAN"):
        actual = next(_docx_footer_label(p) for p in pages[body_start:] if chapter in p.splitlines()[:3])
        assert abs(int(toc[chapter]) - int(actual or 0)) <= 1, chapter


def _listing_lines_docx(page_text: str) -> dict[str, str]:
    out = {}
    for line in page_text.splitlines():
        m = re.match(r"^(.*?\S)\s*\.{3,}\s*([ivxlcdm]+|\d+)$", line.strip())
        if m:
            out[m.group(1)] = m.group(2)
    return out


# --- charts -----------------------------------------------------------------------------------


@pytest.fixture
def figures(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The matplotlib figures the chart functions draw, caught before they become PNG."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from kinerja.reports import charts

    caught: list[Any] = []

    def catch(fig: Any) -> bytes:
        FigureCanvasAgg(fig).draw()  # tick labels are made when drawing
        caught.append(fig)
        return b"\x89PNG"

    monkeypatch.setattr(charts, "_png", catch)
    return caught


def _pkr_report() -> Any:
    from kinerja.reports.assemble import assemble_unit_year
    from tests.reports.conftest import demo_document

    return assemble_unit_year(demo_document(), "PKR", 2022)


def _with_history(
    report: Any, unit: dict[int, Decimal | None], objectives: list[dict[int, Decimal | None]]
) -> Any:
    objs = [dataclasses.replace(o, history=h) for o, h in zip(report.objectives, objectives, strict=False)]
    return dataclasses.replace(report, unit_history=unit, objectives=objs)


def test_chart_axis_ticks_are_indonesian(figures: list[Any]) -> None:
    from kinerja.reports import charts

    narrow = {2020: Decimal("99.2"), 2021: Decimal("100.9"), 2022: Decimal("101.3"), 2023: None, 2024: None}
    report = _with_history(_pkr_report(), narrow, [narrow] * 3)
    assert charts.trend(report) is not None
    ticks = [t.get_text() for t in figures[-1].axes[0].get_yticklabels() if t.get_text()]
    assert any("," in t for t in ticks), ticks  # 99,5 and the like ...
    assert all(re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?", t) for t in ticks), ticks  # ... never 99.5


def test_chart_one_measured_year_is_bars_with_labels(figures: list[Any]) -> None:
    from kinerja.reports import charts

    report = _pkr_report()
    assert [y for y, v in report.unit_history.items() if v is not None] == [2022]
    assert charts.trend(report) is not None
    ax = figures[-1].axes[0]
    assert len(ax.patches) == 1 + len(report.objectives)  # the unit and each sasaran: a bar
    assert not [line for line in ax.get_lines() if line.get_marker() not in (None, "None", "")]
    labels = {t.get_text() for t in ax.texts}
    assert "104,05" in labels and "2022" in ax.get_title()


def test_chart_trend_gap_and_unit_labels(figures: list[Any]) -> None:
    from kinerja.reports import charts

    unit = {2020: Decimal("95.5"), 2021: Decimal("117.5"), 2022: Decimal("104.05"), 2023: None, 2024: None}
    gap = {2020: Decimal("90"), 2021: None, 2022: Decimal("97.01"), 2023: None, 2024: None}
    report = _with_history(_pkr_report(), unit, [gap, unit, unit])
    charts.trend(report)
    ax = figures[-1].axes[0]
    series = {line.get_label(): line for line in ax.get_lines()}
    sk1 = [float(y) for y in series[report.objectives[0].code].get_ydata()]
    assert sk1[0] == 90 and math.isnan(sk1[1]) and sk1[2] == pytest.approx(97.01)  # a gap, no bridge
    assert {"95,50", "117,50", "104,05"} <= {t.get_text() for t in ax.texts}


def test_chart_value_labels_are_not_struck_through(figures: list[Any]) -> None:
    """A value label the 100% line would cross sits on an opaque ground drawn above the line."""
    from kinerja.reports import charts

    report = _pkr_report()
    near = [Decimal("99.5"), Decimal("100"), Decimal("97.01")]
    report.objectives = [
        dataclasses.replace(o, achievement=v) for o, v in zip(report.objectives, near, strict=True)
    ]
    charts.achievement_by_objective(report)
    fig = figures[-1]
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    line = next(ln for ln in ax.get_lines() if list(ln.get_ydata()) == [100, 100])
    y = ax.transData.transform((0, 100))[1]
    crossed = 0
    for text in ax.texts:
        if text.get_text() == "100%":
            continue
        box = text.get_window_extent(renderer)
        if box.y0 <= y <= box.y1:
            patch = text.get_bbox_patch()
            assert patch is not None and patch.get_facecolor()[3] >= 0.9, text.get_text()
            assert text.get_zorder() > line.get_zorder()
            crossed += 1
    assert crossed >= 1  # 97,01 reaches over the line: the case is really tested


def test_chart_no_absorption_without_realisation() -> None:
    from kinerja.reports import charts

    report = _pkr_report()
    assert charts.budget_absorption(report)[:4] == b"\x89PNG"  # type: ignore[index]
    lines = [dataclasses.replace(x, realization=None, absorption=None) for x in report.budget.accounts]
    total = report.budget.total and dataclasses.replace(
        report.budget.total, realization=None, absorption=None
    )
    report.budget = dataclasses.replace(report.budget, total=total, accounts=lines, realization=None)
    assert charts.budget_absorption(report) is None
