"""Concurrent signed-in users against real app processes on one PostgreSQL (issue #12: "50
concurrent signed-in users on PostgreSQL with two app processes: p95 under 150 ms on the main
pages").

    .venv/bin/python -m bench.load [--users 50] [--seconds 60] [--processes 2]
                                   [--database-url URL] [--reference-seconds 20] [--think-ms 200]

1. A fresh PostgreSQL database (default ``postgresql://postgres@127.0.0.1:5432/kinerja_load``;
   it must not exist yet, and is dropped at the end): ``kinerja manage migrate``, ``kinerja
   import`` of the Kemensos demo, ``kinerja recompute``, then ``--users`` users with one known
   password, spread over the demo's roles and units (operator/verifikator/pimpinan of Dit. PKR,
   perencana at KEMENSOS, operator/verifikator/pimpinan of other Ditjen).
2. ``--processes`` real ``kinerja serve`` processes under the production settings (the same
   ``SECRET_KEY``, ``ALLOWED_HOSTS=127.0.0.1``, ``KINERJA_TRUSTED_PROXIES=1``), as
   ``tests/deployment/test_two_processes.py`` runs them: the client plays the TLS-ending proxy
   (``X-Forwarded-Proto: https``, one ``X-Forwarded-For`` address per user). No load balancer:
   user i sticks to process i mod P.
3. Every user signs in (CSRF cookie, then POST /masuk/; all at once, timed separately). Then a
   reference phase: the same users and pages, **one request at a time** (one thread acting as
   each user in turn, no think time: concurrency 1), for ``--reference-seconds``. Then the load phase: one thread per user,
   each looping over the main pages of its scope in a shuffled order for ``--seconds``, with a
   think time of 0..``--think-ms`` ms (uniform, fixed seed) between pages. Each user keeps one
   HTTP/1.1 connection open, as a browser does. HTML pages only: no static files (a browser
   caches those; WhiteNoise serves them).
4. Prints per page and overall: requests, errors (any status other than the expected one: 200,
   or 403 for the one out-of-scope page of users outside Dit. PKR's line), p50, p95, p99 in ms,
   and the ratio p95(load) / p95(one at a time); throughput; where the CPU went during the load
   phase (load generator, app processes, this database's PostgreSQL backends, everything else on
   the machine).

The load generator runs on the same machine as the servers and PostgreSQL and takes its share of
the same cores: the figures are those of one machine doing everything. Figures only; no
thresholds. Servers are always stopped and the database dropped (also on Ctrl+C or SIGTERM).
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlencode, urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
DEMO_FILE = REPO / "kinerja" / "demo" / "data" / "kemensos.yaml"
DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/kinerja_load"
# databases this script never creates or drops (the test suite's and PostgreSQL's own)
PROTECTED = {"postgres", "template0", "template1", "test", "test_test"}
SECRET_KEY = "beban-bersamaan-" + "b" * 50
PASSWORD = "kata-sandi-beban-2024"
YEAR = 2022
REQUEST_TIMEOUT = 30
START_TIMEOUT = 180  # migrate (nothing to do) and collectstatic, on a shared 2-core machine
SETUP_TIMEOUT = 300

# (role, unit) of user i is PROFILES[i % 10]: half at Dit. PKR, two planners for the ministry,
# three at other Ditjen (whose line does not include PKR, except DAYASOS, PKR's parent).
PROFILES = (
    ("operator", "PKR"),
    ("verifikator", "PKR"),
    ("pimpinan", "PKR"),
    ("perencana", "KEMENSOS"),
    ("operator", "PKR"),
    ("operator", "REHSOS"),
    ("verifikator", "DAYASOS"),
    ("pimpinan", "LINJAMSOS"),
    ("perencana", "KEMENSOS"),
    ("verifikator", "PKR"),
)


@dataclass(frozen=True)
class PageSpec:
    label: str
    path: str
    expected: int = 200


def pages_for(role: str, unit: str) -> list[PageSpec]:
    """The main pages a user of ``role`` at ``unit`` opens, labelled for the table."""
    if unit == "PKR":
        return [
            PageSpec("beranda", "/"),
            PageSpec("unit PKR", f"/unit/PKR/?tahun={YEAR}"),
            PageSpec("dasbor PKR", f"/unit/PKR/dasbor/?tahun={YEAR}"),
            PageSpec("pohon kinerja PKR", f"/unit/PKR/pohon-kinerja/?tahun={YEAR}"),
            PageSpec(f"realisasi PKR {YEAR}", f"/realisasi/PKR/{YEAR}/"),
            PageSpec("menunggu saya", "/realisasi/menunggu/"),
        ]
    if role == "perencana":  # the whole ministry
        return [
            PageSpec("beranda", "/"),
            PageSpec("dasbor KEMENSOS", f"/unit/KEMENSOS/dasbor/?tahun={YEAR}"),
            PageSpec("unit KEMENSOS", f"/unit/KEMENSOS/?tahun={YEAR}"),
            PageSpec("unit PKR", f"/unit/PKR/?tahun={YEAR}"),
            PageSpec("dasbor PKR", f"/unit/PKR/dasbor/?tahun={YEAR}"),
            PageSpec(f"realisasi PKR {YEAR}", f"/realisasi/PKR/{YEAR}/"),
            PageSpec("menunggu saya", "/realisasi/menunggu/"),
        ]
    outside = "PKR" if unit != "DAYASOS" else "REHSOS"  # a unit outside this user's line
    return [
        PageSpec("beranda", "/"),
        PageSpec("unit (Ditjen lain)", f"/unit/{unit}/?tahun={YEAR}"),
        PageSpec("dasbor (Ditjen lain)", f"/unit/{unit}/dasbor/?tahun={YEAR}"),
        PageSpec("pohon kinerja (Ditjen lain)", f"/unit/{unit}/pohon-kinerja/?tahun={YEAR}"),
        PageSpec(f"realisasi (Ditjen lain) {YEAR}", f"/realisasi/{unit}/{YEAR}/"),
        PageSpec("menunggu saya", "/realisasi/menunggu/"),
        PageSpec("unit di luar lingkup (403)", f"/unit/{outside}/?tahun={YEAR}", expected=403),
    ]


@dataclass(frozen=True)
class User:
    index: int
    username: str
    role: str
    unit: str

    @property
    def pages(self) -> list[PageSpec]:
        return pages_for(self.role, self.unit)

    @property
    def address(self) -> str:
        """The client address the (simulated) proxy reports for this user."""
        return f"10.{self.index // 62500 % 256}.{self.index // 250 % 250}.{self.index % 250 + 1}"


def make_users(n: int) -> list[User]:
    users = []
    for i in range(n):
        role, unit = PROFILES[i % len(PROFILES)]
        users.append(User(i, f"beban{i:03d}.{role}.{unit.lower()}", role, unit))
    return users


# --- the database ---------------------------------------------------------------------------------


def database_name(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    if not name:
        raise SystemExit(f"--database-url names no database: {url}")
    return name


def maintenance_url(url: str) -> str:
    """The same server, PostgreSQL's own ``postgres`` database (to create and drop ours)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))


