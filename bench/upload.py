"""Memory and time of reading an uploaded XLSX workbook, against one plain openpyxl load.

    .venv/bin/python -m bench.upload [--cells 10000,100000,400000,1500000]

For each size a workbook of that many filled cells is written to a temporary folder; then, each
in a fresh process (so the peak resident memory is that read's alone):

* ``kinerja``: ``spreadsheets.upload.open_workbook``, what an upload does before checking cells
  (a streaming pass that counts cells and finds formulas, then one load with cached values; more
  than ``MAX_CELLS`` cells are refused after the streaming pass);
* ``reference``: one ``openpyxl.load_workbook(data_only=True)``, the least a full read costs;
* ``twice``: two full loads, what an upload did before (values and formulas).

Prints the file size, peak RSS above the interpreter's baseline and seconds, and the ratios to
the reference. Figures only; no thresholds (issue #11, finding 4).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(path: str, mode: str) -> dict[str, float | str]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    import django

    django.setup()
    from openpyxl import load_workbook

    from kinerja.spreadsheets.upload import UploadRefused, open_workbook

    data = Path(path).read_bytes()
    base = _rss_mb()
    start = time.perf_counter()
    outcome = "read"
    if mode == "kinerja":
        try:
            open_workbook(data)
        except UploadRefused:
            outcome = "refused"
    elif mode == "reference":
        load_workbook(io.BytesIO(data), data_only=True)
    else:
        load_workbook(io.BytesIO(data), data_only=True)
        load_workbook(io.BytesIO(data), data_only=False)
    return {"mb": _rss_mb() - base, "s": time.perf_counter() - start, "outcome": outcome}


def build(path: Path, cells: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Realisasi")
    width = 20
    for r in range(cells // width):
        ws.append([r * width + c for c in range(width)])
    wb.save(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cells", default="10000,100000,400000,1500000")
    parser.add_argument("--measure", nargs=2, metavar=("FILE", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return 0
    tmp = tempfile.TemporaryDirectory()
    print(
        f"{'cells':>10} {'file KB':>8} | {'mode':>9} {'peak MB':>8} {'s':>6} {'outcome':>8} | ×ref MB  ×ref s"
    )
    for cells in [int(c) for c in args.cells.split(",")]:
        path = Path(tmp.name) / f"w{cells}.xlsx"
        build(path, cells)
        rows = {}
        for mode in ("reference", "twice", "kinerja"):
            out = subprocess.run(
                [sys.executable, "-m", "bench.upload", "--measure", str(path), mode],
                capture_output=True,
                text=True,
                check=True,
            )
            rows[mode] = json.loads(out.stdout.strip().splitlines()[-1])
        ref = rows["reference"]
        for mode, row in rows.items():
            print(
                f"{cells:>10} {path.stat().st_size // 1024:>8} | {mode:>9} {row['mb']:>8.0f} {row['s']:>6.2f} "
                f"{row['outcome']:>8} | {row['mb'] / max(ref['mb'], 1):>6.2f} {row['s'] / ref['s']:>6.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
