"""The whole path with real services: PostgreSQL, Redis, a Celery worker, an SMTP server.

The test process plays beat (it runs the sweep, which enqueues on commit to the real
Redis broker); a real ``celery worker`` subprocess, pointed at this test database,
sends through a real SMTP server (aiosmtpd) listening on 127.0.0.1 in this process.
Faults come at exact moments of the SMTP exchange, from the server's handler: the
worker's database connection terminated, or the worker SIGKILLed, right after the server
accepted a message. A test that kills Redis starts its own on a spare port; sweeps that
would come minutes later run at once on a moved clock, never after a sleep.

These tests need PostgreSQL (other processes must see the committed rows) and Redis.
Without them they FAIL with instructions: they never skip and never pass silently.
Run them with, for example:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/steady_reminders \\
    REDIS_URL=redis://127.0.0.1:6379/5 uv run pytest tests/reminders/test_integration.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import psycopg
import pytest
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from apps.accounts.models import User
from apps.programs.models import Program
from apps.reminders.models import Delivery, ReminderKind, ReminderSchedule
from apps.reminders.services import (
    deliveries_requeue_stuck,
    reminder_preferences_update,
    reminders_dispatch_due,
)
from apps.reminders.tokens import unsubscribe_claim_from
from tests.conftest import service_missing
from tests.factories import EnrollmentFactory, UserFactory, program_with
from tests.reminders.smtp_server import RunningSmtp, free_port, smtp_server

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
REDIS_HELP = "REDIS_URL=redis://127.0.0.1:6379/5"
POSTGRES_HELP = "DATABASE_URL=postgres://postgres@127.0.0.1:5432/steady_reminders"
WAIT_SECONDS = 60
# The worker's database connections carry this name, so a fault can pick them out.
WORKER_APPLICATION_NAME = "steady-reminders-test-worker"


@pytest.fixture
def redis_broker() -> str:
    """The real Redis broker, emptied first.

    Missing services skip on a newcomer's machine and fail in CI (tests.conftest).
    """
    import redis

    url = os.environ.get("REDIS_URL", "")
    if not url:
        service_missing(f"a real Redis broker: set {REDIS_HELP}")
    if not str(settings.CELERY_BROKER_URL).startswith("redis"):
        service_missing(f"Celery on Redis: start pytest with {REDIS_HELP} set")
    try:
        client = redis.Redis.from_url(url, socket_timeout=3)
        client.ping()
    except redis.RedisError as error:
        service_missing(f"Redis at {url} is unreachable ({error})")
    client.flushdb()  # this database number belongs to these tests
    return url


@pytest.fixture
def postgres(transactional_db: None) -> str:
    """A DATABASE_URL for the test database, which other processes can reach."""
    if connection.vendor != "postgresql":
        service_missing(
            "PostgreSQL, so a Celery worker in another process can see the test database: "
            f"run with {POSTGRES_HELP}"
        )
    db = connection.settings_dict
    auth = quote(db["USER"] or "postgres")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@dataclass
class Workers:
    """Real ``celery worker`` subprocesses; every one is stopped after the test."""

    env: dict[str, str]
    log_dir: Path
    started: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self) -> subprocess.Popen[bytes]:
        log = (self.log_dir / f"worker-{len(self.started)}.log").open("wb")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"reminders-test-{len(self.started)}@%h",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.started.append(process)
        return process

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name} ---\n" + path.read_text(errors="replace")[-4000:]
            for path in sorted(self.log_dir.glob("worker-*.log"))
        )

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def smtp() -> Iterator[RunningSmtp]:
    with smtp_server() as server:
        yield server


def worker_env(postgres: str, broker: str, smtp: RunningSmtp) -> dict[str, str]:
    """Production-like settings for a worker (or a beat run) against the test's services."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"{postgres}?application_name={WORKER_APPLICATION_NAME}",
        "REDIS_URL": broker,
        "EMAIL_URL": smtp.url,
        "SITE_URL": "https://steady.example",
        # Short enough for a test run; the defaults are a minute (see settings).
        "REMINDERS_RETRY_BASE_SECONDS": "1",
        "PYTHONUNBUFFERED": "1",
    }


