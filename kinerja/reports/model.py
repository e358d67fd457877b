"""A small, format-neutral document model: what a report says, not how a format draws it.

The builders (``lkj.py``, ``pk.py``) produce a ``ReportDocument`` made of these blocks; the
renderers (``render_docx.py``, ``render_pdf.py``) draw the same blocks as Word and PDF, so both
formats always carry the same headings, tables and numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Align = Literal["left", "center", "right", "justify"]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 = Bab, 2 = subbab, 3 = indicator
    toc: bool = True  # listed in the table of contents


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False
    align: Align = "justify"
    size: float | None = None  # points; None = body size
    space_after: float = 6.0


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Table:
    """A table of text cells. ``numeric`` lists the columns aligned right; ``widths`` are relative
    column widths (any unit, scaled to the page). ``bold_rows`` are body rows drawn bold (totals).
    ``plain`` draws no grid (signature blocks). In ``merge_down`` columns an empty body cell is
    merged with the cell above it (an objective spanning its indicators)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()
    numeric: frozenset[int] = frozenset()
    caption: str = ""
    bold_rows: frozenset[int] = frozenset()
    plain: bool = False
    font_size: float = 9.0
    merge_down: frozenset[int] = frozenset()  # columns whose empty cells join the cell above


@dataclass(frozen=True)
class Image:
    png: bytes
    width_cm: float
    caption: str = ""
    alt: str = ""


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class TableOfContents:
    title: str = "DAFTAR ISI"


@dataclass(frozen=True)
class Spacer:
    height_cm: float = 1.0


@dataclass(frozen=True)
class CaptionList:
    """Daftar Tabel (``kind="table"``) or Daftar Gambar (``kind="figure"``): every caption of
    that kind in the document, with its page."""

    kind: str  # "table" | "figure"
    title: str = ""


@dataclass(frozen=True)
class Signature:
    """A signature block kept on one page: place and date, title, room to sign, name (and an
    optional identifier line such as NIP). Empty parts are left out."""

    place_date: str
    title: str
    name: str
    identifier: str = ""
    align: Align = "right"


Block = (
    Heading
    | Paragraph
    | BulletList
    | Table
    | Image
    | PageBreak
    | TableOfContents
    | Spacer
    | CaptionList
    | Signature
)


@dataclass(frozen=True)
class Provenance:
    """Where a document comes from: the SHA-256 of the canonical interchange export of the data
    it was made from, and when it was made."""

    data_hash: str  # hex SHA-256
    generated_at: datetime  # timezone-aware (UTC)
    generator: str  # e.g. "Kinerja 0.1.0"

    @property
    def identifier(self) -> str:
        return f"sha256:{self.data_hash}"

    def describe(self) -> str:
        stamp = self.generated_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        return f"Dibuat oleh {self.generator} pada {stamp} dari data sha256:{self.data_hash}"


@dataclass
class ReportDocument:
    title: str  # e.g. "Laporan Kinerja Tahun 2022"
    subject: str  # e.g. "Direktorat Pemberdayaan Kelompok Rentan"
    author: str  # the agency
    provenance: Provenance
    cover: list[Block] = field(default_factory=list)  # replaced by a template's own cover
    # front matter (Kata Pengantar, Daftar Isi, Daftar Tabel/Gambar, Ikhtisar Eksekutif): pages
    # numbered in roman numerals; ``blocks`` start again at page 1 in arabic numerals
    front: list[Block] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    # when set (e.g. "DRAF"), the renderers print it on every page: a document that may not be
    # signed as it is (lint findings such as a missing unit head); "" = a final document
    draft_mark: str = ""
    keywords: tuple[str, ...] = ()
    placeholders: dict[str, str] = field(default_factory=dict)  # {{key}} in a template's cover

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)


def vertical_spans(block: Table) -> list[tuple[int, int, int]]:
    """(column, first body row, last body row) of every run of cells to merge (``merge_down``)."""
    spans: list[tuple[int, int, int]] = []
    for col in sorted(block.merge_down):
        start: int | None = None
        for r, row in enumerate(block.rows):
            if row[col] == "" and start is not None:
                continue
            if start is not None and r - 1 > start:
                spans.append((col, start, r - 1))
            start = r
        if start is not None and len(block.rows) - 1 > start:
            spans.append((col, start, len(block.rows) - 1))
    return spans


TOC_MAX_LEVEL = 2  # headings of levels 1 and 2 are listed in the table of contents


def listed_headings(blocks: list[Any]) -> list[Heading]:
    """The headings of ``blocks`` that the table of contents lists, in order."""
    return [b for b in blocks if isinstance(b, Heading) and b.toc and b.level <= TOC_MAX_LEVEL]


def captions(blocks: list[Any], kind: str) -> list[str]:
    """The captions of one kind (``"table"`` or ``"figure"``) in ``blocks``, in order."""
    if kind == "table":
        return [b.caption for b in blocks if isinstance(b, Table) and b.caption]
    return [b.caption for b in blocks if isinstance(b, Image) and b.caption]


_ROMAN: tuple[tuple[int, str], ...] = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def roman(number: int) -> str:
    """Lower-case roman numerals for front-matter pages: 1 -> "i", 4 -> "iv", 14 -> "xiv"."""
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


class BlockRenderer:
    """Base of the renderers: one method per block type, dispatched by ``render_blocks``."""

    def heading(self, block: Heading) -> None:
        raise NotImplementedError

    def paragraph(self, block: Paragraph) -> None:
        raise NotImplementedError

    def bullets(self, block: BulletList) -> None:
        raise NotImplementedError

    def table(self, block: Table) -> None:
        raise NotImplementedError

    def image(self, block: Image) -> None:
        raise NotImplementedError

    def page_break(self) -> None:
        raise NotImplementedError

    def toc(self, block: TableOfContents) -> None:
        raise NotImplementedError

    def spacer(self, block: Spacer) -> None:
        raise NotImplementedError

    def caption_list(self, block: CaptionList) -> None:
        raise NotImplementedError

    def signature(self, block: Signature) -> None:
        raise NotImplementedError

    upcoming: Any = None  # the block after the one being drawn (None at the end of a list)

    def render_blocks(self, blocks: list[Any]) -> None:
        for i, block in enumerate(blocks):
            self.upcoming = blocks[i + 1] if i + 1 < len(blocks) else None
            if isinstance(block, Heading):
                self.heading(block)
            elif isinstance(block, Paragraph):
                self.paragraph(block)
            elif isinstance(block, BulletList):
                self.bullets(block)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Image):
                self.image(block)
            elif isinstance(block, PageBreak):
                self.page_break()
            elif isinstance(block, TableOfContents):
                self.toc(block)
            elif isinstance(block, Spacer):
                self.spacer(block)
            elif isinstance(block, CaptionList):
                self.caption_list(block)
            elif isinstance(block, Signature):
                self.signature(block)
            else:  # a new block type without a renderer
                raise TypeError(block)
