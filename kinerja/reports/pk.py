"""Perjanjian Kinerja (PermenPAN-RB 53/2014, Lampiran I): statement page with both parties, place and
date, and the annex with objectives, indicators, targets and the budget.

Only what the data records is printed: a signing date that is not recorded reads "(tanggal tidak
tercatat)"; an official who is not recorded is never replaced by a placeholder — the document is
marked DRAF and says what is missing (``missing_officials``). The annex shows the pagu in force on
the signing date (``kinerja.figures.budget.pagu_on``, through ``assemble``).
"""

from __future__ import annotations

from kinerja.core.types import KinerjaValidationError
from kinerja.interchange import document as d
from kinerja.reports.assemble import REVISION_REASON_TEXT, AgreementReport, UnitYearReport
from kinerja.reports.fmt import date_id, money, show_target
from kinerja.reports.model import (
    Block,
    Heading,
    PageBreak,
    Paragraph,
    Provenance,
    ReportDocument,
    Spacer,
    Table,
)

_BLANK = "...................................."  # a line left to be written by hand
UNKNOWN_DATE = "(tanggal tidak tercatat)"


def pick_agreement(report: UnitYearReport, version: int | None) -> AgreementReport:
    if not report.agreements:
        raise KinerjaValidationError(
            f"unit {report.unit.code} belum punya Perjanjian Kinerja tahun {report.year}"
        )
    if version is None:
        return report.agreements[-1]
    for a in report.agreements:
        if a.version == version:
            return a
    known = ", ".join(str(a.version) for a in report.agreements)
    raise KinerjaValidationError(
        f"Perjanjian Kinerja {report.unit.code} tahun {report.year} versi {version} tidak ada "
        f"(versi yang ada: {known})"
    )


def version_name(a: d.Agreement) -> str:
    """How the documents name a PK version: its label ("PK Awal (September 2022)"), else
    "Perjanjian Kinerja awal" / "Perubahan ke-1" ..."""
    if a.label.strip():
        return a.label.strip()
    return "Perjanjian Kinerja awal" if a.version <= 1 else f"Perubahan ke-{a.version - 1}"


def revision_reason(a: d.Agreement) -> str:
    """The official reason of a revision (PermenPAN-RB 53/2014 a/b/c), with its explanation.

    The free-text explanation (``reason_note``) is printed only together with a recorded reason:
    without one it is not an official reason and stays out of the document (``kinerja lint`` L401
    names the missing reason)."""
    if a.version <= 1 or not a.reason:
        return ""
    text = REVISION_REASON_TEXT.get(a.reason, "")
    if not text:
        return ""
    note = a.reason_note.strip().rstrip(".")
    return f"{text} ({note})" if note else text


def signed_on_text(a: d.Agreement) -> str:
    """``1 September 2022``, or "(tanggal tidak tercatat)" — never a day the data does not give."""
    return date_id(a.signed_on, UNKNOWN_DATE)


def parties(report: UnitYearReport, pk: AgreementReport) -> tuple[str, str, str, str]:
    """(first title, first name, second title, second name): the PK's own parties, else the heads
    recorded for the unit and its parent; "" where nobody is recorded (never a placeholder)."""
    a = pk.agreement
    first_title = (a.first_party.title if a.first_party else "") or report.unit.head_title
    first_name = (a.first_party.name if a.first_party else "") or report.unit.head_name
    second_title = (a.second_party.title if a.second_party else "") or (
        report.parent.head_title if report.parent else ""
    )
    second_name = (a.second_party.name if a.second_party else "") or (
        report.parent.head_name if report.parent else ""
    )
    return first_title.strip(), first_name.strip(), second_title.strip(), second_name.strip()


def missing_officials(report: UnitYearReport, pk: AgreementReport) -> list[str]:
    """What the PK lacks to be a document both parties sign (then it is marked DRAF)."""
    first_title, first_name, second_title, second_name = parties(report, pk)
    missing = []
    if not first_name:
        missing.append("nama pihak pertama" + (f" ({first_title})" if first_title else ""))
    if not first_title:
        missing.append("jabatan pihak pertama")
    if not second_name:
        missing.append("nama pihak kedua" + (f" ({second_title})" if second_title else ""))
    if not second_title:
        missing.append("jabatan pihak kedua")
    if not pk.agreement.place.strip():
        missing.append("tempat penandatanganan")
    return missing


def _signature(report: UnitYearReport, pk: AgreementReport) -> list[Block]:
    a = pk.agreement
    first_title, first_name, second_title, second_name = parties(report, pk)
    place = a.place.strip()
    when = f"{place}, {signed_on_text(a)}" if place else signed_on_text(a)
    return [
        Paragraph(when, align="right"),
        Table(
            header=("Pihak Kedua,", "Pihak Pertama,"),
            rows=(
                (second_title, first_title),
                ("\n\n\n", "\n\n\n"),
                (second_name or _BLANK, first_name or _BLANK),
            ),
            widths=(1, 1),
            plain=True,
            font_size=10,
        ),
    ]