def _psql(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    import psycopg

    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True, connect_timeout=10) as conn:
        cur = conn.execute(sql, params)
        return cur.fetchall() if cur.description else []


def create_database(url: str) -> None:
    from psycopg import sql as q

    name = database_name(url)
    if name in PROTECTED:
        raise SystemExit(f"refusing to use database {name!r}: name another (--database-url)")
    admin = maintenance_url(url)
    if _psql(admin, "SELECT 1 FROM pg_database WHERE datname = %s", (name,)):
        raise SystemExit(
            f"database {name!r} exists already; this script creates its own and drops it at the end. "
            f"Drop it (dropdb -h HOST -U USER {name}) or name another with --database-url."
        )
    _psql(admin, q.SQL("CREATE DATABASE {}").format(q.Identifier(name)).as_string())


def drop_database(url: str) -> None:
    from psycopg import sql as q

    name = database_name(url)
    statement = q.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(q.Identifier(name)).as_string()
    _psql(maintenance_url(url), statement)


MAKE_USERS = """
import json, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from kinerja.organizations.models import Membership, Unit
spec = json.loads(sys.argv[1])
User = get_user_model()
hashed = make_password(spec["password"])  # once: the same password for every user
units = {u.code: u for u in Unit.objects.filter(agency__code="KEMENSOS")}
users = User.objects.bulk_create([User(username=name, password=hashed) for name, _, _ in spec["users"]])
Membership.objects.bulk_create(
    Membership(user=user, unit=units[code], role=role, agency_id=units[code].agency_id)
    for user, (_, role, code) in zip(users, spec["users"])
)
print(f"{len(users)} users")
"""


