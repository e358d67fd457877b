"""Render a ``ReportDocument`` to Word (python-docx), editable as a normal Word document.

* real heading styles ("Heading 1/2/3"), each listed heading and caption bookmarked; the table of
  contents is Word's TOC field whose shown result is already filled in: one line per heading,
  linked to it, with a PAGEREF page number cached from the PDF layout of the same document
  (``page_map``), so it reads complete in LibreOffice and Word without any update (LibreOffice
  shows a TOC field's result as it is; Word rebuilds it when fields are updated). The lists of
  tables and figures are lines with PAGEREF fields outside a TOC field, which LibreOffice computes
  from its own layout. Front-matter entries print their roman page as text (LibreOffice prints a
  PAGEREF in arabic numerals);
* front matter in its own section numbered i, ii, iii, the body numbered again from 1; a PAGE
  field in the footer; a draft mark (a header line and a diagonal watermark) on every page of a
  draft; page breaks as "page break before" and no empty paragraph before a page or section break
  (no blank pages); signature blocks, short tables and every table row kept on one page, headings
  and captions kept with what follows; tables with the "Table Grid" style, a repeated header row
  and columns wide enough for every word and amount; pictures with captions (style "Caption");
* without a template: Arial (Liberation Sans in LibreOffice, the same metrics), language
  Indonesian, A4 with the PDF's margins, so both formats break pages at about the same places;
* an agency template (``template``): its styles, headers/footers (letterhead) and page set-up are
  used; when its body has content (a cover page), that content is kept as the cover, with
  ``{{judul}}``, ``{{unit}}``, ``{{tahun}}``, ``{{instansi}}`` replaced, instead of the built-in one;
* provenance in the core properties: ``identifier`` = ``sha256:<hash>``, ``comments`` = the full
  provenance line, ``keywords`` include the hash, ``created``/``modified`` = generation time;
* deterministic bytes: zip entries carry the generation time, not the clock.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx import Document as new_document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.exceptions import OpcError
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor

from kinerja.core.types import KinerjaValidationError
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
    captions,
    listed_headings,
    vertical_spans,
)
from kinerja.reports.render_pdf import PageMap, column_widths, page_map

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _has_style(document: Any, name: str) -> bool:
    try:
        document.styles[name]
    except KeyError:
        return False
    return True


def _ensure_styles(document: Any) -> None:
    """A template made in Word may lack styles python-docx needs; add plain ones."""
    for level in (1, 2, 3):
        name = f"Heading {level}"
        if not _has_style(document, name):
            style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = document.styles["Normal"]
            style.font.bold = True
            style.font.size = Pt({1: 16, 2: 13, 3: 11}[level])
            ppr = style.element.get_or_add_pPr()
            outline = OxmlElement("w:outlineLvl")
            outline.set(qn("w:val"), str(level - 1))
            ppr.append(outline)
    for name in ("Caption", "List Bullet"):
        if not _has_style(document, name):
            style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = document.styles["Normal"]
            if name == "Caption":
                style.font.italic = True
                style.font.size = Pt(9)
    if not _has_style(document, "Table Grid"):
        document.styles.add_style("Table Grid", WD_STYLE_TYPE.TABLE)


# The built-in look (no agency template): Arial, which Word has everywhere and LibreOffice replaces
# by the metric-compatible Liberation Sans, so both lay the text out alike; narrower than the PDF's
# DejaVu Sans, whose metrics size the table columns, so no amount or word outgrows its column.
DOCX_FONT = "Arial"


def _base_font(document: Any) -> None:
    """Every style in ``DOCX_FONT`` (no theme fonts, which LibreOffice lacks), language Indonesian."""
    styles = document.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    if rpr.find(qn("w:rFonts")) is None:
        rpr.insert(0, OxmlElement("w:rFonts"))
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attr}"), None)
        for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn(f"w:{attr}"), DOCX_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "id-ID")


def _field(paragraph: Any, instruction: str, placeholder: str = "") -> None:
    """A complex field (``PAGE``, ``TOC ...``) Word computes; ``placeholder`` is shown until then."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run._r.append(begin)
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run = paragraph.add_run()
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run._r.append(sep)
    if placeholder:
        paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _text(
    paragraph: Any, text: str, bold: bool = False, italic: bool = False, size: float | None = None
) -> None:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = bold or None
        run.italic = italic or None
        if size:
            run.font.size = Pt(size)
        if i < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)