def statement_blocks(
    report: UnitYearReport, pk: AgreementReport, toc: bool = False, level: int = 1
) -> list[Block]:
    a = pk.agreement
    first_title, first_name, second_title, second_name = parties(report, pk)
    title = f"PERJANJIAN KINERJA TAHUN {report.year}"
    blocks: list[Block] = [
        Heading(title, level, toc),
        Paragraph(report.unit.name.upper(), bold=True, align="center"),
        Paragraph(report.agency.name.upper(), align="center"),
    ]
    if a.version > 1 or a.label:
        line = version_name(a)
        if a.version > 1:
            reason = revision_reason(a)
            line += ", perubahan atas Perjanjian Kinerja sebelumnya" + (f" karena {reason}" if reason else "")
        blocks.append(Paragraph(line, italic=True, align="center", size=9))
    blocks += [
        Spacer(0.4),
        Paragraph(
            "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan, dan akuntabel "
            "serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:"
        ),
        Table(
            header=("", "", ""),
            rows=(("Nama", ":", first_name or _BLANK), ("Jabatan", ":", first_title or _BLANK)),
            widths=(2.5, 0.4, 12),
            plain=True,
            font_size=10,
        ),
        Paragraph("selanjutnya disebut pihak pertama."),
        Table(
            header=("", "", ""),
            rows=(("Nama", ":", second_name or _BLANK), ("Jabatan", ":", second_title or _BLANK)),
            widths=(2.5, 0.4, 12),
            plain=True,
            font_size=10,
        ),
        Paragraph("selaku atasan pihak pertama, selanjutnya disebut pihak kedua."),
        Paragraph(
            "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran "
            "perjanjian ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah "
            "ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja "
            "tersebut menjadi tanggung jawab kami."
        ),
        Paragraph(
            "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap "
            "capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka "
            "pemberian penghargaan dan sanksi."
        ),
        Spacer(0.4),
        *_signature(report, pk),
    ]
    return blocks


def annex_blocks(
    report: UnitYearReport, pk: AgreementReport, toc: bool = False, level: int = 1
) -> list[Block]:
    a = pk.agreement
    name = version_name(a)
    title = f"LAMPIRAN PERJANJIAN KINERJA TAHUN {report.year}"
    rows: list[tuple[str, ...]] = []
    last_obj = None
    number = 0
    for r in pk.rows:
        if r.objective_code != last_obj:
            number += 1
            obj_cell = f"{r.objective_code} {r.objective_statement}"
            no = str(number)
            last_obj = r.objective_code
        else:
            obj_cell = ""
            no = ""
        rows.append(
            (no, obj_cell, f"{r.indicator_code} {r.indicator_name}", show_target(r.target), r.unit_of_measure)
        )
    blocks: list[Block] = [
        Heading(title if level == 1 else f"{title} — {name.upper()}", level, toc),
        Paragraph(report.unit.name.upper(), bold=True, align="center"),
    ]
    if rows:
        blocks.append(
            Table(
                header=("No", "Sasaran", "Indikator Kinerja", "Target", "Satuan"),
                rows=tuple(rows),
                widths=(0.7, 5, 7, 1.6, 1.5),
                merge_down=frozenset({0, 1}),
                numeric=frozenset({3}),
                caption=f"Sasaran, indikator kinerja dan target Perjanjian Kinerja Tahun {report.year}, {name}",
            )
        )
    else:
        blocks.append(Paragraph("Perjanjian ini belum memuat target indikator kinerja.", italic=True))
    budget_rows: list[tuple[str, str, str]] = []
    for label, amount in pk.budget_lines:
        part = label.startswith("di antaranya")
        row_no = "" if part else str(sum(1 for r in budget_rows if r[0]) + 1)
        budget_rows.append((row_no, label, money(amount)))
    if budget_rows:
        blocks.append(
            Table(
                header=("No", "Program/Kegiatan", "Anggaran"),
                rows=tuple(budget_rows),
                widths=(0.7, 9, 4),
                numeric=frozenset({2}),
                caption=f"Anggaran Perjanjian Kinerja Tahun {report.year}, {name}",
            )
        )
        if pk.budget_note:
            blocks.append(Paragraph(pk.budget_note, italic=True, size=9))
    else:
        blocks.append(Paragraph(pk.budget_note or "Data pagu anggaran belum tersedia.", italic=True))
    blocks += [Spacer(0.4), *_signature(report, pk)]
    return blocks


def draft_note(missing: list[str]) -> Paragraph:
    return Paragraph(
        "DRAF — Perjanjian Kinerja ini belum lengkap untuk ditandatangani: "
        + "; ".join(missing)
        + " belum tercatat. Dokumen ini hanya dapat ditandatangani setelah data tersebut dilengkapi.",
        bold=True,
    )


def build_pk(report: UnitYearReport, version: int | None, provenance: Provenance) -> ReportDocument:
    pk = pick_agreement(report, version)
    doc = ReportDocument(
        title=f"Perjanjian Kinerja Tahun {report.year}"
        + (f", {version_name(pk.agreement)}" if pk.agreement.label or pk.version > 1 else ""),
        subject=report.unit.name,
        author=report.agency.name,
        provenance=provenance,
        keywords=("Perjanjian Kinerja", "SAKIP", report.unit.code, str(report.year), f"versi {pk.version}"),
        placeholders={
            "judul": f"PERJANJIAN KINERJA TAHUN {report.year}",
            "unit": report.unit.name,
            "tahun": str(report.year),
            "instansi": report.agency.name,
        },
    )
    missing = missing_officials(report, pk)
    if missing:
        doc.draft_mark = "DRAF"
        doc.add(draft_note(missing))
    doc.add(*statement_blocks(report, pk), PageBreak(), *annex_blocks(report, pk))
    return doc
