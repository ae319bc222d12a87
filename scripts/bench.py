"""Load benchmark: gunicorn + PostgreSQL + generated years of data, driven by wrk.

    scripts/bench [--users 200] [--years 3] [--duration 10] [--connections 20]

Starts gunicorn (production settings) against PostgreSQL, generates data once
(``manage.py generate_demo_data``), then drives each key page from a second process (wrk)
for a fixed time as one user with years of history, after a few unmeasured seconds that
warm every worker. It prints requests/s and p50/p95/p99 per page, plus the same for a
trivial Django view on the same stack (``/ping``: the framework floor), each page's
throughput as a ratio of that floor, and the CPU each request cost, by process.
Targets: every page ≥ 40% of the floor's throughput and p95 < 100 ms at 20 connections.

The first pass runs as deployed: GET pages come from the per-person page cache
(apps.core.pagecache) while the person's data is unchanged. A second pass (skip it with
--skip-cold) turns that cache off, so every request rebuilds its page from the
database: the cost of the first visit after a change.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "scripts" / "bench_wrk.lua"
FLOOR_RATIO_TARGET = 0.40
P95_TARGET_MS = 100.0


@dataclass
class Page:
    name: str
    path: str
    method: str = "GET"
    body: str = ""
    htmx: bool = False
    # (path, cookie, csrf) per person: each request goes to one of them at random.
    targets: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Server:
    """gunicorn as deployed (config/gunicorn.py), or with other workers to compare."""

    workers: int | None = None
    threads: int | None = None
    worker_class: str | None = None

    def options(self) -> list[str]:
        chosen = [
            ("--workers", self.workers),
            ("--threads", self.threads),
            ("--worker-class", self.worker_class),
        ]
        return [item for flag, value in chosen if value for item in (flag, str(value))]

    def __str__(self) -> str:
        workers = self.workers or 2 * (os.cpu_count() or 1) + 1
        kind = self.worker_class or "sync"
        threads = f" × {self.threads} threads" if self.threads and kind != "sync" else ""
        return f"gunicorn {workers} {kind} workers{threads}"


@dataclass
class Result:
    page: Page
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    # CPU milliseconds per request, by process (see CpuMeter).
    cpu_ms: dict[str, float] = field(default_factory=dict)


CPU_KINDS = ("gunicorn", "postgres", "redis", "wrk", "all")


class CpuMeter:
    """CPU time spent while wrk drives one page, split by process: the gunicorn workers,
    PostgreSQL's backends, Redis, wrk itself, and the whole machine (every core's busy
    time, from /proc/stat). Linux only; elsewhere it reports nothing."""

    def __init__(self, gunicorn_pid: int) -> None:
        self.gunicorn_pid = gunicorn_pid
        self.ticks = os.sysconf("SC_CLK_TCK")
        self.start: dict[str, float] = {}

    def _kind(self, pid: str, stat: str) -> str | None:
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        ppid = stat[stat.rindex(")") + 2 :].split()[1]
        if pid == str(self.gunicorn_pid) or ppid == str(self.gunicorn_pid):
            return "gunicorn"
        if name == "postgres":
            return "postgres"
        if name.startswith("redis-server"):
            return "redis"
        return None

    def read(self) -> dict[str, float]:
        """Cumulative CPU seconds per kind, now."""
        found = dict.fromkeys(CPU_KINDS, 0.0)
        proc = Path("/proc")
        if not (proc / "stat").exists():
            return {}
        for entry in proc.iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # gone meanwhile
            kind = self._kind(entry.name, stat)
            if kind is not None:
                fields = stat[stat.rindex(")") + 2 :].split()
                found[kind] += (int(fields[11]) + int(fields[12])) / self.ticks
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        found["wrk"] = children.ru_utime + children.ru_stime
        cpu = [int(v) for v in (proc / "stat").read_text().split("\n", 1)[0].split()[1:]]
        found["all"] = (sum(cpu) - cpu[3] - cpu[4]) / self.ticks  # all but idle and iowait
        return found

    def begin(self) -> None:
        self.start = self.read()

    def per_request_ms(self, requests: int) -> dict[str, float]:
        end = self.read()
        if not end or not requests:
            return {}
        return {kind: (end[kind] - self.start[kind]) / requests * 1000 for kind in CPU_KINDS}


def bench_env(database_url: str, redis_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="bench-only-secret-key-" + "k" * 40,
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        STEADY_VAR_DIR=str(ROOT / "var" / "bench"),
        CONN_MAX_AGE="600",
        LOG_LEVEL="WARNING",
        GUNICORN_ACCESS_LOG="",
    )
    return env


def ensure_database(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare(env: dict[str, str], users: int, years: float) -> dict[str, object]:
    """Migrate, generate data once, and make a logged-in session for the heaviest user."""
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    os.environ.update(env)
    import django

    django.setup()
    from apps.accounts.models import User

    if not User.objects.filter(email__startswith="bench-").exists():
        print(f"Generating {users} users × {years} years of history (once)…", flush=True)
        print(
            manage(
                env,
                "generate_demo_data",
                "--users",
                str(users),
                "--years",
                str(years),
                "--prefix",
                "bench",
            ).strip(),
            flush=True,
        )
    from scripts.bench_pages import bench_pages, logged_in_cookie

    user = User.objects.get(email="bench-000000@example.test")
    cookie, csrf = logged_in_cookie(user)
    return {"cookie": cookie, "csrf": csrf, "pages": bench_pages(user), "user": user}


def start_gunicorn(env: dict[str, str], port: int, server: Server) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--config",
            "config/gunicorn.py",
            *server.options(),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def run_wrk(
    port: int,
    page: Page,
    cookie: str,
    csrf: str,
    duration: int,
    connections: int,
    meter: CpuMeter | None = None,
) -> Result:
    env = dict(os.environ)
    env.update(
        BENCH_COOKIE=cookie,
        BENCH_CSRF=csrf,
        BENCH_METHOD=page.method,
        BENCH_BODY=page.body,
        BENCH_HTMX="1" if page.htmx else "0",
        BENCH_SEED=str(secrets.randbits(31)),
        BENCH_TARGETS="\n".join("\t".join(target) for target in page.targets),
    )
    if meter is not None:
        meter.begin()
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "5s",
            "-s",
            str(LUA),
            f"http://127.0.0.1:{port}{page.path}",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    data = json.loads(line[len("BENCH ") :])
    seconds = data["duration_us"] / 1e6
    cpu_ms = meter.per_request_ms(data["requests"]) if meter is not None else {}
    return Result(
        page=page,
        rps=data["requests"] / seconds,
        p50_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=data["non_2xx_3xx"] + data["socket_errors"],
        cpu_ms=cpu_ms,
    )


def warm_up(port: int, page: Page, cookie: str, csrf: str) -> None:
    """One request first: a page that errors must fail the benchmark, not look fast."""
    if page.targets:
        _path, cookie, csrf = page.targets[0]
    body = page.body.replace("{uuid}", secrets.token_hex(16)) if page.body else None
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{page.path}",
        data=body.encode() if body is not None else None,
        headers={
            "Cookie": cookie,
            "X-CSRFToken": csrf,
            "Referer": "http://127.0.0.1/",
            **({"HX-Request": "true"} if page.htmx else {}),
            **({"Content-Type": "application/x-www-form-urlencoded"} if body else {}),
        },
        method=page.method,
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        if response.status >= 400:
            raise SystemExit(f"{page.name} answered {response.status}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--years", type=float, default=3.0)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument(
        "--warm-up", type=int, default=3, help="seconds each page is driven before measuring"
    )
    parser.add_argument("--workers", type=int, help="gunicorn processes (config/gunicorn.py)")
    parser.add_argument("--threads", type=int, help="threads per process, for gthread")
    parser.add_argument("--worker-class", choices=["gthread", "sync"])
    parser.add_argument(
        "--only", default="", help="comma-separated page names to drive (besides the floor)"
    )
    parser.add_argument(
        "--skip-cold", action="store_true", help="skip the second pass with the page cache off"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/steady_bench"
        ),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install -y wrk")

    ensure_database(args.database_url)
    env = bench_env(args.database_url, args.redis_url)
    prepared = prepare(env, args.users, args.years)
    cookie, csrf = str(prepared["cookie"]), str(prepared["csrf"])
    chosen = [p for p in prepared["pages"] if not args.only or p.name in args.only.split(",")]  # type: ignore[attr-defined]
    pages: list[Page] = [Page("floor (/ping)", "/ping"), *chosen]
    server = Server(args.workers, args.threads, args.worker_class)

    results = drive(env, server, pages, cookie, csrf, args.duration, args.connections, args.warm_up)
    print(
        f"\n{args.connections} connections, {args.duration} s per page, {os.cpu_count()} cores, "
        f"{server}, PostgreSQL"
    )
    print("\nAs deployed (per-person page cache on; the set POST always writes):\n")
    missed = print_table(results, judge=True)
    print_cpu_table(results)
    report: dict[str, object] = {"as_deployed": [as_json(r, results[0].rps) for r in results]}
    if not args.skip_cold:
        # Every GET rebuilt from the database: what a visit costs right after a change.
        # The session goes back to how it was before the POST pass filled it with sets.
        from scripts.bench_pages import clear_logged_sets

        clear_logged_sets()
        cold_pages = [pages[0], *(p for p in pages[1:] if p.method == "GET")]
        cold = drive(
            {**env, "STEADY_PAGE_CACHE": "false"},
            server,
            cold_pages,
            cookie,
            csrf,
            args.duration,
            args.connections,
            args.warm_up,
        )
        print("\nEvery page rebuilt (page cache off), for comparison:\n")
        print_table(cold, judge=False)
        report["rebuilt"] = [as_json(r, cold[0].rps) for r in cold]
    out = ROOT / "var" / "bench" / "results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(
        f"\nTargets (as deployed): ≥ {FLOOR_RATIO_TARGET:.0%} of the floor and "
        f"p95 < {P95_TARGET_MS:.0f} ms. "
        f"{'All met.' if not missed else f'{missed} page(s) missed.'}  (raw: {out})"
    )


def drive(
    env: dict[str, str],
    server: Server,
    pages: list[Page],
    cookie: str,
    csrf: str,
    duration: int,
    connections: int,
    warm_seconds: int = 3,
) -> list[Result]:
    """Start gunicorn with ``env``, drive each page in turn (the floor first), stop it.
    Each page is driven for ``warm_seconds`` before it is measured."""
    port = free_port()
    process = start_gunicorn(env, port, server)
    meter = CpuMeter(process.pid)
    try:
        results = []
        for page in pages:
            warm_up(port, page, cookie, csrf)
            # Unmeasured: every worker's first requests for a page are slow (imports,
            # templates, connections); measured cold, the floor lost ~7% of its
            # throughput and its p99 grew from ~20 ms to 300–900 ms.
            run_wrk(port, page, cookie, csrf, warm_seconds, connections)
            results.append(run_wrk(port, page, cookie, csrf, duration, connections, meter))
        return results
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def print_table(results: list[Result], *, judge: bool) -> int:
    """Print one table; returns how many pages missed a target (when ``judge``)."""
    floor = results[0].rps
    header = (
        f"{'page':34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'floor':>7} {'err':>5}" + ("  target" if judge else "")
    )
    print(header)
    print("-" * len(header))
    missed = 0
    for r in results:
        ratio = r.rps / floor
        ok = r is results[0] or (
            ratio >= FLOOR_RATIO_TARGET and r.p95_ms < P95_TARGET_MS and not r.errors
        )
        missed += not ok
        verdict = ("  ok" if ok else "  MISSED") if judge else ""
        print(
            f"{r.page.name:34} {r.rps:8.1f} {r.p50_ms:8.1f} {r.p95_ms:8.1f} {r.p99_ms:8.1f} "
            f"{ratio:6.0%} {r.errors:5d}{verdict}"
        )
    return missed if judge else 0


def print_cpu_table(results: list[Result]) -> None:
    """Where each request's CPU went: the pages and the floor share two cores with
    PostgreSQL, Redis and wrk, so a page's share of the floor is about the floor's CPU per
    request over the page's."""
    if not all(r.cpu_ms for r in results):
        return
    print("\nCPU per request (ms), by process; 'all' is every core's busy time:\n")
    header = f"{'page':34} " + " ".join(f"{kind:>8}" for kind in CPU_KINDS)
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r.page.name:34} " + " ".join(f"{r.cpu_ms[kind]:8.2f}" for kind in CPU_KINDS))


def as_json(r: Result, floor: float) -> dict[str, object]:
    return {
        "page": r.page.name,
        "path": r.page.path,
        "rps": r.rps,
        "p50_ms": r.p50_ms,
        "p95_ms": r.p95_ms,
        "p99_ms": r.p99_ms,
        "floor_ratio": r.rps / floor,
        "errors": r.errors,
        "cpu_ms_per_request": r.cpu_ms,
    }


if __name__ == "__main__":
    main()
