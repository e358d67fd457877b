"""Render a ``ReportDocument`` to PDF with reportlab platypus.

DejaVu Sans (shipped with matplotlib) is embedded, so every Indonesian character, "–", "×" and
"›" prints; the table of contents is built in two passes (``multiBuild``) with page numbers; every
page but the cover carries its number; headings become PDF bookmarks. Provenance goes into the
metadata (subject, keywords, creator). ``invariant`` output: the same report gives the same bytes.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import matplotlib
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader, TimeStamp
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    TableStyle,
)
from reportlab.platypus import Image as RLImage
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Spacer as RLSpacer
from reportlab.platypus import Table as RLTable
from reportlab.platypus.tableofcontents import TableOfContents as RLToc

from kinerja.reports.model import (
    TOC_MAX_LEVEL,
    BlockRenderer,
    BulletList,
    CaptionList,
    Heading,
    Image,
    Paragraph,
    ReportDocument,
    Signature,
    Spacer,
    Table,
    TableOfContents,
    roman,
    vertical_spans,
)

FONT = "DejaVuSans"
_FONT_LOCK = threading.Lock()
_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


def register_fonts() -> None:
    with _FONT_LOCK:
        if FONT in pdfmetrics.getRegisteredFontNames():
            return
        folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        variants = {
            FONT: "DejaVuSans.ttf",
            f"{FONT}-Bold": "DejaVuSans-Bold.ttf",
            f"{FONT}-Oblique": "DejaVuSans-Oblique.ttf",
            f"{FONT}-BoldOblique": "DejaVuSans-BoldOblique.ttf",
        }
        for name, file in variants.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / file)))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=f"{FONT}-Bold", italic=f"{FONT}-Oblique", boldItalic=f"{FONT}-BoldOblique"
        )


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, alignment=TA_JUSTIFY, spaceAfter=6)
    return {
        "body": base,
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=f"{FONT}-Bold",
            fontSize=15,
            leading=20,
            alignment=TA_CENTER,
            spaceBefore=6,
            spaceAfter=12,
            keepWithNext=True,
            textColor=colors.HexColor("#1f3f66"),
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=f"{FONT}-Bold",
            fontSize=12,
            leading=16,
            alignment=TA_LEFT,
            spaceBefore=10,
            spaceAfter=6,
            keepWithNext=True,
            textColor=colors.HexColor("#1f3f66"),
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=base,
            fontName=f"{FONT}-Bold",
            fontSize=10.5,
            leading=14,
            alignment=TA_LEFT,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=True,
        ),
        "caption": ParagraphStyle(
            "caption",
            parent=base,
            fontName=f"{FONT}-Oblique",
            fontSize=8.5,
            leading=11,
            alignment=TA_LEFT,
            spaceBefore=4,
            spaceAfter=3,
            keepWithNext=True,
        ),
        "bullet": ParagraphStyle(
            "bullet", parent=base, leftIndent=16, bulletIndent=4, spaceAfter=2, alignment=TA_LEFT
        ),
        "toc_title": ParagraphStyle(
            "toc_title", parent=base, fontName=f"{FONT}-Bold", fontSize=14, alignment=TA_CENTER, spaceAfter=12
        ),
    }


SHORT_CELL = 8  # cells of at most this many characters are never wrapped (codes: "IKK 1.1")


def column_widths(block: Table, total: float, pad: float = 8.0) -> list[float]:
    """Column widths (points) from the table's relative widths, widened so that no number, no
    word of a header and no single long word of a cell (an amount such as Rp28.191.006.288.000)
    is broken across lines; the text columns give up the room. ``pad``: the cell's own margins
    (Word's are wider than ours)."""
    register_fonts()
    cols = len(block.header)
    weights = list(block.widths or tuple(1.0 for _ in range(cols)))
    bold = f"{FONT}-Bold"
    need = [0.0] * cols
    for c in range(cols):
        words = [w for w in block.header[c].split() if w]
        if words:
            need[c] = max(pdfmetrics.stringWidth(w, bold, block.font_size) for w in words) + pad
        longest = max((w for row in block.rows for w in row[c].split()), key=len, default="")
        if len(longest) >= 12:  # long unbreakable words only: amounts, codes, long terms
            need[c] = max(need[c], pdfmetrics.stringWidth(longest, bold, block.font_size) + pad)
        codes = [v for row in block.rows for v in row[c].split("\n") if " " in v and len(v) <= SHORT_CELL]
        for value in codes:  # a code such as "IKK 1.1" or "Revisi 1" stays on one line
            need[c] = max(need[c], pdfmetrics.stringWidth(value, bold, block.font_size) + pad)
        if c in block.numeric:
            for r, row in enumerate(block.rows):
                font = bold if r in block.bold_rows else FONT
                for line in row[c].split("\n"):
                    need[c] = max(need[c], pdfmetrics.stringWidth(line, font, block.font_size) + pad)
    widths = [total * w / sum(weights) for w in weights]
    fixed: set[int] = set()
    for _ in range(cols):
        short = [c for c in range(cols) if c not in fixed and widths[c] < need[c]]
        if not short:
            break
        for c in short:
            fixed.add(c)
            widths[c] = need[c]
        free = [c for c in range(cols) if c not in fixed]
        room = total - sum(widths[c] for c in fixed)
        if not free or room <= 0:
            break
        free_weight = sum(weights[c] for c in free)
        for c in free:
            widths[c] = room * weights[c] / free_weight
    return widths


def _markup(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


class _Heading(RLParagraph):  # type: ignore[misc]
    """A heading paragraph that reports itself to the table of contents and the outline."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, toc: bool, key: str) -> None:
        super().__init__(_markup(text), style)
        self.toc_text = text
        self.toc_level = level
        self.in_toc = toc
        self.key = key


class _Caption(RLParagraph):  # type: ignore[misc]
    """A table or figure caption that reports itself to the Daftar Tabel / Daftar Gambar."""

    def __init__(self, text: str, style: ParagraphStyle, kind: str, key: str) -> None:
        super().__init__(_markup(text), style)
        self.caption_text = text
        self.kind = kind
        self.key = key


class _Listing(RLToc):  # type: ignore[misc]
    """A table of contents that says so when it has no entry (reportlab would print "Placeholder
    for table of contents")."""

    empty_note = "Daftar ini kosong."

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        if self._lastEntries:
            return super().wrap(aw, ah)  # type: ignore[no-any-return]
        style = ParagraphStyle("empty", fontName=f"{FONT}-Oblique", fontSize=9.5, leading=13)
        self._table = RLTable([[RLParagraph(_markup(self.empty_note), style)]], colWidths=(aw,))
        self.width, self.height = self._table.wrapOn(self.canv, aw, ah)
        return self.width, self.height


class _CaptionToc(_Listing):
    """Daftar Tabel / Daftar Gambar: the captions of one kind with their pages."""

    def __init__(self, kind: str) -> None:
        super().__init__(dotsMinLevel=0)
        self.kind = kind
        self.empty_note = (
            "Tidak ada tabel dalam dokumen ini." if kind == "table" else "Tidak ada gambar dalam dokumen ini."
        )

    def notify(self, kind: str, stuff: Any) -> None:
        if kind == f"Caption-{self.kind}":
            self.addEntry(*stuff)


class _MainStart(Flowable):  # type: ignore[misc]
    """Zero-size marker: the body starts here, numbered again from 1 in arabic numerals."""

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        self.canv._doctemplate.main_start = self.canv.getPageNumber()


class _DocTemplate(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buf: io.BytesIO, report: ReportDocument, **kw: Any) -> None:
        super().__init__(buf, **kw)
        self.report = report
        # the first page of the body (arabic 1); pages before it after the cover are front matter
        # (roman numerals). Known from the previous pass of multiBuild, else guessed as 1.
        self.main_start = 1
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=self._decorate)])

    def page_label(self, page: int) -> str:
        """The number printed on absolute page ``page``: roman in the front matter, then arabic."""
        if self.report.front and page < self.main_start:
            first = 2 if self.report.cover else 1
            return roman(page - first + 1)
        if self.report.front:
            return str(page - self.main_start + 1)
        return str(page)

    def _label_page(self, canvas: Any, page: int) -> None:
        """PDF page labels, so a viewer's page box shows the printed numbers: "Sampul", then i,
        ii, iii for the front matter, then 1, 2, 3."""
        if not self.report.front:
            return
        first_front = 2 if self.report.cover else 1
        if self.report.cover and page == 1:
            canvas.addPageLabel(0, prefix="Sampul")
        if page == first_front:
            canvas.addPageLabel(page - 1, "ROMAN_LOWER", 1)
        if page == self.main_start:
            canvas.addPageLabel(page - 1, "ARABIC", 1)

    def beforeDocument(self) -> None:
        """Stamp the PDF dates with the generation time (invariant mode would say 2000-01-01)."""
        self.headings_seen: list[tuple[int, str, str]] = []  # (level, text, page label), last pass
        self.captions_seen: dict[str, list[tuple[str, str]]] = {"table": [], "figure": []}
        stamp = self.report.provenance.generated_at
        ts = TimeStamp(invariant=True)
        ts.t = stamp.timestamp()
        ts.lt = stamp.utctimetuple()
        ts.YMDhms = tuple(ts.lt)[:6]
        self.canv._doc._timeStamp = ts

    def _decorate(self, canvas: Any, doc: Any) -> None:
        self._label_page(canvas, doc.page)
        if self.report.draft_mark:
            canvas.saveState()
            canvas.setFont(f"{FONT}-Bold", 96)
            canvas.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.12))
            canvas.translate(A4[0] / 2, A4[1] / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, -30, self.report.draft_mark)
            canvas.restoreState()
            canvas.saveState()
            canvas.setFont(f"{FONT}-Bold", 9)
            canvas.setFillColor(colors.HexColor("#b00000"))
            canvas.drawCentredString(A4[0] / 2, A4[1] - 1.2 * cm, self.report.draft_mark)
            canvas.restoreState()
        if self.report.cover and doc.page == 1:
            return
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawRightString(A4[0] - self.rightMargin, 1.2 * cm, f"Halaman {self.page_label(doc.page)}")
        label = f"{self.report.title} — {self.report.subject}"
        if len(label) > 80:
            label = label[:79] + "…"
        canvas.drawString(self.leftMargin, 1.2 * cm, label)
        canvas.setStrokeColor(colors.HexColor("#bbbbbb"))
        canvas.setLineWidth(0.4)
        canvas.line(self.leftMargin, 1.55 * cm, A4[0] - self.rightMargin, 1.55 * cm)
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _Heading):
            level = flowable.toc_level - 1
            self.canv.bookmarkPage(flowable.key)
            if flowable.in_toc and flowable.toc_level <= 3:
                self.canv.addOutlineEntry(flowable.toc_text, flowable.key, level=level, closed=level >= 1)
            if flowable.in_toc and flowable.toc_level <= TOC_MAX_LEVEL:
                # the TOC puts the text into paragraph markup: escape it
                self.notify("TOCEntry", (level, escape(flowable.toc_text), self.page, flowable.key))
                self.headings_seen.append((flowable.toc_level, flowable.toc_text, self.page_label(self.page)))
        elif isinstance(flowable, _Caption):
            self.captions_seen[flowable.kind].append((flowable.caption_text, self.page_label(self.page)))
            self.canv.bookmarkPage(flowable.key)
            self.notify(
                f"Caption-{flowable.kind}", (0, escape(flowable.caption_text), self.page, flowable.key)
            )


