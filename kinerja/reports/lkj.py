"""Laporan Kinerja (LKj) of a unit-year, in the PermenPAN-RB 53/2014 outline (rules.md §2.2).

Front matter (``ReportDocument.front``, numbered i, ii ...): Kata Pengantar signed by the unit
head, Ringkasan Eksekutif, Daftar Isi, Daftar Tabel, Daftar Gambar. Body: Bab I Pendahuluan, Bab II
Perencanaan Kinerja, Bab III Akuntabilitas Kinerja, Bab IV Penutup, Lampiran (each Perjanjian
Kinerja version, then the "Pernyataan Telah Direviu" when APIP has recorded a reviu of the
unit-year, ``kinerja.evaluation``).

Only arrangement and wording happen here; every figure comes from ``assemble`` (the engine). The
text is official Indonesian in the register of a signed LKj: data notes (the engine's notes, the
analysts' remarks) are never printed, and nothing the data does not give is invented — a date that
is not recorded is said to be unknown, an official who is not recorded is never replaced by a
placeholder. A report that cannot be signed as it is carries ``draft_mark = "DRAF"`` and opens with
what is missing (``missing_for_signature``).
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from kinerja.core.numbers import COMPUTE_CONTEXT, format_number
from kinerja.core.types import Polarity
from kinerja.interchange import document as d
from kinerja.reports import charts
from kinerja.reports.assemble import (
    IndicatorReport,
    ObjectiveReport,
    ReviuStatement,
    UnitYearReport,
)
from kinerja.reports.evaluation_section import evaluation_blocks
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
from kinerja.reports.pk import (
    annex_blocks,
    missing_officials,
    revision_reason,
    statement_blocks,
    version_name,
)

LEVEL_NAMES = {"SS": "Sasaran Strategis", "SP": "Sasaran Program", "SK": "Sasaran Kegiatan"}
MISSING = "Narasi belum diisi."
# the texts of Bab I; without one the LKj prints MISSING where it belongs and is a draft
CHAPTER_ONE_TEXTS = (
    ("pendahuluan", "A. Gambaran Umum Organisasi"),
    ("tugas_fungsi", "B. Tugas dan Fungsi"),
    ("struktur", "C. Struktur Organisasi"),
    ("isu_strategis", "D. Isu Strategis"),
)
AGGREGATION_NAMES = {
    "mean": "rata-rata",
    "weighted_mean": "rata-rata tertimbang",
    "sum": "jumlah",
    "min": "nilai terendah",
    "max": "nilai tertinggi",
}
DATE_TO_FILL = "......................................"  # the head writes the day when signing


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


def org_noun(unit: d.Unit) -> str:
    """How the report names its own organisation in a sentence ("capaian kinerja Direktorat"):
    "Kementerian" for the ministry, else the kind of unit its name starts with — "Direktorat
    Jenderal", "Sekretariat Jenderal", "Inspektorat Jenderal", "Badan", "Direktorat", "Biro" ..."""
    if unit.level == "kementerian":
        return "Kementerian"
    words = [w.strip(",;:") for w in unit.name.split()]
    if not words or not words[0]:
        return "unit kerja"
    if len(words) > 1 and words[1] in ("Jenderal", "Utama"):
        return f"{words[0]} {words[1]}"
    return words[0]


