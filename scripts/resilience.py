"""Resilience: restart PostgreSQL while sets are being logged, then count every set.

    scripts/resilience [--before 3] [--after 10]   (as root: it restarts PostgreSQL)

Starts gunicorn (production settings, persistent connections with CONN_HEALTH_CHECKS)
against local PostgreSQL (database ``steady_resilience``), logs a person in, opens a
workout session and, from a second thread, logs sets through the HTMX set-logging
endpoint as fast as the server answers. Like the session page's JavaScript, the client
retries a failed set with the SAME client id until it is acknowledged (a 2xx response
showing the saved row). Meanwhile the main thread restarts PostgreSQL, then lets the
client carry on for ``--after`` seconds, without touching gunicorn.

Afterwards every acknowledged client id must be in ``workouts_setlog`` exactly once and
no other row may have appeared. Exits non-zero on any lost or duplicated set, or when
the app did not recover on its own. PostgreSQL is always checked (and started if need
be) before the script exits.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scripts.bench import ROOT, Databases, Side, free_port, start_gunicorn, this_tree

if TYPE_CHECKING:
    from apps.accounts.models import User

EMAIL = "resilience@example.test"
REQUEST_TIMEOUT_S = 5.0
RETRY_PAUSE_S = 0.2
FINISH_DEADLINE_S = 60.0


@dataclass
class Attempt:
    client_id: str
    at: float
    ok: bool
    detail: str
    seconds: float


@dataclass
class Client:
    """Logs sets one after another; a set is retried with its id until acknowledged."""

    url: str
    cookie: str
    csrf: str
    stop: threading.Event = field(default_factory=threading.Event)
    sent: list[str] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)
    gave_up: list[str] = field(default_factory=list)

    def run(self) -> None:
        while not self.stop.is_set():
            client_id = str(uuid.uuid4())
            self.sent.append(client_id)
            # Once begun, a set is seen through even after stop: a person does not walk
            # away from an unsaved set. Only a server that never recovers ends it.
            deadline = None
            while True:
                began = time.monotonic()
                ok, detail = self.post(client_id)
                ended = time.monotonic()
                self.attempts.append(Attempt(client_id, ended, ok, detail, ended - began))
                if ok:
                    self.acknowledged.append(client_id)
                    break
                if self.stop.is_set():
                    deadline = deadline or time.monotonic() + FINISH_DEADLINE_S
                    if time.monotonic() > deadline:
                        self.gave_up.append(client_id)
                        return
                time.sleep(RETRY_PAUSE_S)

    def post(self, client_id: str) -> tuple[bool, str]:
        body = urllib.parse.urlencode(
            {"client_id": client_id, "reps": "10", "load": "20", "rpe": ""}
        ).encode()
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Cookie": self.cookie,
                "X-CSRFToken": self.csrf,
                "Referer": "http://127.0.0.1/",
                "HX-Request": "true",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as response:
                content = response.read()
                # The same test as the page's JavaScript: the saved row came back.
                if 200 <= response.status < 300 and b"set-done" in content:
                    return True, str(response.status)
                return False, f"{response.status} without a saved row"
        except urllib.error.HTTPError as error:
            return False, str(error.code)
        except OSError as error:
            return False, type(error).__name__


def postgres_version() -> str:
    versions = sorted(os.listdir("/etc/postgresql"))
    if not versions:
        raise SystemExit("No local PostgreSQL cluster in /etc/postgresql")
    return versions[-1]


def pg_ctlcluster(action: str, *, check: bool = True) -> None:
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", postgres_version(), "main", action],
        check=check,
    )


def pg_ready() -> bool:
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode == 0


def ensure_postgres_up(timeout: float = 60.0) -> bool:
    """Wait for PostgreSQL; start the cluster if it is still down halfway through."""
    deadline = time.monotonic() + timeout
    started = False
    while time.monotonic() < deadline:
        if pg_ready():
            return True
        if not started and time.monotonic() > deadline - timeout / 2:
            started = True
            pg_ctlcluster("start", check=False)
        time.sleep(0.5)
    return pg_ready()


def worker_pids(master: int) -> set[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True, check=False
    )
    return {int(pid) for pid in out.stdout.split()}


@contextmanager
def output_to(path: Path) -> Iterator[None]:
    """Send this process's stdout/stderr to ``path`` while starting a child, so the
    server's error tracebacks (expected while the database is down) go to a log file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with path.open("ab") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def ensure_database(database_url: str) -> None:
    databases = Databases.from_url(database_url)
    name = databases.prefix
    if not databases.admin("SELECT 1 FROM pg_database WHERE datname = %s", name):
        databases.admin(f'CREATE DATABASE "{name}"')


