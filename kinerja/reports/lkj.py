"""Laporan Kinerja (LKj) of a unit-year, in the PermenPAN-RB 53/2014 outline (rules.md §2.2):
Ringkasan Eksekutif, Bab I Pendahuluan, Bab II Perencanaan Kinerja, Bab III Akuntabilitas Kinerja,
Bab IV Penutup, Lampiran (each Perjanjian Kinerja version, then the "Pernyataan Telah Direviu"
when APIP has recorded a reviu of the unit-year, ``kinerja.evaluation``).

Only arrangement and wording happen here; every figure comes from ``assemble`` (the engine).
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from kinerja.core.numbers import COMPUTE_CONTEXT, format_number
from kinerja.reports import charts
from kinerja.reports.assemble import (
    REVISION_REASON_TEXT,
    IndicatorReport,
    ObjectiveReport,
    ReviuStatement,
    UnitYearReport,
)
from kinerja.reports.fmt import date_id, measure, money, percent, show_target, show_value, signed
from kinerja.reports.model import (
    Block,
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
)
from kinerja.reports.pk import annex_blocks, statement_blocks

LEVEL_NAMES = {"SS": "Sasaran Strategis", "SP": "Sasaran Program", "SK": "Sasaran Kegiatan"}
MISSING = "Narasi belum diisi."
AGGREGATION_NAMES = {
    "mean": "rata-rata",
    "weighted_mean": "rata-rata tertimbang",
    "sum": "jumlah",
    "min": "nilai terkecil",
    "max": "nilai terbesar",
}


class _Numbering:
    """Tabel 3.1, Gambar 3.1 ... per chapter."""

    def __init__(self) -> None:
        self.chapter = 0
        self.tables = 0
        self.figures = 0

    def start(self, chapter: int) -> None:
        self.chapter, self.tables, self.figures = chapter, 0, 0

    def table(self, text: str) -> str:
        self.tables += 1
        return f"Tabel {self.chapter}.{self.tables} {text}"

    def figure(self, text: str) -> str:
        self.figures += 1
        return f"Gambar {self.chapter}.{self.figures} {text}"


def _text_blocks(text: str | None) -> list[Block]:
    if not text:
        return [Paragraph(MISSING, italic=True)]
    return [Paragraph(part.strip()) for part in text.split("\n\n") if part.strip()]


def _lines(text: str) -> list[Block]:
    """A stored narrative keeps its own line breaks (numbered lists typed by users)."""
    out: list[Block] = []
    for part in text.split("\n\n"):
        lines = [ln.strip() for ln in part.splitlines() if ln.strip()]
        if lines:
            out.append(Paragraph("\n".join(lines)))
    return out


def _unit_label(ind: IndicatorReport) -> str:
    u = ind.unit_of_measure
    return "" if not u else u


def _achievement_table(report: UnitYearReport, caption: str) -> Table:
    rows: list[tuple[str, ...]] = []
    bold: set[int] = set()
    for obj in report.objectives:
        bold.add(len(rows))
        rows.append((obj.code, obj.statement, "", "", "", show_value(obj.achievement)))
        for ind in obj.indicators:
            rows.append(
                (
                    ind.code,
                    ind.name,
                    _unit_label(ind),
                    show_target(ind.target),
                    show_value(ind.realization),
                    show_value(ind.achievement),
                )
            )
    bold.add(len(rows))
    rows.append(
        (
            "",
            "Rata-rata capaian sasaran",
            "",
            "",
            "",
            show_value(report.result.achievement),
        )
    )
    return Table(
        header=("Kode", "Sasaran / Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian (%)"),
        rows=tuple(rows),
        widths=(1.5, 7.6, 1.8, 1.6, 1.8, 1.8),
        numeric=frozenset({3, 4, 5}),
        bold_rows=frozenset(bold),
        caption=caption,
    )


def _counts_sentence(report: UnitYearReport) -> str:
    c = report.counts
    parts = [
        f"{c.above} indikator mencapai lebih dari 100%" if c.above else "",
        f"{c.at} indikator mencapai 100%" if c.at else "",
        f"{c.below} indikator mencapai kurang dari 100%" if c.below else "",
        f"{c.na} indikator belum dapat diukur" if c.na else "",
    ]
    parts = [p for p in parts if p]
    if not parts:
        return "Belum ada indikator kinerja yang diukur."
    if len(parts) == 1:
        return f"Dari {c.total} indikator kinerja, {parts[0]}."
    return f"Dari {c.total} indikator kinerja, " + ", ".join(parts[:-1]) + f", dan {parts[-1]}."


def _budget_sentence(report: UnitYearReport) -> str:
    b = report.budget
    if b.total is None or b.pagu is None:
        return f"Data pagu dan realisasi anggaran tahun {report.year} belum tersedia."
    if b.realization is None:
        return f"Pagu anggaran tahun {report.year} sebesar {money(b.pagu)}; realisasinya belum tersedia."
    return (
        f"Pagu anggaran tahun {report.year} sebesar {money(b.pagu)} terealisasi {money(b.realization)} "
        f"atau {percent(b.total.absorption)}."
    )


def _pk_in_force(report: UnitYearReport) -> str:
    if not report.agreements:
        return f"target Renstra tahun {report.year} (belum ada Perjanjian Kinerja)"
    a = report.agreements[-1].agreement
    if a.label:
        return f"Perjanjian Kinerja Tahun {report.year}, {a.label}"
    return f"Perjanjian Kinerja Tahun {report.year} versi {a.version}"


def executive_summary(report: UnitYearReport, n: _Numbering) -> list[Block]:
    n.start(0)
    unit = report.unit.name
    blocks: list[Block] = [
        Heading("RINGKASAN EKSEKUTIF", 1),
        Paragraph(
            f"Laporan Kinerja {unit} Tahun {report.year} menyajikan capaian {report.counts.total} indikator "
            f"kinerja dari {len(report.objectives)} sasaran, diukur terhadap {_pk_in_force(report)}."
        ),
        _achievement_table(report, "Tabel Ringkasan capaian sasaran dan indikator kinerja"),
        Paragraph(
            f"Capaian kinerja {unit} tahun {report.year} secara keseluruhan, yaitu rata-rata capaian "
            f"seluruh sasaran, adalah {percent(report.result.achievement)}."
        ),
        Paragraph(_counts_sentence(report)),
        Paragraph(_budget_sentence(report), align="left"),
    ]
    return blocks


def chapter_one(report: UnitYearReport, n: _Numbering) -> list[Block]:
    n.start(1)
    t = report.texts
    u = report.unit
    head = ""
    if u.head_title:
        head = f"{u.name} dipimpin oleh {u.head_title}" + (f" ({u.head_name})" if u.head_name else "")
        if report.parent:
            head += f" dan berada di bawah {report.parent.name}"
        head += "."
    blocks: list[Block] = [
        Heading("BAB I PENDAHULUAN", 1),
        Heading("A. Gambaran Umum Organisasi", 2),
        *_text_blocks(t.get("pendahuluan")),
        Heading("B. Tugas dan Fungsi", 2),
        *(_lines(t["tugas_fungsi"]) if t.get("tugas_fungsi") else _text_blocks(None)),
        Heading("C. Struktur Organisasi", 2),
    ]
    if head:
        blocks.append(Paragraph(head))
    blocks += _lines(t["struktur"]) if t.get("struktur") else _text_blocks(None)
    blocks += [
        Heading("D. Isu Strategis", 2),
        *(_lines(t["isu_strategis"]) if t.get("isu_strategis") else _text_blocks(None)),
        Heading("E. Sistematika Laporan", 2),
        Paragraph("Laporan Kinerja ini disusun mengikuti Peraturan Menteri PANRB Nomor 53 Tahun 2014:"),
        BulletList(
            (
                "Ringkasan Eksekutif: ikhtisar capaian sasaran, indikator dan anggaran;",
                "Bab I Pendahuluan: gambaran umum organisasi, tugas dan fungsi, struktur dan isu strategis;",
                "Bab II Perencanaan Kinerja: ringkasan Rencana Strategis, Perjanjian Kinerja dan anggaran;",
                "Bab III Akuntabilitas Kinerja: capaian kinerja per sasaran dan indikator, realisasi "
                "anggaran dan analisis efisiensi;",
                "Bab IV Penutup: simpulan dan langkah perbaikan;",
                "Lampiran: Perjanjian Kinerja dan, bila ada, pernyataan reviu APIP.",
            )
        ),
    ]
    return blocks


def chapter_two(report: UnitYearReport, n: _Numbering) -> list[Block]:
    n.start(2)
    plan = report.plan
    years = report.period_years
    label = plan.label or f"Rencana Strategis {plan.period[0]}–{plan.period[1]}"
    intro = f"{label} (versi {plan.version})"
    if plan.legal_basis:
        intro += f" ditetapkan dengan {plan.legal_basis}"
    if plan.adopted_on:
        intro += f" pada {date_id(plan.adopted_on)}"
    blocks: list[Block] = [
        Heading("BAB II PERENCANAAN KINERJA", 1),
        Heading("A. Rencana Strategis", 2),
        Paragraph(intro + "."),
    ]
    if plan.vision:
        blocks += [Paragraph("Visi", bold=True), Paragraph(plan.vision)]
    if plan.missions:
        blocks += [Paragraph("Misi", bold=True), BulletList(tuple(plan.missions), numbered=True)]
    if plan.goals:
        blocks += [
            Paragraph("Tujuan", bold=True),
            BulletList(tuple(f"{g.code}: {g.statement}" for g in plan.goals)),
        ]
    rows: list[tuple[str, ...]] = []
    bold: set[int] = set()
    for obj in plan.objectives:
        bold.add(len(rows))
        rows.append((obj.code, obj.statement, "", *("" for _ in years)))
        for ind in obj.indicators:
            rows.append(
                (ind.code, ind.name, ind.unit_of_measure, *(show_target(ind.targets.get(y)) for y in years))
            )
    blocks.append(
        Table(
            header=("Kode", "Sasaran / Indikator", "Satuan", *(str(y) for y in years)),
            rows=tuple(rows),
            widths=(1.4, 7, 1.3, *(1.4 for _ in years)),
            numeric=frozenset(range(3, 3 + len(years))),
            bold_rows=frozenset(bold),
            caption=n.table(f"Sasaran, indikator dan target {label}"),
        )
    )
    blocks.append(Heading("B. Perjanjian Kinerja", 2))
    if not report.agreements:
        blocks.append(
            Paragraph(
                f"Belum ada Perjanjian Kinerja tahun {report.year}; pengukuran memakai target Renstra.",
                italic=True,
            )
        )
    else:
        blocks.append(
            Paragraph(
                f"Perjanjian Kinerja Tahun {report.year} ditandatangani sebagai berikut:"
                if len(report.agreements) == 1
                else f"Perjanjian Kinerja Tahun {report.year} mengalami {len(report.agreements) - 1} kali "
                "perubahan; capaian kinerja diukur terhadap Perjanjian Kinerja yang terakhir ditandatangani:"
            )
        )
        items = []
        for pk in report.agreements:
            a = pk.agreement
            text = (f"{a.label} (versi {a.version})" if a.label else f"Versi {a.version}") + (
                f", ditandatangani {date_id(a.signed_on)}"
                if a.signed_on
                else ", tanggal penandatanganan tidak tercatat"
            )
            if a.version > 1 and a.reason:
                text += f"; alasan perubahan: {REVISION_REASON_TEXT.get(a.reason, a.reason)}"
            items.append(text)
        blocks.append(BulletList(tuple(items)))
        versions = report.agreements
        targets_by_version = [{r.indicator_code: show_target(r.target) for r in pk.rows} for pk in versions]
        pk_rows: list[tuple[str, ...]] = []
        pk_bold: set[int] = set()
        for measured in report.objectives:
            pk_bold.add(len(pk_rows))
            pk_rows.append((measured.code, measured.statement, *("" for _ in versions)))
            for measured_ind in measured.indicators:
                code = measured_ind.code
                pk_rows.append((code, measured_ind.name, *(tv.get(code, "–") for tv in targets_by_version)))
        blocks.append(
            Table(
                header=(
                    "Kode",
                    "Sasaran / Indikator Kinerja",
                    *(
                        f"Target v{pk.version}" + (f"\n{pk.agreement.label}" if pk.agreement.label else "")
                        for pk in versions
                    ),
                ),
                rows=tuple(pk_rows),
                widths=(1.4, 9, *(2.2 for _ in versions)),
                numeric=frozenset(range(2, 2 + len(versions))),
                bold_rows=frozenset(pk_bold),
                caption=n.table(f"Target Perjanjian Kinerja {report.year} per versi"),
            )
        )
    blocks.append(Heading("C. Anggaran", 2))
    blocks += _budget_chronology(report, n)
    return blocks


def _budget_chronology(report: UnitYearReport, n: _Numbering) -> list[Block]:
    b = report.budget
    rows: list[tuple[str, ...]] = []
    bold: set[int] = set()
    if b.pagu_awal is not None:
        note = b.pagu_awal_entry.note if b.pagu_awal_entry else ""
        rows.append(
            (
                "Pagu awal",
                date_id(b.pagu_awal_entry.date if b.pagu_awal_entry else None, ""),
                note,
                money(b.pagu_awal),
            )
        )
    for i, r in enumerate(b.revisions, 1):
        rows.append(
            (
                f"Revisi {i}",
                date_id(r.date, "tanpa tanggal"),
                r.note,
                ("+" if r.amount >= 0 else "") + money(r.amount),
            )
        )
    if b.pagu is not None:
        bold.add(len(rows))
        note = b.pagu_akhir_entry.note if b.pagu_akhir_entry else "pagu awal ditambah revisi"
        rows.append(
            (
                "Pagu akhir",
                date_id(b.pagu_akhir_entry.date if b.pagu_akhir_entry else None, ""),
                note,
                money(b.pagu),
            )
        )
    blocks: list[Block] = []
    if not rows:
        blocks.append(Paragraph(f"Data pagu anggaran tahun {report.year} belum tersedia.", italic=True))
    else:
        blocks.append(
            Table(
                header=("Uraian", "Tanggal", "Keterangan", "Jumlah"),
                rows=tuple(rows),
                widths=(2, 2.4, 9, 4),
                numeric=frozenset({3}),
                bold_rows=frozenset(bold),
                caption=n.table(f"Kronologi pagu anggaran tahun {report.year}"),
            )
        )
        if b.pagu_akhir is not None and b.pagu_awal is not None:
            computed = b.pagu_awal + sum(r.amount for r in b.revisions)
            if computed != b.pagu_akhir:
                blocks.append(
                    Paragraph(
                        f"Catatan: pagu awal ditambah revisi ({money(computed)}) berbeda dari pagu akhir "
                        f"({money(b.pagu_akhir)}).",
                        italic=True,
                    )
                )
    need = b.renstra_need.get(report.year)
    if need is not None:
        blocks.append(Paragraph(f"Kebutuhan pendanaan tahun {report.year} menurut Renstra: {money(need)}."))
    return blocks


def _indicator_blocks(report: UnitYearReport, ind: IndicatorReport, n: _Numbering) -> list[Block]:
    year = report.year
    blocks: list[Block] = [Heading(f"{ind.code} {ind.name}", 3)]
    hist = ind.history
    header = ("Uraian", *(str(h.year) for h in hist))
    rows = (
        ("Target", *(show_target(h.target) for h in hist)),
        ("Realisasi", *(show_value(h.realization) if h.computed else "" for h in hist)),
        ("Capaian (%)", *(show_value(h.achievement) if h.computed else "" for h in hist)),
    )
    blocks.append(
        Table(
            header=header,
            rows=rows,
            widths=(2.6, *(1.6 for _ in hist)),
            numeric=frozenset(range(1, 1 + len(hist))),
            caption=n.table(
                f"Informasi Kinerja {ind.code}"
                + (f" (satuan: {ind.unit_of_measure})" if ind.unit_of_measure else "")
            ),
        )
    )
    uncapped = ind.result.achievement_uncapped
    cap_note = ""
    if uncapped is not None and ind.achievement is not None and uncapped != ind.achievement:
        cap_note = f" (sebelum dibatasi: {format_number(uncapped)})"
    comp_rows: list[tuple[str, str]] = [
        (f"Target {year}", show_target(ind.target)),
        (f"Realisasi {year}", show_value(ind.realization)),
        (f"Capaian {year} (%)", show_value(ind.achievement) + cap_note),
    ]
    if ind.realization_change is not None:
        ch = ind.realization_change
        pct = f" ({signed(ch.change_percent, '%')})" if ch.change_percent is not None else ""
        shown = (
            signed(ch.change_points, " poin") + pct
            if ch.change_points is not None
            else f"n.a (realisasi {year - 1} belum ada)"
        )
        comp_rows.append((f"Perubahan realisasi dari {year - 1}", shown))
    else:
        comp_rows.append((f"Perubahan realisasi dari {year - 1}", "n.a (tidak ada data tahun lalu)"))
    if ind.achievement_change is not None and ind.achievement_change.change_points is not None:
        comp_rows.append(
            (f"Perubahan capaian dari {year - 1}", signed(ind.achievement_change.change_points, " poin"))
        )
    comp_rows.append((f"Target akhir Renstra ({ind.end_year})", show_target(ind.end_target)))
    end = ind.against_end
    comp_rows.append(
        (f"Capaian terhadap target akhir Renstra {ind.end_year} (%)", show_value(end.value if end else None))
    )
    blocks.append(
        Table(
            header=("Perbandingan", "Nilai"),
            rows=tuple(comp_rows),
            widths=(7, 5),
            numeric=frozenset({1}),
            caption=n.table(f"Perbandingan capaian {ind.code} dengan tahun lalu dan target akhir Renstra"),
        )
    )
    spec = ind.indicator
    if spec.formula:
        calc = f"Rumus penghitungan realisasi: {spec.formula.replace('*', '×')}"
        blocks.append(Paragraph(calc, bold=True))
        if ind.inputs:
            items = tuple(
                f"{i.name} = {measure(i.value)}" + (f" ({i.description})" if i.description else "")
                for i in ind.inputs
            )
            blocks.append(BulletList(items))
            blocks.append(Paragraph(f"Hasil: realisasi {show_value(ind.realization)}."))
        elif spec.variables:
            blocks.append(BulletList(tuple(f"{k}: {v}" for k, v in spec.variables.items())))
    if ind.components:
        aggregation = AGGREGATION_NAMES.get(spec.aggregation.value, spec.aggregation.value)
        if spec.weights:
            aggregation += "; bobot " + ", ".join(
                f"{k} = {format_number(w)}" for k, w in spec.weights.items()
            )
        blocks.append(
            Table(
                header=("Unit", "Kode", "Indikator komponen", "Realisasi"),
                rows=tuple((*c.key.split(":", 1), c.name, show_value(c.realization)) for c in ind.components),
                widths=(3, 2, 8, 2),
                numeric=frozenset({3}),
                caption=n.table(f"Komponen {ind.code} (penggabungan: {aggregation})"),
            )
        )
    if spec.definition:
        blocks.append(Paragraph(f"Definisi: {spec.definition}", size=9))
    if spec.data_source:
        blocks.append(Paragraph(f"Sumber data: {spec.data_source}", size=9))
    nar = ind.narrative
    blocks += [Paragraph("Analisis Capaian Kinerja", bold=True), *_text_blocks(nar.analysis)]
    for title, text in (
        ("Faktor Pendukung", nar.supporting),
        ("Faktor Penghambat", nar.inhibiting),
        ("Tindak Lanjut / Rencana Perbaikan", nar.follow_up),
    ):
        if text:
            blocks += [Paragraph(title, bold=True), *_text_blocks(text)]
    if ind.evidence:
        blocks += [Paragraph("Bukti dukung", bold=True), BulletList(tuple(ind.evidence))]
    # the engine's notes are data notes for the people who enter and check the data (dashboard,
    # kinerja lint), not report text
    return blocks


def _unmeasured_sentence(codes: list[str]) -> str:
    if not codes:
        return ""
    names = ", ".join(codes[:-1]) + (" dan " if len(codes) > 1 else "") + codes[-1]
    return f" Indikator {names} belum dapat diukur sehingga tidak diperhitungkan dalam capaian sasaran."


def _objective_blocks(report: UnitYearReport, obj: ObjectiveReport, n: _Numbering) -> list[Block]:
    level = LEVEL_NAMES.get(obj.level, "Sasaran")
    blocks: list[Block] = [
        Heading(f"{level} {obj.code}: {obj.statement}", 2),
        Paragraph(
            f"Sasaran ini diukur dengan {len(obj.indicators)} indikator; capaian sasaran (rata-rata capaian "
            f"indikator) tahun {report.year} adalah {percent(obj.achievement)}."
            + _unmeasured_sentence([i.code for i in obj.indicators if i.achievement is None])
        ),
    ]
    for ind in obj.indicators:
        blocks += _indicator_blocks(report, ind, n)
    return blocks


def _difference(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None or b is None:
        return None
    with localcontext(COMPUTE_CONTEXT):
        return a - b


def chapter_three(report: UnitYearReport, n: _Numbering) -> list[Block]:
    n.start(3)
    blocks: list[Block] = [
        Heading("BAB III AKUNTABILITAS KINERJA", 1),
        Heading("A. Capaian Kinerja Organisasi", 2),
        Paragraph(
            "Capaian indikator dihitung dengan membandingkan realisasi terhadap target yang berlaku (Perjanjian "
            "Kinerja versi terakhir): realisasi / target × 100 untuk indikator yang makin tinggi makin baik, "
            "(2 − realisasi / target) × 100 atau target / realisasi × 100 (sesuai kebijakan instansi) "
            "untuk yang makin rendah makin baik. Batas capaian maksimum per "
            "indikator diterapkan bila ditetapkan, dan nilai sebelum dibatasi tetap disajikan. Capaian sasaran adalah "
            "rata-rata capaian indikatornya dan capaian unit rata-rata capaian sasaran; indikator yang belum "
            "dapat diukur (n.a) tidak dihitung dalam rata-rata. Angka disajikan dengan dua desimal; "
            "rata-rata dihitung dari angka sebelum pembulatan."
        ),
        _achievement_table(report, n.table(f"Capaian kinerja tahun {report.year}")),
        Paragraph(_counts_sentence(report)),
    ]
    by_objective = charts.achievement_by_objective(report)
    over_years = charts.trend(report)
    if by_objective:
        blocks.append(Image(by_objective, 15, n.figure(f"Capaian per sasaran tahun {report.year}")))
    if over_years:
        period = f"{report.plan.period[0]}–{report.plan.period[1]}"
        blocks.append(Image(over_years, 15, n.figure(f"Capaian kinerja per tahun Renstra {period}")))
    if not by_objective and not over_years:
        blocks.append(
            Paragraph("Grafik capaian tidak ditampilkan: belum ada capaian yang dapat diukur.", italic=True)
        )
    for obj in report.objectives:
        blocks += _objective_blocks(report, obj, n)
    blocks.append(Heading("B. Capaian Kinerja Lainnya", 2))
    other = report.texts.get("capaian_kinerja_lainnya")
    blocks += (
        _lines(other)
        if other
        else [Paragraph("Tidak ada capaian kinerja lain yang dilaporkan.", italic=True)]
    )
    blocks.append(Heading("C. Realisasi Anggaran", 2))
    b = report.budget
    lines = ([b.total] if b.total else []) + b.accounts
    if lines:
        blocks.append(
            Table(
                header=("Uraian", "Pagu", "Realisasi", "Penyerapan (%)"),
                rows=tuple(
                    (
                        x.label if x is b.total else f"di antaranya: {x.label}",
                        money(x.pagu),
                        money(x.realization),
                        show_value(x.absorption),
                    )
                    for x in lines
                ),
                widths=(6.5, 4, 4, 2.2),
                numeric=frozenset({1, 2, 3}),
                bold_rows=frozenset({0}) if b.total else frozenset(),
                caption=n.table(f"Realisasi anggaran tahun {report.year}"),
            )
        )
        blocks.append(Paragraph(_budget_sentence(report), align="left"))
        png = charts.budget_absorption(report)
        if png:
            blocks.append(Image(png, 15, n.figure(f"Penyerapan anggaran tahun {report.year}")))
    else:
        blocks.append(Paragraph(f"Data realisasi anggaran tahun {report.year} belum tersedia.", italic=True))
    blocks += _efficiency(report, n)
    return blocks


def _efficiency(report: UnitYearReport, n: _Numbering) -> list[Block]:
    b = report.budget
    blocks: list[Block] = [Heading("D. Analisis Efisiensi", 2)]
    rows: list[tuple[str, ...]] = []
    linked = [o for o in report.objectives if o.budget is not None]
    for obj in linked:
        assert obj.budget is not None
        rows.append(
            (
                f"{obj.code} {obj.statement}",
                show_value(obj.achievement),
                money(obj.budget.pagu),
                money(obj.budget.realization),
                show_value(obj.budget.absorption),
                signed(_difference(obj.achievement, obj.budget.absorption)),
            )
        )
    unit_absorption = b.total.absorption if b.total else None
    rows.append(
        (
            "Unit (seluruh sasaran)",
            show_value(report.result.achievement),
            money(b.pagu),
            money(b.realization),
            show_value(unit_absorption),
            signed(_difference(report.result.achievement, unit_absorption)),
        )
    )
    blocks.append(
        Paragraph(
            "Efisiensi penggunaan sumber daya dianalisis dengan membandingkan capaian kinerja dengan "
            "penyerapan anggaran: selisih positif berarti capaian kinerja lebih tinggi daripada persentase "
            "anggaran yang digunakan."
            + (
                ""
                if linked
                else " Belum ada anggaran yang ditautkan ke sasaran tertentu, sehingga analisis dilakukan pada "
                "tingkat unit."
            )
        )
    )
    blocks.append(
        Table(
            header=("Sasaran", "Capaian (%)", "Pagu", "Realisasi", "Penyerapan (%)", "Selisih (poin)"),
            rows=tuple(rows),
            widths=(5, 1.8, 3.6, 3.6, 2, 1.8),
            font_size=8.5,
            numeric=frozenset({1, 2, 3, 4, 5}),
            bold_rows=frozenset({len(rows) - 1}),
            caption=n.table(f"Capaian kinerja dan penyerapan anggaran tahun {report.year}"),
        )
    )
    diff = _difference(report.result.achievement, unit_absorption)
    if diff is not None:
        verdict = (
            "lebih tinggi daripada" if diff > 0 else "sama dengan" if diff == 0 else "lebih rendah daripada"
        )
        blocks.append(
            Paragraph(
                f"Capaian kinerja unit {percent(report.result.achievement)} {verdict} penyerapan anggaran "
                f"{percent(unit_absorption)} (selisih {signed(diff, ' poin')})."
            )
        )
    text = report.texts.get("analisis_efisiensi")
    if text:
        blocks += _lines(text)
    return blocks


def chapter_four(report: UnitYearReport, n: _Numbering) -> list[Block]:
    n.start(4)
    best = [o for o in report.objectives if o.achievement is not None]
    summary = (
        f"Secara umum capaian kinerja {report.unit.name} tahun {report.year} adalah "
        f"{percent(report.result.achievement)}. {_counts_sentence(report)}"
    )
    if best:
        low = min(best, key=lambda o: o.achievement or Decimal(0))
        summary += f" Capaian sasaran terendah adalah {low.code} ({percent(low.achievement)})."
    blocks: list[Block] = [
        Heading("BAB IV PENUTUP", 1),
        Paragraph(summary),
        Paragraph(_budget_sentence(report), align="left"),
    ]
    text = report.texts.get("penutup")
    blocks += _lines(text) if text else []
    return blocks


def reviu_blocks(report: UnitYearReport, reviu: ReviuStatement, number: int) -> list[Block]:
    """Lampiran ``number``: the APIP "Pernyataan Telah Direviu" (PermenPAN-RB 53/2014 Lampiran III)."""
    return [
        Heading(f"Lampiran {number}. Pernyataan Telah Direviu", 2),
        Paragraph("PERNYATAAN TELAH DIREVIU", bold=True, align="center", size=13),
        Paragraph(report.unit.name.upper(), bold=True, align="center"),
        Paragraph(f"TAHUN {report.year}", bold=True, align="center"),
        Spacer(0.4),
        *_text_blocks(reviu.statement),
        Spacer(0.4),
        Paragraph(f"{reviu.place}, {date_id(reviu.reviewed_on)}", align="right"),
        Paragraph(reviu.reviewer_title + ",", align="right"),
        Spacer(1.5),
        Paragraph(reviu.reviewer_name, bold=True, align="right"),
    ]


def _outdated_reviu(report: UnitYearReport) -> list[Block]:
    """A reviu recorded over figures that changed afterwards is not printed as a statement."""
    old = report.outdated_reviu
    if old is None:
        return []
    return [
        Paragraph(
            f"Reviu APIP atas Laporan Kinerja ini tanggal {date_id(old.reviewed_on)} dilakukan atas angka "
            "kinerja yang kemudian berubah. Pernyataan Telah Direviu akan dilampirkan setelah APIP mereviu "
            "ulang laporan ini.",
            italic=True,
        )
    ]


def attachments(report: UnitYearReport, n: _Numbering, reviu: ReviuStatement | None = None) -> list[Block]:
    blocks: list[Block] = [Heading("LAMPIRAN", 1)]
    if not report.agreements:
        blocks.append(Paragraph(f"Belum ada Perjanjian Kinerja tahun {report.year}.", italic=True))
        if reviu is not None:
            blocks += [PageBreak(), *reviu_blocks(report, reviu, 1)]
        return blocks
    for i, pk in enumerate(report.agreements, 1):
        label = pk.agreement.label or f"versi {pk.version}"
        if i > 1:
            blocks.append(PageBreak())
        blocks.append(
            Heading(f"Lampiran {i}. Perjanjian Kinerja Tahun {report.year} — {label} (versi {pk.version})", 2)
        )
        blocks += statement_blocks(report, pk, toc=False, level=3)
        blocks.append(PageBreak())
        blocks += annex_blocks(report, pk, toc=False, level=3)
    if reviu is not None:
        blocks += [PageBreak(), *reviu_blocks(report, reviu, len(report.agreements) + 1)]
    return blocks


def unit_head(report: UnitYearReport) -> tuple[str, str]:
    """The unit head's title and name: the unit's record, else the first party of the PK in force."""
    title, name = report.unit.head_title, report.unit.head_name
    if report.agreements and report.agreements[-1].agreement.first_party is not None:
        party = report.agreements[-1].agreement.first_party
        title, name = title or party.title, name or party.name
    return title, name


def signing_place(report: UnitYearReport) -> str:
    """Where the unit signs: the unit text ``tempat`` when written, else the place of its PK."""
    if report.texts.get("tempat", "").strip():
        return report.texts["tempat"].strip()
    return next((pk.agreement.place for pk in reversed(report.agreements) if pk.agreement.place), "")


def missing_for_signature(report: UnitYearReport) -> list[str]:
    """What the LKj lacks before its head can sign it (then it is marked DRAF on every page)."""
    title, name = unit_head(report)
    missing = []
    if not name:
        missing.append("nama pimpinan unit")
    if not title:
        missing.append("jabatan pimpinan unit")
    if not signing_place(report):
        missing.append("tempat penandatanganan")
    missing += [f"analisis capaian {i.code}" for i in report.indicators if not i.narrative.analysis.strip()]
    return missing


def _default_foreword(report: UnitYearReport) -> str:
    unit = report.unit.name
    return (
        f"Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa atas tersusunnya Laporan Kinerja {unit} "
        f"Tahun {report.year}. Laporan ini disusun sebagai wujud pertanggungjawaban atas pelaksanaan tugas "
        f"dan fungsi {unit} dalam mencapai sasaran yang ditetapkan dalam {_pk_in_force(report)}, sesuai "
        "Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah dan "
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 Tahun 2014.\n\n"
        f"Laporan ini menyajikan capaian {report.counts.total} indikator kinerja dari "
        f"{len(report.objectives)} sasaran, realisasi anggaran, serta analisis atas faktor pendukung, "
        f"faktor penghambat dan langkah perbaikan. Capaian kinerja tahun {report.year} secara keseluruhan "
        f"adalah {percent(report.result.achievement)}.\n\n"
        "Kami menyadari bahwa laporan ini masih memiliki kekurangan. Saran dan masukan sangat kami harapkan "
        "untuk perbaikan kinerja pada tahun berikutnya. Semoga Laporan Kinerja ini bermanfaat bagi semua "
        "pihak yang berkepentingan."
    )


def foreword(report: UnitYearReport) -> list[Block]:
    """Kata Pengantar (the planner's text ``kata_pengantar``, else a standard one) and the unit
    head's signature; the date is written when the head signs (``tanggal_penandatanganan``)."""
    text = report.texts.get("kata_pengantar", "").strip() or _default_foreword(report)
    blocks: list[Block] = [Heading("KATA PENGANTAR", 1), *_lines(text)]
    title, name = unit_head(report)
    place = signing_place(report)
    if title and name and place:
        when = report.texts.get("tanggal_penandatanganan", "").strip() or f"{'.' * 24} {report.year + 1}"
        blocks.append(Signature(place_date=f"{place}, {when}", title=f"{title},", name=name))
    return blocks


def cover(report: UnitYearReport) -> list[Block]:
    parent = report.parent.name.upper() if report.parent else ""
    blocks: list[Block] = [
        Spacer(4),
        Paragraph("LAPORAN KINERJA", bold=True, align="center", size=26),
        Paragraph(f"TAHUN {report.year}", bold=True, align="center", size=20),
        Spacer(4),
        Paragraph(report.unit.name.upper(), bold=True, align="center", size=14),
    ]
    if parent:
        blocks.append(Paragraph(parent, align="center", size=12))
    blocks += [
        Paragraph(report.agency.name.upper(), align="center", size=12),
    ]
    return blocks


def build_lkj(
    report: UnitYearReport, provenance: Provenance, reviu: ReviuStatement | None = None
) -> ReportDocument:
    doc = ReportDocument(
        title=f"Laporan Kinerja Tahun {report.year}",
        subject=report.unit.name,
        author=report.agency.name,
        provenance=provenance,
        keywords=("Laporan Kinerja", "LKj", "SAKIP", report.unit.code, str(report.year)),
        placeholders={
            "judul": f"LAPORAN KINERJA TAHUN {report.year}",
            "unit": report.unit.name,
            "tahun": str(report.year),
            "instansi": report.agency.name,
        },
    )
    doc.cover = cover(report)
    n = _Numbering()
    missing = missing_for_signature(report)
    if report.provisional:
        missing.insert(0, "angka resmi (dokumen ini memuat ANGKA SEMENTARA)")
    draft_note: list[Block] = []
    if missing:
        doc.draft_mark = "DRAF"
        draft_note = [
            Paragraph(
                "DRAF — Laporan Kinerja ini belum dapat ditandatangani karena belum lengkap: "
                + "; ".join(missing)
                + ". Lengkapi data tersebut di Kinerja, lalu unduh kembali laporan ini.",
                bold=True,
            )
        ]
    doc.front = [
        *draft_note,
        *foreword(report),
        PageBreak(),
        *executive_summary(report, n),
        PageBreak(),
        TableOfContents(),
        PageBreak(),
        CaptionList("table"),
        Spacer(0.6),
        CaptionList("figure"),
    ]
    doc.add(
        *chapter_one(report, n),
        PageBreak(),
        *chapter_two(report, n),
        PageBreak(),
        *chapter_three(report, n),
        PageBreak(),
        *chapter_four(report, n),
        PageBreak(),
        *attachments(report, n, reviu),
        *_outdated_reviu(report),
        Spacer(0.5),
        Paragraph(provenance.describe(), italic=True, size=7, align="left"),
    )
    return doc