def _list_words(items: list[str]) -> str:
    """``a``, ``a dan b``, ``a, b dan c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " dan " + items[-1]


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


def _labelled(label: str, text: str | None) -> list[Block]:
    """A narrative whose label opens its first paragraph ("Faktor pendukung: ..."), so a label is
    never left alone at the foot of a page."""
    parts = [p.strip() for p in (text or "").split("\n\n") if p.strip()] or [MISSING]
    first = Paragraph(f"{label}: {parts[0]}", italic=parts[0] == MISSING)
    return [first, *(Paragraph(p) for p in parts[1:])]


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
    rows.append(("", "Rata-rata capaian sasaran", "", "", "", show_value(report.result.achievement)))
    return Table(
        header=("Kode", "Sasaran / Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian (%)"),
        rows=tuple(rows),
        widths=(1.5, 7.6, 1.8, 1.6, 1.8, 1.8),
        numeric=frozenset({3, 4, 5}),
        bold_rows=frozenset(bold),
        caption=caption,
    )


def _overall_sentence(report: UnitYearReport) -> str:
    who = f"{report.unit.name} tahun {report.year}"
    if report.result.achievement is None:
        return (
            f"Capaian kinerja {who} belum dapat diukur karena belum ada realisasi indikator kinerja "
            "yang dapat dibandingkan dengan targetnya."
        )
    return (
        f"Capaian kinerja {who} secara keseluruhan, yaitu rata-rata capaian seluruh sasaran, adalah "
        f"{percent(report.result.achievement)}."
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
        return "Belum ada indikator kinerja yang dapat diukur."
    if c.na == c.total:
        return f"Seluruh {c.total} indikator kinerja belum dapat diukur."
    if len(parts) == 1:
        return f"Dari {c.total} indikator kinerja, {parts[0]}."
    return f"Dari {c.total} indikator kinerja, " + ", ".join(parts[:-1]) + f", dan {parts[-1]}."


def _budget_sentence(report: UnitYearReport) -> str:
    b = report.budget
    if b.total is None or b.pagu is None:
        return f"Data pagu dan realisasi anggaran tahun {report.year} belum tersedia."
    if b.realization is None:
        return f"Pagu anggaran tahun {report.year} sebesar {money(b.pagu)}; data realisasinya belum tersedia."
    return (
        f"Pagu anggaran tahun {report.year} sebesar {money(b.pagu)} terealisasi {money(b.realization)} "
        f"atau {percent(b.total.absorption)}."
    )


def _pk_in_force(report: UnitYearReport) -> str:
    """What the year is measured against, as a noun phrase."""
    if not report.agreements:
        return f"Rencana Strategis untuk tahun {report.year}"
    a = report.agreements[-1].agreement
    if len(report.agreements) == 1 and not a.label:
        return f"Perjanjian Kinerja Tahun {report.year}"
    return f"Perjanjian Kinerja Tahun {report.year} ({_inline(version_name(a))})"


def _inline(name: str) -> str:
    """A version name inside parentheses: "PK Terakhir (Oktober 2022)" -> "PK Terakhir, Oktober 2022"."""
    return name.replace(" (", ", ").replace("(", "").replace(")", "")


def executive_summary(report: UnitYearReport, n: _Numbering) -> list[Block]:
    n.start(0)
    unit = report.unit.name
    basis = _pk_in_force(report)
    opening = (
        f"Capaian kinerja {unit} tahun {report.year} diukur berdasarkan {basis} melalui "
        f"{len(report.objectives)} sasaran dan {report.counts.total} indikator kinerja, sebagai berikut:"
    )
    if not report.agreements:
        opening = (
            f"Perjanjian Kinerja Tahun {report.year} belum tercatat, sehingga capaian kinerja {unit} "
            f"tahun {report.year} diukur berdasarkan {basis} melalui {len(report.objectives)} sasaran dan "
            f"{report.counts.total} indikator kinerja, sebagai berikut:"
        )
    return [
        Heading("RINGKASAN EKSEKUTIF", 1),
        Paragraph(opening),
        _achievement_table(report, f"Tabel Ringkasan Capaian Kinerja Tahun {report.year}"),
        Paragraph(_overall_sentence(report)),
        Paragraph(_counts_sentence(report)),
        Paragraph(_budget_sentence(report), align="left"),
    ]


def _head_sentence(report: UnitYearReport) -> str:
    u = report.unit
    if not u.head_title:
        return ""
    text = f"{u.name} dipimpin oleh {u.head_title}"
    if u.head_name:
        text += f", {u.head_name}" + ("," if report.parent else "")
    if report.parent:
        text += f" dan berada di bawah {report.parent.name}"
    return text + "."


def chapter_one(report: UnitYearReport, n: _Numbering, reviu: bool = False) -> list[Block]:
    n.start(1)
    t = report.texts
    blocks: list[Block] = [Heading("BAB I PENDAHULUAN", 1)]
    for key, title in CHAPTER_ONE_TEXTS:
        blocks.append(Heading(title, 2))
        if key == "struktur" and _head_sentence(report):
            blocks.append(Paragraph(_head_sentence(report)))
        text = t.get(key, "").strip()
        if key == "pendahuluan":
            blocks += _text_blocks(text)
        else:
            blocks += _lines(text) if text else _text_blocks(None)
    attached = [f"Perjanjian Kinerja Tahun {report.year}"] if report.agreements else []
    if reviu:
        attached.append("Pernyataan Telah Direviu")
    items = [
        "Ringkasan Eksekutif: ikhtisar capaian sasaran, indikator kinerja dan realisasi anggaran;",
        "Bab I Pendahuluan: gambaran umum organisasi, tugas dan fungsi, struktur organisasi, dan isu "
        "strategis;",
        "Bab II Perencanaan Kinerja: Rencana Strategis, Perjanjian Kinerja, dan anggaran;",
        "Bab III Akuntabilitas Kinerja: capaian kinerja organisasi per sasaran dan indikator, capaian "
        "kinerja lainnya, realisasi anggaran, dan analisis efisiensi;",
        "Bab IV Penutup: kesimpulan dan langkah perbaikan" + (";" if attached else "."),
    ]
    if attached:
        items.append(f"Lampiran: {_list_words(attached)}.")
    blocks += [
        Heading("E. Sistematika Laporan", 2),
        Paragraph(
            f"Laporan Kinerja {report.unit.name} Tahun {report.year} disajikan dengan sistematika sesuai "
            "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 Tahun 2014, "
            "sebagai berikut:"
        ),
        BulletList(tuple(items)),
    ]
    return blocks


def _plan_intro(report: UnitYearReport) -> str:
    plan = report.plan
    label = plan.label or f"Rencana Strategis {report.unit.name} {plan.period[0]}–{plan.period[1]}"
    text = label + (f" (perubahan ke-{plan.version - 1})" if plan.version > 1 else "")
    if plan.legal_basis or plan.adopted_on:
        text += " ditetapkan"
        if plan.legal_basis:
            text += f" dengan {plan.legal_basis}"
        if plan.adopted_on:
            text += f" pada tanggal {date_id(plan.adopted_on)}"
        return text + "."
    return f"{text} menjadi acuan perencanaan kinerja {report.unit.name} periode {plan.period[0]}–{plan.period[1]}."


def chapter_two(report: UnitYearReport, n: _Numbering) -> list[Block]:
    n.start(2)
    plan = report.plan
    years = report.period_years
    label = plan.label or f"Rencana Strategis {plan.period[0]}–{plan.period[1]}"
    blocks: list[Block] = [
        Heading("BAB II PERENCANAAN KINERJA", 1),
        Heading("A. Rencana Strategis", 2),
        Paragraph(_plan_intro(report)),
    ]
    if plan.vision:
        vision = plan.vision.strip()
        if not any(q in vision for q in '“”"'):
            vision = f"“{vision.rstrip('.')}”"
        end = "" if vision.endswith((".", ".”", "”.")) else "."
        blocks.append(Paragraph(f"Visi {report.unit.name} adalah {vision}{end}"))
    if plan.missions:
        blocks += [
            Paragraph(f"Untuk mewujudkan visi tersebut, {report.unit.name} menetapkan misi sebagai berikut:"),
            BulletList(tuple(plan.missions), numbered=True),
        ]
    if plan.goals:
        blocks += [
            Paragraph("Tujuan yang hendak dicapai adalah sebagai berikut:"),
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
    # no lead-in sentence before a table: the caption names it and stays with it on one page
    blocks += [
        Table(
            header=("Kode", "Sasaran / Indikator", "Satuan", *(str(y) for y in years)),
            rows=tuple(rows),
            widths=(1.4, 7, 1.3, *(1.4 for _ in years)),
            numeric=frozenset(range(3, 3 + len(years))),
            bold_rows=frozenset(bold),
            caption=n.table(f"Sasaran, indikator dan target {label}"),
        ),
    ]
    blocks.append(Heading("B. Perjanjian Kinerja", 2))
    blocks += _agreements(report, n)
    blocks.append(Heading("C. Anggaran", 2))
    blocks += _budget_chronology(report, n)
    return blocks


_COUNT_WORDS = {1: "satu", 2: "dua", 3: "tiga", 4: "empat", 5: "lima"}


def _agreements(report: UnitYearReport, n: _Numbering) -> list[Block]:
    year = report.year
    if not report.agreements:
        return [
            Paragraph(
                f"Perjanjian Kinerja Tahun {year} belum tercatat; capaian kinerja diukur terhadap target "
                f"Rencana Strategis tahun {year}.",
                italic=True,
            )
        ]
    versions = report.agreements
    changes = len(versions) - 1
    if not changes:
        intro = f"Perjanjian Kinerja Tahun {year} ditandatangani sebagai berikut:"
    else:
        times = _COUNT_WORDS.get(changes, str(changes))
        intro = (
            f"Perjanjian Kinerja Tahun {year} mengalami perubahan sebanyak {times} kali. Capaian kinerja "
            "diukur terhadap Perjanjian Kinerja yang terakhir ditandatangani. Perjanjian Kinerja tersebut "
            "adalah sebagai berikut:"
        )
    items = []
    for pk in versions:
        a = pk.agreement
        when = (
            f"ditandatangani pada {date_id(a.signed_on)}"
            if a.signed_on
            else "tanggal penandatanganan tidak tercatat"
        )
        text = f"{version_name(a)}, {when}"
        reason = revision_reason(a)
        if reason:
            text += f"; perubahan karena {reason}"
        items.append(text + ";")
    items[-1] = items[-1][:-1] + "."
    by_version = [{r.indicator_code: show_target(r.target) for r in pk.rows} for pk in versions]
    rows: list[tuple[str, ...]] = []
    bold: set[int] = set()
    for measured in report.objectives:
        bold.add(len(rows))
        rows.append((measured.code, measured.statement, *("" for _ in versions)))
        for ind in measured.indicators:
            rows.append((ind.code, ind.name, *(tv.get(ind.code, "–") for tv in by_version)))
    return [
        Paragraph(intro),
        BulletList(tuple(items)),
        Table(
            header=(
                "Kode",
                "Sasaran / Indikator Kinerja",
                *(f"Target\n{version_name(pk.agreement)}" for pk in versions),
            ),
            rows=tuple(rows),
            widths=(1.4, 9, *(2.2 for _ in versions)),
            numeric=frozenset(range(2, 2 + len(versions))),
            bold_rows=frozenset(bold),
            caption=n.table(f"Target Perjanjian Kinerja Tahun {year}"),
        ),
    ]


def budget_mismatch(report: UnitYearReport) -> str:
    """The pagu chain that does not add up (pagu awal + revisions != pagu akhir), as a missing item
    of the draft; "" when it adds up. Never printed as a note in the report's text."""
    b = report.budget
    if b.pagu_akhir is None or b.pagu_awal is None:
        return ""
    computed = b.pagu_awal + sum(r.amount for r in b.revisions)
    if computed == b.pagu_akhir:
        return ""
    return (
        f"kronologi pagu anggaran yang konsisten (pagu awal ditambah revisi {money(computed)}, "
        f"pagu akhir {money(b.pagu_akhir)})"
    )