def _shade(cell: Any, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _breaks_before(document: Any) -> None:
    """Turn every paragraph that holds only a page break into "page break before" on the paragraph
    that follows: a break paragraph that lands at the top of a new page (the page before was just
    full) would otherwise leave a blank page."""
    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        runs = p.findall(qn("w:r"))
        breaks = [br for r in runs for br in r.findall(qn("w:br")) if br.get(qn("w:type")) == "page"]
        texts = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if len(breaks) != 1 or texts.strip() or len(runs) != 1:
            continue
        following = p.getnext()
        if following is None or following.tag != qn("w:p"):
            continue  # before a table or the section end: keep the break paragraph
        ppr = following.get_or_add_pPr()
        el = OxmlElement("w:pageBreakBefore")
        ppr.insert(0, el) if ppr.find(qn("w:pStyle")) is None else ppr.find(qn("w:pStyle")).addnext(el)
        body.remove(p)


def _update_fields_on_open(document: Any) -> None:
    """Word refreshes the table of contents to its own pagination when the file is opened."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        el = OxmlElement("w:updateFields")
        el.set(qn("w:val"), "true")
        settings.append(el)


def _fld_char(kind: str) -> Any:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)
    return run


def _bookmark(paragraph: Any, name: str, number: int) -> None:
    """Mark the whole paragraph with a bookmark (the target of a PAGEREF field and a hyperlink)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    ppr = paragraph._p.pPr
    if ppr is None:
        paragraph._p.insert(0, start)
    else:
        ppr.addnext(start)
    paragraph._p.append(end)


def _run(text: str = "", bold: bool = False) -> Any:
    run = OxmlElement("w:r")
    if bold:
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        run.append(rpr)
    if text == "\t":
        run.append(OxmlElement("w:tab"))
    elif text:
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        run.append(t)
    return run


def _page_ref(bookmark: str, cached: str, bold: bool) -> list[Any]:
    """A PAGEREF field to ``bookmark`` whose shown result is ``cached``: LibreOffice computes the
    page itself when it lays the document out, Word when fields are updated (on opening, when the
    user agrees, or F9); until then ``cached`` (the page in the PDF layout) is shown."""
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" PAGEREF {bookmark} \\h "
    instr_run = _run(bold=bold)
    instr_run.append(instr)
    return [_fld_char("begin"), instr_run, _fld_char("separate"), _run(cached, bold), _fld_char("end")]


def _wrap_in_field(first: Any, last: Any, instruction: str) -> None:
    """Make the paragraphs ``first`` .. ``last`` the cached result of a field (e.g. ``TOC``):
    LibreOffice and Word show that result as it is until the field is updated."""
    ppr = first._p.pPr
    begin = _fld_char("begin")
    instr_run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    instr_run.append(instr)
    separate = _fld_char("separate")
    anchor = ppr if ppr is not None else None
    for el in (begin, instr_run, separate):
        if anchor is None:
            first._p.insert(0, el)
        else:
            anchor.addnext(el)
        anchor = el
    last._p.append(_fld_char("end"))


def _listing_line(
    document: Any, text: str, page: str, indent_cm: float, bold: bool, bookmark: str = ""
) -> Any:
    """One line of a table of contents or list: text, dot leader, page number at the right margin.
    With ``bookmark``, the line links to it and its page number is a PAGEREF field to it (cached
    ``page``); without, ``page`` is plain text (front matter: LibreOffice prints a PAGEREF in
    arabic numerals even on pages numbered i, ii, iii)."""
    p = document.add_paragraph()
    fmt = p.paragraph_format
    fmt.left_indent = Cm(indent_cm)
    fmt.first_line_indent = Cm(0)
    fmt.space_after = Pt(2)
    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    fmt.tab_stops.add_tab_stop(width, alignment=2, leader=1)  # right-aligned, dots
    parts = [_run(text, bold), _run("\t")]
    parts += _page_ref(bookmark, page, bold) if bookmark else [_run(page, bold)]
    if bookmark:
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), bookmark)
        link.set(qn("w:history"), "1")
        link.extend(parts)
        p._p.append(link)
    else:
        p._p.extend(parts)
    return p


