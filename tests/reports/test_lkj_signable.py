"""A Laporan Kinerja and a Perjanjian Kinerja a unit head can sign and an APIP inspector can review:
a Kata Pengantar signed by the head, front matter with lists of tables and figures, no analyst
notes printed as report text, no invented dates, the pagu in force on a PK's signing date, no
placeholder officials (a draft says what is missing), wording by the unit's level.

Most tests read the built ``ReportDocument`` (its blocks are what both renderers draw); the last
ones read the text of the rendered DOCX and PDF files."""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

import pytest

from kinerja.interchange import document as d
from kinerja.reports import model as m
from kinerja.reports.assemble import assemble_unit_year
from kinerja.reports.lkj import build_lkj, org_noun
from kinerja.reports.pk import build_pk
from kinerja.reports.service import generate, provenance_for
from tests.reports.conftest import demo_document, docx_text, pdf_text

HEAD, HEAD_TITLE = "Dewi Suhartini", "Direktur Pemberdayaan Kelompok Rentan"
AWAL, AKHIR = "Rp14.742.125.743.000", "Rp28.191.006.288.000"
# analyst remarks and software wording an inspector found printed as report text
NOT_REPORT_TEXT = (
    "Alasan perubahan tidak tertulis",
    "dibulatkan",
    "tidak dapat direkonsiliasi",
    "509 dari 512",
    "teks LKj",
    "LKj juga",
    "dalam LKj",
    "LKj Bab",
    "seed",
    "pkr_notes",
    "hanya untuk tampilan",
    "versi sebelumnya tetap disimpan",
    "tepat 100%",
    "0 indikator",
    "Capaian kinerja unit",
    "capaian kinerja unit",
    "Pimpinan unit",
    "Atasan pihak pertama",
    "Catatan:",
    "adalah n.a",
    "tanpa tanggal",
    "(versi ",
    "Renstra 2.5",
    "penggabungan:",
)
DAY_OF_2022 = re.compile(
    r"\b\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) 2022\b"
)


_DEMO: d.Document | None = None


def _demo() -> d.Document:
    global _DEMO
    if _DEMO is None:
        _DEMO = demo_document()
    return copy.deepcopy(_DEMO)


def _lkj(doc: d.Document, unit: str = "PKR", year: int = 2022) -> m.ReportDocument:
    return build_lkj(assemble_unit_year(doc, unit, year), provenance_for(doc))


def _pk(doc: d.Document, version: int | None = None) -> m.ReportDocument:
    return build_pk(assemble_unit_year(doc, "PKR", 2022), version, provenance_for(doc))