@contextmanager
def running_workers(env: dict[str, str]) -> Iterator[Workers]:
    with tempfile.TemporaryDirectory(prefix="reminders-workers-") as tmp:
        running = Workers(env=env, log_dir=Path(tmp))
        try:
            yield running
        finally:
            running.stop_all()
            # The test database is flushed next; no worker may hold a connection.
            connections.close_all()


@pytest.fixture
def workers(postgres: str, redis_broker: str, smtp: RunningSmtp) -> Iterator[Workers]:
    with running_workers(worker_env(postgres, redis_broker, smtp)) as running:
        yield running


def due_workout_reminders(count: int) -> list[User]:
    """``count`` people with a session planned today and a workout reminder due now."""
    program: Program = program_with(days=2, exercises_per_day=1, weeks=4)
    users = UserFactory.create_batch(count, time_zone="UTC")
    today_weekday = timezone.now().weekday()
    for user in users:
        EnrollmentFactory(user=user, program=program, weekdays=[today_weekday])
        reminder_preferences_update(
            user=user, changes={"weekly_summary_enabled": False, "checkin_prompt_enabled": False}
        )
    ReminderSchedule.objects.filter(user__in=users, kind=ReminderKind.WORKOUT).update(
        next_fire_at=timezone.now() - dt.timedelta(seconds=30)
    )
    return users


