"""Render a ``ReportDocument`` to Word (python-docx), editable as a normal Word document.

* real heading styles ("Heading 1/2/3"); the table of contents and the lists of tables and figures
  as plain lines with the page numbers of the PDF layout of the same document (``page_map``), so
  they read complete in LibreOffice and Word with no field to update; front matter in its own
  section numbered i, ii, iii, the body numbered again from 1; a PAGE field in the footer; a draft
  mark in every header when the document is a draft; signature blocks kept on one page; tables
  with the "Table Grid" style and a repeated header row, pictures with captions (style "Caption");
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

from docx import Document as new_document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.exceptions import OpcError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor

from kinerja.core.types import KinerjaValidationError
from kinerja.reports.model import (
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


def _listing_line(document: Any, text: str, page: str, indent_cm: float, bold: bool) -> Any:
    """One line of a table of contents or list: text, dot leader, page number at the right margin."""
    p = document.add_paragraph()
    fmt = p.paragraph_format
    fmt.left_indent = Cm(indent_cm)
    fmt.space_after = Pt(2)
    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    fmt.tab_stops.add_tab_stop(width, alignment=2, leader=1)  # right-aligned, dots
    run = p.add_run(text)
    run.bold = bold or None
    p.add_run("\t" + page)
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
    sectpr.append(el)


class _Writer(BlockRenderer):
    def __init__(self, document: Any, report: ReportDocument, pages: PageMap | None = None) -> None:
        self.doc = document
        self.report = report
        self.pages = pages
        section = document.sections[-1]
        self.text_width = int(section.page_width - section.left_margin - section.right_margin)

    def heading(self, block: Heading) -> None:
        if block.toc:
            self.doc.add_heading(block.text, block.level)
            return
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if block.level <= 2 else WD_ALIGN_PARAGRAPH.LEFT
        p.paragraph_format.keep_with_next = True
        _text(p, block.text, bold=True, size={1: 14, 2: 13}.get(block.level, 12))

    def paragraph(self, block: Paragraph) -> None:
        # One Word paragraph per line: Word and LibreOffice stretch a justified line that ends in
        # a manual line break across the whole width.
        lines = block.text.split("\n")
        for i, line in enumerate(lines):
            p = self.doc.add_paragraph()
            p.alignment = _ALIGN[block.align]
            p.paragraph_format.space_after = Pt(block.space_after if i == len(lines) - 1 else 0)
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

    def caption(self, text: str) -> None:
        p = self.doc.add_paragraph(style="Caption")
        p.paragraph_format.keep_with_next = True
        _text(p, text)

    def table(self, block: Table) -> None:
        if block.caption:
            self.caption(block.caption)
        with_header = any(block.header)
        cols = len(block.header)
        table = self.doc.add_table(rows=(1 if with_header else 0) + len(block.rows), cols=cols)
        if not block.plain:
            table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        points = column_widths(block, self.text_width / 12700, pad=14.0)  # EMU -> points; Word's margins
        widths = [Emu(int(w * 12700)) for w in points]
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width  # the grid, which LibreOffice follows
        rows = ([block.header] if with_header else []) + list(block.rows)
        for r, values in enumerate(rows):
            row = table.rows[r]
            is_header = with_header and r == 0
            body_index = r - (1 if with_header else 0)
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
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)

    def image(self, block: Image) -> None:
        self.doc.add_picture(io.BytesIO(block.png), width=Cm(block.width_cm))
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if block.caption:
            p = self.doc.add_paragraph(style="Caption")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _text(p, block.caption)

    def toc(self, block: TableOfContents) -> None:
        """The table of contents as lines with page numbers (from the PDF layout of the same
        document), so LibreOffice and Word show it complete without updating any field."""
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        _text(p, block.title, bold=True, size=14)
        if self.pages is not None:
            entries = [(level, text, page) for level, text, page in self.pages.headings]
        else:
            entries = [
                (b.level, b.text, "")
                for b in [*self.report.front, *self.report.blocks]
                if isinstance(b, Heading) and b.toc and b.level <= 2
            ]
        lines = [
            _listing_line(self.doc, text, page, 0.0 if level == 1 else 0.6, level == 1)
            for level, text, page in entries
        ]
        if lines:  # a real TOC field whose shown result is these lines
            _wrap_in_field(lines[0], lines[-1], 'TOC \\o "1-2" \\h \\z \\u')

    def caption_list(self, block: CaptionList) -> None:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        title = block.title or ("DAFTAR TABEL" if block.kind == "table" else "DAFTAR GAMBAR")
        _text(p, title, bold=True, size=14)
        for text, page in self.pages.captions.get(block.kind, []) if self.pages else []:
            _listing_line(self.doc, text, page, 0.0, False)

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


def _draft_header(document: Any, report: ReportDocument) -> None:
    """The draft mark at the top of every page (every section's header)."""
    for section in document.sections:
        header = section.header
        header.is_linked_to_previous = False
        p = header.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(report.draft_mark)
        run.bold = True
        run.font.size = Pt(14)
        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x00)


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
            section.left_margin = section.right_margin = Cm(2.5)
            section.top_margin = section.bottom_margin = Cm(2.5)
    _ensure_styles(document)
    listed = any(isinstance(b, TableOfContents | CaptionList) for b in [*report.front, *report.blocks])
    writer = _Writer(document, report, page_map(report) if listed else None)
    if has_cover:
        _replace_placeholders(document, report.placeholders)
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
    _update_fields_on_open(document)
    _set_properties(document, report)
    buf = io.BytesIO()
    document.save(buf)
    return _deterministic_zip(buf.getvalue(), report)