def _page_numbering(section: Any, fmt: str) -> None:
    """Number the section's pages from 1 in ``fmt`` ("lowerRoman" or "decimal")."""
    sectpr = section._sectPr
    old = sectpr.find(qn("w:pgNumType"))
    if old is not None:
        sectpr.remove(old)
    el = OxmlElement("w:pgNumType")
    el.set(qn("w:fmt"), fmt)
    el.set(qn("w:start"), "1")
    follower = next(
        (sectpr.find(qn(f"w:{tag}")) for tag in _AFTER_PGNUMTYPE if sectpr.find(qn(f"w:{tag}")) is not None),
        None,
    )
    if follower is None:
        sectpr.append(el)
    else:
        follower.addprevious(el)


# the elements that follow w:pgNumType in a w:sectPr (the schema's order; Word is strict about it)
_AFTER_PGNUMTYPE = (
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
)


# keep a table of at most this many body rows on one page (as the PDF does); longer ones may break
# between rows (never inside one), with the header row repeated
KEEP_TABLE_ROWS = 12


def _cell_margins(table: Any, top_pt: float, bottom_pt: float) -> None:
    """Room above and below the text of every cell (the PDF's padding), left and right as Word's."""
    tblpr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, points in (("top", top_pt), ("bottom", bottom_pt)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(points * 20)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    look = tblpr.find(qn("w:tblLook"))  # tblCellMar comes before tblLook in the schema
    if look is None:
        tblpr.append(margins)
    else:
        look.addprevious(margins)


def _cant_split(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    trpr.insert(0, el)


def _empty_note(kind: str) -> str:
    return "Tidak ada tabel dalam dokumen ini." if kind == "table" else "Tidak ada gambar dalam dokumen ini."


class _Writer(BlockRenderer):
    def __init__(self, document: Any, report: ReportDocument, pages: PageMap | None = None) -> None:
        self.doc = document
        self.report = report
        self.pages = pages
        section = document.sections[-1]
        self.text_width = int(section.page_width - section.left_margin - section.right_margin)
        # headings and captions listed in the table of contents and the lists of tables and
        # figures, counted in document order: their bookmarks are _KinerjaH1, _KinerjaT1, _KinerjaG1...
        self.seen = {"heading": 0, "table": 0, "figure": 0}
        # how many of each come before the body (cover and front matter): listed with the page
        # label as text, not a PAGEREF (see _listing_line)
        before = [*report.cover, *report.front] if report.front else []
        self.before_body = {
            "heading": len(listed_headings(before)),
            "table": len(captions(before, "table")),
            "figure": len(captions(before, "figure")),
        }
        # bookmark ids are unique in the document: after those a template may already have
        ids = [m.get(qn("w:id")) for m in document.element.body.iter(qn("w:bookmarkStart"))]
        self.bookmark_id = max((int(i) for i in ids if i and i.isdigit()), default=0)

    def skip(self, blocks: list[Any]) -> None:
        """Count the listed headings and captions of blocks not written (a template's cover
        replaces the built-in one), so the numbering stays that of the whole report."""
        self.seen["heading"] += len(listed_headings(blocks))
        self.seen["table"] += len(captions(blocks, "table"))
        self.seen["figure"] += len(captions(blocks, "figure"))

    def mark(self, paragraph: Any, kind: str) -> None:
        self.seen[kind] += 1
        self.bookmark_id += 1
        _bookmark(paragraph, _bookmark_name(kind, self.seen[kind]), self.bookmark_id)

    def heading(self, block: Heading) -> None:
        if block.toc:
            p = self.doc.add_heading(block.text, block.level)
            p.paragraph_format.keep_with_next = True
            if block.level <= TOC_MAX_LEVEL:
                self.mark(p, "heading")
            return
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if block.level <= 2 else WD_ALIGN_PARAGRAPH.LEFT
        p.paragraph_format.keep_with_next = True
        _text(p, block.text, bold=True, size={1: 14, 2: 13}.get(block.level, 12))

    def paragraph(self, block: Paragraph) -> None:
        # One Word paragraph per line: Word and LibreOffice stretch a justified line that ends in
        # a manual line break across the whole width.
        lines = block.text.split("\n")
        # the line before a grid-less table (the place and date over the signatures) stays with it
        glued = isinstance(self.upcoming, Table) and self.upcoming.plain
        for i, line in enumerate(lines):
            p = self.doc.add_paragraph()
            p.alignment = _ALIGN[block.align]
            p.paragraph_format.space_after = Pt(block.space_after if i == len(lines) - 1 else 0)
            if glued:
                p.paragraph_format.keep_with_next = True
            _text(p, line, block.bold, block.italic, block.size)

    def bullets(self, block: BulletList) -> None:
        for i, item in enumerate(block.items, 1):
            p = self.doc.add_paragraph(style="List Bullet" if not block.numbered else None)
            if block.numbered:
                p.paragraph_format.left_indent = Cm(0.75)
                p.paragraph_format.first_line_indent = Cm(-0.6)
                _text(p, f"{i}.\t{item}")
            else:
                _text(p, item)

    def caption(self, text: str, kind: str, keep_with_next: bool) -> Any:
        p = self.doc.add_paragraph(style="Caption")
        p.paragraph_format.keep_with_next = keep_with_next
        _text(p, text)
        self.mark(p, kind)
        return p

    def table(self, block: Table) -> None:
        if block.caption:
            self.caption(block.caption, "table", keep_with_next=True)
        with_header = any(block.header)
        cols = len(block.header)
        table = self.doc.add_table(rows=(1 if with_header else 0) + len(block.rows), cols=cols)
        if not block.plain:
            table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        if not block.plain:
            _cell_margins(table, 2, 3)
        points = column_widths(block, self.text_width / 12700, pad=14.0)  # EMU -> points; Word's margins
        widths = [Emu(int(w * 12700)) for w in points]
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width  # the grid, which LibreOffice follows
        rows = ([block.header] if with_header else []) + list(block.rows)
        # a short table (and a signature table, whatever its length) stays on one page: every
        # paragraph but those of the last row keeps with the next
        together = block.plain or len(block.rows) <= KEEP_TABLE_ROWS
        for r, values in enumerate(rows):
            row = table.rows[r]
            is_header = with_header and r == 0
            body_index = r - (1 if with_header else 0)
            _cant_split(row)  # a row never breaks across pages
            if is_header and not block.plain:
                _repeat_header(row)
            for c, value in enumerate(values):
                cell = row.cells[c]
                cell.width = widths[c]
                p = cell.paragraphs[0]
                numeric = c in block.numeric and not is_header
                if block.plain:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER if cols == 2 else WD_ALIGN_PARAGRAPH.LEFT
                elif is_header:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                else:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT
                if (together and r < len(rows) - 1) or is_header:
                    p.paragraph_format.keep_with_next = True
                bold = (is_header and not block.plain) or body_index in block.bold_rows
                _text(p, value, bold=bold, size=block.font_size)
                if is_header and not block.plain:
                    _shade(cell, "DBE5F1")
                elif body_index in block.bold_rows and not block.plain:
                    _shade(cell, "F2F2F2")
        offset = 1 if with_header else 0
        for col, first, last in vertical_spans(block):
            top = table.cell(first + offset, col)
            top.merge(table.cell(last + offset, col))
            for extra in top.paragraphs[1:]:  # merging keeps the empty paragraphs of the cells below
                extra._element.getparent().remove(extra._element)
        gap = self.doc.add_paragraph().paragraph_format  # 6 points between a table and what follows
        gap.space_before = gap.space_after = Pt(0)
        gap.line_spacing = Pt(6)

    def image(self, block: Image) -> None:
        self.doc.add_picture(io.BytesIO(block.png), width=Cm(block.width_cm))
        picture = self.doc.paragraphs[-1]
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if block.caption:
            picture.paragraph_format.keep_with_next = True  # the caption stays under its picture
            p = self.caption(block.caption, "figure", keep_with_next=False)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def listing(self, kind: str, entries: list[tuple[int, str]]) -> None:
        """Lines of the table of contents (``kind="heading"``) or of a list of tables or figures:
        ``entries`` are (level, text) in document order; page numbers come from the PDF layout of
        the same report as PAGEREF fields to the bookmarks (LibreOffice computes the real page)."""
        labels: list[str] = []
        if self.pages is not None:
            found = (
                [(text, page) for _, text, page in self.pages.headings]
                if kind == "heading"
                else self.pages.captions.get(kind, [])
            )
            if [text for text, _ in found] == [text for _, text in entries]:
                labels = [page for _, page in found]
        lines = []
        for i, (level, text) in enumerate(entries):
            in_body = i >= self.before_body[kind]
            line = _listing_line(
                self.doc,
                text,
                labels[i] if labels else "",
                0.0 if level <= 1 else 0.6,
                bold=kind == "heading" and level == 1,
                bookmark=_bookmark_name(kind, i + 1) if in_body else "",
            )
            lines.append(line)
        if lines and kind == "heading":
            _wrap_in_field(lines[0], lines[-1], 'TOC \\o "1-2" \\h \\z \\u')

    def title_line(self, text: str) -> None:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        _text(p, text, bold=True, size=14)

    def toc(self, block: TableOfContents) -> None:
        """The table of contents: every listed heading with its page (see ``listing``)."""
        self.title_line(block.title)
        everything = [*self.report.cover, *self.report.front, *self.report.blocks]
        self.listing("heading", [(h.level, h.text) for h in listed_headings(everything)])

    def caption_list(self, block: CaptionList) -> None:
        self.title_line(block.title or ("DAFTAR TABEL" if block.kind == "table" else "DAFTAR GAMBAR"))
        everything = [*self.report.cover, *self.report.front, *self.report.blocks]
        found = captions(everything, block.kind)
        if not found:
            p = self.doc.add_paragraph()
            _text(p, _empty_note(block.kind), italic=True)
        self.listing(block.kind, [(1, text) for text in found])

    def signature(self, block: Signature) -> None:
        lines = [
            (block.place_date, False, 0.0),
            (block.title, False, 0.0),
            (block.name, True, 2.0),
            (block.identifier, False, 0.0),
        ]
        shown = [(t, b, s) for t, b, s in lines if t]
        for i, (text, bold, space_before) in enumerate(shown):
            p = self.doc.add_paragraph()
            p.alignment = _ALIGN[block.align]
            fmt = p.paragraph_format
            fmt.keep_with_next = i < len(shown) - 1
            fmt.keep_together = True
            fmt.space_after = Pt(0)
            if i == 0:
                fmt.space_before = Pt(10)
            if space_before:
                fmt.space_before = Cm(space_before)
            _text(p, text, bold=bold)

    def spacer(self, block: Spacer) -> None:
        p = self.doc.add_paragraph()
        p.paragraph_format.space_before = Cm(block.height_cm)

    def page_break(self) -> None:
        self.doc.add_page_break()

    def write(self, blocks: list[Any]) -> None:
        self.render_blocks(blocks)


_BOOKMARK_PREFIX = {"heading": "_KinerjaH", "table": "_KinerjaT", "figure": "_KinerjaG"}


def _bookmark_name(kind: str, number: int) -> str:
    """Hidden bookmarks (a leading underscore) of listed headings, tables and figures."""
    return f"{_BOOKMARK_PREFIX[kind]}{number}"


def _is_empty(p: Any) -> bool:
    """A paragraph that shows nothing: no text, tab, break, picture, field or bookmark."""
    shown = ("t", "tab", "br", "drawing", "pict", "fldChar", "instrText", "bookmarkStart", "object")
    return p.tag == qn("w:p") and not any(
        el.tag.rsplit("}", 1)[-1] in shown for el in p.iter() if el is not p
    )


def _section_break(p: Any) -> bool:
    return p.pPr is not None and p.pPr.sectPr is not None


def _starts_page(p: Any) -> bool:
    return p.pPr is not None and p.pPr.pageBreakBefore is not None


def _tidy_page_ends(document: Any) -> None:
    """No blank page from an empty paragraph that lands alone on a new page just before a page or
    section break: empty paragraphs (a table's spacing, a Spacer) right before a paragraph that
    starts a new page or ends a section are dropped; a section break moves into the paragraph
    before it, or, after a table, stays in an empty paragraph one point high."""
    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        if not (_starts_page(p) or _section_break(p)):
            continue
        previous = p.getprevious()
        while previous is not None and _is_empty(previous) and not _section_break(previous):
            gone, previous = previous, previous.getprevious()
            body.remove(gone)
    for p in list(body.iterchildren(qn("w:p"))):
        if not _section_break(p) or not _is_empty(p):
            continue
        previous = p.getprevious()
        if previous is not None and previous.tag == qn("w:p") and not _section_break(previous):
            sectpr = p.pPr.sectPr
            p.pPr.remove(sectpr)
            previous.get_or_add_pPr()._insert_sectPr(sectpr)
            body.remove(p)
        else:  # after a table a paragraph must hold the section break: one point high
            spacing = p.pPr.get_or_add_spacing()
            for name, value in (("before", "0"), ("after", "0"), ("line", "20"), ("lineRule", "exact")):
                spacing.set(qn(f"w:{name}"), value)


_WATERMARK = """<w:r %s><w:pict><v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136"
adj="10800" path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas><v:f eqn="sum #0 0 10800"/>
<v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/>
<v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/>
<v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/>
<v:f eqn="sum @6 0 @5"/></v:formulas><v:path textpathok="t" o:connecttype="custom"
o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>
<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>
<v:shape id="KinerjaDraftMark%d" o:spid="_x0000_s%d" type="#_x0000_t136"
style="position:absolute;margin-left:0;margin-top:0;width:440pt;height:110pt;rotation:315;z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin"
o:allowincell="f" fillcolor="#c00000" stroked="f"><v:fill opacity=".15"/>
<v:textpath style="font-family:&quot;Arial&quot;;font-size:1pt;font-weight:bold" string="%s"/>
</v:shape></w:pict></w:r>"""
_VML_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
)


def _draft_header(document: Any, report: ReportDocument) -> None:
    """The draft mark on every page: a line at the top and a large pale diagonal watermark, in
    every header a section defines (a section whose header is linked shows the one before it, so
    an agency template's letterhead stays)."""
    headers = []
    odd_even = document.settings.odd_and_even_pages_header_footer
    for i, section in enumerate(document.sections):
        for header, wanted in (
            (section.header, True),
            (section.first_page_header, section.different_first_page_header_footer),
            (section.even_page_header, odd_even),
        ):
            if wanted and (i == 0 or not header.is_linked_to_previous):
                headers.append(header)
    for n, header in enumerate(headers, 1):
        p = header.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(report.draft_mark)
        run.bold = True
        run.font.size = Pt(14)
        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x00)
        mark = parse_xml(_WATERMARK % (_VML_NS, n, 2048 + n, escape(report.draft_mark, {'"': "&quot;"})))
        p._p.append(mark)


