"""``kinerja report``: official documents from the database.

    kinerja report lkj --unit PKR --year 2022 --format docx -o LKj_PKR_2022.docx
    kinerja report pk --unit PKR --year 2022 [--version 1] --format pdf -o PK.pdf
    kinerja report renstra --unit PKR --format xlsx -o Renstra_PKR.xlsx
    kinerja report rencana-aksi --unit PKR --year 2022 --format xlsx -o RA.xlsx

Errors are ``KinerjaValidationError`` (the ``kinerja`` command prints "Galat: ..." and exits 2).
This module imports nothing heavy at import time: ``build_parser`` stays fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path

KINDS = ("lkj", "pk", "renstra", "rencana-aksi", "lhe")


def configure_parser(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", choices=KINDS, metavar="JENIS", help="lkj | pk | renstra | rencana-aksi | lhe")
    p.add_argument("--unit", required=True, help="kode unit, misalnya PKR")
    p.add_argument("--agency", help="kode instansi, bila kode unit dipakai di beberapa instansi")
    p.add_argument("--year", type=int, help="tahun (wajib kecuali untuk renstra)")
    p.add_argument("--version", type=int, help="versi Perjanjian Kinerja (bawaan: versi terakhir)")
    p.add_argument("--format", choices=["docx", "pdf", "xlsx"], help="bawaan: dari akhiran berkas tujuan")
    p.add_argument("-o", "--output", required=True, metavar="BERKAS", help="berkas tujuan")
    p.add_argument(
        "--template", metavar="BERKAS.docx", help="templat Word instansi (bawaan: KINERJA_DOCX_TEMPLATE)"
    )
    p.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from kinerja.cli import _setup_django
    from kinerja.core.types import KinerjaValidationError

    out = Path(args.output)
    fmt = args.format or out.suffix.lower().lstrip(".")
    if fmt not in ("docx", "pdf", "xlsx"):
        raise KinerjaValidationError(f"format tidak dikenal: '{fmt}' (pakai --format docx, pdf atau xlsx)")
    if args.kind != "renstra" and args.year is None:
        raise KinerjaValidationError(f"--year wajib untuk dokumen {args.kind}")
    if not out.parent.exists():
        raise KinerjaValidationError(f"folder tujuan tidak ada: {out.parent}")
    _setup_django()
    from kinerja.interchange.db import ensure_schema
    from kinerja.reports.service import document_from_database, generate, reviu_from_database

    ensure_schema()
    from kinerja.organizations.lookup import unit_by_code

    unit = unit_by_code(args.unit, args.agency)
    doc = document_from_database(unit)
    reviu = reviu_from_database(unit, args.year) if args.kind == "lkj" else None
    result = generate(
        doc, args.kind, args.unit, args.year, fmt, version=args.version, template=args.template, reviu=reviu
    )
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(result.content)
    tmp.replace(out)
    print(f"{out}: {len(result.content):,} bita; data {result.provenance.identifier}".replace(",", "."))
    return 0
