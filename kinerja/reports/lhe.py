"""Laporan Hasil Evaluasi (LHE) AKIP of a unit-year: the score per component and sub-component,
the total and its predicate, the comparison with last year and the evaluator's conclusion.

Made from the interchange ``Document`` (final evaluations only, ``kinerja.figures.akip``), drawn
by the same renderers as the LKj (DOCX and PDF carry the same blocks).
"""

from __future__ import annotations

from kinerja.core.numbers import format_number
from kinerja.core.types import KinerjaValidationError
from kinerja.figures.akip import load_lke, unit_akip
from kinerja.interchange import document as d
from kinerja.reports.model import Heading, Paragraph, Provenance, ReportDocument, Table


def _n(value: object) -> str:
    return "–" if value is None else format_number(value)  # type: ignore[arg-type]


def build_lhe(doc: d.Document, unit: str, year: int, provenance: Provenance) -> ReportDocument:
    result = unit_akip(doc, unit, year)
    if result is None:
        raise KinerjaValidationError(f"belum ada evaluasi AKIP final untuk {unit} tahun {year}")
    name = next((u.name for u in doc.units if u.code == unit), unit)
    report = ReportDocument(
        title=f"Laporan Hasil Evaluasi AKIP Tahun {year}",
        subject=name,
        author=doc.agency.name,
        provenance=provenance,
        keywords=("LHE", "AKIP", "SAKIP", unit, str(year)),
    )
    band = result.band
    report.add(
        Heading(f"Laporan Hasil Evaluasi Akuntabilitas Kinerja {name} Tahun {year}", level=1, toc=False),
        Paragraph(
            f"Evaluasi atas implementasi Sistem Akuntabilitas Kinerja Instansi Pemerintah (SAKIP) {name} "
            f"tahun {year} dilaksanakan berdasarkan Peraturan Menteri Pendayagunaan Aparatur Negara dan "
            "Reformasi Birokrasi Nomor 88 Tahun 2021 tentang Evaluasi Akuntabilitas Kinerja Instansi "
            "Pemerintah."
        ),
        Paragraph(
            f"Nilai hasil evaluasi: {format_number(result.score)}, predikat {result.predicate}"
            + (f" ({band.description})" if band else "")
            + ".",
            bold=True,
        ),
    )
    if result.previous is not None:
        change = result.change
        sign = "+" if change is not None and change >= 0 else ""
        report.add(
            Paragraph(
                f"Nilai tahun {year - 1}: {format_number(result.previous)}; perubahan {sign}{_n(change)} poin."
            )
        )
    if result.detail is not None:
        lke = load_lke(result.lke)
        rows: list[tuple[str, str, str, str]] = []
        bold: set[int] = set()
        for comp in lke.components:
            bold.add(len(rows))
            rows.append((comp.code, comp.title, _n(comp.weight), _n(result.detail.components.get(comp.code))))
            for sub in comp.subcomponents:
                rows.append(
                    (sub.code, sub.title, _n(sub.weight), _n(result.detail.subcomponents.get(sub.code)))
                )
        bold.add(len(rows))
        rows.append(("", "Nilai Akuntabilitas Kinerja", "100,00", format_number(result.score)))
        report.add(
            Heading("Nilai per komponen", level=2, toc=False),
            Table(
                header=("Kode", "Komponen / subkomponen", "Bobot", "Nilai"),
                rows=tuple(rows),
                widths=(1, 8, 1.5, 1.5),
                numeric=frozenset({2, 3}),
                bold_rows=frozenset(bold),
                caption=f"Nilai evaluasi AKIP {name} tahun {year}",
            ),
        )
    else:
        report.add(
            Paragraph(
                "Nilai berasal dari evaluasi yang dilaksanakan di luar Kinerja; rincian per komponen tidak tercatat."
            )
        )
    if result.summary:
        report.add(
            Heading("Simpulan", level=2, toc=False),
            *(Paragraph(p.strip()) for p in result.summary.split("\n\n") if p.strip()),
        )
    return report
