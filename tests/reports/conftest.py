"""Fixtures of the document tests: the demo data in the test database, and readers for the files."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document as open_docx
from pypdf import PdfReader

from kinerja.interchange import document as d
from kinerja.interchange.db import export_document, import_document
from kinerja.interchange.parse import load_document
from tests.conftest import DEMO_DIR, REPO


def artifacts_dir() -> Path:
    path = Path(os.environ.get("ARTIFACTS_DIR") or REPO / "artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


def demo_document() -> d.Document:
    return load_document(DEMO_DIR / "kemensos.yaml", check_refs=False)


@pytest.fixture
def demo_db(db: Any) -> None:
    import_document(demo_document())


@pytest.fixture
def pkr_doc(demo_db: None) -> d.Document:
    """PKR's data as the report service reads it: from the database."""
    return export_document(unit="PKR")


def docx_text(content: bytes) -> str:
    doc = open_docx(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def docx_tables(content: bytes) -> list[tuple[str, list[list[str]]]]:
    """Every table with the caption paragraph just before it (document order)."""
    doc = open_docx(io.BytesIO(content))
    body = doc.element.body
    out: list[tuple[str, list[list[str]]]] = []
    caption = ""
    tables = iter(doc.tables)
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            if text.strip():
                caption = text
        elif tag == "tbl":
            table = next(tables)
            out.append((caption, [[c.text for c in row.cells] for row in table.rows]))
            caption = ""
    return out


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def render_pages(content: bytes, stem: str, pages: Iterator[int] | None = None) -> list[Path]:
    """Render PDF pages to PNG in ARTIFACTS_DIR (for a person to look at)."""
    import pypdfium2 as pdfium

    folder = artifacts_dir() / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    pdf = pdfium.PdfDocument(content)
    out = []
    try:
        for i in pages if pages is not None else range(len(pdf)):
            path = folder / f"{stem}_p{i + 1:02d}.png"
            pdf[i].render(scale=1.3).to_pil().save(path)
            out.append(path)
    finally:
        pdf.close()
    return out
