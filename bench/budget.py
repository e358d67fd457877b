"""The budget figures of a ministry (root unit) as its budget page and LKj ask them, on synthetic
agencies of growing size: the roll-up (``unit_budget``), the table of the units beneath, the
tables per account and per objective, and the trend over the Renstra years
(``kinerja.figures.budget``).

    .venv/bin/python -m bench.budget [--sizes 500,2000,8000] [--repeat 3]

Each size is a fresh document (``kinerja/demo/synthetic.py``: one budget line per unit, plus an
RO with a volume and a line on it for every unit). Printed per size: the median time of the whole
set of figures (each run on a fresh document, so the index of the budget sections is built inside
the measurement), the time per unit, and, against the reference of the smallest size measured in
the same run, the time ratio beside the size ratio: equal ratios mean a linear cost, a time ratio
near the square of the size ratio a quadratic one. Figures only; no thresholds.

Measured on 2026-12-05 (2 cores, shared): 500 / 2.000 / 8.000 units 0,08 / 0,23 / 0,92 s (time
ratio 2,9 and 11,7 for size ratio 4 and 16); before the index (scanning every line per unit) 0,42 s
and 8,1 s at 500 and 2.000 units (time ratio 19,5 for size ratio 4).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any


def _document(size: int) -> Any:
    from kinerja.demo.synthetic import sized_document
    from kinerja.interchange import document as d

    doc = sized_document(size)
    for i in range(size):
        code = f"U{i:03d}"
        doc.budget_outputs.append(
            d.BudgetOutput(
                unit=code,
                year=2022,
                level="ro",
                code="RO1",
                name="Layanan",
                objective="SK1",
                volume_target=Decimal(100),
                volumes=[d.OutputVolume(12, Decimal(90 + i % 10))],
            )
        )
        doc.budgets.append(d.BudgetEntry(unit=code, year=2022, kind="pagu_akhir", amount=500, output="RO1"))
        doc.budgets.append(d.BudgetEntry(unit=code, year=2022, kind="realisasi", amount=450, output="RO1"))
    return doc


def _figures(doc: Any) -> None:
    from kinerja.figures import budget as fb

    fb.unit_budget(doc, "ROOT", 2022)
    for child in [u.code for u in doc.units if u.parent == "ROOT"]:
        fb.unit_budget(doc, child, 2022)
        fb.budget_outputs(doc, child, 2022)
    fb.budget_by_account(doc, "ROOT", 2022)
    fb.budget_by_objective(doc, "ROOT", 2022)
    fb.budget_trend(doc, "ROOT", 2022)


def _median(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="500,2000,8000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'units':>8} {'seconds':>9} {'ms/unit':>8} {'time ratio':>11} {'size ratio':>11}")
    first: float | None = None
    for size in sizes:
        docs = iter([_document(size) for _ in range(args.repeat)])
        seconds = _median(lambda docs=docs: _figures(next(docs)), args.repeat)  # each builds its index
        first = first or seconds
        print(
            f"{size:>8} {seconds:>9.3f} {seconds / size * 1000:>8.3f} "
            f"{seconds / first:>11.1f} {size / sizes[0]:>11.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
