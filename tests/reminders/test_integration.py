"""The whole path with real services: PostgreSQL, Redis, a Celery worker, an SMTP server.

The test process plays beat (it runs the sweep, which enqueues on commit to the real
Redis broker); a real ``celery worker`` subprocess, pointed at this test database,
sends through a real SMTP server (aiosmtpd) listening on 127.0.0.1 in this process.

These tests need PostgreSQL (other processes must see the committed rows) and Redis.
Without them they FAIL with instructions: they never skip and never pass silently.
Run them with, for example:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/steady_reminders \\
    REDIS_URL=redis://127.0.0.1:6379/5 uv run pytest tests/reminders/test_integration.py
"""

from __future__ import annotations

import datetime as dt
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
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from apps.accounts.models import User
from apps.programs.models import Program
from apps.reminders.models import Delivery, ReminderKind, ReminderSchedule
from apps.reminders.services import reminder_preferences_update, reminders_dispatch_due
from apps.reminders.tokens import unsubscribe_claim_from
from tests.conftest import service_missing
from tests.factories import EnrollmentFactory, UserFactory, program_with
from tests.reminders.smtp_server import RunningSmtp, smtp_server

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
REDIS_HELP = "REDIS_URL=redis://127.0.0.1:6379/5"
POSTGRES_HELP = "DATABASE_URL=postgres://postgres@127.0.0.1:5432/steady_reminders"
WAIT_SECONDS = 60


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


@pytest.fixture
def workers(postgres: str, redis_broker: str, smtp: RunningSmtp) -> Iterator[Workers]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": postgres,
        "REDIS_URL": redis_broker,
        "EMAIL_URL": smtp.url,
        "SITE_URL": "https://steady.example",
        # Short enough for a test run; the defaults are minutes (see settings).
        "REMINDERS_RETRY_BASE_SECONDS": "1",
        "REMINDERS_SENDING_STUCK_SECONDS": "3",
        "PYTHONUNBUFFERED": "1",
    }
    with tempfile.TemporaryDirectory(prefix="reminders-workers-") as tmp:
        running = Workers(env=env, log_dir=Path(tmp))
        try:
            yield running
        finally:
            running.stop_all()
            # The test database is flushed next; no worker may hold a connection.
            connections.close_all()


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
        assert "is on your plan for today" in text
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
    from apps.reminders.tasks import dispatch_due_reminders, requeue_stuck_deliveries

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
    time.sleep(3.5)  # longer than REMINDERS_SENDING_STUCK_SECONDS for the worker
    requeue_stuck_deliveries.delay()
    wait_until(lambda: states()[Delivery.State.SENT] == 50, workers, "all 50 SENT after restart")
    time.sleep(1)
    assert_delivered_exactly_once(smtp, users)
    assert Delivery.objects.count() == 50


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