def _texts(blocks: list[Any]) -> list[str]:
    """Every piece of text the blocks print."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, (m.Heading, m.Paragraph)):
            out.append(b.text)
        elif isinstance(b, m.BulletList):
            out += b.items
        elif isinstance(b, m.Table):
            out += [b.caption, *b.header, *(cell for row in b.rows for cell in row)]
        elif isinstance(b, m.Image):
            out.append(b.caption)
        elif isinstance(b, m.Signature):
            out += [b.place_date, b.title, b.name, b.identifier]
    return [t for t in out if t]


def _all_text(report: m.ReportDocument) -> str:
    return "\n".join(_texts(report.cover + report.front + report.blocks))


def _agreement(doc: d.Document, version: int) -> d.Agreement:
    return next(a for a in doc.agreements if a.unit == "PKR" and a.year == 2022 and a.version == version)


def _unit(doc: d.Document, code: str) -> d.Unit:
    return next(u for u in doc.units if u.code == code)


def _budget_rows(report: m.ReportDocument) -> list[tuple[str, ...]]:
    table = next(
        b for b in report.blocks if isinstance(b, m.Table) and b.caption.startswith("Anggaran Perjanjian")
    )
    return list(table.rows)


# --- Kata Pengantar, signature and front matter ---------------------------------------------------


def test_front_matter_opens_with_a_foreword_signed_by_the_unit_head() -> None:
    report = _lkj(_demo())
    front = report.front
    headings = [b.text for b in front if isinstance(b, m.Heading)]
    assert headings == ["KATA PENGANTAR", "RINGKASAN EKSEKUTIF"]
    start = next(i for i, b in enumerate(front) if isinstance(b, m.Heading) and b.text == "KATA PENGANTAR")
    end = next(i for i, b in enumerate(front) if isinstance(b, m.PageBreak) and i > start)
    signatures = [b for b in front[start:end] if isinstance(b, m.Signature)]
    assert len(signatures) == 1
    sig = signatures[0]
    assert sig.name == HEAD and sig.title == f"{HEAD_TITLE},"
    # the place of the PK; the day is written by the head when signing, never pre-printed
    assert sig.place_date.startswith("Jakarta, ") and not re.search(r"\d", sig.place_date)
    # the standard foreword speaks of the data and ends as seed 001 does
    foreword = "\n".join(_texts(front[start:end]))
    assert "Laporan Kinerja Direktorat Pemberdayaan Kelompok Rentan Tahun 2022" in foreword
    assert "104,05%" in foreword and "Demikian Laporan Kinerja Tahun 2022 ini kami susun" in foreword
    # Daftar Isi, then the lists of tables and figures, all in the front matter (roman pages)
    kinds = [type(b).__name__ + (f":{b.kind}" if isinstance(b, m.CaptionList) else "") for b in front]
    toc, tables, figures = (
        kinds.index("TableOfContents"),
        kinds.index("CaptionList:table"),
        kinds.index("CaptionList:figure"),
    )
    assert start < toc < tables < figures
    assert isinstance(report.blocks[0], m.Heading) and report.blocks[0].text == "BAB I PENDAHULUAN"


def test_the_planner_foreword_place_and_date_are_printed_as_written() -> None:
    doc = _demo()
    doc.texts += [
        d.UnitText(
            "PKR", 2022, "kata_pengantar", "Kata pengantar yang ditulis perencana.\n\nParagraf kedua."
        ),
        d.UnitText("PKR", 2022, "tempat", "Bandung"),
        d.UnitText("PKR", 2022, "tanggal_penandatanganan", "15 Februari 2023"),
    ]
    front = _lkj(doc).front
    paragraphs = [b.text for b in front if isinstance(b, m.Paragraph)]
    assert "Kata pengantar yang ditulis perencana." in paragraphs and "Paragraf kedua." in paragraphs
    assert not any("Puji syukur" in p for p in paragraphs)  # the standard text is replaced
    sig = next(b for b in front if isinstance(b, m.Signature))
    assert (sig.place_date, sig.name) == ("Bandung, 15 Februari 2023", HEAD)


def test_captions_are_numbered_per_chapter_and_listed() -> None:
    report = _lkj(_demo())
    body_until_lampiran = report.blocks[
        : next(i for i, b in enumerate(report.blocks) if isinstance(b, m.Heading) and b.text == "LAMPIRAN")
    ]
    tables = [b.caption for b in body_until_lampiran if isinstance(b, m.Table) and b.caption]
    figures = [b.caption for b in body_until_lampiran if isinstance(b, m.Image)]
    assert tables and figures
    assert all(re.match(r"Tabel [1-4]\.\d+ \S", c) for c in tables), tables
    assert all(re.match(r"Gambar [1-4]\.\d+ \S", c) for c in figures), figures
    numbers = [tuple(map(int, re.match(r"Tabel (\d+)\.(\d+)", c).groups())) for c in tables]  # type: ignore[union-attr]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert m.captions(report.front + report.blocks, "figure") == figures


# --- no data notes, no invented dates --------------------------------------------------------------


@pytest.mark.parametrize("unit", ["PKR", "DAYASOS", "KEMENSOS"])
def test_no_analyst_notes_or_software_wording_in_the_lkj(unit: str) -> None:
    text = _all_text(_lkj(_demo(), unit))
    for phrase in NOT_REPORT_TEXT:
        assert phrase not in text, (unit, phrase)


@pytest.mark.parametrize("version", [1, 2])
def test_no_analyst_notes_on_the_pk(version: int) -> None:
    text = _all_text(_pk(_demo(), version))
    for phrase in NOT_REPORT_TEXT:
        assert phrase not in text, phrase


def test_reason_note_is_printed_only_with_an_official_reason() -> None:
    doc = _demo()
    v2 = _agreement(doc, 2)
    v2.reason, v2.reason_note = None, "Alasan perubahan tidak tertulis dalam teks LKj"
    assert "Alasan perubahan tidak tertulis" not in _all_text(_lkj(doc))
    assert "Alasan perubahan tidak tertulis" not in _all_text(_pk(doc))
    v2.reason, v2.reason_note = "b", "penugasan penyaluran BLT BBM"
    official = (
        "perubahan strategi yang memengaruhi pencapaian tujuan dan sasaran (penugasan penyaluran BLT BBM)"
    )
    assert official in _all_text(_pk(doc))
    assert official in _all_text(_lkj(doc))  # Bab II B lists the reason of the revision


def test_a_signing_date_the_data_does_not_give_is_never_printed() -> None:
    doc = _demo()
    assert _agreement(doc, 1).signed_on is None and _agreement(doc, 2).signed_on is None
    for version in (1, 2):
        text = _all_text(_pk(doc, version))
        assert "Jakarta, (tanggal tidak tercatat)" in text
        assert not DAY_OF_2022.search(text), DAY_OF_2022.search(text)
    lkj = _all_text(_lkj(doc))
    assert "PK Awal (September 2022), tanggal penandatanganan tidak tercatat" in lkj
    # (the narratives quote real days such as "per 31 Desember 2022"; no PK day is made up)
    assert not re.search(r"\b\d{1,2} (September|Oktober) 2022\b", lkj)
    # a recorded date is printed as recorded
    _agreement(doc, 1).signed_on = date(2022, 9, 5)
    assert "Jakarta, 5 September 2022" in _all_text(_pk(doc, 1))
    assert "PK Awal (September 2022), ditandatangani pada 5 September 2022" in _all_text(_lkj(doc))


def test_undated_budget_revisions_are_said_to_be_undated() -> None:
    rows = next(
        b.rows
        for b in _lkj(_demo()).blocks
        if isinstance(b, m.Table) and "Kronologi pagu anggaran" in b.caption
    )
    assert [r[1] for r in rows if r[0].startswith("Revisi")] == ["tidak tercatat", "tidak tercatat"]


# --- the pagu on a PK is the one in force on its signing date ------------------------------------


def test_pk_shows_the_pagu_in_force_on_its_signing_date() -> None:
    doc = _demo()
    revisions = [
        b for b in doc.budgets if b.unit == "PKR" and b.year == 2022 and b.kind == "revisi" and not b.account
    ]
    revisions[0].date, revisions[1].date = date(2022, 10, 14), date(2022, 11, 20)
    _agreement(doc, 1).signed_on = date(2022, 9, 5)
    _agreement(doc, 2).signed_on = date(2022, 10, 1)  # before the BLT BBM revision of 14 October
    for version in (1, 2):
        rows = _budget_rows(_pk(doc, version))
        assert [r[2] for r in rows] == [AWAL], version
    _agreement(doc, 2).signed_on = date(2022, 12, 1)  # after both revisions
    assert [r[2] for r in _budget_rows(_pk(doc, 2))][0] == AKHIR


def test_pk_without_a_signing_date_shows_pagu_awal_and_akhir_labelled() -> None:
    report = _pk(_demo(), 1)
    rows = _budget_rows(report)
    assert [(r[1].split()[:2], r[2]) for r in rows] == [(["Pagu", "awal"], AWAL), (["Pagu", "akhir"], AKHIR)]
    assert any(
        isinstance(b, m.Paragraph) and b.text.startswith("Tanggal penandatanganan tidak tercatat")
        for b in report.blocks
    )


# --- no placeholder officials: a draft says what is missing ---------------------------------------


def test_pk_without_first_party_is_a_draft_naming_what_is_missing() -> None:
    doc = _demo()
    _agreement(doc, 2).first_party = None
    _unit(doc, "PKR").head_name = ""
    _unit(doc, "PKR").head_title = ""
    report = _pk(doc)
    assert report.draft_mark == "DRAF"
    first = report.blocks[0]
    assert isinstance(first, m.Paragraph) and first.text.startswith("DRAF")
    assert "nama pihak pertama" in first.text and "jabatan pihak pertama" in first.text
    text = _all_text(report)
    for placeholder in ("Pimpinan unit", "Atasan pihak pertama", "Jabatan: Pimpinan"):
        assert placeholder not in text


def test_the_demo_pk_is_a_draft_because_the_director_general_is_not_named() -> None:
    report = _pk(_demo())
    assert report.draft_mark == "DRAF"
    assert "nama pihak kedua (Direktur Jenderal Pemberdayaan Sosial)" in report.blocks[0].text  # type: ignore[union-attr]


def test_complete_data_gives_a_final_document() -> None:
    doc = _demo()
    for a in doc.agreements:
        if a.unit == "PKR":
            assert a.second_party is not None
            a.second_party.name = "Nama Direktur Jenderal"  # test data, not from the seeds
    assert _pk(doc).draft_mark == ""
    report = _lkj(doc)
    assert report.draft_mark == ""
    assert not any(isinstance(b, m.Paragraph) and b.text.startswith("DRAF") for b in report.front)


def test_lkj_without_a_recorded_head_has_no_signature_and_is_a_draft() -> None:
    doc = _demo()
    _unit(doc, "PKR").head_name = ""
    for a in doc.agreements:
        if a.unit == "PKR" and a.first_party is not None:
            a.first_party.name = ""
    report = _lkj(doc)
    assert report.draft_mark == "DRAF"
    assert not any(isinstance(b, m.Signature) for b in report.front)
    note = report.front[0]
    assert isinstance(note, m.Paragraph) and note.text.startswith("DRAF")
    assert f"nama {HEAD_TITLE}" in note.text


def test_lkj_without_place_texts_analysis_or_pk_is_a_draft_naming_each_gap() -> None:
    doc = _demo()
    doc.agreements = [a for a in doc.agreements if a.unit != "PKR"]
    doc.texts = [t for t in doc.texts if not (t.unit == "PKR" and t.key == "pendahuluan")]
    for r in doc.realizations:
        if r.unit == "PKR" and r.indicator == "IKK 3.1":
            r.narrative.analysis = ""
    report = _lkj(doc)
    assert report.draft_mark == "DRAF"
    note = report.front[0].text  # type: ignore[union-attr]
    for gap in (
        "tempat penandatanganan",
        "narasi Bab I (A. Gambaran Umum Organisasi)",
        "analisis capaian indikator IKK 3.1",
        "Perjanjian Kinerja Tahun 2022",
    ):
        assert gap in note, gap
    sig = next(b for b in report.front if isinstance(b, m.Signature))
    assert sig.name == HEAD and not sig.place_date.startswith(",")  # no place: none is made up


def test_a_pagu_chain_that_does_not_add_up_is_a_gap_not_a_note() -> None:
    doc = _demo()
    akhir = next(b for b in doc.budgets if b.unit == "PKR" and b.kind == "pagu_akhir" and not b.account)
    akhir.amount += 1_000
    report = _lkj(doc)
    assert report.draft_mark == "DRAF"
    assert "kronologi pagu anggaran yang konsisten" in report.front[0].text  # type: ignore[union-attr]
    assert "Catatan:" not in _all_text(report)


# --- wording by the unit's level -------------------------------------------------------------------


def test_the_unit_is_named_by_its_level() -> None:
    doc = _demo()
    names = {u.code: org_noun(u) for u in doc.units}
    assert names["KEMENSOS"] == "Kementerian"
    assert names["DAYASOS"] == "Direktorat Jenderal"
    assert names["SEKJEN"] == "Sekretariat Jenderal"
    assert names["BADIKLITPENSOS"] == "Badan"
    assert names["PKR"] == "Direktorat"
    pkr = _all_text(_lkj(doc))
    assert "capaian kinerja Direktorat merupakan rata-rata capaian sasaran" in pkr
    assert "Capaian kinerja Direktorat sebesar 104,05% lebih tinggi daripada penyerapan anggaran" in pkr
    ministry = _all_text(_lkj(doc, "KEMENSOS"))
    assert "capaian kinerja Kementerian merupakan rata-rata capaian sasaran" in ministry
    assert "Capaian kinerja Kementerian Sosial tahun 2022 belum dapat diukur" in ministry
    assert ministry.count("KEMENTERIAN SOSIAL") == 1  # the cover names the ministry once


# --- the rendered files ----------------------------------------------------------------------------


def test_rendered_lkj_and_pk_carry_the_foreword_signature_and_unknown_dates() -> None:
    doc = _demo()
    word = docx_text(generate(doc, "lkj", "PKR", 2022, "docx").content)
    assert "KATA PENGANTAR" in word and HEAD in word and f"{HEAD_TITLE}," in word
    assert "DAFTAR TABEL" in word and "DAFTAR GAMBAR" in word
    assert "Tabel 3.1 Capaian kinerja tahun 2022" in word
    assert "Jakarta, (tanggal tidak tercatat)" in word  # the PKs in the Lampiran
    for phrase in NOT_REPORT_TEXT:
        assert phrase not in word, phrase
    pdf = pdf_text(generate(doc, "pk", "PKR", 2022, "pdf", version=1).content)
    assert "Jakarta, (tanggal tidak tercatat)" in pdf and "1 September 2022" not in pdf
    assert "DRAF" in pdf and "Pimpinan unit" not in pdf
