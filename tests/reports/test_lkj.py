"""The Laporan Kinerja, read back from real DOCX and PDF files, agrees with the engine."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from pypdf import PdfReader

from kinerja.core.numbers import format_number, show_target, show_value
from kinerja.figures.unit_year import compute_document
from kinerja.interchange import document as d
from kinerja.interchange.db import export_document
from kinerja.reports.assemble import absorption, assemble_unit_year
from kinerja.reports.service import data_hash, generate
from tests.reports.conftest import docx_tables, docx_text, pdf_text, render_pages

CHAPTERS = (
    "KATA PENGANTAR",
    "RINGKASAN EKSEKUTIF",
    "BAB I PENDAHULUAN",
    "BAB II PERENCANAAN KINERJA",
    "BAB III AKUNTABILITAS KINERJA",
    "BAB IV PENUTUP",
    "LAMPIRAN",
)


def _engine(doc: d.Document):  # type: ignore[no-untyped-def]
    result = compute_document(doc, "PKR", 2022)
    return result, {i.code: i for o in result.objectives for i in o.indicators}


def test_lkj_docx_outline_and_engine_figures(pkr_doc: d.Document) -> None:
    out = generate(pkr_doc, "lkj", "PKR", 2022, "docx")
    doc = open_docx(io.BytesIO(out.content))
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert h1 == list(CHAPTERS)
    h2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    for part in (
        "A. Capaian Kinerja Organisasi",
        "C. Realisasi Anggaran",
        "D. Analisis Efisiensi",
        "B. Perjanjian Kinerja",
    ):
        assert part in h2
    h3 = [p.text for p in doc.paragraphs if p.style.name == "Heading 3"]
    assert [h.split(" Pers")[0].split(" Nilai")[0] for h in h3] == [
        "IKK 1.1",
        "IKK 1.2",
        "IKK 1.3",
        "IKK 1.4",
        "IKK 2.1",
        "IKK 2.2",
        "IKK 3.1",
    ]

    result, ind = _engine(pkr_doc)
    # the executive summary table, row by row, against the engine
    caption, rows = docx_tables(out.content)[0]
    assert "Ringkasan" in caption
    by_code = {r[0]: r for r in rows[1:] if r[0]}
    for code, res in ind.items():
        row = by_code[code]
        assert row[3] == show_target(res.target), code
        assert row[4] == show_value(res.realization), code
        assert row[5] == show_value(res.achievement), code
    assert by_code["IKK 1.1"][4:] == ["99,25", "100,00"]
    assert by_code["IKK 2.1"][5] == "112,63"
    assert by_code["IKK 2.2"][4:] == ["n.a", "n.a"]
    for obj in result.objectives:
        assert by_code[obj.code][5] == show_value(obj.achievement)
    assert rows[-1][-1] == format_number(result.achievement) == "104,05"

    text = docx_text(out.content)
    assert "yaitu rata-rata capaian seluruh sasaran, adalah 104,05%" in text
    assert (
        "2 indikator mencapai lebih dari 100%, 2 indikator mencapai 100%, 2 indikator mencapai kurang dari 100%, dan 1 indikator belum dapat diukur"
        in text
    )
    assert "Rp28.191.006.288.000 terealisasi Rp28.047.596.940.329 atau 99,49%" in text
    assert format_number(absorption(28047596940329, 28191006288000)) == "99,49"  # type: ignore[arg-type]
    # stored narratives reach their chapters
    assert "Jalan Salemba Raya Nomor 28" in text  # pendahuluan
    assert "Tim Pendampingan dan Respon Kasus" in text  # struktur
    assert "belum optimalnya kapasitas SDM" in text  # isu strategis
    assert "Sembako Adaptif" in text  # capaian kinerja lainnya
    assert "penetapan target kinerja yang berorientasi pada outcome" in text  # penutup
    assert "Pernyataan Telah Direviu" not in text  # no APIP reviu recorded for PKR 2022 (see below)
    # three charts: achievement per objective, trend, budget absorption
    assert len(doc.inline_shapes) == 3


def test_lkj_docx_informasi_kinerja_tables(pkr_doc: d.Document) -> None:
    out = generate(pkr_doc, "lkj", "PKR", 2022, "docx")
    tables = docx_tables(out.content)
    _, ind = _engine(pkr_doc)
    for code, res in ind.items():
        info = [rows for cap, rows in tables if re.search(rf"Informasi Kinerja {re.escape(code)}\b", cap)]
        assert len(info) == 1, code
        header, target, real, ach = info[0]
        assert header[:6] == ["Uraian", "2020", "2021", "2022", "2023", "2024"]
        assert target[3] == show_target(res.target)
        assert real[3] == show_value(res.realization)
        assert ach[3] == show_value(res.achievement)
        assert real[1] == real[2] == "n.a"  # 2020-2021: no realisation recorded (the unit is new)
        assert real[4] == real[5] == ""  # future years: target only
        cmp_rows = [rows for cap, rows in tables if f"Perbandingan capaian {code} " in cap][0]
        values = {r[0]: r[1] for r in cmp_rows}
        assert values["Target akhir Renstra (2024)"] == show_target(res.target)  # 99 every year
        assert values["Perubahan realisasi dari 2021"].startswith("n.a")
    # capped achievement shows its uncapped value; against the 2024 target it is uncapped
    cmp_11 = dict(
        (r[0], r[1]) for r in [rows for cap, rows in tables if "Perbandingan capaian IKK 1.1 " in cap][0]
    )
    assert cmp_11["Capaian 2022 (%)"] == "100,00 (sebelum dibatasi: 100,25)"
    assert cmp_11["Capaian terhadap target akhir Renstra 2024 (%)"] == "100,25"
    text = docx_text(out.content)
    assert "Realisasi dihitung dengan rumus n / T × 100, dengan:" in text
    assert "n = 18.658.193" in text and "T = 18.800.000" in text
    assert "Faktor penghambat: " in text and "Tindak lanjut: " in text


def test_lkj_docx_is_editable_word(pkr_doc: d.Document) -> None:
    out = generate(pkr_doc, "lkj", "PKR", 2022, "docx")
    doc = open_docx(io.BytesIO(out.content))
    xml = doc.element.xml
    assert 'TOC \\o "1-2"' in xml  # a real TOC field
    # the cover has its own unnumbered section; the front matter is numbered i, ii ...; the body
    # starts again at 1
    assert "PAGE" not in doc.sections[0].footer._element.xml
    assert "PAGE" in doc.sections[-1].footer._element.xml
    formats = [s._sectPr.find(qn("w:pgNumType")) for s in doc.sections]
    assert [f.get(qn("w:fmt")) if f is not None else None for f in formats] == [None, "lowerRoman", "decimal"]
    # the table of contents reads complete without updating the field: entries with page numbers
    toc = [p.text for p in doc.paragraphs if "\t" in p.text and p.text.split("\t")[0] in CHAPTERS]
    assert [t.split("\t")[0] for t in toc] == list(CHAPTERS)
    assert toc[0].split("\t")[1] == "i" and toc[2].split("\t")[1] == "1"  # Kata Pengantar, Bab I
    assert "Perbarui Bidang" not in docx_text(out.content)
    assert any(t.style is not None and t.style.name == "Table Grid" for t in doc.tables)
    assert doc.settings.element.xml.count("updateFields") == 1
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7


def test_lkj_pdf_outline_numbers_and_pages(pkr_doc: d.Document) -> None:
    out = generate(pkr_doc, "lkj", "PKR", 2022, "pdf")
    assert out.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(out.content))
    text = pdf_text(out.content)
    for chapter in CHAPTERS:
        assert chapter in text
    assert "DAFTAR ISI" in text and "DAFTAR TABEL" in text and "DAFTAR GAMBAR" in text
    # the table of contents gives each chapter the number printed on the page where it starts:
    # roman numerals for the front matter, arabic from Bab I
    pages_text = [page.extract_text() or "" for page in reader.pages]
    toc_index = next(i for i, t in enumerate(pages_text) if "DAFTAR ISI" in t and "BAB I PENDAHULUAN" in t)
    toc_page = pages_text[toc_index]
    printed = [re.search(r"Halaman (\S+)", t) for t in pages_text]
    for chapter in CHAPTERS:
        assert chapter in toc_page
    # every chapter's listed page is the number printed on the page where it starts
    from kinerja.reports.lkj import build_lkj
    from kinerja.reports.render_pdf import page_map

    listed = {
        text: label
        for level, text, label in page_map(
            build_lkj(assemble_unit_year(pkr_doc, "PKR", 2022), out.provenance)
        ).headings
        if level == 1
    }
    for chapter in CHAPTERS:
        start = next(
            i
            for i, t in enumerate(pages_text)
            if i != toc_index and chapter in [line.strip() for line in t.splitlines()]
        )
        assert printed[start] is not None and printed[start].group(1) == listed[chapter], chapter
        assert re.search(rf"(^|\s){re.escape(listed[chapter])}\s*$", toc_page, flags=re.M), chapter
    assert listed["KATA PENGANTAR"] == "i" and listed["BAB I PENDAHULUAN"] == "1"
    assert printed[1] is not None and printed[1].group(1) == "i"  # Kata Pengantar, after the cover
    assert "Dewi Suhartini" in pages_text[1]  # signed by the unit head
    result, ind = _engine(pkr_doc)
    for code in ("IKK 1.1", "IKK 2.1", "IKK 3.1"):
        assert show_value(ind[code].achievement) in text
    assert "104,05%" in text and "99,49%" in text and "Rp28.047.596.940.329" in text
    assert "Halaman 3" in text and "Halaman ii" in text
    outline = [o.title for o in reader.outline if not isinstance(o, list)]
    assert "BAB I PENDAHULUAN" in outline
    pages = render_pages(out.content, "lkj_pkr_2022")
    assert len(pages) == len(reader.pages) >= 15
    assert all(p.stat().st_size > 5_000 for p in pages)


def test_provenance_hash_in_both_formats_and_stable(pkr_doc: d.Document, demo_db: None) -> None:
    expected = data_hash(export_document(unit="PKR"))
    first = generate(pkr_doc, "lkj", "PKR", 2022, "docx")
    again = generate(export_document(unit="PKR"), "lkj", "PKR", 2022, "docx")
    assert first.provenance.data_hash == again.provenance.data_hash == expected
    props = open_docx(io.BytesIO(first.content)).core_properties
    assert props.identifier == f"sha256:{expected}"
    assert expected in props.keywords and expected in props.comments
    assert props.created is not None
    pdf = generate(pkr_doc, "lkj", "PKR", 2022, "pdf")
    meta = PdfReader(io.BytesIO(pdf.content)).metadata
    assert meta is not None
    assert expected in str(meta.get("/Keywords")) and expected in str(meta.get("/Subject"))
    stamp = pdf.provenance.generated_at.strftime("%Y%m%d%H%M")
    assert str(meta.get("/CreationDate")).startswith(f"D:{stamp}")


def test_same_data_same_bytes_with_fixed_time(pkr_doc: d.Document, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for fmt in ("docx", "pdf"):
        a = generate(pkr_doc, "lkj", "PKR", 2022, fmt)
        b = generate(pkr_doc, "lkj", "PKR", 2022, fmt)
        assert a.content == b.content, fmt
    assert a.provenance.generated_at.year == 2023


def test_changed_data_changes_hash(pkr_doc: d.Document) -> None:
    from kinerja.organizations.models import UnitText

    before = generate(pkr_doc, "lkj", "PKR", 2022, "pdf").provenance.data_hash
    UnitText.objects.filter(unit__code="PKR", year=2022, key="penutup").update(text="Teks penutup yang baru.")
    changed = export_document(unit="PKR")
    after = generate(changed, "lkj", "PKR", 2022, "pdf")
    assert after.provenance.data_hash != before
    assert "Teks penutup yang baru." in pdf_text(after.content)


def test_budget_linked_to_objective_gives_efficiency_by_objective(demo_db: None) -> None:
    from kinerja.interchange.db import import_document
    from tests.reports.conftest import demo_document

    doc = demo_document()
    doc.budgets += [
        d.BudgetEntry(
            unit="PKR", year=2022, kind="pagu_akhir", amount=1_000_000, account="Tata kelola", objective="SK2"
        ),
        d.BudgetEntry(
            unit="PKR", year=2022, kind="realisasi", amount=900_000, account="Tata kelola", objective="SK2"
        ),
    ]
    import_document(doc)
    data = export_document(unit="PKR")
    out = generate(data, "lkj", "PKR", 2022, "docx")
    efficiency = [
        rows for cap, rows in docx_tables(out.content) if "Capaian kinerja dan penyerapan anggaran" in cap
    ][0]
    sk2 = [r for r in efficiency if r[0].startswith("SK2")][0]
    assert sk2[1:] == ["112,63", "Rp1.000.000", "Rp900.000", "90,00", "+22,63"]
    assert efficiency[-1][0] == "Direktorat (seluruh sasaran)"  # the unit named by its kind
    assert efficiency[-1][4:] == ["99,49", "+4,56"]


def test_ministry_lkj_without_figures_says_na(demo_db: None) -> None:
    doc = export_document(unit="KEMENSOS")
    out = generate(doc, "lkj", "KEMENSOS", 2022, "pdf")
    text = pdf_text(out.content)
    assert "BAB III AKUNTABILITAS KINERJA" in text
    assert "Capaian kinerja Kementerian Sosial tahun 2022 belum dapat diukur" in text
    assert "adalah n.a" not in text
    assert "Narasi belum diisi." in text  # no stored Bab I texts for the ministry
    assert "Grafik capaian belum dapat disajikan" in text  # nothing measured: no empty charts
    # a composite lists its components
    assert "Komponen IKSS 2.1 (realisasi dihitung dari rata-rata komponen)" in text
    render_pages(out.content, "lkj_kemensos_2022", iter(range(3)))


def test_reviu_statement_only_after_apip_records_one(demo_db: None) -> None:
    """Without a reviu the LKj has no "Pernyataan Telah Direviu"; once APIP records one, the
    Lampiran carries it (statement, place, date, reviewer) in both formats, after the PKs."""
    from datetime import date

    from kinerja.evaluation.services import record_reviu
    from kinerja.organizations.models import Unit
    from kinerja.reports.service import reviu_from_database
    from tests.orgtree import make_user

    pkr = Unit.objects.get(code="PKR")
    doc = export_document(unit="PKR")
    assert reviu_from_database(Unit.objects.get(code="PKR"), 2022) is None
    plain_docx = generate(
        doc, "lkj", "PKR", 2022, "docx", reviu=reviu_from_database(Unit.objects.get(code="PKR"), 2022)
    )
    plain_pdf = generate(
        doc, "lkj", "PKR", 2022, "pdf", reviu=reviu_from_database(Unit.objects.get(code="PKR"), 2022)
    )
    assert "Pernyataan Telah Direviu" not in docx_text(plain_docx.content)
    assert "PERNYATAAN TELAH DIREVIU" not in pdf_text(plain_pdf.content)

    apip = make_user("apip.lkj", "apip", Unit.objects.get(code="ITJEN"))
    record_reviu(
        apip,
        pkr,
        2022,
        reviewed_on=date(2023, 2, 14),
        reviewer_name="Dadang Iskandar",
        reviewer_title="Inspektur Jenderal",
        place="Jakarta",
    )
    reviu = reviu_from_database(Unit.objects.get(code="PKR"), 2022)
    assert reviu is not None
    assert reviu_from_database(Unit.objects.get(code="PKR"), 2021) is None  # one unit-year only

    out = generate(doc, "lkj", "PKR", 2022, "docx", reviu=reviu)
    word = open_docx(io.BytesIO(out.content))
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 1"] == list(CHAPTERS)
    h2 = [p.text for p in word.paragraphs if p.style.name == "Heading 2"]
    assert h2[-1] == "Lampiran 3. Pernyataan Telah Direviu"  # after the two PK versions
    assert h2[-3].startswith("Lampiran 1. Perjanjian Kinerja") and h2[-2].startswith("Lampiran 2.")
    text = docx_text(out.content)
    lampiran = text[text.index("Lampiran 3. Pernyataan Telah Direviu") :]
    assert "Kami telah mereviu Laporan Kinerja Direktorat Pemberdayaan Kelompok Rentan" in lampiran
    assert "untuk tahun anggaran 2022" in lampiran
    assert "memberikan keyakinan terbatas" in lampiran
    assert "Jakarta, 14 Februari 2023" in lampiran
    assert "Inspektur Jenderal," in lampiran and "Dadang Iskandar" in lampiran
    # the rest of the report is unchanged: the same engine figures
    assert "yaitu rata-rata capaian seluruh sasaran, adalah 104,05%" in text
    # the reviu is part of the provenance: other content, other hash
    assert out.provenance.data_hash != plain_docx.provenance.data_hash == data_hash(doc)
    assert out.provenance.data_hash == data_hash(doc, reviu)

    pdf = generate(doc, "lkj", "PKR", 2022, "pdf", reviu=reviu)
    reader = PdfReader(io.BytesIO(pdf.content))
    pages = [page.extract_text() or "" for page in reader.pages]
    page = next(p for p in pages if "PERNYATAAN TELAH DIREVIU" in p)
    assert "Lampiran 3. Pernyataan Telah Direviu" in page
    assert "Jakarta, 14 Februari 2023" in page
    assert "Inspektur Jenderal" in page and "Dadang Iskandar" in page
    assert "104,05%" in pdf_text(pdf.content)
    assert len(reader.pages) == len(PdfReader(io.BytesIO(plain_pdf.content)).pages) + 1

    # a PK is not an LKj: no reviu page there
    pk = generate(doc, "pk", "PKR", 2022, "docx", reviu=reviu)
    assert "Direviu" not in docx_text(pk.content)
