"""Time and SQL query count of the main web pages, on the demo and on a synthetic agency.

    .venv/bin/python -m bench.pages [--repeat 3] [--sizes 20,200]

Uses a fresh SQLite database in a temporary folder (or ``DATABASE_URL`` when set), loads the
Kemensos demo data, then synthetic agencies (kinerja/demo/synthetic.py) of each size in
``--sizes`` units. Each page is fetched through Django's test client as a superuser and as the
PKR operator; prints the median time and the number of SQL queries. The query count is the
figure to watch: it is the same on every machine, and for the synthetic ministry dashboard it
should not grow with the number of units. Figures only; no thresholds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

DEMO_PAGES = (
    ("beranda", "/"),
    ("unit PKR", "/unit/PKR/?tahun=2022"),
    ("dasbor PKR", "/unit/PKR/dasbor/?tahun=2022"),
    ("dasbor KEMENSOS", "/unit/KEMENSOS/dasbor/?tahun=2022"),
    ("pohon kinerja PKR", "/unit/PKR/pohon-kinerja/?tahun=2022"),
    ("organisasi", "/organisasi/"),
    ("Renstra PKR", "/renstra/PKR/"),
    ("PK PKR", "/pk/PKR/"),
    ("realisasi PKR 2022", "/realisasi/PKR/2022/"),
    ("pemeriksaan data PKR", "/periksa/unit/PKR/"),
)


def _fetch(client: Any, url: str, repeat: int) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    status = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        queries = len(ctx.captured_queries)
        status = response.status_code
    return statistics.median(times), queries, status


def _row(label: str, who: str, figures: tuple[float, int, int]) -> None:
    seconds, queries, status = figures
    print(f"  {label:<28} {who:<14} {seconds * 1000:9.1f} ms {queries:6d} kueri  HTTP {status}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="20,200", help="synthetic agency sizes (units), comma-separated")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(tmp.name) / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    os.environ.setdefault("KINERJA_DATA_DIR", tmp.name)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from kinerja.cli import DEMO_FILE
    from kinerja.demo.synthetic import sized_document
    from kinerja.interchange.db import import_document
    from kinerja.interchange.parse import load_document
    from kinerja.organizations.models import Membership, Unit

    setup_test_environment()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0, interactive=False)
    if not Unit.objects.filter(code="PKR").exists():
        import_document(load_document(DEMO_FILE, check_refs=False))
    User = get_user_model()
    root = User.objects.create_superuser("bench-root", password=None)
    operator = User.objects.create_user("bench-operator")
    pkr = Unit.objects.get(code="PKR")
    Membership.objects.create(user=operator, unit=pkr, role="operator", agency_id=pkr.agency_id)
    clients = {}
    for who, user in (("superuser", root), ("operator PKR", operator)):
        client = Client()
        client.force_login(user)
        clients[who] = client

    print(f"Halaman demo Kemensos (median dari {args.repeat} kali; kueri = jumlah kueri SQL)")
    for label, url in DEMO_PAGES:
        for who, client in clients.items():
            _row(label, who, _fetch(client, url, args.repeat))

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if sizes:
        print("")
        print("Instansi sintetis: dasbor unit induk dengan N unit di bawahnya (superuser)")
    counts = []
    for size in sizes:
        import_document(sized_document(size))
        figures = _fetch(clients["superuser"], "/unit/ROOT/dasbor/?tahun=2022", args.repeat)
        _row(f"dasbor ROOT, N = {size}", "superuser", figures)
        counts.append((size, figures[1]))
        from kinerja.organizations.models import Agency

        Agency.objects.filter(code="X").delete()
    if len(counts) > 1:
        (small, q_small), (big, q_big) = counts[0], counts[-1]
        print(
            f"  rasio kueri N={big} / N={small}: {q_big / max(q_small, 1):.2f} (unit {big / small:.0f}x lebih banyak)"
        )
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
