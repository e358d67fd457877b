"""One realisation saved, and its unit-year's stored result brought up to date, on a synthetic
agency of N units (issue #12: "one realisation save with its recompute under 50 ms median on a
10.000-unit agency").

    .venv/bin/python -m bench.write [--sizes 100,1000,10000] [--saves 30]

For each size, a fresh SQLite database (or ``DATABASE_URL``) gets the synthetic agency
(kinerja/demo/synthetic.py) and every stored result (``rebuild``). Then, for ``--saves``
different units, in turn:

* ``save``: ``workflow.save_realization`` of a new value (the operator's form does exactly this),
  which also raises the data version of the unit, its ancestors and its descendants;
* ``recompute``: ``stored_figures`` of that unit-year (stale now, so computed and stored);
* ``read``: ``stored_figures`` again (fresh: one row read);

and prints the median and 95th percentile of each, with the ratio of save + recompute to the
save alone. Figures only; no thresholds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any


def _ms(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000


def run(size: int, saves: int) -> dict[str, tuple[float, float]]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from kinerja.demo.synthetic import sized_document
    from kinerja.figures.counting import Basis
    from kinerja.interchange.db import import_document
    from kinerja.measurement import workflow
    from kinerja.measurement.services import start_realization
    from kinerja.organizations.models import Agency, Membership, Unit
    from kinerja.planning.models import Indicator
    from kinerja.results.store import rebuild, stored_figures

    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    import_document(sized_document(size))
    rebuild()
    print(f"  N = {size}: data and stored results ready in {time.perf_counter() - started:.1f} s")
    agency = Agency.objects.get(code="X")
    root = Unit.objects.get(agency=agency, code="ROOT")
    user = get_user_model().objects.create_user("bench", password="x")
    Membership.objects.create(agency=agency, user=user, unit=root, role="operator")
    units = list(Unit.objects.filter(agency=agency).exclude(code="ROOT").select_related("agency")[:saves])
    timings: dict[str, list[float]] = {"save": [], "recompute": [], "save + recompute": [], "read": []}
    for i, unit in enumerate(units):
        indicator = Indicator.objects.filter(plan__unit=unit).order_by("code").last()
        assert indicator is not None
        record, _ = start_realization(user, unit, indicator, 2023, None)
        t0 = time.perf_counter()
        workflow.save_realization(user, record, {"value_number": str(50 + i)}, record.version)
        t1 = time.perf_counter()
        stored_figures(unit, 2023, Basis.PROVISIONAL)
        t2 = time.perf_counter()
        stored_figures(unit, 2023, Basis.PROVISIONAL)
        t3 = time.perf_counter()
        timings["save"].append(t1 - t0)
        timings["recompute"].append(t2 - t1)
        timings["save + recompute"].append(t2 - t0)
        timings["read"].append(t3 - t2)
    connection.close()
    return {k: _ms(v) for k, v in timings.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--saves", type=int, default=30)
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(tmp.name) / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    rows: list[tuple[int, dict[str, Any]]] = []
    for size in [int(s) for s in args.sizes.split(",")]:
        rows.append((size, run(size, args.saves)))
    print(f"\n{'units':>7} | {'step':<18} {'median ms':>10} {'p95 ms':>8} | ×save (median)")
    for size, figures in rows:
        base = figures["save"][0]
        for step, (median, p95) in figures.items():
            print(f"{size:>7} | {step:<18} {median:>10.1f} {p95:>8.1f} | {median / base:>6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