def _footer(document: Any, report: ReportDocument, keep_existing: bool, skip_first: bool = False) -> None:
    for i, section in enumerate(document.sections):
        footer = section.footer
        if skip_first and i == 0:  # the cover has its own section, unnumbered
            footer.is_linked_to_previous = False
            continue
        if skip_first:
            footer.is_linked_to_previous = False
        if keep_existing and any(p.text.strip() for p in footer.paragraphs):
            continue
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        p.text = ""
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(f"{report.title} — {report.subject} — halaman ")
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        _field(p, "PAGE", "1")
        for r in p.runs[1:]:
            r.font.size = Pt(8)


def _replace_placeholders(document: Any, values: dict[str, str]) -> None:
    for p in document.paragraphs:
        if "{{" not in p.text:
            continue
        text = p.text
        for key, value in values.items():
            text = text.replace("{{" + key + "}}", value)
        if text != p.text:
            runs = p.runs
            runs[0].text = text
            for r in runs[1:]:
                r.text = ""


def _set_properties(document: Any, report: ReportDocument) -> None:
    prov = report.provenance
    props = document.core_properties
    props.title = f"{report.title} — {report.subject}"
    props.subject = report.subject
    props.author = report.author
    props.keywords = "; ".join([*report.keywords, prov.identifier])
    props.comments = prov.describe()
    props.identifier = prov.identifier
    props.category = "SAKIP"
    props.last_modified_by = prov.generator
    props.created = prov.generated_at.replace(tzinfo=None)
    props.modified = prov.generated_at.replace(tzinfo=None)
    props.revision = 1
    props.version = prov.data_hash[:12]


