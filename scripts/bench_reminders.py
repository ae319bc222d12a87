#!/usr/bin/env python
"""Benchmark: one ``dispatch_due_reminders`` sweep over 100,000 people on PostgreSQL.

    uv run python scripts/bench_reminders.py [--users 100000] [--broker stub|redis|both]
                                             [--drop]

Creates (or reuses) a dedicated database, ``steady_bench`` by default (BENCH_DATABASE_URL
overrides), fills it with bulk inserts — users, their reminder preferences and four
schedule rows each (400,000 rows) — and times one sweep in two situations:

- a busy minute: 1% of people (1,000) have a workout reminder due;
- the worst case: everyone's workout reminder is due in the same minute.

"Enqueue" is measured two ways: a counting stub in place of ``deliver_reminder.delay``
(the database work alone), and the real Redis broker (BENCH_REDIS_URL, default
redis://127.0.0.1:6379/6, a database of its own that no worker reads; emptied after).
It also prints the plan of the due-row query, to show the partial index at work, and
times the every-minute rescue sweep (``requeue_stuck_deliveries``) over the outbox the
sweeps left behind: 101,000 rows, all but a few SENT, a few stuck in SENDING, lost in
QUEUED or waiting to RETRY. This is a script that prints figures, not a timed test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/steady_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/6"
ZONES = [
    "America/New_York",
    "Europe/London",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "America/Los_Angeles",
    "Europe/Berlin",
    "Asia/Tokyo",
    "UTC",
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--broker", choices=["stub", "redis", "both"], default="both")
    parser.add_argument("--drop", action="store_true", help="drop the database afterwards")
    return parser.parse_args()


def ensure_database(url: str) -> None:
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def drop_database(url: str) -> None:
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"dropped database {name}")


def setup_django(db_url: str, redis_url: str) -> None:
    os.environ["DATABASE_URL"] = db_url
    os.environ["REDIS_URL"] = redis_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def populate(count: int) -> None:
    from apps.accounts.models import User
    from apps.reminders.models import ReminderKind, ReminderPreferences, ReminderSchedule

    existing = User.objects.filter(email__startswith="bench-").count()
    if existing >= count:
        print(f"reusing {existing:,} people already in the database")
        return
    started = time.perf_counter()
    batch = 5_000
    for start in range(existing, count, batch):
        users = [
            User(
                email=f"bench-{n}@bench.invalid",
                password="!",  # noqa: S106 (an unusable password)
                time_zone=ZONES[n % len(ZONES)],
                display_name=f"Bench {n}",
            )
            for n in range(start, min(start + batch, count))
        ]
        # bulk_create skips the post_save signal: rows below are made explicitly.
        User.objects.bulk_create(users, batch_size=batch)
        ids = list(
            User.objects.filter(email__in=[u.email for u in users]).values_list("id", flat=True)
        )
        ReminderPreferences.objects.bulk_create(
            [ReminderPreferences(user_id=i) for i in ids], batch_size=batch
        )
        rows = []
        zones = dict(User.objects.filter(id__in=ids).values_list("id", "time_zone"))
        for i in ids:
            zone = zones[i]
            rows += [
                ReminderSchedule(
                    user_id=i, kind=ReminderKind.WORKOUT, local_time=dt.time(8), time_zone=zone
                ),
                ReminderSchedule(
                    user_id=i,
                    kind=ReminderKind.WEEKLY_SUMMARY,
                    local_time=dt.time(18),
                    weekday=6,
                    time_zone=zone,
                ),
                ReminderSchedule(
                    user_id=i, kind=ReminderKind.PHQ9_DUE, local_time=dt.time(10), time_zone=zone
                ),
                ReminderSchedule(
                    user_id=i, kind=ReminderKind.LAPSE_NOTE, local_time=dt.time(10), time_zone=zone
                ),
            ]
        ReminderSchedule.objects.bulk_create(rows, batch_size=batch * 4)
    seconds = time.perf_counter() - started
    print(f"inserted {count - existing:,} people + 4 schedules each in {seconds:.1f} s")


def arrange(due_every: int) -> int:
    """Make every ``due_every``-th person's workout reminder due; the rest later today."""
    from django.db import connection

    from apps.reminders.models import Delivery

    Delivery.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE reminders_reminderschedule SET next_fire_at = CASE
              WHEN kind = 'workout' AND user_id %% %s = 0 THEN now() - interval '10 seconds'
              WHEN kind IN ('workout', 'weekly_summary')
                THEN now() + (1 + user_id %% 1440) * interval '1 minute'
              ELSE NULL END
            """,
            [due_every],
        )
        cursor.execute("ANALYZE reminders_reminderschedule")
        cursor.execute(
            "SELECT count(*) FROM reminders_reminderschedule WHERE next_fire_at <= now()"
        )
        row = cursor.fetchone()
    return int(row[0])


def explain() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (ANALYZE, COSTS OFF) SELECT id FROM reminders_reminderschedule "
            "WHERE next_fire_at <= now() ORDER BY next_fire_at LIMIT 500 FOR UPDATE SKIP LOCKED"
        )
        return "\n".join("    " + row[0] for row in cursor.fetchall())


def sweep(broker: str) -> tuple[float, Any, int]:
    from apps.reminders import tasks
    from apps.reminders.services import reminders_dispatch_due

    published = 0
    original = tasks.deliver_reminder.delay
    if broker == "stub":

        def counting_delay(*args: Any, **kwargs: Any) -> None:
            nonlocal published
            published += 1

        tasks.deliver_reminder.delay = counting_delay  # type: ignore[method-assign,assignment]
    try:
        started = time.perf_counter()
        report = reminders_dispatch_due()
        elapsed = time.perf_counter() - started
    finally:
        tasks.deliver_reminder.delay = original  # type: ignore[method-assign]
    if broker == "redis":
        import redis

        client = redis.Redis.from_url(os.environ["REDIS_URL"])
        published = int(client.llen("celery"))
        client.delete("celery")
    return elapsed, report, published


def rescue_sweep() -> None:
    """Time one every-minute rescue sweep over the outbox left by the sweeps above."""
    from django.db import connection
    from django.utils import timezone

    from apps.reminders import tasks
    from apps.reminders.models import Delivery
    from apps.reminders.services import deliveries_requeue_stuck

    now = timezone.now()
    long_ago = now - dt.timedelta(hours=1)
    Delivery.objects.update(
        state=Delivery.State.SENT, claimed_at=long_ago, enqueued_at=long_ago, finished_at=now
    )
    few = list(Delivery.objects.values_list("id", flat=True)[:30])
    Delivery.objects.filter(id__in=few[:10]).update(state=Delivery.State.SENDING)
    Delivery.objects.filter(id__in=few[10:20]).update(state=Delivery.State.QUEUED)
    Delivery.objects.filter(id__in=few[20:]).update(
        state=Delivery.State.RETRY, next_attempt_at=long_ago
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reminders_delivery")
    total = Delivery.objects.count()
    original = tasks.deliver_reminder.delay
    tasks.deliver_reminder.delay = lambda *a, **k: None  # type: ignore[method-assign,assignment]
    try:
        started = time.perf_counter()
        report = deliveries_requeue_stuck(now=now)
        elapsed = time.perf_counter() - started
    finally:
        tasks.deliver_reminder.delay = original  # type: ignore[method-assign]
    print(
        f"\nrescue sweep over {total:,} outbox rows (counting stub): {elapsed * 1000:.1f} ms — "
        f"stuck {report.stuck_sending}, lost {report.lost_queued}, retries "
        f"{report.due_retries}, enqueued {report.enqueued}"
    )


def main() -> None:
    args = parse_args()
    db_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    ensure_database(db_url)
    setup_django(db_url, redis_url)
    if args.broker != "stub":
        import redis

        redis.Redis.from_url(redis_url).delete("celery")
    populate(args.users)

    from django.db import connection

    print(f"PostgreSQL {connection.cursor().connection.info.server_version}, {args.users:,} people")
    brokers = ["stub", "redis"] if args.broker == "both" else [args.broker]
    for label, due_every in (("busy minute (1% due)", 100), ("everyone due at once", 1)):
        for broker in brokers:
            due = arrange(due_every)
            if broker == brokers[0]:
                print(f"\n{label}: {due:,} due rows; plan of the due query:\n{explain()}")
            elapsed, report, published = sweep(broker)
            enqueue = "counting stub" if broker == "stub" else f"Redis {redis_url}"
            print(
                f"  sweep with {enqueue}: {elapsed:.2f} s — due {report.due:,}, outbox rows "
                f"{report.created:,}, enqueued {report.enqueued:,} (published {published:,}), "
                f"{report.due / elapsed:,.0f} reminders/s"
            )
    rescue_sweep()
    if args.drop:
        connection.close()
        drop_database(db_url)


if __name__ == "__main__":
    main()