class _Builder(BlockRenderer):
    def __init__(self, report: ReportDocument, width: float, page_label: Any = str) -> None:
        self.report = report
        self.width = width
        self.page_label = page_label
        self.styles = _styles()
        self.counter = 0
        self.story: list[Flowable] = []
        self.pending: list[Flowable] = []  # headings waiting for what follows them

    def emit(self, *parts: Flowable, keep: bool = False) -> None:
        """Add flowables; a pending heading is kept on the same page as the first of them."""
        if self.pending:
            if keep:
                self.story.append(KeepTogether([*self.pending, *parts]))
            else:
                self.story.append(KeepTogether([*self.pending, parts[0]]))
                self.story.extend(parts[1:])
            self.pending = []
        elif keep:
            self.story.append(KeepTogether(list(parts)))
        else:
            self.story.extend(parts)

    def flush(self) -> None:
        self.story.extend(self.pending)
        self.pending = []

    def cell_style(self, size: float, align: int, bold: bool) -> ParagraphStyle:
        return ParagraphStyle(
            f"cell-{size}-{align}-{bold}",
            fontName=f"{FONT}-Bold" if bold else FONT,
            fontSize=size,
            leading=size * 1.25,
            alignment=align,
        )

    def heading(self, block: Heading) -> None:
        self.counter += 1
        style = self.styles[f"h{min(block.level, 3)}"]
        if not block.toc and block.level >= 3:
            style = ParagraphStyle("h-sub", parent=self.styles["h1"], fontSize=12.5, leading=17)
        self.pending.append(_Heading(block.text, style, block.level, block.toc, f"h{self.counter}"))

    def paragraph(self, block: Paragraph) -> None:
        style = ParagraphStyle(
            "p",
            parent=self.styles["body"],
            alignment=_ALIGN[block.align],
            spaceAfter=block.space_after,
        )
        if block.size:
            style.fontSize = block.size
            style.leading = block.size * 1.35
        text = _markup(block.text)
        if block.bold:
            text = f"<b>{text}</b>"
        if block.italic:
            text = f"<i>{text}</i>"
        if isinstance(self.upcoming, Table) and self.upcoming.plain:
            # the line before a grid-less table (the place and date over the signatures) stays
            # with it, as a heading does
            self.pending.append(RLParagraph(text, style))
            return
        self.emit(RLParagraph(text, style))

    def bullets(self, block: BulletList) -> None:
        for i, item in enumerate(block.items, 1):
            bullet = f"{i}." if block.numbered else "•"
            self.emit(RLParagraph(_markup(item), self.styles["bullet"], bulletText=bullet))

    def table(self, block: Table) -> None:
        cols = len(block.header)
        with_header = any(block.header)
        widths = column_widths(block, self.width)
        rows = ([block.header] if with_header else []) + list(block.rows)
        data = []
        for r, values in enumerate(rows):
            is_header = with_header and r == 0
            body = r - (1 if with_header else 0)
            line = []
            for c, value in enumerate(values):
                if block.plain:
                    align = TA_CENTER if cols == 2 else TA_LEFT
                elif is_header:
                    align = TA_CENTER
                else:
                    align = TA_RIGHT if c in block.numeric else TA_LEFT
                bold = (is_header and not block.plain) or body in block.bold_rows
                line.append(RLParagraph(_markup(value), self.cell_style(block.font_size, align, bold)))
            data.append(line)
        table = RLTable(data, colWidths=widths, repeatRows=1 if with_header and not block.plain else 0)
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if not block.plain:
            commands.append(("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#7f7f7f")))
            if with_header:
                commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dbe5f1")))
            offset = 1 if with_header else 0
            for b in block.bold_rows:
                commands.append(("BACKGROUND", (0, b + offset), (-1, b + offset), colors.HexColor("#f2f2f2")))
            for col, first, last in vertical_spans(block):
                commands.append(("SPAN", (col, first + offset), (col, last + offset)))
        table.setStyle(TableStyle(commands))
        parts: list[Flowable] = []
        if block.caption:
            parts.append(self.caption(block.caption, "table", self.styles["caption"]))
        parts.append(table)
        parts.append(RLSpacer(1, 6))
        if len(rows) <= 12:
            self.emit(*parts, keep=True)
        elif block.caption:
            self.emit(KeepTogether(parts[:1]), *parts[1:])  # caption with the heading; the table splits
        else:
            self.emit(*parts)

    def image(self, block: Image) -> None:
        reader = ImageReader(io.BytesIO(block.png))
        w, h = reader.getSize()
        width = min(block.width_cm * cm, self.width)
        img = RLImage(io.BytesIO(block.png), width=width, height=width * h / w)
        parts: list[Flowable] = [img]
        if block.caption:
            parts.append(
                self.caption(
                    block.caption,
                    "figure",
                    ParagraphStyle("figcap", parent=self.styles["caption"], alignment=TA_CENTER),
                )
            )
        parts.append(RLSpacer(1, 6))
        self.emit(*parts, keep=True)

    def caption(self, text: str, kind: str, style: ParagraphStyle) -> _Caption:
        self.counter += 1
        return _Caption(text, style, kind, f"c{self.counter}")

    def caption_list(self, block: CaptionList) -> None:
        self.flush()
        title = block.title or ("DAFTAR TABEL" if block.kind == "table" else "DAFTAR GAMBAR")
        self.story.append(RLParagraph(_markup(title), self.styles["toc_title"]))
        listing = _CaptionToc(block.kind)
        listing.formatter = self.page_label
        listing.levelStyles = [
            ParagraphStyle("cap1", fontName=FONT, fontSize=9.5, leading=13, leftIndent=0, firstLineIndent=0)
        ]
        self.story.append(listing)

    def signature(self, block: Signature) -> None:
        style = ParagraphStyle("sig", parent=self.styles["body"], alignment=_ALIGN[block.align], spaceAfter=0)
        parts: list[Flowable] = [RLSpacer(1, 10)]
        for line in (block.place_date, block.title):
            if line:
                parts.append(RLParagraph(_markup(line), style))
        parts.append(RLSpacer(1, 2.2 * cm))
        parts.append(RLParagraph(f"<b>{_markup(block.name)}</b>", style))
        if block.identifier:
            parts.append(RLParagraph(_markup(block.identifier), style))
        self.emit(*parts, keep=True)

    def toc(self, block: TableOfContents) -> None:
        self.flush()
        self.story.append(RLParagraph(_markup(block.title), self.styles["toc_title"]))
        toc = _Listing(dotsMinLevel=0)
        toc.formatter = self.page_label
        toc.levelStyles = [
            ParagraphStyle(
                "toc1", fontName=f"{FONT}-Bold", fontSize=10, leading=14, leftIndent=0, firstLineIndent=0
            ),
            ParagraphStyle("toc2", fontName=FONT, fontSize=9.5, leading=13, leftIndent=16, firstLineIndent=0),
        ]
        self.story.append(toc)

    def page_break(self) -> None:
        self.flush()
        self.story.append(RLPageBreak())

    def spacer(self, block: Spacer) -> None:
        self.emit(RLSpacer(1, block.height_cm * cm))

    def build(self, blocks: list[Any]) -> None:
        self.render_blocks(blocks)
        self.flush()