def _deterministic_zip(data: bytes, report: ReportDocument) -> bytes:
    stamp = report.provenance.generated_at
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def render_docx(report: ReportDocument, template: str | Path | None = None) -> bytes:
    """The report as the bytes of a .docx file."""
    if template is not None:
        try:
            document = new_document(str(template))
        except (ValueError, KeyError, OSError, zipfile.BadZipFile, OpcError) as exc:
            raise KinerjaValidationError(f"templat Word tidak dapat dibuka ({template}): {exc}") from exc
        has_cover = any(p.text.strip() for p in document.paragraphs) or bool(document.tables)
    else:
        document = new_document()
        has_cover = False
        for section in document.sections:  # A4, as Indonesian government documents are
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width = Cm(21)
            section.page_height = Cm(29.7)
            # the PDF's margins, so that both formats break pages at about the same places (the
            # cached page numbers of the table of contents come from the PDF layout)
            section.left_margin = Cm(2.5)
            section.right_margin = Cm(2.2)
            section.top_margin = section.bottom_margin = Cm(2.2)
            section.header_distance = section.footer_distance = Cm(1.0)
        _base_font(document)
    _ensure_styles(document)
    listed = any(isinstance(b, TableOfContents | CaptionList) for b in [*report.front, *report.blocks])
    writer = _Writer(document, report, page_map(report) if listed else None)
    if has_cover:
        _replace_placeholders(document, report.placeholders)
        writer.skip(report.cover)  # the template's cover stands for it
    elif report.cover:
        writer.write(report.cover)
    own_sections = bool(report.front) and not (template is not None and has_cover)
    if has_cover or report.cover:
        if own_sections:
            document.add_section(WD_SECTION.NEW_PAGE)
        else:
            writer.page_break()
    if report.front:
        writer.write(report.front)
        _page_numbering(document.sections[-1], "lowerRoman")
        document.add_section(WD_SECTION.NEW_PAGE)
        _page_numbering(document.sections[-1], "decimal")
    writer.write(report.blocks)
    _footer(
        document,
        report,
        keep_existing=template is not None,
        skip_first=own_sections and bool(has_cover or report.cover),
    )
    if report.draft_mark:
        _draft_header(document, report)
    _breaks_before(document)
    _tidy_page_ends(document)
    _update_fields_on_open(document)
    _set_properties(document, report)
    buf = io.BytesIO()
    document.save(buf)
    return _deterministic_zip(buf.getvalue(), report)