def wait_until(
    condition: Callable[[], bool], workers: Workers, what: str, timeout: float = WAIT_SECONDS
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    states = Counter(Delivery.objects.values_list("state", flat=True))
    pytest.fail(f"Timed out waiting for {what}; outbox states {dict(states)}\n{workers.logs()}")


def states() -> Counter[str]:
    return Counter(Delivery.objects.values_list("state", flat=True))


def assert_delivered_exactly_once(smtp: RunningSmtp, users: list[User]) -> None:
    counts = Counter(smtp.handler.recipients())
    assert sorted(counts) == sorted(u.email for u in users), "someone got nothing"
    assert set(counts.values()) == {1}, f"duplicates: {[e for e, n in counts.items() if n > 1]}"
    by_email = {u.email: u for u in users}
    for received in smtp.handler.received:
        message = received.parsed()
        user = by_email[received.rcpt_tos[0]]
        assert message.get_content_type() == "multipart/alternative"
        assert [p.get_content_type() for p in message.iter_parts()] == [
            "text/plain",
            "text/html",
        ]
        text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
        assert "is today" in text
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        [url] = re.findall(r"<([^>]+)>", message["List-Unsubscribe"])
        parts = urlsplit(url)
        assert (parts.scheme, parts.netloc) == ("https", "steady.example")
        token = parts.path.removeprefix("/reminders/unsubscribe/").rstrip("/")
        claim = unsubscribe_claim_from(token)
        assert claim is not None
        assert (claim.user_id, claim.kind) == (user.pk, ReminderKind.WORKOUT)


def test_fifty_due_reminders_are_delivered_exactly_once(
    workers: Workers, smtp: RunningSmtp
) -> None:
    users = due_workout_reminders(50)
    report = reminders_dispatch_due()  # commits, then enqueues to Redis
    assert (report.created, report.enqueued) == (50, 50)
    workers.start()

    wait_until(lambda: states()[Delivery.State.SENT] == 50, workers, "50 SENT rows")
    # A second sweep by mistake (a second beat) finds nothing to do.
    assert reminders_dispatch_due().created == 0
    time.sleep(1)
    assert_delivered_exactly_once(smtp, users)
    assert Delivery.objects.filter(attempts=1).count() == 50


def test_worker_killed_mid_batch_and_a_second_beat_cause_no_loss_or_duplicates(
    workers: Workers, smtp: RunningSmtp
) -> None:
    from apps.reminders.tasks import dispatch_due_reminders

    users = due_workout_reminders(50)
    first = workers.start()
    killed = threading.Event()

    def kill_during_the_tenth_send(attempt: int) -> str | None:
        # The worker is inside an SMTP transaction for this row (state SENDING): the
        # worst moment. The message is not accepted (no 250), as with a real crash.
        if attempt == 10 and not killed.is_set():
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
            killed.set()
            return "421 4.3.2 Connection lost"
        return None

    smtp.handler.on_data = kill_during_the_tenth_send
    reminders_dispatch_due()
    wait_until(killed.is_set, workers, "the worker to be killed mid-batch")
    assert first.returncode == -signal.SIGKILL
    mid = states()
    assert mid[Delivery.State.SENT] == 9
    assert mid[Delivery.State.SENDING] == 1  # the row the worker died holding

    # A second beat started by mistake: two more sweeps at once, plus one through Celery.
    sweeps = [threading.Thread(target=_sweep_in_thread) for _ in range(2)]
    for sweep in sweeps:
        sweep.start()
    for sweep in sweeps:
        sweep.join()
    dispatch_due_reminders.delay()
    assert Delivery.objects.count() == 50

    workers.start()
    sweep_after_the_stuck_threshold()
    wait_until(lambda: states()[Delivery.State.SENT] == 50, workers, "all 50 SENT after restart")
    time.sleep(1)
    assert_delivered_exactly_once(smtp, users)
    assert Delivery.objects.count() == 50


def sweep_after_the_stuck_threshold() -> None:
    """The every-minute rescue sweep, on a clock moved past REMINDERS_SENDING_STUCK_SECONDS."""
    later = timezone.now() + dt.timedelta(seconds=settings.REMINDERS_SENDING_STUCK_SECONDS + 1)
    assert deliveries_requeue_stuck(now=later).stuck_sending == 1


def _sweep_in_thread() -> None:
    try:
        reminders_dispatch_due()
    finally:
        connections.close_all()


def test_temporary_451_retries_then_delivers_and_550_fails_without_a_storm(
    workers: Workers, smtp: RunningSmtp
) -> None:
    retried, refused = due_workout_reminders(2)
    smtp.handler.replies_for[retried.email] = deque(["451 4.3.0 Try again later"])
    smtp.handler.replies_for[refused.email] = deque(["550 5.1.1 Mailbox unavailable"] * 5)
    reminders_dispatch_due()
    workers.start()

    wait_until(
        lambda: set(states()) == {Delivery.State.SENT, Delivery.State.FAILED},
        workers,
        "one SENT and one FAILED row",
    )
    time.sleep(3)  # retries would come after 1, 2, 4 s: none may happen for the 550
    sent = Delivery.objects.get(user=retried)
    failed = Delivery.objects.get(user=refused)
    assert (sent.state, sent.attempts) == (Delivery.State.SENT, 2)
    assert (failed.state, failed.attempts, failed.last_error) == (
        Delivery.State.FAILED,
        1,
        "SMTPDataError 550",
    )
    assert smtp.handler.attempts_by_recipient == {retried.email: 2, refused.email: 1}
    assert smtp.handler.recipients() == [retried.email]


# --- Faults at the moment the mail server has accepted a message --------------------


def message_ids_by_recipient(smtp: RunningSmtp) -> dict[str, list[str]]:
    ids: dict[str, list[str]] = {}
    for received in smtp.handler.received:
        ids.setdefault(received.rcpt_tos[0], []).append(str(received.parsed()["Message-ID"]))
    return ids


def terminate_worker_database_connections(postgres: str) -> int:
    """``pg_terminate_backend`` on every connection the worker holds, as a failover would."""
    with psycopg.connect(postgres, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = %s AND datname = current_database()",
            [WORKER_APPLICATION_NAME],
        ).fetchall()
    return len(rows)


def test_database_connection_dropped_right_after_acceptance_sends_once(
    workers: Workers, smtp: RunningSmtp, postgres: str
) -> None:
    users = due_workout_reminders(5)
    terminated: list[int] = []

    def drop_the_workers_connection_on_the_third_message(attempt: int) -> str | None:
        # The worker holds the row in SENDING and waits for this reply; its next
        # database write is the one that records SENT.
        if attempt == 3:
            terminated.append(terminate_worker_database_connections(postgres))
        return None  # 250: the server has the message

    smtp.handler.on_data = drop_the_workers_connection_on_the_third_message
    reminders_dispatch_due()
    workers.start()

    wait_until(lambda: states()[Delivery.State.SENT] == 5, workers, "5 SENT rows")
    assert terminated == [1], "the fault must have hit the worker's connection"
    assert "retrying on a fresh database connection" in workers.logs()
    # The sweeper, however late it comes, finds nothing to send again.
    assert (
        sum(deliveries_requeue_stuck(now=timezone.now() + dt.timedelta(hours=1)).__dict__.values())
        == 0
    )
    time.sleep(1)
    assert_delivered_exactly_once(smtp, users)
    assert not Delivery.objects.exclude(last_error="").exists()


def test_database_down_past_the_write_retries_keeps_the_acceptance_for_the_sweeper(
    postgres: str, redis_broker: str, smtp: RunningSmtp
) -> None:
    """With no time left for the SENT write's retries (REMINDERS_SENT_WRITE_RETRY_SECONDS
    = 0, standing in for a database down longer than them), the worker keeps the
    acceptance in Redis, and the sweeper records SENT instead of sending again."""
    users = due_workout_reminders(3)
    env = {**worker_env(postgres, redis_broker, smtp), "REMINDERS_SENT_WRITE_RETRY_SECONDS": "0"}

    def drop_the_workers_connection_on_the_second_message(attempt: int) -> str | None:
        if attempt == 2:
            terminate_worker_database_connections(postgres)
        return None

    smtp.handler.on_data = drop_the_workers_connection_on_the_second_message
    with running_workers(env) as workers:
        reminders_dispatch_due()
        workers.start()
        wait_until(
            lambda: states() == Counter({Delivery.State.SENT: 2, Delivery.State.SENDING: 1}),
            workers,
            "2 SENT rows and the one whose SENT write failed",
        )
        assert "kept in Redis for the sweeper" in workers.logs()
        later = timezone.now() + dt.timedelta(seconds=settings.REMINDERS_SENDING_STUCK_SECONDS + 1)
        report = deliveries_requeue_stuck(now=later)
        assert (report.accepted_sending, report.stuck_sending) == (1, 0)
        time.sleep(2)  # a worker that was wrongly given the row would send it now
    assert states() == Counter({Delivery.State.SENT: 3})
    assert_delivered_exactly_once(smtp, users)


def test_worker_killed_right_after_acceptance_repeats_at_most_with_the_same_message_id(
    workers: Workers, smtp: RunningSmtp
) -> None:
    users = due_workout_reminders(5)
    first = workers.start()

    def kill_once_the_third_message_is_accepted(attempt: int) -> str | None:
        # The server keeps the message (250), the worker never hears of it: the one
        # window SMTP itself cannot close.
        if attempt == 3:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        return None

    smtp.handler.on_data = kill_once_the_third_message_is_accepted
    reminders_dispatch_due()
    wait_until(lambda: first.poll() is not None, workers, "the worker to be killed")
    assert first.returncode == -signal.SIGKILL
    stranded = Delivery.objects.get(state=Delivery.State.SENDING)

    workers.start()
    sweep_after_the_stuck_threshold()
    wait_until(lambda: states()[Delivery.State.SENT] == 5, workers, "all 5 SENT after restart")
    time.sleep(1)

    ids = message_ids_by_recipient(smtp)
    assert sorted(ids) == sorted(u.email for u in users), "someone got nothing"
    repeated = {email: got for email, got in ids.items() if len(got) > 1}
    assert set(repeated) <= {stranded.user.email}
    assert len(ids[stranded.user.email]) in (1, 2)
    assert len(set(ids[stranded.user.email])) == 1, "a repeat must carry the same Message-ID"
    assert ids[stranded.user.email][0].startswith(f"<reminder.{stranded.pk}.workout.")
    assert ids[stranded.user.email][0].endswith("@steady.example>")


def test_worker_killed_during_quit_sends_nothing_again(workers: Workers, smtp: RunningSmtp) -> None:
    """SENT is recorded before QUIT: a crash during the goodbye leaves nothing to resend."""
    users = due_workout_reminders(5)
    first = workers.start()

    def kill_at_the_third_quit() -> None:
        if smtp.handler.quits == 3:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)

    smtp.handler.on_quit = kill_at_the_third_quit
    reminders_dispatch_due()
    wait_until(lambda: first.poll() is not None, workers, "the worker to be killed")
    assert states()[Delivery.State.SENT] == 3
    assert not Delivery.objects.filter(state=Delivery.State.SENDING).exists()

    workers.start()
    later = timezone.now() + dt.timedelta(seconds=settings.REMINDERS_SENDING_STUCK_SECONDS + 1)
    assert deliveries_requeue_stuck(now=later).stuck_sending == 0
    wait_until(lambda: states()[Delivery.State.SENT] == 5, workers, "all 5 SENT after restart")
    time.sleep(1)
    assert_delivered_exactly_once(smtp, users)


