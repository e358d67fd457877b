"""``kinerja lint [--unit U] [--year Y] [--json] [FILE]``: problems in the data before a report.

Without FILE the database is read (``export_document`` of the unit's agency, the same Document the
pages use); with FILE the interchange file alone, so it works without a database. Exit status: 0 =
no galat (peringatan/info allowed), 1 = at least one galat, 2 = bad input ("Galat: ..." on stderr).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kinerja.core.types import KinerjaValidationError
from kinerja.interchange import document as d

# Errors are raised as KinerjaValidationError (not kinerja.cli.CliError): ``main`` prints them as
# "Galat: ..." with exit status 2 also when run as ``python -m kinerja.cli``, where the CliError
# class of ``__main__`` is not the one of ``kinerja.cli``.


def _from_database(unit: str | None, agency: str | None) -> tuple[d.Document, str]:
    from kinerja.cli import _database_label, _setup_django

    _setup_django()
    from kinerja.interchange.db import ensure_schema

    ensure_schema()
    doc = document_from_database(unit, agency)
    if not doc.units:
        raise KinerjaValidationError(
            f"basis data {_database_label()} belum berisi data; muat dengan 'kinerja import BERKAS' "
            "atau 'kinerja demo', atau periksa sebuah BERKAS langsung"
        )
    return doc, f"basis data {_database_label()}"


def document_from_database(unit: str | None, agency: str | None = None) -> d.Document:
    """The whole agency of ``unit`` (or the only agency) from the database. The whole agency, not
    just the unit's subtree, because some rules look at superior units (cascade, totals)."""
    from kinerja.interchange.db import export_document
    from kinerja.organizations.lookup import unit_by_code

    if unit is None:
        return export_document(agency_code=agency)
    return export_document(agency_code=unit_by_code(unit, agency).agency.code)


def _settings() -> None:
    import os

    from django.conf import settings

    if not settings.configured:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
        import django

        django.setup()


def cmd_lint(args: argparse.Namespace) -> int:
    from kinerja.interchange.parse import load_document
    from kinerja.lint.render import render_json, render_table
    from kinerja.lint.run import lint_document

    if args.year is not None and not 1900 <= args.year <= 2200:
        raise KinerjaValidationError(f"tahun {args.year} tidak masuk akal (contoh: --year 2022)")
    if args.file:
        path = Path(args.file)
        if not path.exists():
            raise KinerjaValidationError(f"Berkas tidak ditemukan: {args.file}")
        if path.is_dir():
            raise KinerjaValidationError(
                f"{args.file} adalah folder, bukan berkas interchange (.yaml atau .json)."
            )
        doc = load_document(path, check_refs=False)
        source = f"berkas {args.file}"
        _settings()  # the findings' messages go through gettext (Indonesian here); no database
    else:
        doc, source = _from_database(args.unit, args.agency)
    report = lint_document(doc, unit=args.unit, year=args.year, source=source)
    sys.stdout.write((render_json(report) if args.json else render_table(report)) + "\n")
    return report.exit_code


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "lint",
        help="periksa data sebelum laporan dibuat (dari basis data, atau dari BERKAS interchange)",
    )
    p.add_argument("file", nargs="?", metavar="BERKAS", help="berkas interchange; tanpa ini: basis data")
    p.add_argument("--unit", help="hanya temuan unit ini dan unit di bawahnya")
    p.add_argument("--agency", help="kode instansi, bila kode unit dipakai di beberapa instansi")
    p.add_argument("--year", type=int, help="hanya temuan tahun ini (temuan tanpa tahun tetap ditampilkan)")
    p.add_argument("--json", action="store_true", help="keluaran JSON (lihat docs/lint.md)")
    p.set_defaults(func=cmd_lint)