def _budget_chronology(report: UnitYearReport, n: _Numbering) -> list[Block]:
    b = report.budget
    unknown = "tidak tercatat"
    rows: list[tuple[str, ...]] = []
    bold: set[int] = set()
    if b.pagu_awal is not None:
        entry = b.pagu_awal_entry
        rows.append(
            (
                "Pagu awal",
                date_id(entry.date if entry else None, unknown),
                entry.note if entry else "",
                money(b.pagu_awal),
            )
        )
    for i, r in enumerate(b.revisions, 1):
        rows.append(
            (
                f"Revisi {i}",
                date_id(r.date, unknown),
                r.note,
                ("+" if r.amount >= 0 else "") + money(r.amount),
            )
        )
    if b.pagu is not None:
        bold.add(len(rows))
        entry = b.pagu_akhir_entry
        rows.append(
            (
                "Pagu akhir",
                date_id(entry.date, unknown) if entry else "",
                entry.note
                if entry
                else (
                    "Jumlah pagu akhir unit di bawahnya: " + ", ".join(b.rolled_up_from) + "."
                    if b.rolled_up_from
                    else "Pagu awal ditambah seluruh revisi."
                ),
                money(b.pagu),
            )
        )
    blocks: list[Block] = []
    if not rows:
        blocks.append(Paragraph(f"Data pagu anggaran tahun {report.year} belum tersedia.", italic=True))
    else:
        blocks += [
            Table(
                header=("Uraian", "Tanggal", "Keterangan", "Jumlah"),
                rows=tuple(rows),
                widths=(2, 2.4, 9, 4),
                numeric=frozenset({3}),
                bold_rows=frozenset(bold),
                caption=n.table(f"Kronologi pagu anggaran tahun {report.year}"),
            ),
        ]
    need = b.renstra_need.get(report.year)
    if need is not None:
        blocks.append(
            Paragraph(
                f"Kebutuhan pendanaan tahun {report.year} menurut Rencana Strategis adalah sebesar {money(need)}."
            )
        )
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
    no_last_year = f"n.a (tidak ada realisasi {year - 1})"
    ch = ind.realization_change
    if ch is not None and ch.change_points is not None:
        pct = f" ({signed(ch.change_percent, '%')})" if ch.change_percent is not None else ""
        comp_rows.append((f"Perubahan realisasi dari {year - 1}", signed(ch.change_points, " poin") + pct))
    else:
        comp_rows.append((f"Perubahan realisasi dari {year - 1}", no_last_year))
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
        formula = spec.formula.replace("*", "×")
        if ind.inputs:
            blocks += [
                Paragraph(f"Realisasi dihitung dengan rumus {formula}, dengan:"),
                BulletList(
                    tuple(
                        f"{i.name} = {measure(i.value)}" + (f": {i.description}" if i.description else "")
                        for i in ind.inputs
                    )
                ),
                Paragraph(f"Dengan demikian, realisasi tahun {year} adalah {show_value(ind.realization)}."),
            ]
        elif spec.variables:
            blocks += [
                Paragraph(f"Realisasi dihitung dengan rumus {formula}, dengan:"),
                BulletList(tuple(f"{k}: {v}" for k, v in spec.variables.items())),
            ]
        else:
            blocks.append(Paragraph(f"Realisasi dihitung dengan rumus {formula}."))
    if ind.components:
        aggregation = AGGREGATION_NAMES.get(spec.aggregation.value, spec.aggregation.value)
        if spec.weights:
            aggregation += " dengan bobot " + ", ".join(
                f"{k} = {format_number(w)}" for k, w in spec.weights.items()
            )
        blocks.append(
            Table(
                header=("Unit", "Kode", "Indikator komponen", "Realisasi"),
                rows=tuple((*c.key.split(":", 1), c.name, show_value(c.realization)) for c in ind.components),
                widths=(3, 2, 8, 2),
                numeric=frozenset({3}),
                caption=n.table(f"Komponen {ind.code} (realisasi dihitung dari {aggregation} komponen)"),
            )
        )
    if spec.definition:
        blocks.append(Paragraph(f"Definisi: {spec.definition}", size=9))
    if spec.data_source:
        blocks.append(Paragraph(f"Sumber data: {spec.data_source}", size=9))
    nar = ind.narrative
    blocks += _labelled("Analisis capaian kinerja", nar.analysis)
    for title, text in (
        ("Faktor pendukung", nar.supporting),
        ("Faktor penghambat", nar.inhibiting),
        ("Tindak lanjut", nar.follow_up),
    ):
        if text.strip():
            blocks += _labelled(title, text)
    if ind.evidence:
        blocks += [Paragraph("Bukti dukung capaian ini adalah:"), BulletList(tuple(ind.evidence))]
    # the engine's notes are data notes for the people who enter and check the data (dashboard,
    # kinerja lint), never report text
    return blocks


