"""Perjanjian Kinerja (PermenPAN-RB 53/2014, Lampiran I): statement page with both parties, place and
date, and the annex with objectives, indicators, targets and the budget."""

from __future__ import annotations

from kinerja.core.types import KinerjaValidationError
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

_DOTS = "...................................."


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
    return first_title, first_name, second_title, second_name


def missing_officials(report: UnitYearReport, pk: AgreementReport) -> list[str]:
    """What the PK lacks to be a document both parties sign (then it is marked DRAF)."""
    first_title, first_name, second_title, second_name = parties(report, pk)
    labels = (
        (first_name, "nama pihak pertama"),
        (first_title, "jabatan pihak pertama"),
        (second_name, "nama pihak kedua"),
        (second_title, "jabatan pihak kedua"),
        (pk.agreement.place, "tempat penandatanganan"),
    )
    return [label for value, label in labels if not value]


def _signature(report: UnitYearReport, pk: AgreementReport) -> list[Block]:
    a = pk.agreement
    first_title, first_name, second_title, second_name = parties(report, pk)
    place = a.place or ""
    when = (
        f"{place}, {date_id(a.signed_on, '.... ........ ' + str(report.year))}"
        if place
        else date_id(a.signed_on)
    )
    return [
        Paragraph(when, align="right"),
        Table(
            header=("Pihak Kedua,", "Pihak Pertama,"),
            rows=(
                (second_title, first_title),
                ("\n\n\n", "\n\n\n"),
                (second_name or _DOTS, first_name or _DOTS),
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
    first_title, first_name = first_title or _DOTS, first_name or _DOTS
    second_title, second_name = second_title or _DOTS, second_name or _DOTS
    title = f"PERJANJIAN KINERJA TAHUN {report.year}"
    blocks: list[Block] = [
        Heading(title, level, toc),
        Paragraph(report.unit.name.upper(), bold=True, align="center"),
        Paragraph(report.agency.name.upper(), align="center"),
    ]
    if a.version > 1 or a.label:
        reason = REVISION_REASON_TEXT.get(a.reason or "", "")
        line = f"{a.label or 'Perjanjian Kinerja'} (versi {a.version})"
        if a.version > 1:
            line += " — perubahan" + (f" karena {reason}" if reason else "")
            if a.reason_note:
                line += f". {a.reason_note}"
        blocks.append(Paragraph(line, italic=True, align="center", size=9))
    blocks += [
        Spacer(0.4),
        Paragraph(
            "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan, dan akuntabel "
            "serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:"
        ),
        Table(
            header=("", "", ""),
            rows=(("Nama", ":", first_name), ("Jabatan", ":", first_title)),
            widths=(2.5, 0.4, 12),
            plain=True,
            font_size=10,
        ),
        Paragraph("selanjutnya disebut pihak pertama."),
        Table(
            header=("", "", ""),
            rows=(("Nama", ":", second_name), ("Jabatan", ":", second_title)),
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
        Heading(
            title if level == 1 else f"{title} ({pk.agreement.label or 'versi ' + str(pk.version)})",
            level,
            toc,
        ),
        Paragraph(report.unit.name.upper(), bold=True, align="center"),
        Table(
            header=("No", "Sasaran", "Indikator Kinerja", "Target", "Satuan"),
            rows=tuple(rows),
            widths=(0.7, 5, 7, 1.6, 1.5),
            merge_down=frozenset({0, 1}),
            numeric=frozenset({3}),
            caption=f"Sasaran, indikator dan target Perjanjian Kinerja {report.year} (versi {pk.version})",
        ),
    ]
    if not rows:
        blocks.append(Paragraph("Perjanjian ini belum memuat target indikator.", italic=True))
    budget_rows: list[tuple[str, str, str]] = []
    for label, amount in pk.budget_lines:
        part = label.startswith("di antaranya")
        number = "" if part else str(sum(1 for r in budget_rows if r[0]) + 1)
        budget_rows.append((number, label, money(amount)))
    if budget_rows:
        blocks.append(
            Table(
                header=("No", "Program/Kegiatan", "Anggaran"),
                rows=tuple(budget_rows),
                widths=(0.7, 9, 4),
                numeric=frozenset({2}),
                caption=f"Anggaran tahun {report.year}. {pk.budget_note}",
            )
        )
    else:
        blocks.append(Paragraph(f"Anggaran: {pk.budget_note}", italic=True))
    blocks += [Spacer(0.4), *_signature(report, pk)]
    return blocks


def build_pk(report: UnitYearReport, version: int | None, provenance: Provenance) -> ReportDocument:
    pk = pick_agreement(report, version)
    doc = ReportDocument(
        title=f"Perjanjian Kinerja Tahun {report.year} versi {pk.version}",
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
        doc.add(
            Paragraph(
                "DRAF — Perjanjian Kinerja ini belum lengkap untuk ditandatangani: "
                + "; ".join(missing)
                + " belum dicatat.",
                bold=True,
            )
        )
    doc.add(*statement_blocks(report, pk), PageBreak(), *annex_blocks(report, pk))
    return doc