def base_env(url: str, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KINERJA_") and k != "DATABASE_URL"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        DATABASE_URL=url,
        KINERJA_DATA_DIR=str(data_dir),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(REPO),
    )
    return env


def kinerja_command() -> list[str]:
    script = Path(sys.executable).with_name("kinerja")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from kinerja.cli import main; sys.exit(main())"]


def step(label: str, command: list[str], env: dict[str, str]) -> None:
    started = time.monotonic()
    done = subprocess.run(
        command,
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=SETUP_TIMEOUT,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"{label} failed (exit {done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
        )
    print(f"  {label:<34} {time.monotonic() - started:6.1f} s", flush=True)


def prepare(url: str, users: list[User], tmp: Path) -> None:
    env = base_env(url, tmp / "setup")
    env["DJANGO_SETTINGS_MODULE"] = "kinerja.settings"
    kinerja = kinerja_command()
    step("kinerja manage migrate", [*kinerja, "manage", "migrate", "--verbosity", "0"], env)
    step("kinerja import kemensos.yaml", [*kinerja, "import", str(DEMO_FILE)], env)
    step("kinerja recompute", [*kinerja, "recompute"], env)
    spec = {"password": PASSWORD, "users": [(u.username, u.role, u.unit) for u in users]}
    step(f"{len(users)} users (roles, units)", [sys.executable, "-c", MAKE_USERS, json.dumps(spec)], env)


# --- the app processes ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path
    log: IO[bytes]

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self.log.close()


def start_server(name: str, url: str, tmp: Path, media: Path) -> Server:
    port = free_port()
    env = base_env(url, tmp / name)  # each its own static files
    env.update(
        DJANGO_SETTINGS_MODULE="kinerja.settings.production",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        KINERJA_MEDIA_ROOT=str(media),
        KINERJA_TRUSTED_PROXIES="1",  # the client plays the TLS-ending proxy
    )
    log_path = tmp / f"{name}.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [*kinerja_command(), "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return Server(name, port, process, log_path, log)


def wait_until_ready(server: Server, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"{server.name} stopped (exit {server.process.returncode}):\n{server.output()}"
            )
        probe = Client(server.port, "10.255.0.1")
        try:
            if probe.get("/masuk/")[0] == 200:
                return
        except OSError:
            pass
        finally:
            probe.close()
        time.sleep(0.5)
    raise RuntimeError(f"{server.name} not ready after {START_TIMEOUT} s:\n{server.output()}")


# --- the client -------------------------------------------------------------------------------------


