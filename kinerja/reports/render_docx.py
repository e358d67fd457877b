"""Render a ``ReportDocument`` to Word (python-docx), editable as a normal Word document.

* real heading styles ("Heading 1/2/3"), a TOC field (Word fills in page numbers on opening:
  ``updateFields``), a PAGE field in the footer, tables with the "Table Grid" style and a
  repeated header row, pictures with captions (style "Caption");
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
from docx.enum.section import WD_ORIENT
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
    Heading,
    Image,
    Paragraph,
    ReportDocument,
    Spacer,
    Table,
    TableOfContents,
    vertical_spans,
)
from kinerja.reports.render_pdf import column_widths

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
TOC_LEVELS = "1-2"


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


def _update_fields_on_open(document: Any) -> None:
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        el = OxmlElement("w:updateFields")
        el.set(qn("w:val"), "true")
        settings.append(el)


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


class _Writer(BlockRenderer):
    def __init__(self, document: Any, report: ReportDocument) -> None:
        self.doc = document
        self.report = report
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
        points = column_widths(block, self.text_width / 12700)  # EMU -> points
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
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _text(p, block.title, bold=True, size=14)
        entries = [
            ("    " if b.level == 2 else "") + b.text
            for b in self.report.blocks
            if isinstance(b, Heading) and b.toc and b.level <= 2
        ]
        placeholder = "\n".join(entries)
        toc = self.doc.add_paragraph()
        _field(toc, f'TOC \\o "{TOC_LEVELS}" \\h \\z \\u', "")
        # the field result: the headings, until Word or LibreOffice updates the field with pages
        result_runs = toc.runs
        end_run = result_runs[-1]
        for i, line in enumerate(placeholder.split("\n")):
            run = OxmlElement("w:r")
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = line
            run.append(t)
            if i < len(entries) - 1:
                run.append(OxmlElement("w:br"))
            end_run._r.addprevious(run)
        note = self.doc.add_paragraph()
        _text(
            note,
            "Nomor halaman daftar isi diperbarui otomatis saat dokumen dibuka (atau klik kanan › Perbarui Bidang).",
            italic=True,
            size=8,
        )

    def spacer(self, block: Spacer) -> None:
        p = self.doc.add_paragraph()
        p.paragraph_format.space_before = Cm(block.height_cm)

    def page_break(self) -> None:
        self.doc.add_page_break()

    def write(self, blocks: list[Any]) -> None:
        self.render_blocks(blocks)


def _footer(document: Any, report: ReportDocument, keep_existing: bool) -> None:
    for section in document.sections:
        footer = section.footer
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
    writer = _Writer(document, report)
    if has_cover:
        _replace_placeholders(document, report.placeholders)
    elif report.cover:
        writer.write(report.cover)
    if has_cover or report.cover:
        writer.page_break()
    writer.write(report.blocks)
    _footer(document, report, keep_existing=template is not None)
    _update_fields_on_open(document)
    _set_properties(document, report)
    buf = io.BytesIO()
    document.save(buf)
    return _deterministic_zip(buf.getvalue(), report)