# --- Redis killed and restarted ---------------------------------------------------


@dataclass
class OwnRedis:
    """A Redis server of this test's own, on a spare port, without persistence: killing
    it loses every queued message, as a restart without AOF does."""

    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redis

        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url, socket_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.RedisError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def queued(self) -> int:
        import redis

        return int(redis.Redis.from_url(self.url).llen("celery"))


@pytest.fixture
def own_redis() -> Iterator[OwnRedis]:
    server = OwnRedis()
    server.start()
    try:
        yield server
    finally:
        if server.process is not None and server.process.poll() is None:
            server.kill()


def beat_runs(env: dict[str, str], task: str, at: dt.datetime) -> dict[str, int]:
    """Run one beat task in a process of its own (as beat → worker would) at ``at``.

    It talks to this test's own Redis; time-machine starts its clock at ``at``.
    """
    script = (
        "import datetime, json, sys, django; django.setup()\n"
        "import time_machine\n"
        "from apps.reminders import tasks\n"
        "with time_machine.travel(datetime.datetime.fromisoformat(sys.argv[2]), tick=True):\n"
        "    print(json.dumps(getattr(tasks, sys.argv[1])()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, task, at.isoformat()],
        cwd=ROOT,
        env={**env, "LOG_LEVEL": "WARNING"},
        capture_output=True,
        check=True,
        timeout=60,
    )
    report: dict[str, int] = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return report


