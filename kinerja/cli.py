"""The ``kinerja`` command: demo, serve, import, export, compute, manage.

Every command that touches the database uses the default one (SQLite under the user's data
directory) or the one named by ``DATABASE_URL``. ``compute`` works from a file alone.
Bad input ends with a message in Bahasa Indonesia and a non-zero exit status, never a traceback
(set ``KINERJA_DEBUG=1`` to see one for an internal error).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import traceback
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from kinerja import __version__
from kinerja.core.types import KinerjaValidationError

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1

DEMO_FILE = Path(__file__).resolve().parent / "demo" / "data" / "kemensos.yaml"


class CliError(Exception):
    """A failure to report to the user as is (already in Bahasa Indonesia)."""


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    import django

    django.setup()


def _database_label() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    engine = db["ENGINE"].rsplit(".", 1)[-1]
    if engine == "sqlite3":
        return f"SQLite {db['NAME']}"
    return f"{engine} {db.get('HOST') or 'localhost'}/{db.get('NAME')}"


def _load(path: str, check_refs: bool = True):  # type: ignore[no-untyped-def]
    from kinerja.interchange.parse import load_document

    p = Path(path)
    if not p.exists():
        raise CliError(f"Berkas tidak ditemukan: {path}")
    if p.is_dir():
        raise CliError(f"{path} adalah folder, bukan berkas interchange (.yaml atau .json).")
    return load_document(p, check_refs=check_refs)


# --- commands -------------------------------------------------------------------------------


def cmd_compute(args: argparse.Namespace) -> int:
    from kinerja.figures.counting import Basis
    from kinerja.figures.output import budget_json, render_table, result_to_json, skm_json
    from kinerja.figures.unit_year import compute_document

    doc = _load(args.file)
    basis = Basis.PROVISIONAL if args.provisional else Basis.OFFICIAL
    result = compute_document(doc, args.unit, args.year, basis)
    if args.json:
        data = result_to_json(result, basis)
        skm = skm_json(doc, args.unit, args.year)
        if skm is not None:
            data["skm"] = skm
        budget = budget_json(doc, args.unit, args.year)
        if budget is not None:
            data["budget"] = budget
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(render_table(result, basis))
    return 0


def cmd_recompute(args: argparse.Namespace) -> int:
    _setup_django()
    from kinerja.interchange.db import ensure_schema
    from kinerja.results.store import rebuild

    ensure_schema()
    from kinerja.core.numbers import format_number

    stats = rebuild(agency_code=args.agency, year=args.year)

    def n(value: int) -> str:
        return format_number(value, 0)

    def s(seconds: float) -> str:
        return format_number(Decimal(str(round(seconds, 2))), 2)

    for code, rows, seconds in stats.per_agency:
        print(f"  {code}: {n(rows)} baris hasil dalam {s(seconds)} detik")
    print(
        f"Hitung ulang selesai: {n(stats.unit_years)} unit-tahun, {n(stats.rows)} baris, "
        f"{s(stats.seconds)} detik ({_database_label()})."
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    _setup_django()
    from kinerja.interchange.db import ensure_schema, import_document

    ensure_schema()
    for path in args.files:
        doc = _load(path, check_refs=False)
        summary = import_document(doc, source=path)
        print(f"Impor {path} ke {_database_label()}: selesai.")
        print(f"  {summary}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    _setup_django()
    from kinerja.interchange.db import ensure_schema, export_document
    from kinerja.interchange.write import dump_document

    ensure_schema()
    fmt = args.format or ("json" if str(args.output).lower().endswith(".json") else "yaml")
    doc = export_document(agency_code=args.agency, unit=args.unit)
    text = dump_document(doc, fmt=fmt)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        out = Path(args.output)
        if out.parent and not out.parent.exists():
            raise CliError(f"Folder tujuan tidak ada: {out.parent}")
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
        print(
            f"Ekspor ke {out}: {len(doc.units)} unit, {len(doc.plans)} Renstra, "
            f"{len(doc.realizations)} realisasi."
        )
    return 0


def _ensure_demo_loaded(reset: bool) -> None:
    from django.core.management import call_command

    from kinerja.interchange.db import import_document
    from kinerja.organizations.models import Unit

    call_command("migrate", verbosity=0, interactive=False)
    if reset or not Unit.objects.exists():
        doc = _load(str(DEMO_FILE), check_refs=False)
        summary = import_document(doc, source=str(DEMO_FILE))
        print(f"Data demo Kemensos dimuat: {summary}")
    else:
        print(
            "Data sudah ada di basis data; data demo tidak dimuat ulang (pakai --reset untuk memuat ulang)."
        )


def _one_time_admin_password() -> str:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    password = secrets.token_urlsafe(12)
    user, _ = User.objects.get_or_create(username="admin", defaults={"email": ""})
    user.is_staff = True
    user.is_superuser = True
    user.set_password(password)
    user.save()
    return password


# Demo users, one per role: (user name, role, unit code, what they show).
DEMO_USERS = (
    ("perencana", "perencana", "KEMENSOS", "Perencana, seluruh Kementerian Sosial"),
    ("operator.pkr", "operator", "PKR", "Operator Dit. PKR (mengisi realisasi)"),
    ("verifikator.pkr", "verifikator", "PKR", "Verifikator Dit. PKR (tim data)"),
    ("pimpinan.pkr", "pimpinan", "PKR", "Direktur PKR (menyetujui, menandatangani PK)"),
    ("operator.rehsos", "operator", "REHSOS", "Operator Ditjen Rehsos (tidak boleh melihat PKR)"),
    ("apip", "apip", "ITJEN", "APIP/Inspektorat: membaca seluruh instansi, mencatat reviu"),
    (
        "keuangan.dayasos",
        "keuangan",
        "DAYASOS",
        "Pengelola Keuangan Ditjen Dayasos (pemegang DIPA): mengisi anggaran",
    ),
)


def _demo_users() -> list[tuple[str, str, str, str]]:
    """Create (or reset) one user per role on the demo units, each with a new one-time password.

    Returns (user name, password, unit, description) of those whose unit exists."""
    from django.contrib.auth import get_user_model

    from kinerja.organizations.models import Membership, Unit

    User = get_user_model()
    out = []
    for username, role, unit_code, description in DEMO_USERS:
        unit = Unit.objects.filter(code=unit_code).order_by("agency__code").first()
        if unit is None:
            continue
        password = secrets.token_urlsafe(9)
        user, _ = User.objects.get_or_create(username=username, defaults={"email": ""})
        user.is_staff = False
        user.is_superuser = False
        user.is_active = True
        user.set_password(password)
        user.save()
        Membership.objects.get_or_create(
            user=user, unit=unit, role=role, defaults={"agency_id": unit.agency_id}
        )
        out.append((username, password, unit_code, description))
    return out


def waitress_options() -> dict[str, Any]:
    """How ``kinerja serve`` runs waitress."""
    from django.conf import settings

    return {
        "threads": 8,
        "ident": "kinerja",
        # a larger body is refused (413) from its Content-Length before it is received
        "max_request_body_size": settings.KINERJA_MAX_REQUEST_BYTES,
        # Behind the reverse proxies KINERJA_TRUSTED_PROXIES counts, their X-Forwarded-Proto and
        # X-Forwarded-For reach Django, which reads them (SECURE_PROXY_SSL_HEADER,
        # users.throttle.client_ip). waitress removes them otherwise: the production settings'
        # HTTPS redirect then loops, and every user signs in from the proxy's address.
        "clear_untrusted_proxy_headers": not settings.KINERJA_TRUSTED_PROXIES,
    }


def _serve(host: str, port: int) -> int:
    from django.conf import settings
    from django.core.management import call_command
    from waitress import serve

    from kinerja.wsgi import application

    call_command("collectstatic", interactive=False, verbosity=0)
    hosts = set(settings.ALLOWED_HOSTS)
    if host not in hosts and "*" not in hosts and host not in {"0.0.0.0", "::"}:
        settings.ALLOWED_HOSTS.append(host)
    print(
        f"Kinerja berjalan di http://{host}:{port}/  (basis data: {_database_label()}). Ctrl+C untuk berhenti."
    )
    from kinerja.notifications.scheduler import start_background

    if start_background() is not None:
        print(
            f"Pengingat dan ringkasan harian berjalan setiap {settings.KINERJA_REMINDER_MINUTES} menit "
            "(KINERJA_SCHEDULER=off mematikannya; 'kinerja worker' menjalankannya terpisah)."
        )
    sys.stdout.flush()
    serve(application, host=host, port=port, **waitress_options())
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    _setup_django()
    _ensure_demo_loaded(args.reset)
    password = _one_time_admin_password()
    print("")
    print("Masuk sebagai admin / admin sign-in:")
    print("  pengguna / user    : admin")
    print(f"  kata sandi / pass  : {password}   (sekali pakai; dibuat ulang setiap 'kinerja demo')")
    print("")
    users = _demo_users()
    if users:
        print("Pengguna demo per peran / demo users by role (kata sandi sekali pakai / one-time passwords):")
        for username, user_password, unit_code, description in users:
            print(f"  {username:<16} {user_password:<14} {unit_code:<9} {description}")
        print("")
    if args.no_serve:
        return 0
    return _serve(args.host, args.port)


def cmd_serve(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return _serve(args.host, args.port)


def cmd_worker(args: argparse.Namespace) -> int:
    """The reminder job without the web app: one pass (``--once``) or every
    KINERJA_REMINDER_MINUTES until interrupted."""
    _setup_django()
    from django.conf import settings

    from kinerja.notifications import scheduler
    from kinerja.notifications.reminders import run

    if args.once:
        print(run())
        return 0
    print(
        f"Pengingat berjalan setiap {settings.KINERJA_REMINDER_MINUTES} menit (basis data: {_database_label()}). "
        "Ctrl+C untuk berhenti."
    )
    sys.stdout.flush()
    scheduler.run_forever()
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kinerja manage", *args.rest])
    return 0


# --- entry point ----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kinerja",
        description="Kinerja: sistem SAKIP terbuka (Renstra, PK, pengukuran, anggaran, laporan).",
    )
    parser.add_argument("--version", action="version", version=f"kinerja {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH")

    p = sub.add_parser("demo", help="muat data demo Kemensos dan jalankan aplikasi web")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--reset", action="store_true", help="muat ulang data demo walau basis data berisi")
    p.add_argument("--no-serve", action="store_true", help="hanya siapkan data dan admin, tanpa server web")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("serve", help="jalankan aplikasi web")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("worker", help="jalankan pengingat dan ringkasan harian tanpa aplikasi web")
    p.add_argument("--once", action="store_true", help="satu kali jalan, cetak ringkasannya, lalu berhenti")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("import", help="impor berkas interchange (YAML/JSON) ke basis data")
    p.add_argument("files", nargs="+", metavar="BERKAS")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="ekspor basis data ke berkas interchange")
    p.add_argument(
        "-o", "--output", required=True, metavar="BERKAS", help="berkas tujuan (.yaml/.json, '-' = layar)"
    )
    p.add_argument("--unit", help="hanya unit ini beserta unit di bawahnya")
    p.add_argument("--agency", help="kode instansi (bawaan: satu-satunya instansi)")
    p.add_argument("--format", choices=["yaml", "json"])
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "recompute",
        help="hitung ulang semua hasil tersimpan (capaian per unit-tahun) dari data di basis data",
    )
    p.add_argument("--agency", help="hanya instansi ini (kode)")
    p.add_argument("--year", type=int, help="hanya tahun ini")
    p.set_defaults(func=cmd_recompute)

    p = sub.add_parser("compute", help="hitung capaian satu unit-tahun dari berkas (tanpa basis data)")
    p.add_argument("file", metavar="BERKAS")
    p.add_argument("--unit", required=True)
    p.add_argument("--year", required=True, type=int)
    p.add_argument("--json", action="store_true", help="keluaran JSON sesuai kontrak interchange v1")
    p.add_argument(
        "--provisional",
        action="store_true",
        help="angka sementara: hitung dari semua realisasi yang sudah diisi, termasuk yang belum disetujui",
    )
    p.set_defaults(func=cmd_compute)

    from kinerja.lint.cli import add_parser as add_lint_parser  # kinerja lint (docs/lint.md)

    add_lint_parser(sub)

    from kinerja.backup.cli import add_parsers as add_backup_parsers  # docs/backup.md

    add_backup_parsers(sub)

    p = sub.add_parser("report", help="buat dokumen resmi: LKj, PK (DOCX/PDF), Renstra, Rencana Aksi (XLSX)")
    from kinerja.reports.cli import configure_parser as configure_report_parser  # docs/reports.md

    configure_report_parser(p)

    p = sub.add_parser("manage", help="perintah manajemen Django (migrate, createsuperuser, ...)")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return int(args.func(args) or 0)
    except KinerjaValidationError as exc:
        print(f"Galat: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except CliError as exc:
        print(f"Galat: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - last resort: no traceback for users
        if os.environ.get("KINERJA_DEBUG"):
            traceback.print_exc()
        print(
            f"Galat internal ({type(exc).__name__}): {exc}. Jalankan lagi dengan KINERJA_DEBUG=1 "
            "untuk rincian, dan laporkan sebagai isu.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
