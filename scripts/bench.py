"""Benchmark: CPU per page and simulated lifters, gunicorn + PostgreSQL, no page cache.

    scripts/bench [--quick] [--compare REF]

Generates 200 people × 3 years once (``manage.py generate_demo_data``) into a base
database, copies it for each side under test (``CREATE DATABASE … TEMPLATE``; each side
then migrates it with its own code), starts gunicorn as configured in config/gunicorn.py
with production settings, and measures:

1. each page, requested back to back by two clients: CPU milliseconds per request of the
   gunicorn workers plus the PostgreSQL backends of that side's database, read from
   /proc (the steadiest figure on a shared machine), beside the /ping floor's;
2. the headline: simulated lifters (scripts/bench_lifters.py), stepped up until p95
   crosses 100 ms; the most that stayed under, and the requests/s they made.

With ``--compare REF`` the same runs against REF's code too (a git worktree in
var/bench/, with its own venv and database copy), alternating REF and this tree page by
page and step by step. REF generates the base data, so it should be the older side. Any
page cache in the code under test is off (``STEADY_PAGE_CACHE=false``).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

from scripts.bench_lifters import (
    P95_LIMIT_MS,
    Step,
    next_lifter_count,
    percentile,
    run_step,
    sustained,
)
from scripts.bench_pages import Page, Visitor, bench_pages, drive, expect

ROOT = Path(__file__).resolve().parent.parent
WORK_DIR = ROOT / "var" / "bench"
PEOPLE_PREFIX = "bench"
CSRF_CHARS = string.ascii_letters + string.digits
WARM_UP_LIFTERS = 5  # as many as gunicorn has workers on two cores
# Requests back to back, one client per core: the server is busy but not queueing, so
# the latency is the page's own. CPU is counted from before the first request to after
# the last one has been answered: no request is half in the window.
PAGE_CLIENTS = 2


@dataclass(frozen=True)
class Timing:
    page_seconds: int
    page_warm_up: int
    step_seconds: float
    step_warm_up: float
    max_steps: int
    lifters_budget: float  # seconds of stepping per side, at most

    @classmethod
    def chosen(cls, quick: bool) -> Timing:
        if quick:
            return cls(5, 2, 8, 2, 7, 90)
        return cls(10, 3, 15, 3, 9, 200)


# --- CPU ---------------------------------------------------------------------------------

CPU_KINDS = ("gunicorn", "postgres")


class CpuMeter:
    """CPU time of one side: its gunicorn master and workers, and the PostgreSQL backends
    connected to its database (other databases on the same server are other people's
    work). Counted per process, so one that ends meanwhile loses only its own share."""

    def __init__(self, gunicorn_pid: int, database: str) -> None:
        self.gunicorn_pid = str(gunicorn_pid)
        self.database = database
        self.ticks = os.sysconf("SC_CLK_TCK")
        self.start: dict[str, tuple[str, float]] = {}
        self.finish: dict[str, tuple[str, float]] = {}

    def _kind(self, pid: str, stat: str, title: str) -> str | None:
        ppid = stat[stat.rindex(")") + 2 :].split()[1]
        if self.gunicorn_pid in (pid, ppid):
            return "gunicorn"
        # A backend's title: "postgres: 15/main: USER DATABASE HOST(PORT) STATE".
        if title.startswith("postgres:") and f" {self.database} " in f"{title} ":
            return "postgres"
        return None

    def read(self) -> dict[str, tuple[str, float]]:
        """Each counted process's kind and CPU seconds so far."""
        found = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue  # gone meanwhile
            kind = self._kind(entry.name, stat, title.strip())
            if kind is not None:
                fields = stat[stat.rindex(")") + 2 :].split()
                found[entry.name] = (kind, (int(fields[11]) + int(fields[12])) / self.ticks)
        return found

    def begin(self) -> None:
        self.start = self.read()

    def end(self) -> None:
        self.finish = self.read()

    def per_request_ms(self, requests: int) -> dict[str, float]:
        spent = dict.fromkeys(CPU_KINDS, 0.0)
        for pid, (kind, seconds) in self.finish.items():
            spent[kind] += seconds - self.start.get(pid, (kind, 0.0))[1]
        figures = {kind: spent[kind] / max(requests, 1) * 1000 for kind in CPU_KINDS}
        figures["total"] = sum(figures.values())
        return figures


