"""Entry points shared by the command line and the web: data -> assembled report -> file bytes.

``document_from_database(unit)`` reads the unit's data as the interchange ``Document``;
``provenance_for(doc)`` hashes its canonical export (``dump_document`` as JSON) with SHA-256, so
the same data always gives the same hash, and stamps the generation time (``SOURCE_DATE_EPOCH``
fixes it, for reproducible builds). The APIP reviu of the unit-year (``reviu_from_database``) is not
part of the interchange data: when there is one, the LKj prints it and its content is folded into
the hash.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kinerja import __version__
from kinerja.core.types import KinerjaValidationError
from kinerja.interchange import document as d
from kinerja.interchange.write import dump_document
from kinerja.reports.assemble import ReviuStatement, assemble_unit_year
from kinerja.reports.model import Provenance

KINDS = ("lkj", "pk", "renstra", "rencana-aksi", "lhe")
FORMATS = {
    "lkj": ("docx", "pdf"),
    "pk": ("docx", "pdf"),
    "renstra": ("xlsx",),
    "rencana-aksi": ("xlsx",),
    "lhe": ("docx", "pdf"),  # Laporan Hasil Evaluasi AKIP (kinerja/reports/lhe.py)
}
TEMPLATE_ENV = "KINERJA_DOCX_TEMPLATE"
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Output:
    content: bytes
    filename: str
    media_type: str
    provenance: Provenance


def data_hash(doc: d.Document, reviu: ReviuStatement | None = None) -> str:
    """SHA-256 (hex) of the canonical interchange export of ``doc`` (followed, when given, by the
    reviu's content)."""
    text = dump_document(doc, fmt="json")
    if reviu is not None:
        text += "\n--- reviu ---\n" + reviu.canonical()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def generation_time() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError) as exc:
            raise KinerjaValidationError(f"SOURCE_DATE_EPOCH bukan detik Unix yang sah: {epoch!r}") from exc
    return datetime.now(tz=UTC).replace(microsecond=0)


def provenance_for(doc: d.Document, reviu: ReviuStatement | None = None) -> Provenance:
    return Provenance(
        data_hash=data_hash(doc, reviu), generated_at=generation_time(), generator=f"Kinerja {__version__}"
    )


def default_template() -> Path | None:
    """The agency's Word template: Django setting or environment ``KINERJA_DOCX_TEMPLATE``."""
    value: str | None = None
    try:
        from django.conf import settings

        if settings.configured:
            value = getattr(settings, TEMPLATE_ENV, None)
    except ImportError:  # pragma: no cover - Django is a dependency
        value = None
    value = value or os.environ.get(TEMPLATE_ENV) or None
    return Path(value) if value else None


def check_template(template: str | Path | None) -> Path | None:
    if template is None:
        return None
    path = Path(template)
    if not path.is_file():
        raise KinerjaValidationError(f"templat Word tidak ditemukan: {path}")
    if path.suffix.lower() != ".docx":
        raise KinerjaValidationError(f"templat Word harus berkas .docx: {path}")
    return path


def document_from_database(unit: Any) -> d.Document:
    """The subtree of ``unit`` (an ``organizations.Unit``) as a ``Document``."""
    from kinerja.interchange.db import unit_document

    return unit_document(unit)


def reviu_from_database(unit: Any, year: int | None) -> ReviuStatement | None:
    """The recorded APIP reviu of ``unit``'s (an ``organizations.Unit``) Laporan Kinerja for
    ``year``, if any."""
    if year is None or not 1900 <= year <= 2999:  # the years a reviu may have
        return None
    from kinerja.evaluation.models import Reviu

    row = Reviu.objects.filter(unit=unit, year=year).first()
    if row is None:
        return None
    return ReviuStatement(
        statement=row.statement,
        place=row.place,
        reviewed_on=row.reviewed_on,
        reviewer_title=row.reviewer_title,
        reviewer_name=row.reviewer_name,
        digest=row.data_digest,
    )


def reviu_still_true(doc: d.Document, unit: str, year: int, reviu: ReviuStatement | None) -> bool:
    """Does ``reviu`` cover the official figures ``doc`` gives now (``kinerja.figures.reviu``)?"""
    if reviu is None:
        return False
    from kinerja.figures.reviu import ReviuMatch, official_state, reviu_match

    return reviu_match(reviu.digest, official_state(doc, unit, year)) is ReviuMatch.MATCHES


def _check_format(kind: str, fmt: str) -> None:
    if kind not in FORMATS:
        raise KinerjaValidationError(f"jenis dokumen tidak dikenal: {kind} (pilihan: {', '.join(KINDS)})")
    if fmt not in FORMATS[kind]:
        raise KinerjaValidationError(
            f"format {fmt} tidak tersedia untuk {kind} (pilihan: {', '.join(FORMATS[kind])})"
        )


def generate(
    doc: d.Document,
    kind: str,
    unit: str,
    year: int | None,
    fmt: str,
    version: int | None = None,
    template: str | Path | None = None,
    reviu: ReviuStatement | None = None,
) -> Output:
    """One official document of ``unit`` made from ``doc``; ``reviu`` (the LKj only) adds the
    "Pernyataan Telah Direviu" page to the Lampiran."""
    _check_format(kind, fmt)
    if kind != "renstra" and year is None:
        raise KinerjaValidationError("tahun wajib diisi")
    if kind != "lkj":
        reviu = None
    outdated: ReviuStatement | None = None
    if reviu is not None and year is not None and not reviu_still_true(doc, unit, year, reviu):
        # the "Pernyataan Telah Direviu" is never printed over figures other than those reviewed
        outdated, reviu = reviu, None
    provenance = provenance_for(doc, reviu)
    if kind == "renstra":
        from kinerja.reports.xlsx import renstra_matrix

        content = renstra_matrix(doc, unit, provenance)
        return Output(content, f"Renstra_{unit}.xlsx", MEDIA_TYPES[fmt], provenance)
    assert year is not None
    if kind == "lhe":
        from kinerja.reports.lhe import build_lhe

        return _render(
            build_lhe(doc, unit, year, provenance), f"LHE_AKIP_{unit}_{year}.{fmt}", fmt, template, provenance
        )
    report = assemble_unit_year(doc, unit, year)
    report.outdated_reviu = outdated
    if kind == "rencana-aksi":
        from kinerja.reports.xlsx import action_plan_workbook

        content = action_plan_workbook(report, provenance)
        return Output(content, f"Rencana_Aksi_{unit}_{year}.xlsx", MEDIA_TYPES[fmt], provenance)
    if kind == "lkj":
        from kinerja.reports.lkj import build_lkj

        model = build_lkj(report, provenance, reviu)
        name = f"LKj_{unit}_{year}.{fmt}"
    else:
        from kinerja.reports.pk import build_pk, pick_agreement

        model = build_pk(report, version, provenance)
        name = f"PK_{unit}_{year}_v{pick_agreement(report, version).version}.{fmt}"
    return _render(model, name, fmt, template, provenance)


def _render(model: Any, name: str, fmt: str, template: str | Path | None, provenance: Provenance) -> Output:
    if fmt == "docx":
        from kinerja.reports.render_docx import render_docx

        chosen = check_template(template if template is not None else default_template())
        content = render_docx(model, chosen)
    else:
        from kinerja.reports.render_pdf import render_pdf

        content = render_pdf(model)
    return Output(content, name.replace(" ", "_"), MEDIA_TYPES[fmt], provenance)