@dataclass
class Client:
    """One browser: cookies, one kept-alive HTTP/1.1 connection, behind the simulated proxy."""

    port: int
    address: str
    cookies: dict[str, str] = field(default_factory=dict)
    conn: http.client.HTTPConnection | None = None
    reconnects: int = 0

    def request(
        self, method: str, path: str, body: bytes | None = None, content_type: str = ""
    ) -> tuple[int, str, bytes]:
        origin = f"https://127.0.0.1:{self.port}"
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers.update({"Origin": origin, "Referer": origin + path, "Content-Type": content_type})
        for attempt in (0, 1):
            reused = self.conn is not None
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if reused and attempt == 0:  # the server closed an idle kept-alive connection
                    self.reconnects += 1
                    continue
                raise
            except BaseException:
                self.close()
                raise
            if response.will_close:
                self.close()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return response.status, urlsplit(response.headers.get("Location", "")).path, data
        raise AssertionError("unreachable")

    def get(self, path: str) -> tuple[int, str, bytes]:
        return self.request("GET", path)

    def post(self, path: str, data: dict[str, str]) -> tuple[int, str, bytes]:
        data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        return self.request("POST", path, urlencode(data).encode(), "application/x-www-form-urlencoded")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


@dataclass
class Sample:
    label: str
    status: int  # 0: no answer (the error is in ``error``)
    seconds: float
    ok: bool
    error: str = ""


def timed(client: Client, page: PageSpec) -> Sample:
    started = time.perf_counter()
    try:
        status, location, _ = client.get(page.path)
    except Exception as exc:  # noqa: BLE001 - every failure is a counted error
        return Sample(page.label, 0, time.perf_counter() - started, False, f"{type(exc).__name__}: {exc}")
    elapsed = time.perf_counter() - started
    error = "" if status == page.expected else f"HTTP {status} {location}".strip()
    return Sample(page.label, status, elapsed, status == page.expected, error)


def sign_in(client: Client, user: User) -> Sample:
    started = time.perf_counter()
    try:
        status, _, _ = client.get("/masuk/")
        if status != 200 or "csrftoken" not in client.cookies:
            return Sample("masuk (sign-in)", status, time.perf_counter() - started, False, "no CSRF cookie")
        status, location, _ = client.post("/masuk/", {"username": user.username, "password": PASSWORD})
    except Exception as exc:  # noqa: BLE001
        return Sample(
            "masuk (sign-in)", 0, time.perf_counter() - started, False, f"{type(exc).__name__}: {exc}"
        )
    ok = status == 302 and "sessionid" in client.cookies
    error = "" if ok else f"HTTP {status} {location}, session cookie: {'sessionid' in client.cookies}"
    return Sample("masuk (sign-in)", status, time.perf_counter() - started, ok, error)