def logged_in_cookie(user: User) -> tuple[str, str]:
    """A real database session for ``user`` plus a CSRF token pair for POSTs."""
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.cookies["sessionid"].value
    csrf = _get_new_csrf_string()
    return f"sessionid={session}; csrftoken={csrf}", csrf


def open_session_for(user: User) -> tuple[int, int]:
    """A new unfinished session and one exercise row of it."""
    from apps.workouts.models import SessionExercise, WorkoutSession
    from apps.workouts.services import session_start

    WorkoutSession.objects.filter(user=user, finished_at__isnull=True).delete()
    session = session_start(user=user, planned=None, minimum=True)
    row = SessionExercise.objects.filter(session=session, reps_low__isnull=False).first()
    if row is None:
        row = SessionExercise.objects.filter(session=session).first()
    assert row is not None, "the minimum session has exercises"
    return session.pk, row.pk


def prepare(side: Side, env: dict[str, str]) -> tuple[str, str, int, int, str]:
    """Migrate; a logged-in person with a fresh open session: cookie, csrf token, session
    and exercise-row ids, and the row's set-logging path."""
    side.manage(env, "migrate", "--noinput")
    side.manage(env, "collectstatic", "--noinput")
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection
    from django.urls import reverse

    from apps.accounts.models import User

    user = User.objects.filter(email=EMAIL).first() or User.objects.create_user(
        email=EMAIL, password=None, display_name="Resilience"
    )
    cookie, csrf = logged_in_cookie(user)
    session_id, row_id = open_session_for(user)
    connection.close()  # this process's own connection is about to be cut
    return cookie, csrf, session_id, row_id, reverse("workouts:set_log", args=[row_id])