def test_redis_killed_and_restarted_delivers_every_reminder_once_within_two_minutes(
    postgres: str, own_redis: OwnRedis, smtp: RunningSmtp
) -> None:
    users = due_workout_reminders(20)
    env = worker_env(postgres, own_redis.url, smtp)
    hold_first_send = threading.Event()

    def keep_the_worker_busy_with_the_first(attempt: int) -> str | None:
        if attempt == 1:
            hold_first_send.wait(timeout=30)
        return None

    smtp.handler.on_data = keep_the_worker_busy_with_the_first
    with running_workers(env) as workers:
        workers.start()
        report = beat_runs(env, "dispatch_due_reminders", timezone.now())
        assert report["enqueued"] == 20
        wait_until(lambda: smtp.handler.attempts == 1, workers, "the first send to begin")
        assert own_redis.queued() == 19  # one in the worker's hands, 19 waiting in Redis

        own_redis.kill()  # every waiting message is gone with it
        own_redis.start()
        back_at = timezone.now()
        hold_first_send.set()
        wait_until(lambda: states()[Delivery.State.SENT] == 1, workers, "the first SENT")
        assert states()[Delivery.State.QUEUED] == 19

        # Beat's rescue sweep runs every minute. Half a minute after Redis is back the
        # rows have not waited REMINDERS_QUEUED_LOST_SECONDS yet; the sweep one minute
        # after sends them all.
        early = beat_runs(env, "requeue_stuck_deliveries", back_at + dt.timedelta(seconds=30))
        assert early["lost_queued"] == 0
        first_sweep = back_at + dt.timedelta(seconds=60)
        report = beat_runs(env, "requeue_stuck_deliveries", first_sweep)
        assert (report["lost_queued"], report["enqueued"]) == (19, 19)
        relayed = time.monotonic()
        wait_until(lambda: states()[Delivery.State.SENT] == 20, workers, "all 20 SENT")
        drained = time.monotonic() - relayed
        time.sleep(1)
    assert_delivered_exactly_once(smtp, users)
    # On the test's clock: relayed one minute after Redis came back, then sent.
    assert (first_sweep - back_at).total_seconds() + drained < 120