# --- CPU accounting ---------------------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> float:
    """utime + stime of a process (all its threads), in seconds; 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    total = sum(values[:8])  # without guest time, already counted in user
    return (total - idle) / TICK, total / TICK


def backend_pids(url: str) -> list[int]:
    """PostgreSQL backends connected to this database (the app processes' connections)."""
    rows = _psql(
        url, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    return [int(r[0]) for r in rows]


@dataclass
class CpuSnapshot:
    wall: float
    own: float
    servers: dict[int, float]
    backends: dict[int, float]
    busy: float
    total: float


def cpu_snapshot(url: str, servers: list[Server]) -> CpuSnapshot:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    busy, total = machine_cpu()
    return CpuSnapshot(
        wall=time.monotonic(),
        own=usage.ru_utime + usage.ru_stime,
        servers={s.process.pid: process_cpu(s.process.pid) for s in servers},
        backends={pid: process_cpu(pid) for pid in backend_pids(url)},
        busy=busy,
        total=total,
    )


def print_cpu(before: CpuSnapshot, after: CpuSnapshot, requests: int, phase: str) -> None:
    wall = after.wall - before.wall
    capacity = after.total - before.total
    cores = capacity / wall if wall else 0.0
    own = after.own - before.own
    servers = sum(after.servers[pid] - before.servers.get(pid, 0.0) for pid in after.servers)
    backends = sum(cpu - before.backends.get(pid, 0.0) for pid, cpu in after.backends.items())
    busy = after.busy - before.busy
    rest = busy - own - servers - backends
    print(f"\nCPU {phase} ({wall:.0f} s wall, {cores:.1f} cores = {capacity:.0f} CPU-s available):")
    per = 1000 / requests if requests else 0.0
    for label, seconds, per_request in (
        ("load generator (this process)", own, True),
        ("app processes (kinerja serve)", servers, True),
        ("PostgreSQL backends of this database", backends, True),
        ("everything else on the machine", rest, False),
        ("idle", capacity - busy, False),
    ):
        share = 100 * seconds / capacity if capacity else 0.0
        each = f"  {seconds * per:6.1f} CPU-ms per request" if per_request else ""
        print(f"  {label:<38} {seconds:7.1f} CPU-s {share:5.1f} %{each}")
    ours = servers + backends
    if ours > 0:
        print(
            f"  app + PostgreSQL: {ours * per:.1f} CPU-ms per request; {cores:.0f} cores of their own would "
            f"serve at most {requests / ours * cores:.0f} requests/s of this mix"
        )
    print("  (PostgreSQL backends: those connected at the start and at the end of the phase)")


# --- the phases -------------------------------------------------------------------------------------


def percentile(ordered: list[float], p: float) -> float:
    """Nearest-rank percentile of a sorted list."""
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def visit(
    user: User,
    client: Client,
    rng: random.Random,
    think: float,
    deadline: float,
    stop: threading.Event,
    out: list[Sample],
) -> None:
    """One user's loop: the pages of its scope in a shuffled order, a think time between pages."""
    pages = user.pages
    time.sleep(rng.uniform(0, think))
    while not stop.is_set():
        rng.shuffle(pages)
        for page in pages:
            if time.monotonic() >= deadline or stop.is_set():
                return
            out.append(timed(client, page))
            time.sleep(min(rng.uniform(0, think), max(0.0, deadline - time.monotonic())))


def sign_in_all(users: list[User], clients: list[Client]) -> list[Sample]:
    results: list[Sample] = [Sample("masuk (sign-in)", 0, 0.0, False, "not run")] * len(users)

    def one(i: int) -> None:
        results[i] = sign_in(clients[i], users[i])

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(len(users))]
    for t in threads:
        t.start()
    for t in threads:
        while t.is_alive():
            t.join(0.5)
    return results


def reference_phase(users: list[User], clients: list[Client], seconds: float, seed: int) -> list[Sample]:
    """The same users and pages, one request at a time: each user's next page in turn, without
    think time (it would only give fewer samples: one request at a time either way)."""
    rng = random.Random(seed)
    orders = [rng.sample(u.pages, len(u.pages)) for u in users]
    out: list[Sample] = []
    deadline = time.monotonic() + seconds
    step_no = 0
    while time.monotonic() < deadline:
        i = step_no % len(users)
        pages = orders[i]
        out.append(timed(clients[i], pages[(step_no // len(users)) % len(pages)]))
        step_no += 1
    return out


def load_phase(
    users: list[User], clients: list[Client], seconds: float, think: float, seed: int
) -> tuple[list[Sample], float]:
    stop = threading.Event()
    per_user: list[list[Sample]] = [[] for _ in users]
    deadline = time.monotonic() + seconds
    started = time.monotonic()
    threads = [
        threading.Thread(
            target=visit,
            args=(
                u,
                clients[u.index],
                random.Random(seed * 1000 + u.index),
                think,
                deadline,
                stop,
                per_user[u.index],
            ),
            daemon=True,
        )
        for u in users
    ]
    try:
        for t in threads:
            t.start()
        for t in threads:
            while t.is_alive():
                t.join(0.5)
    finally:
        stop.set()
    return [s for samples in per_user for s in samples], time.monotonic() - started


# --- the report -------------------------------------------------------------------------------------


def summary(samples: list[Sample]) -> dict[str, Any]:
    ordered = sorted(s.seconds for s in samples)
    return {
        "n": len(samples),
        "errors": sum(not s.ok for s in samples),
        "p50": percentile(ordered, 50) * 1000,
        "p95": percentile(ordered, 95) * 1000,
        "p99": percentile(ordered, 99) * 1000,
    }


def by_label(samples: list[Sample]) -> dict[str, list[Sample]]:
    groups: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        groups[s.label].append(s)
    return groups


def print_table(load: list[Sample], reference: list[Sample], users: int) -> None:
    ref = by_label(reference)
    header = (
        f"{'page':<30} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} | "
        f"{'1 at a time: n':>14} {'p95 ms':>8} | {'p95 ratio':>9}"
    )
    print(f"\n{users} users at once (left) and the same pages one request at a time (right):")
    print(header)
    print("-" * len(header))
    rows = sorted(by_label(load).items())
    rows.append(("overall", load))
    for label, samples in rows:
        s = summary(samples)
        r = summary(reference if label == "overall" else ref.get(label, []))
        ratio = f"{s['p95'] / r['p95']:.1f}" if r["n"] and s["n"] else "-"
        ref_p95 = f"{r['p95']:.1f}" if r["n"] else "-"
        print(
            f"{label:<30} {s['n']:>8} {s['errors']:>6} {s['p50']:>8.1f} {s['p95']:>8.1f} {s['p99']:>8.1f} | "
            f"{r['n']:>14} {ref_p95:>8} | {ratio:>9}"
        )


def print_errors(samples: list[Sample], phase: str) -> None:
    errors = [s for s in samples if not s.ok]
    if not errors:
        return
    kinds: dict[tuple[str, str], int] = defaultdict(int)
    for s in errors:
        kinds[(s.label, s.error)] += 1
    print(f"\nErrors ({phase}): {len(errors)}")
    for (label, error), count in sorted(kinds.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {count:>6} x {label}: {error}")


# --- main ---------------------------------------------------------------------------------------------


@dataclass
class Run:
    url: str
    tmp: tempfile.TemporaryDirectory[str]
    servers: list[Server] = field(default_factory=list)
    created: bool = False

    def cleanup(self) -> None:
        for server in self.servers:
            try:
                server.stop()
            except Exception as exc:  # noqa: BLE001 - stop the others anyway
                print(f"stopping {server.name}: {exc}", file=sys.stderr)
        if self.created:
            try:
                drop_database(self.url)
                print(f"database {database_name(self.url)} dropped")
            except Exception as exc:  # noqa: BLE001
                print(f"could not drop database {database_name(self.url)}: {exc}", file=sys.stderr)
        self.tmp.cleanup()


def _terminate(signum: int, frame: Any) -> None:
    # once: `timeout` and a terminal's Ctrl+C may deliver the signal twice (to the command, to its group)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt(signal.Signals(signum).name)


def cores() -> str:
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{os.cpu_count()} CPUs ({affinity} usable by this process)"


def code_version() -> str:
    """The commit the servers run, and whether kinerja/ has changes not committed."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, timeout=10
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--", "kinerja"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.splitlines()
    except (OSError, subprocess.TimeoutExpired):
        return "unknown (no git)"
    return f"{head or 'unknown'}" + (f" + {len(changed)} uncommitted files in kinerja/" if changed else "")


def heading(text: str) -> None:
    print(f"\n[{text}]", flush=True)


def run(args: argparse.Namespace, state: Run) -> None:
    heading("database")
    users = make_users(args.users)
    started = time.monotonic()
    create_database(state.url)
    state.created = True
    prepare(state.url, users, Path(state.tmp.name))
    print(f"  ready in {time.monotonic() - started:.1f} s")

    heading("servers")
    started = time.monotonic()
    media = Path(state.tmp.name) / "media"
    for i in range(args.processes):
        state.servers.append(start_server(f"proses-{i + 1}", state.url, Path(state.tmp.name), media))
    deadline = time.monotonic() + START_TIMEOUT
    for server in state.servers:
        wait_until_ready(server, deadline)
    ports = ", ".join(str(s.port) for s in state.servers)
    print(f"  {args.processes} x kinerja serve (waitress, 8 threads each) on 127.0.0.1 ports {ports}")
    print(f"  ready in {time.monotonic() - started:.1f} s")
    clients = [Client(state.servers[u.index % args.processes].port, u.address) for u in users]

    heading("sign-in")
    signed = sign_in_all(users, clients)
    s = summary(signed)
    print(
        f"  {len(users)} users signing in at once: p50 {s['p50']:.0f} ms, p95 {s['p95']:.0f} ms, "
        f"max {max(x.seconds for x in signed) * 1000:.0f} ms, {s['errors']} failed"
    )
    print_errors(signed, "sign-in")
    if s["errors"] == len(users):
        raise RuntimeError("no user could sign in:\n" + state.servers[0].output())

    heading("warm-up")
    seen: set[tuple[int, str]] = set()
    for user, client in zip(users, clients, strict=True):  # every page once on every process, not counted
        for page in user.pages:
            if (client.port, page.path) not in seen:
                seen.add((client.port, page.path))
                timed(client, page)
    print(f"  {len(seen)} page fetches")

    think = args.think_ms / 1000
    heading("reference")
    before = cpu_snapshot(state.url, state.servers)
    reference = reference_phase(users, clients, args.reference_seconds, args.seed)
    after = cpu_snapshot(state.url, state.servers)
    print(f"  {len(reference)} requests in {args.reference_seconds:.0f} s, one at a time")
    print_errors(reference, "one at a time")
    reference_cpu = (before, after)

    heading("load")
    before = cpu_snapshot(state.url, state.servers)
    load, elapsed = load_phase(users, clients, args.seconds, think, args.seed)
    after = cpu_snapshot(state.url, state.servers)
    reconnects = sum(c.reconnects for c in clients)
    print(
        f"  {len(load)} requests in {elapsed:.1f} s: {len(load) / elapsed:.1f} requests/s "
        f"({reference_rate(reference, args.reference_seconds):.1f}/s one at a time); "
        f"{reconnects} kept-alive connections reopened"
    )
    print_table(load, reference, args.users)
    print_errors(load, f"{args.users} users")
    print_cpu(*reference_cpu, len(reference), "one request at a time")
    print_cpu(before, after, len(load), f"with {args.users} users at once")


def reference_rate(samples: list[Sample], seconds: float) -> float:
    return len(samples) / seconds if seconds else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60, help="length of the load phase")
    parser.add_argument("--processes", type=int, default=2, help="kinerja serve processes")
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help="PostgreSQL database to create, use and drop (must not exist yet)",
    )
    parser.add_argument(
        "--reference-seconds", type=float, default=20, help="length of the one-at-a-time phase"
    )
    parser.add_argument(
        "--think-ms", type=float, default=200, help="think time between pages: uniform 0..this"
    )
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    if args.users < 1 or args.processes < 1:
        parser.error("--users and --processes must be at least 1")
    if not args.database_url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        parser.error("--database-url must be a PostgreSQL URL")

    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, _terminate)
    load1, load5, _ = os.getloadavg()
    print(
        f"bench.load {time.strftime('%Y-%m-%d %H:%M %Z')}: {args.users} users, {args.processes} processes, "
        f"{args.seconds:.0f} s load, {args.reference_seconds:.0f} s one at a time, think 0..{args.think_ms:.0f} ms, "
        f"seed {args.seed}"
    )
    print(
        f"Machine: {cores()}, load average {load1:.2f} / {load5:.2f} (1 / 5 min) before the run. The load "
        "generator, the app processes and PostgreSQL all share these cores (loopback only)."
    )
    print(f"Code: {code_version()}")
    state = Run(args.database_url, tempfile.TemporaryDirectory(prefix="kinerja-load-"))
    try:
        run(args, state)
    except KeyboardInterrupt as exc:
        print(f"\ninterrupted ({exc}): stopping the servers", file=sys.stderr)
        return 130
    finally:
        # the clean-up is bounded (each server 30 s at most); a second Ctrl+C or SIGTERM does not cut it short
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        state.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