# --- The code under test -------------------------------------------------------------------


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


def is_ancestor(older: str, newer: str) -> bool:
    found = subprocess.run(["git", "merge-base", "--is-ancestor", older, newer], cwd=ROOT)
    return found.returncode == 0


@dataclass
class Side:
    label: str
    root: Path
    python: Path
    commit: str
    database: str
    port: int = 0
    gunicorn: subprocess.Popen[bytes] | None = None
    people: list[dict[str, str]] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)

    def env(self, database_url: str, redis_url: str) -> dict[str, str]:
        env = {
            name: value
            for name, value in os.environ.items()
            if name not in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "PYTHONPATH")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY="bench-only-secret-key-" + "k" * 40,
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="false",
            STEADY_VAR_DIR=str(WORK_DIR / self.label.replace(" ", "-")),
            STEADY_PAGE_CACHE="false",
            CONN_MAX_AGE="600",
            LOG_LEVEL="WARNING",
            GUNICORN_ACCESS_LOG="",
        )
        return env

    def manage(self, env: dict[str, str], *args: str) -> str:
        done = subprocess.run(
            [str(self.python), "manage.py", *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise SystemExit(f"[{self.label}] manage.py {' '.join(args)} failed:\n{done.stderr}")
        return done.stdout


def this_tree(database: str) -> Side:
    commit = git("rev-parse", "HEAD")
    changed = git("status", "--porcelain", "--untracked-files=no")
    label = f"this tree ({commit[:7]}{' + changes' if changed else ''})"
    return Side(label, ROOT, Path(sys.executable), commit, database)


def other_commit(ref: str, database: str) -> Side:
    """REF checked out in var/bench/ with its own virtualenv (``uv sync --frozen``)."""
    commit = git("rev-parse", "--verify", f"{ref}^{{commit}}")
    root = WORK_DIR / f"ref-{commit[:12]}"
    if not (root / ".git").exists():
        print(f"Checking out {commit[:7]} into {root.relative_to(ROOT)}…", flush=True)
        root.parent.mkdir(parents=True, exist_ok=True)
        git("worktree", "add", "--detach", str(root), commit)
    uv = shutil.which("uv")
    if uv is None:
        raise SystemExit("uv is needed to build the other commit's environment")
    env = {name: value for name, value in os.environ.items() if name != "VIRTUAL_ENV"}
    env.pop("UV_PROJECT_ENVIRONMENT", None)
    subprocess.run([uv, "sync", "--frozen", "--quiet"], cwd=root, env=env, check=True)
    return Side(commit[:7], root, root / ".venv" / "bin" / "python", commit, database)


# --- Databases ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Databases:
    server: str  # postgres://user@host:port
    prefix: str  # database names start with it

    @classmethod
    def from_url(cls, url: str) -> Databases:
        server, name = url.rsplit("/", 1)
        return cls(server, name)

    @property
    def base(self) -> str:
        return f"{self.prefix}_base"

    def url(self, name: str) -> str:
        return f"{self.server}/{name}"

    def admin(self, statement: str, *params: str) -> list[tuple[object, ...]]:
        """One statement on the server's maintenance database (outside a transaction, as
        CREATE DATABASE needs); names come from our own settings, values as parameters."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            cursor = conn.execute(statement.encode(), params or None)
            return cursor.fetchall() if cursor.description is not None else []

    def recreate(self, name: str, *, template: str = "") -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}"')
        self.admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))

    def base_note(self) -> str:
        rows = self.admin(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            self.base,
        )
        return str(rows[0][0] or "") if rows else ""


def base_description(users: int, years: float, generator: str) -> str:
    return f"steady bench base: users={users} years={years} generator={generator}"


def reusable_generator(note: str, users: int, years: float) -> str | None:
    """The commit that generated an existing base, if it was made with these sizes."""
    prefix = base_description(users, years, "")
    return note.removeprefix(prefix) if note.startswith(prefix) else None


def ensure_base(databases: Databases, generator: Side, sides: list[Side], args: Args) -> str:
    """The generated data, once: reused while it was made with the same sizes by a commit
    that every side descends from (each side only has to migrate it forward)."""
    made_by = reusable_generator(databases.base_note(), args.users, args.years)
    if made_by and all(is_ancestor(made_by, side.commit) for side in sides):
        print(f"Reusing {databases.base} (generated by {made_by[:7]}).", flush=True)
        return made_by
    print(
        f"Generating {args.users} people × {args.years} years into {databases.base} "
        f"with {generator.label}'s code…",
        flush=True,
    )
    databases.recreate(databases.base)
    env = generator.env(databases.url(databases.base), args.redis_url)
    generator.manage(env, "migrate", "--noinput")
    created = generator.manage(
        env,
        "generate_demo_data",
        "--users",
        str(args.users),
        "--years",
        str(args.years),
        "--prefix",
        PEOPLE_PREFIX,
    )
    print(created.strip(), flush=True)
    note = base_description(args.users, args.years, generator.commit)
    databases.admin(f"COMMENT ON DATABASE \"{databases.base}\" IS '{note}'")
    return generator.commit


# Runs inside each side's own code (manage.py shell), so only long-stable Django APIs: a
# signed-in session per generated person, and the exercise the first one logged most.
LOG_IN = """
import json
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.test import Client

people = get_user_model().objects.filter(email__startswith="{prefix}-").order_by("email")
sessions = []
for person in people:
    client = Client()
    client.force_login(person)
    sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
busiest = (
    apps.get_model("workouts", "SetLog").objects
    .filter(user=people[0], load_kg__isnull=False)
    .values("session_exercise__exercise__slug")
    .annotate(sets=Count("pk"))
    .order_by("-sets", "session_exercise__exercise__slug")
    .first()
)
print("BENCH " + json.dumps({{
    "cookie": settings.SESSION_COOKIE_NAME,
    "sessions": sessions,
    "slug": busiest["session_exercise__exercise__slug"],
}}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def set_up(side: Side, databases: Databases, args: Args) -> None:
    """A fresh copy of the base for this side, migrated by its code; gunicorn on it; a
    signed-in session for every generated person; the pages to drive."""
    print(f"[{side.label}] copying the data, migrating, starting gunicorn…", flush=True)
    databases.recreate(side.database, template=databases.base)
    env = side.env(databases.url(side.database), args.redis_url)
    side.manage(env, "migrate", "--noinput")
    side.manage(env, "collectstatic", "--noinput")
    output = side.manage(env, "shell", "-v", "0", "-c", LOG_IN.format(prefix=PEOPLE_PREFIX))
    found = json.loads(next(line for line in output.splitlines() if line.startswith("BENCH "))[6:])
    side.people = [
        {found["cookie"]: session, "csrftoken": csrf_secret()} for session in found["sessions"]
    ]
    side.port = free_port()
    side.gunicorn = start_gunicorn(side, env)
    if not args.skip_pages:
        side.pages = bench_pages(side.port, side.people, str(found["slug"]))


def csrf_secret() -> str:
    return "".join(secrets.choice(CSRF_CHARS) for _ in range(32))


def start_gunicorn(side: Side, env: dict[str, str]) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            str(side.python),
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--config",
            "config/gunicorn.py",
            "--bind",
            f"127.0.0.1:{side.port}",
            "--log-level",
            "warning",
        ],
        cwd=side.root,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{side.port}/ping", timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    os.killpg(process.pid, signal.SIGTERM)
    raise SystemExit(f"[{side.label}] gunicorn did not start")


def stop_gunicorn(side: Side) -> None:
    if side.gunicorn is not None and side.gunicorn.poll() is None:
        os.killpg(side.gunicorn.pid, signal.SIGTERM)
        side.gunicorn.wait(timeout=30)


# --- Pages ---------------------------------------------------------------------------------


@dataclass
class PageResult:
    page: str
    target_ms: float | None
    rps: float
    p95_ms: float
    errors: int
    cpu_ms: dict[str, float]


def drive_page(side: Side, index: int, timing: Timing) -> PageResult:
    page = side.pages[index]
    # One request by hand first: a page that errors must fail the benchmark, not look fast.
    if not page.targets:
        expect(Visitor(side.port, side.people[0]).get(page.path), f"[{side.label}] {page.name}")
    # Unmeasured: every worker's first requests for a page are slow (imports, templates,
    # connections).
    drive(side.port, page, side.people[0], clients=PAGE_CLIENTS, seconds=timing.page_warm_up)
    assert side.gunicorn is not None
    meter = CpuMeter(side.gunicorn.pid, side.database)
    meter.begin()
    began = time.monotonic()
    samples = drive(
        side.port, page, side.people[0], clients=PAGE_CLIENTS, seconds=timing.page_seconds
    )
    elapsed = time.monotonic() - began
    meter.end()
    return PageResult(
        page=page.name,
        target_ms=page.target_ms,
        rps=len(samples) / elapsed,
        p95_ms=percentile([sample.seconds * 1000 for sample in samples], 0.95),
        errors=sum(not sample.ok for sample in samples),
        cpu_ms=meter.per_request_ms(len(samples)),
    )


# --- Lifters -------------------------------------------------------------------------------


@dataclass
class LifterSearch:
    side: Side
    timing: Timing
    steps: list[Step] = field(default_factory=list)
    spent: float = 0.0

    def passed(self) -> dict[int, bool]:
        return {step.lifters: step.passed for step in self.steps}

    def next_count(self) -> int | None:
        if len(self.steps) >= self.timing.max_steps or self.spent >= self.timing.lifters_budget:
            return None
        return next_lifter_count(self.passed(), ceiling=len(self.side.people))

    def run(self, lifters: int) -> Step:
        assert self.side.gunicorn is not None
        meter = CpuMeter(self.side.gunicorn.pid, self.side.database)
        began = time.monotonic()
        step = run_step(
            self.side.port,
            self.side.people,
            lifters,
            warm_up=self.timing.step_warm_up,
            measure=self.timing.step_seconds,
            on_measure_start=meter.begin,
            on_measure_end=meter.end,
        )
        step.cpu_ms = meter.per_request_ms(step.requests)
        self.spent += time.monotonic() - began
        self.steps.append(step)
        return step

    def best(self) -> Step | None:
        count = sustained(self.passed())
        return next((step for step in self.steps if step.lifters == count), None)


# --- Output --------------------------------------------------------------------------------


def print_pages(label: str, results: list[PageResult]) -> None:
    floor = results[0].cpu_ms["total"]
    print(
        f"\n{label}: CPU ms per request (gunicorn workers + their PostgreSQL backends); "
        f"req/s and p95 with {PAGE_CLIENTS} clients\n"
    )
    header = (
        f"{'page':36} {'gunicorn':>8} {'postgres':>8} {'total':>7} {'× floor':>7} "
        f"{'target':>7} {'':6} {'req/s':>7} {'p95 ms':>7} {'err':>4}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        total = r.cpu_ms["total"]
        verdict = "" if r.target_ms is None else ("ok" if total <= r.target_ms else "MISSED")
        target = "" if r.target_ms is None else f"≤ {r.target_ms:.0f}"
        print(
            f"{r.page:36} {r.cpu_ms['gunicorn']:8.2f} {r.cpu_ms['postgres']:8.2f} "
            f"{total:7.2f} {total / floor:7.1f} {target:>7} {verdict:6} "
            f"{r.rps:7.0f} {r.p95_ms:7.1f} {r.errors:4d}"
        )


def print_side_by_side(sides: list[Side], results: dict[str, list[PageResult]]) -> None:
    print("\nSide by side: total CPU ms per request (gunicorn + PostgreSQL)\n")
    header = f"{'page':36} " + " ".join(f"{side.label:>30}" for side in sides) + "   change"
    print(header)
    print("-" * len(header))
    rows = zip(*(results[side.label] for side in sides), strict=True)
    for row in rows:
        totals = [result.cpu_ms["total"] for result in row]
        cells = " ".join(f"{total:30.2f}" for total in totals)
        print(f"{row[0].page:36} {cells}   {totals[-1] / totals[0]:5.2f}×")


def print_lifters(searches: list[LifterSearch]) -> None:
    cores = os.cpu_count() or 1
    print(f"\nLifters with p95 < {P95_LIMIT_MS:.0f} ms (the headline)\n")
    header = (
        f"{'code':30} {'lifters':>7} {'req/s':>7} {'p95 ms':>7} {'CPU ms/req':>10} "
        f"{'ceiling':>8}   steps (lifters: p95 ms)"
    )
    print(header)
    print("-" * len(header))
    for search in searches:
        best = search.best()
        steps = ", ".join(
            f"{s.lifters}: {s.p95_ms:.0f}{'' if s.passed else ' ✗'}"
            + (f" ({s.errors} err)" if s.errors else "")
            for s in search.steps
        )
        if best is None:
            print(f"{search.side.label:30} {0:7d} {'':>7} {'':>7} {'':>10} {'':>8}   {steps}")
            continue
        cpu = best.cpu_ms["total"]
        print(
            f"{search.side.label:30} {best.lifters:7d} {best.rps:7.0f} {best.p95_ms:7.1f} "
            f"{cpu:10.2f} {cores * 1000 / cpu:8.0f}   {steps}"
        )
    print(
        f"\n'ceiling': the requests/s {cores} cores could serve if gunicorn and PostgreSQL "
        "had them to themselves (cores × 1000 / CPU ms per request)."
    )


# --- Main ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Args:
    quick: bool
    compare: str
    users: int
    years: float
    database_url: str
    redis_url: str
    skip_pages: bool


def parse_args() -> Args:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="shorter runs (about half)")
    parser.add_argument("--compare", default="", metavar="REF", help="also measure REF's code")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--years", type=float, default=3.0)
    parser.add_argument("--skip-pages", action="store_true", help="only the lifters")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/steady_bench"
        ),
        help="server and name prefix: NAME_base holds the generated data, NAME_* the copies",
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
    )
    given = parser.parse_args()
    return Args(
        quick=given.quick,
        compare=given.compare,
        users=given.users,
        years=given.years,
        database_url=given.database_url,
        redis_url=given.redis_url,
        skip_pages=given.skip_pages,
    )


def main() -> None:
    args = parse_args()
    began = time.monotonic()
    timing = Timing.chosen(args.quick)
    databases = Databases.from_url(args.database_url)
    current = this_tree(f"{databases.prefix}_tree")
    sides = [current]
    if args.compare:
        sides = [other_commit(args.compare, f"{databases.prefix}_ref"), current]
    generator = ensure_base(databases, sides[0], sides, args)
    try:
        for side in sides:
            set_up(side, databases, args)
        report = measure(sides, timing, args)
    finally:
        for side in sides:
            stop_gunicorn(side)
    report["generator"] = generator
    out = WORK_DIR / "results.json"
    out.write_text(json.dumps(report, indent=2))
    print(
        f"\n{os.cpu_count()} cores, config/gunicorn.py workers, PostgreSQL; "
        f"{args.users} generated people × {args.years:g} years; pages as the first of them; "
        f"{'quick' if args.quick else 'full'} run in {(time.monotonic() - began) / 60:.1f} "
        f"min. Raw figures: {out.relative_to(ROOT)}"
    )


def measure(sides: list[Side], timing: Timing, args: Args) -> dict[str, object]:
    """Pages, then lifters, alternating the sides in both (the order flips each time, so
    neither side always runs right after the other)."""
    results: dict[str, list[PageResult]] = {side.label: [] for side in sides}
    if not args.skip_pages:
        for index in range(len(sides[0].pages)):
            order = sides if index % 2 == 0 else sides[::-1]
            for side in order:
                results[side.label].append(drive_page(side, index, timing))
        for side in sides:
            print_pages(side.label, results[side.label])
        if len(sides) > 1:
            print_side_by_side(sides, results)
    searches = [LifterSearch(side, timing) for side in sides]
    for side in sides:
        # Unmeasured: the workload's own requests (start, finish…) cold in each worker.
        run_step(
            side.port, side.people, WARM_UP_LIFTERS, warm_up=0, measure=timing.step_warm_up * 2
        )
    turn = 0
    while True:
        pending = [(search, search.next_count()) for search in searches]
        pending = [(search, count) for search, count in pending if count is not None]
        if not pending:
            break
        if turn % 2:
            pending.reverse()
        for search, count in pending:
            assert count is not None
            step = search.run(count)
            print(
                f"[{search.side.label}] {count} lifters: p95 {step.p95_ms:.0f} ms "
                f"(slowest {step.max_ms:.0f}), {step.rps:.0f} req/s, {step.errors} errors, "
                f"{step.cpu_ms['total']:.1f} ms CPU per request",
                flush=True,
            )
            for problem in step.problems[:3]:
                print(f"    a lifter broke off: {problem}", flush=True)
        turn += 1
    print_lifters(searches)
    return {
        "pages": {label: [asdict(r) for r in rows] for label, rows in results.items()},
        "lifters": {
            s.side.label: {
                "sustained": sustained(s.passed()),
                "steps": [asdict(step) for step in s.steps],
            }
            for s in searches
        },
    }


if __name__ == "__main__":
    main()