@dataclass(frozen=True)
class PageMap:
    """Where the PDF layout put each listed heading and caption (printed page labels), for the
    Word document's table of contents and lists of tables and figures."""

    headings: list[tuple[int, str, str]]  # (level, text, page label)
    captions: dict[str, list[tuple[str, str]]]  # kind -> (caption, page label)


def render_pdf(report: ReportDocument) -> bytes:
    """The report as the bytes of a PDF file."""
    return _render(report)[0]


def page_map(report: ReportDocument) -> PageMap:
    """The page labels of the report's headings and captions as the PDF lays them out."""
    return _render(report)[1]


def _render(report: ReportDocument) -> tuple[bytes, PageMap]:
    register_fonts()
    prov = report.provenance
    buf = io.BytesIO()
    doc = _DocTemplate(
        buf,
        report,
        pagesize=A4,
        leftMargin=2.5 * cm,
        rightMargin=2.2 * cm,
        topMargin=2.2 * cm,
        bottomMargin=2.2 * cm,
        title=f"{report.title} — {report.subject}",
        author=report.author,
        subject=f"{report.subject}; {prov.describe()}",
        keywords=[
            *report.keywords,
            prov.identifier,
            f"dibuat {prov.generated_at.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        ],
        creator=prov.generator,
        producer=prov.generator,
        invariant=1,
        lang="id-ID",
    )
    builder = _Builder(report, doc.width, doc.page_label)
    if report.cover:
        builder.build(report.cover)
        builder.story.append(RLPageBreak())
    if report.front:
        builder.build(report.front)
        builder.story.append(RLPageBreak())
        builder.story.append(_MainStart())
    builder.build(report.blocks)
    has_toc = any(isinstance(b, TableOfContents | CaptionList) for b in [*report.front, *report.blocks])
    if has_toc:
        doc.multiBuild(builder.story)
    else:
        doc.build(builder.story)
    return buf.getvalue(), PageMap(doc.headings_seen, doc.captions_seen)