def count_rows(database_url: str, row_id: int, sent: list[str]) -> tuple[int, dict[str, int]]:
    """Rows of the session's exercise, and how many rows each client id has."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        total = conn.execute(
            "SELECT count(*) FROM workouts_setlog WHERE session_exercise_id = %s", [row_id]
        ).fetchone()
        per_id = conn.execute(
            "SELECT client_id::text, count(*) FROM workouts_setlog "
            "WHERE client_id = ANY(%s::uuid[]) GROUP BY client_id",
            [sent],
        ).fetchall()
    return int(total[0]) if total else 0, {cid: int(n) for cid, n in per_id}


def healthz(port: int) -> str:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return str(response.status)
    except urllib.error.HTTPError as error:
        return str(error.code)
    except OSError as error:
        return type(error).__name__


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--before", type=float, default=3.0, help="seconds of logging first")
    parser.add_argument("--after", type=float, default=10.0, help="seconds after the restart")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "RESILIENCE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/steady_resilience"
        ),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
    )
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("Run as root: this script restarts the local PostgreSQL cluster.")

    ensure_database(args.database_url)
    side = this_tree(Databases.from_url(args.database_url).prefix)
    env = side.env(args.database_url, args.redis_url)
    env["STEADY_VAR_DIR"] = str(ROOT / "var" / "resilience")
    env.pop("STEADY_PAGE_CACHE")
    cookie, csrf, session_id, row_id, path = prepare(side, env)
    log = ROOT / "var" / "resilience" / "gunicorn.log"
    port = side.port = free_port()
    with output_to(log):
        server = start_gunicorn(side, env)
    client = Client(f"http://127.0.0.1:{port}{path}", cookie, csrf)
    try:
        workers_before = worker_pids(server.pid)
        thread = threading.Thread(target=client.run, name="set-logger", daemon=True)
        thread.start()
        time.sleep(args.before)
        print(f"Restarting PostgreSQL {postgres_version()}/main while sets are logged…")
        restart_began = time.monotonic()
        pg_ctlcluster("restart")
        restart_done = time.monotonic()
        time.sleep(args.after)
        client.stop.set()
        thread.join(timeout=FINISH_DEADLINE_S + 10)
        workers_after = worker_pids(server.pid)
        health = healthz(port)
        server_alive = server.poll() is None
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        postgres_up = ensure_postgres_up()

    if not postgres_up:
        print("PostgreSQL is NOT accepting connections: check pg_lsclusters.")
        return 2
    rows, per_id = count_rows(args.database_url, row_id, client.sent)
    acknowledged = set(client.acknowledged)
    failures = [a for a in client.attempts if not a.ok]
    lost = sorted(cid for cid in acknowledged if per_id.get(cid, 0) == 0)
    duplicates = sum(n - 1 for n in per_id.values() if n > 1)
    strangers = rows - sum(per_id.values())  # rows whose id the client never sent
    retried = {a.client_id for a in failures}
    retried_dupes = sum(per_id.get(cid, 0) > 1 for cid in retried)
    first_failure = min((a.at for a in failures), default=None)
    recovered_at = min(
        (a.at for a in client.attempts if a.ok and a.at > max(restart_done, first_failure or 0)),
        default=None,
    )
    acks_after = sum(a.ok and a.at > restart_done for a in client.attempts)
    window_end = recovered_at or float("inf")
    window_errors = [a for a in failures if restart_began <= a.at <= window_end]
    recovered = recovered_at is not None and server_alive and health == "200" and not client.gave_up
    reasons: dict[str, int] = {}
    for a in failures:
        reasons[a.detail] = reasons.get(a.detail, 0) + 1

    first_ack = "-" if recovered_at is None else f"{recovered_at - restart_began:.2f} s"
    same_workers = "yes" if workers_before == workers_after else "no (gunicorn replaced some)"
    report = [
        ("PostgreSQL restart took", f"{restart_done - restart_began:.2f} s"),
        ("Sets attempted (distinct client ids)", len(client.sent)),
        ("Acknowledged", len(acknowledged)),
        ("Retries (same client id)", f"{len(failures)} on {len(retried)} sets"),
        ("Errors during the restart window", f"{len(window_errors)} {reasons or ''}"),
        ("Errors outside the restart window", len(failures) - len(window_errors)),
        ("First acknowledgement after restart began", first_ack),
        ("Slowest answer", f"{max((a.seconds for a in client.attempts), default=0):.2f} s"),
        ("Acknowledged after the restart", acks_after),
        ("Rows counted in workouts_setlog", rows),
        ("Lost (acknowledged, not in the table)", len(lost)),
        ("Duplicates", duplicates + max(strangers, 0)),
        ("  of them for retried ids", retried_dupes),
        ("Gave up (never acknowledged)", len(client.gave_up)),
        ("Gunicorn workers unchanged", same_workers),
        ("/healthz after the run", health),
        ("Recovered without restarting the app", "yes" if recovered else "NO"),
    ]
    print()
    for label, value in report:
        print(f"{label:42} {value}")
    print(f"(session {session_id}; server log: {log.relative_to(ROOT)})")
    ok = not lost and not duplicates and strangers == 0 and recovered
    ok = ok and len(acknowledged) == len(client.sent) == rows
    print("\nResult: " + ("no set lost, none doubled." if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
