"""Time to generate the ministry's (unit KEMENSOS) Laporan Kinerja as DOCX and as PDF.

    .venv/bin/python -m bench.reports [--unit KEMENSOS] [--year 2022] [--repeat 3]

Uses a fresh SQLite database in a temporary folder (or ``DATABASE_URL`` when set), loads the demo
data, and prints the time of each step: reading the data from the database, assembling (engine),
DOCX and PDF. Figures only; no thresholds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--unit", default="KEMENSOS")
    parser.add_argument("--year", type=int, default=2022)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(tmp.name) / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from kinerja.cli import DEMO_FILE
    from kinerja.interchange.db import import_document
    from kinerja.interchange.parse import load_document
    from kinerja.organizations.models import Unit
    from kinerja.reports.assemble import assemble_unit_year
    from kinerja.reports.service import document_from_database, generate

    call_command("migrate", verbosity=0, interactive=False)
    if not Unit.objects.filter(code=args.unit).exists():
        import_document(load_document(DEMO_FILE, check_refs=False))

    from kinerja.organizations.lookup import unit_by_code

    unit = unit_by_code(args.unit)
    read_s, doc = _timed(lambda: document_from_database(unit), args.repeat)
    assemble_s, _ = _timed(lambda: assemble_unit_year(doc, args.unit, args.year), args.repeat)
    docx_s, docx = _timed(lambda: generate(doc, "lkj", args.unit, args.year, "docx"), args.repeat)
    pdf_s, pdf = _timed(lambda: generate(doc, "lkj", args.unit, args.year, "pdf"), args.repeat)
    print(f"LKj {args.unit} {args.year} (median dari {args.repeat} kali)")
    print(f"  baca data dari basis data : {read_s * 1000:8.1f} ms")
    print(f"  rakit laporan (mesin)     : {assemble_s * 1000:8.1f} ms")
    print(f"  DOCX (total, termasuk rakit dan grafik): {docx_s * 1000:8.1f} ms, {len(docx.content):,} bita")
    print(f"  PDF  (total, termasuk rakit dan grafik): {pdf_s * 1000:8.1f} ms, {len(pdf.content):,} bita")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