def _objective_blocks(report: UnitYearReport, obj: ObjectiveReport, n: _Numbering) -> list[Block]:
    level = LEVEL_NAMES.get(obj.level, "Sasaran")
    count = len(obj.indicators)
    text = f"Sasaran ini diukur dengan {count} indikator kinerja. "
    if obj.achievement is None:
        text += f"Capaian sasaran tahun {report.year} belum dapat diukur karena belum ada indikatornya yang terukur."
    else:
        text += (
            f"Capaian sasaran tahun {report.year}, yaitu rata-rata capaian indikatornya, adalah "
            f"{percent(obj.achievement)}."
        )
        unmeasured = [i.code for i in obj.indicators if i.achievement is None]
        if unmeasured:
            text += (
                f" Indikator {_list_words(unmeasured)} belum dapat diukur sehingga tidak diperhitungkan "
                "dalam capaian sasaran."
            )
    blocks: list[Block] = [Heading(f"{level} {obj.code}: {obj.statement}", 2), Paragraph(text)]
    for ind in obj.indicators:
        blocks += _indicator_blocks(report, ind, n)
    return blocks


def _difference(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None or b is None:
        return None
    with localcontext(COMPUTE_CONTEXT):
        return a - b


def _method(report: UnitYearReport) -> str:
    """How the capaian is computed, saying only the rules that apply to this report's indicators."""
    noun = org_noun(report.unit)
    text = (
        f"Pengukuran kinerja dilakukan dengan membandingkan realisasi setiap indikator dengan targetnya "
        f"dalam {_pk_in_force(report)}. Capaian indikator dihitung dengan rumus realisasi / target × 100."
    )
    lower = [i.code for i in report.indicators if i.indicator.polarity is Polarity.LOWER_IS_BETTER]
    if lower:
        text += (
            f" Untuk indikator yang semakin rendah realisasinya semakin baik ({_list_words(lower)}), capaian "
            "dihitung dengan rumus yang ditetapkan dalam kebijakan instansi, yaitu (2 − realisasi / target) "
            "× 100 atau target / realisasi × 100."
        )
    capped: dict[Decimal, list[str]] = {}
    for i in report.indicators:
        if i.indicator.max_achievement is not None:
            capped.setdefault(i.indicator.max_achievement, []).append(i.code)
    for cap, codes in capped.items():
        text += (
            f" Capaian indikator {_list_words(codes)} dibatasi paling tinggi {format_number(cap, 0)}% karena "
            "realisasi di atas target tidak menambah makna capaiannya; nilai sebelum pembatasan dicantumkan "
            "pada tabel perbandingan indikator."
        )
    return text + (
        f" Capaian sasaran merupakan rata-rata capaian indikatornya, dan capaian kinerja {noun} merupakan "
        "rata-rata capaian sasaran. Indikator yang belum dapat diukur (n.a) tidak diperhitungkan dalam "
        "rata-rata. Angka disajikan dengan dua desimal; rata-rata dihitung dari nilai sebelum pembulatan."
    )


def chapter_three(report: UnitYearReport, n: _Numbering) -> list[Block]:
    n.start(3)
    blocks: list[Block] = [
        Heading("BAB III AKUNTABILITAS KINERJA", 1),
        Heading("A. Capaian Kinerja Organisasi", 2),
        Paragraph(_method(report)),
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
            Paragraph(
                "Grafik capaian belum dapat disajikan karena belum ada indikator kinerja yang dapat diukur.",
                italic=True,
            )
        )
    for obj in report.objectives:
        blocks += _objective_blocks(report, obj, n)
    blocks.append(Heading("B. Capaian Kinerja Lainnya", 2))
    other = report.texts.get("capaian_kinerja_lainnya", "").strip()
    blocks += (
        _lines(other)
        if other
        else [Paragraph(f"Tidak ada capaian kinerja lain yang dilaporkan untuk tahun {report.year}.")]
    )
    blocks += evaluation_blocks(report.evaluation, report.unit.name, report.year, n.table)
    blocks.append(Heading("C. Realisasi Anggaran", 2))
    b = report.budget
    lines = ([b.total] if b.total else []) + b.accounts
    if lines:
        blocks.append(
            Table(
                header=("Uraian", "Pagu", "Realisasi", "Penyerapan (%)"),
                rows=tuple(
                    (
                        f"Anggaran {report.unit.name}" if x is b.total else f"di antaranya: {x.label}",
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
    if b.scores:
        from kinerja.figures.budget import SCORE_NAMES as names

        blocks.append(
            Table(
                header=("Nilai", "Angka", "Predikat", "Asal"),
                rows=tuple(
                    (
                        names[s.kind],
                        show_value(s.value),
                        s.predicate.label if s.predicate else "–",
                        "diinput dari SMART/OM-SPAN" if s.entered else "dihitung dari komponennya",
                    )
                    for s in b.scores
                ),
                widths=(7, 2.5, 3, 4.5),
                numeric=frozenset({1}),
                caption=n.table(f"Nilai kinerja anggaran tahun {report.year}"),
            )
        )
    blocks += _budget_tables(report, n)
    blocks += _efficiency(report, n)
    return blocks


def _budget_tables(report: UnitYearReport, n: _Numbering) -> list[Block]:
    """The blocked amount, the budget per jenis belanja of an Eselon I or the ministry (summed from
    the units beneath), and the budget over the Renstra years."""
    b = report.budget
    blocks: list[Block] = []
    if b.blocked:
        blocks.append(
            Paragraph(f"Dari pagu tersebut, anggaran yang diblokir sebesar {money(b.blocked)}.", align="left")
        )
    if b.rolled_up_from and b.by_account:
        blocks.append(
            Table(
                header=("Jenis belanja / akun", "Pagu", "Realisasi", "Penyerapan (%)"),
                rows=tuple(
                    (x.label, money(x.pagu), money(x.realisasi), show_value(x.penyerapan))
                    for x in b.by_account
                ),
                widths=(6.5, 4, 4, 2.2),
                numeric=frozenset({1, 2, 3}),
                caption=n.table(f"Realisasi anggaran per jenis belanja tahun {report.year}"),
            )
        )
    known = [t for t in b.trend if t.pagu is not None or t.realisasi is not None or t.renstra is not None]
    if len(b.trend) > 1 and known:
        period = f"{report.plan.period[0]}–{report.plan.period[1]}"
        blocks.append(
            Table(
                header=("Tahun", "Kebutuhan Renstra", "Pagu", "Realisasi", "Penyerapan (%)"),
                rows=tuple(
                    (t.label, money(t.renstra), money(t.pagu), money(t.realisasi), show_value(t.penyerapan))
                    for t in b.trend
                ),
                widths=(1.6, 4, 4, 4, 2.2),
                numeric=frozenset({1, 2, 3, 4}),
                caption=n.table(f"Anggaran per tahun Renstra {period}"),
            )
        )
    return blocks


def _outputs_blocks(report: UnitYearReport, n: _Numbering) -> list[Block]:
    """Capaian keluaran (RO) and efficiency (PMK 22/2021), from the unit's output structure."""
    outputs = report.budget.outputs
    if outputs is None:
        return []
    ros = [r for r in outputs.rows if r.level == "ro"]
    blocks: list[Block] = []
    if ros:
        blocks.append(
            Table(
                header=("Rincian Output (RO)", "Target volume", "Realisasi volume", "Capaian RO (%)"),
                rows=tuple(
                    (
                        f"{r.code} {r.name}",
                        ""
                        if r.volume_target is None
                        else f"{measure(r.volume_target)} {r.volume_unit}".strip(),
                        "" if r.volume is None else measure(r.volume),
                        show_value(r.capaian),
                    )
                    for r in ros
                ),
                widths=(7, 3.2, 3, 2.4),
                numeric=frozenset({1, 2, 3}),
                caption=n.table(f"Capaian keluaran (RO) tahun {report.year}"),
            )
        )
    blocks.append(
        Table(
            header=("Program / Kegiatan / KRO / RO", "Pagu", "Realisasi", "Penyerapan (%)", "Efisiensi (%)"),
            rows=tuple(
                (
                    ("· " * r.depth) + f"{r.code} {r.name}",
                    money(r.pagu),
                    money(r.realisasi),
                    show_value(r.penyerapan),
                    "" if r.efficiency is None else show_value(r.efficiency),
                )
                for r in outputs.rows
            ),
            widths=(5.6, 3.8, 3.8, 2.2, 2.1),
            font_size=8.5,
            numeric=frozenset({1, 2, 3, 4}),
            caption=n.table(f"Anggaran per keluaran dan efisiensi tahun {report.year}"),
        )
    )
    if outputs.nilai_efisiensi is not None:
        sentence = (
            f"Capaian RO rata-rata (CRO) sebesar {percent(outputs.capaian_ro)}; efisiensi RO (ERO) sebesar "
            f"{percent(outputs.efisiensi)}, sehingga nilai efisiensi (NE) adalah {show_value(outputs.nilai_efisiensi)} "
            "(PMK 22/PMK.02/2021: NE = 50 + ERO/20 × 50, ERO dibatasi −20% sampai 20%)."
        )
    else:
        sentence = (
            (
                f"Capaian RO rata-rata (CRO) sebesar {percent(outputs.capaian_ro)}. "
                if outputs.capaian_ro
                else ""
            )
            + "Efisiensi RO belum dapat dihitung karena tidak ada KRO dengan pagu, realisasi anggaran dan "
            "capaian volume yang lengkap."
        )
    blocks.append(Paragraph(sentence))
    return blocks


def _efficiency(report: UnitYearReport, n: _Numbering) -> list[Block]:
    b = report.budget
    noun = org_noun(report.unit)
    blocks: list[Block] = [Heading("D. Analisis Efisiensi", 2)]
    blocks += _outputs_blocks(report, n)
    unit_absorption = b.total.absorption if b.total else None
    text = report.texts.get("analisis_efisiensi", "").strip()
    if unit_absorption is None:
        lacking = "realisasi anggaran" if b.pagu is not None else "pagu dan realisasi anggaran"
        blocks.append(
            Paragraph(
                f"Analisis efisiensi terhadap capaian sasaran belum dapat dilakukan karena data {lacking} tahun "
                f"{report.year} belum tersedia."
            )
        )
        return blocks + (_lines(text) if text else [])
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
    rows.append(
        (
            f"{noun} (seluruh sasaran)",
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
                else f" Anggaran belum dirinci per sasaran, sehingga analisis dilakukan untuk {noun} secara "
                "keseluruhan."
            )
        )
    )
    blocks.append(
        Table(
            header=("Sasaran", "Capaian (%)", "Pagu", "Realisasi", "Penyerapan (%)", "Selisih (poin)"),
            rows=tuple(rows),
            widths=(7, 1.7, 3.6, 3.6, 2, 1.7),
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
                f"Capaian kinerja {noun} sebesar {percent(report.result.achievement)} {verdict} penyerapan "
                f"anggaran sebesar {percent(unit_absorption)} (selisih {signed(diff, ' poin')})."
            )
        )
    if text:
        blocks += _lines(text)
    return blocks


def chapter_four(report: UnitYearReport, n: _Numbering) -> list[Block]:
    n.start(4)
    noun = org_noun(report.unit)
    if report.result.achievement is None:
        summary = (
            f"Capaian kinerja {report.unit.name} tahun {report.year} belum dapat diukur. "
            f"{_counts_sentence(report)}"
        )
    else:
        summary = (
            f"Secara umum capaian kinerja {report.unit.name} tahun {report.year} adalah "
            f"{percent(report.result.achievement)}. {_counts_sentence(report)}"
        )
    measured = [o for o in report.objectives if o.achievement is not None]
    if len(measured) > 1:
        low = min(measured, key=lambda o: o.achievement or Decimal(0))
        summary += (
            f" Capaian sasaran terendah adalah {low.code} ({percent(low.achievement)}), yang menjadi perhatian "
            f"{noun} dalam perbaikan kinerja tahun berikutnya."
        )
    blocks: list[Block] = [
        Heading("BAB IV PENUTUP", 1),
        Paragraph(summary),
        Paragraph(_budget_sentence(report), align="left"),
    ]
    text = report.texts.get("penutup", "").strip()
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
        Signature(
            place_date=f"{reviu.place}, {date_id(reviu.reviewed_on)}",
            title=reviu.reviewer_title + ",",
            name=reviu.reviewer_name,
        ),
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
        blocks.append(Paragraph(f"Perjanjian Kinerja Tahun {report.year} belum tercatat.", italic=True))
        if reviu is not None:
            blocks += [PageBreak(), *reviu_blocks(report, reviu, 1)]
        return blocks
    for i, pk in enumerate(report.agreements, 1):
        if i > 1:
            blocks.append(PageBreak())
        blocks.append(
            Heading(f"Lampiran {i}. Perjanjian Kinerja Tahun {report.year} — {version_name(pk.agreement)}", 2)
        )
        blocks += statement_blocks(report, pk, toc=False, level=3)
        blocks.append(PageBreak())
        blocks += annex_blocks(report, pk, toc=False, level=3)
    if reviu is not None:
        blocks += [PageBreak(), *reviu_blocks(report, reviu, len(report.agreements) + 1)]
    return blocks


def unit_head(report: UnitYearReport) -> tuple[str, str]:
    """The unit head's title and name: the unit's record, else the first party of the PK in force."""
    title, name = report.unit.head_title.strip(), report.unit.head_name.strip()
    if report.agreements and report.agreements[-1].agreement.first_party is not None:
        party = report.agreements[-1].agreement.first_party
        title, name = title or party.title.strip(), name or party.name.strip()
    return title, name


def signing_place(report: UnitYearReport) -> str:
    """Where the unit signs: the unit text ``tempat`` when written, else the place of its PK."""
    if report.texts.get("tempat", "").strip():
        return report.texts["tempat"].strip()
    return next(
        (pk.agreement.place.strip() for pk in reversed(report.agreements) if pk.agreement.place.strip()), ""
    )


def missing_for_signature(report: UnitYearReport) -> list[str]:
    """What the LKj lacks before its head can sign it (then it is marked DRAF on every page), in
    the words of the draft note. The data linter names the same gaps for the people who fix them
    (``kinerja lint``: L701 chapter texts, L702 analyses, L601 the pagu chain)."""
    title, name = unit_head(report)
    missing = []
    if not title:
        missing.append("jabatan pimpinan unit kerja")
    if not name:
        missing.append(f"nama {title}" if title else "nama pimpinan unit kerja")
    if not signing_place(report):
        missing.append("tempat penandatanganan")
    texts = [title_ for key, title_ in CHAPTER_ONE_TEXTS if not report.texts.get(key, "").strip()]
    if texts:
        missing.append("narasi Bab I (" + _list_words(texts) + ")")
    unanalysed = [i.code for i in report.indicators if not i.narrative.analysis.strip()]
    if unanalysed:
        missing.append("analisis capaian indikator " + _list_words(unanalysed))
    if not report.agreements:
        missing.append(f"Perjanjian Kinerja Tahun {report.year}")
    # the PKs printed in the Lampiran: the same gap in several versions is named once
    versions_with: dict[str, list[str]] = {}
    for pk in report.agreements:
        for gap in missing_officials(report, pk):
            versions_with.setdefault(gap, []).append(version_name(pk.agreement))
    for gap, names in versions_with.items():
        where = f"Perjanjian Kinerja Tahun {report.year}"
        if len(names) < len(report.agreements):
            where += " (" + _list_words([_inline(n) for n in names]) + ")"
        missing.append(f"{gap} pada {where}")
    mismatch = budget_mismatch(report)
    if mismatch:
        missing.append(mismatch)
    return missing


def _default_foreword(report: UnitYearReport) -> str:
    unit = report.unit.name
    noun = org_noun(report.unit)
    measured = (
        f"Secara umum, capaian kinerja {noun} tahun {report.year} adalah {percent(report.result.achievement)}."
        if report.result.achievement is not None
        else f"Capaian kinerja {noun} tahun {report.year} belum dapat diukur secara keseluruhan."
    )
    return (
        "Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa, karena atas berkat dan rahmat-Nya "
        f"Laporan Kinerja {unit} Tahun {report.year} dapat disusun. Laporan Kinerja ini merupakan bentuk "
        "pertanggungjawaban atas pelaksanaan program dan kegiatan serta penggunaan anggaran dalam rangka "
        "mewujudkan tata kelola pemerintahan yang efektif, efisien, transparan, dan akuntabel, sebagaimana "
        "diamanatkan Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi "
        "Pemerintah dan Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 "
        "Tahun 2014.\n\n"
        f"Laporan Kinerja ini menyajikan capaian atas target yang ditetapkan dalam {_pk_in_force(report)}, "
        f"yang diukur melalui {report.counts.total} indikator kinerja dari {len(report.objectives)} sasaran, "
        f"beserta realisasi anggaran dan analisis efisiensinya. {measured}\n\n"
        f"Kami menyampaikan terima kasih kepada seluruh pihak yang telah bekerja sama dengan {unit}. "
        f"Demikian Laporan Kinerja Tahun {report.year} ini kami susun, semoga dapat digunakan sebagai sumber "
        "informasi bagi pihak-pihak yang berkepentingan serta sumber referensi untuk peningkatan kinerja di "
        "masa mendatang."
    )


def foreword(report: UnitYearReport) -> list[Block]:
    """Kata Pengantar (the planner's text ``kata_pengantar``, else a standard one) and the unit
    head's signature: place (``tempat`` or the PK's), date (``tanggal_penandatanganan``, else a
    line the head fills in when signing), title and name. Without a recorded head no signature
    block is printed (the report is a draft and says so)."""
    text = report.texts.get("kata_pengantar", "").strip() or _default_foreword(report)
    blocks: list[Block] = [Heading("KATA PENGANTAR", 1), *_lines(text)]
    title, name = unit_head(report)
    if title and name:
        place = signing_place(report)
        when = report.texts.get("tanggal_penandatanganan", "").strip() or DATE_TO_FILL
        blocks += [
            Spacer(0.4),
            Signature(place_date=f"{place}, {when}" if place else when, title=f"{title},", name=name),
        ]
    return blocks


def cover(report: UnitYearReport) -> list[Block]:
    blocks: list[Block] = [
        Spacer(4),
        Paragraph("LAPORAN KINERJA", bold=True, align="center", size=26),
        Paragraph(f"TAHUN {report.year}", bold=True, align="center", size=20),
        Spacer(4),
        Paragraph(report.unit.name.upper(), bold=True, align="center", size=14),
    ]
    seen = {report.unit.name.upper()}
    for line in (report.parent.name.upper() if report.parent else "", report.agency.name.upper()):
        if line and line not in seen:
            blocks.append(Paragraph(line, align="center", size=12))
            seen.add(line)
    return blocks


def draft_note(missing: list[str]) -> Paragraph:
    return Paragraph(
        "DRAF — Laporan Kinerja ini belum dapat ditandatangani karena data berikut belum lengkap: "
        + "; ".join(missing)
        + ". Laporan ditandatangani setelah data tersebut dilengkapi.",
        bold=True,
    )


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
    if missing:
        doc.draft_mark = "DRAF"
    doc.front = [
        *([draft_note(missing)] if missing else []),
        *foreword(report),
        PageBreak(),
        *executive_summary(report, n),
        PageBreak(),
        TableOfContents(),
        PageBreak(),
        CaptionList("table", "DAFTAR TABEL"),
        Spacer(0.6),
        CaptionList("figure", "DAFTAR GAMBAR"),
    ]
    doc.add(
        *chapter_one(report, n, reviu is not None),
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
