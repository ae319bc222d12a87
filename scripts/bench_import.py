#!/usr/bin/env python
"""Benchmark: import a generated 10-year Strong history of about 60,000 sets.

    DATABASE_URL=postgres://… uv run python scripts/bench_import.py [--years 10]

Writes a Strong CSV (the newer, comma-separated export: three sessions a week, eight
exercises a session, one warm-up and four working sets each, so 10 years are about 62,000
sets), then times the two steps a person waits for: the upload (the whole file checked,
``import_upload``) and the run (``import_run``, what the Celery task does), against the
database DATABASE_URL names (SQLite under var/ when unset; migrated first). The person it
imports for is deleted afterwards. Beside each wall-clock time it prints the CPU seconds of
this process and its PostgreSQL backend, which a busy shared machine changes much less.
This is a script that prints figures, not a timed test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EXERCISES = [
    ("Squat (Barbell)", 60.0),
    ("Bench Press (Barbell)", 40.0),
    ("Lat Pulldown (Cable)", 35.0),
    ("Leg Press", 80.0),
    ("Seated Row (Cable)", 35.0),
    ("Romanian Deadlift (Barbell)", 50.0),
    ("Triceps Pushdown (Cable)", 15.0),
    ("Lateral Raise (Dumbbell)", 5.0),
]
HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
)


def strong_history(years: int, seed: int = 7) -> tuple[bytes, int]:
    """A Strong export of ``years`` of training, and its number of sets."""
    rng = random.Random(seed)
    lines = [HEADER]
    day = dt.date(2016, 1, 4)
    end = day + dt.timedelta(days=365 * years)
    sets = 0
    week = 0
    while day < end:
        for offset, name in ((0, "Monday"), (2, "Wednesday"), (4, "Friday")):
            started = dt.datetime.combine(day + dt.timedelta(days=offset), dt.time(18, 0))
            stamp = started.strftime("%Y-%m-%d %H:%M:%S")
            for exercise, base in EXERCISES:
                load = round(base * (1 + week / 520) / 2.5) * 2.5
                lines.append(f'{stamp},{name},55m,"{exercise}",W,{load / 2},10,0,0,,,\n')
                for number in range(1, 5):
                    reps = rng.randint(6, 12)
                    note = '"slow, controlled"' if rng.random() < 0.02 else ""
                    lines.append(
                        f'{stamp},{name},55m,"{exercise}",{number},{load},{reps},0,0,{note},,\n'
                    )
                sets += 5
        day += dt.timedelta(days=7)
        week += 1
    return "".join(lines).encode(), sets


def backend_cpu_seconds() -> float:
    """CPU seconds of this connection's PostgreSQL backend so far (local server, /proc);
    0 when it cannot be read (SQLite, or another machine)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_now() -> float:
    """CPU seconds spent so far by this process and its database backend: on a shared
    machine this moves far less with the neighbours' load than the wall clock does."""
    return time.process_time() + backend_cpu_seconds()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from apps.accounts.models import User
    from apps.imports import services
    from apps.imports.models import Import

    data, set_count = strong_history(args.years)
    print(f"Strong file: {args.years} years, {set_count:,} sets, {len(data) / 1e6:.1f} MB")
    user = User.objects.create_user(email=f"bench-import-{time.time_ns()}@steady.local")
    try:
        cpu_started = cpu_now()
        started = time.perf_counter()
        pending = services.import_upload(user=user, data=data, filename="strong.csv", unit="kg")
        checked = time.perf_counter()
        cpu_checked = cpu_now()
        proposals = services.proposals_for(user, services.parsed_file(pending))
        mapped = time.perf_counter()
        Import.objects.filter(pk=pending.pk).update(
            state=Import.State.QUEUED,
            mapping={name: p.exercise_id for name, p in proposals.items()},
        )
        queued = time.perf_counter()
        cpu_queued = cpu_now()
        done = services.import_run(import_id=pending.pk)
        finished = time.perf_counter()
        cpu_finished = cpu_now()
        if done is None or done.state != Import.State.DONE:
            raise SystemExit(f"The import did not finish: {done and done.problem}")
        upload_cpu, run_cpu = cpu_checked - cpu_started, cpu_finished - cpu_queued
        print(
            f"upload (check the whole file):   {checked - started:6.2f} s  ({upload_cpu:.2f} s CPU)"
        )
        print(f"preview (parse again, match):    {mapped - checked:6.2f} s")
        print(f"run (the Celery task's work):    {finished - queued:6.2f} s  ({run_cpu:.2f} s CPU)")
        print(
            f"imported {done.sets_added:,} sets in {done.sessions_added:,} sessions; "
            f"upload + run {checked - started + finished - queued:.2f} s, "
            f"{upload_cpu + run_cpu:.2f} s CPU (Python and its PostgreSQL backend)"
        )
    finally:
        user.delete()


if __name__ == "__main__":
    main()
