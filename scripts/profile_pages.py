"""CPU per request of the key pages, in one process, with no server in between.

    uv run python -m scripts.profile_pages [--repeat 50] [--users 20] [--years 3]

Generates histories once into PostgreSQL (``manage.py generate_demo_data``; reused on the
next run), logs one generated person in with Django's test client, then requests each page
``--repeat`` times after a few unmeasured requests and prints the median CPU milliseconds
of this process per request (the Python side of gunicorn's cost: views, ORM, templates;
PostgreSQL's own CPU is not in it). ``scripts/bench`` measures the whole stack under load;
this script is the quick loop for finding what a page spends its time on.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scripts.bench import this_tree

if TYPE_CHECKING:
    from django.test import Client

PREFIX = "profile"
SET_LOGGING = "Log a set (HTMX POST)"
PROFILE_FILTER = os.environ.get("PROFILE_FILTER", "")
WARM_UP_REQUESTS = 3


@dataclass(frozen=True)
class Measured:
    name: str
    median_ms: float
    queries: int


def ensure_database(database_url: str) -> None:
    import psycopg

    server, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            # The name comes from our own command line, not from a visitor.
            conn.execute(f'CREATE DATABASE "{name}"'.encode())


def prepare(database_url: str, redis_url: str, users: int, years: float) -> None:
    """Production settings on ``database_url``, migrated, with generated people (once)."""
    ensure_database(database_url)
    # The benchmark's production settings and manage.py runner, for this tree.
    side = this_tree(database_url.rsplit("/", 1)[1])
    env = side.env(database_url, redis_url)
    side.manage(env, "migrate", "--noinput")
    side.manage(env, "collectstatic", "--noinput")
    os.environ.update(env)
    import django

    django.setup()
    from apps.accounts.models import User

    if not User.objects.filter(email__startswith=f"{PREFIX}-").exists():
        print(f"Generating {users} people × {years} years of history (once)…", flush=True)
        print(
            side.manage(
                env,
                "generate_demo_data",
                *("--users", str(users), "--years", str(years), "--prefix", PREFIX),
            ).strip(),
            flush=True,
        )


def cpu_ms(client: Client, path: str, *, post: bool = False) -> float:
    started = time.process_time()
    if post:
        body = {"client_id": str(uuid.uuid4()), "reps": "10", "load": "20", "rpe": ""}
        response = client.post(path, body, headers={"HX-Request": "true"})
    else:
        response = client.get(path)
    elapsed = (time.process_time() - started) * 1000
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    # A saved set starts the rest timer; a set the form turned down does not.
    assert not post or "HX-Trigger" in response, f"{path} did not save the set"
    return elapsed


def measure(client: Client, name: str, path: str, repeat: int, *, post: bool = False) -> Measured:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARM_UP_REQUESTS):
        cpu_ms(client, path, post=post)
    with CaptureQueriesContext(connection) as captured:
        cpu_ms(client, path, post=post)
    # Counted now: every request starts by emptying the connection's query log.
    queries = len(captured)
    timings = [cpu_ms(client, path, post=post) for _ in range(repeat)]
    return Measured(name, statistics.median(timings), queries)


def print_profile(client: Client, path: str, repeat: int, *, post: bool) -> None:
    """Where the CPU of ``repeat`` requests to ``path`` goes, by cumulative time."""
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(repeat):
        cpu_ms(client, path, post=post)
    profiler.disable()
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    stats.print_stats(PROFILE_FILTER, 60)


def pages_for_person() -> tuple[Client, list[tuple[str, str]], str]:
    """A logged-in client for the first generated person, the GET pages, and the URL
    that logs a set into a fresh open session of theirs."""
    from django.test import Client
    from django.urls import reverse

    from apps.accounts.models import User
    from apps.programs.models import Exercise
    from apps.workouts.models import SessionExercise, SetLog, WorkoutSession
    from apps.workouts.services import session_start

    user = User.objects.get(email=f"{PREFIX}-000000@example.test")
    # A fresh open session each run, as at the start of a workout.
    WorkoutSession.objects.filter(user=user, finished_at__isnull=True).delete()
    session = session_start(user=user, planned=None, minimum=True)
    row = (
        SessionExercise.objects.filter(session=session, reps_low__isnull=False)
        .order_by("order")
        .first()
    )
    assert row is not None, "the minimum session has exercises"
    busiest = (
        SetLog.objects.filter(user=user, load_kg__isnull=False)
        .values_list("session_exercise__exercise_id", flat=True)
        .first()
    )
    assert busiest is not None, "the generated history has loaded sets"
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    gets = [
        # The fixed cost every signed-in request pays: the middleware alone, then the
        # base template around a paragraph and a button.
        ("Floor (/ping)", reverse("core:ping")),
        ("Base page (data export)", reverse("accounts:export")),
        ("Today", reverse("programs:today")),
        ("Session page", reverse("workouts:session", args=[session.pk])),
        ("History", reverse("workouts:history")),
        (
            "Progress (exercise)",
            reverse("workouts:exercise_progress", args=[Exercise.objects.get(pk=busiest).slug]),
        ),
        ("Journal", reverse("journal:timeline")),
        ("Insights", reverse("journal:insights")),
    ]
    return client, gets, reverse("workouts:set_log", args=[row.pk])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=50, help="measured requests per page")
    parser.add_argument("--users", type=int, default=20, help="people to generate (once)")
    parser.add_argument("--years", type=float, default=3.0, help="history per person")
    parser.add_argument(
        "--profile", default="", help="print cProfile's top functions for this page name"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "PROFILE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/steady_profile"
        ),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("PROFILE_REDIS_URL", "redis://127.0.0.1:6379/9")
    )
    args = parser.parse_args()
    prepare(args.database_url, args.redis_url, args.users, args.years)
    client, gets, set_log_path = pages_for_person()
    pages = [*((name, path, False) for name, path in gets), (SET_LOGGING, set_log_path, True)]
    results = [measure(client, name, path, args.repeat, post=post) for name, path, post in pages]
    for name, path, post in pages:
        if name == args.profile:
            print_profile(client, path, args.repeat, post=post)
    width = max(len(r.name) for r in results)
    print(f"\n{'page':<{width}}  CPU ms (median of {args.repeat})  queries")
    for r in results:
        print(f"{r.name:<{width}}  {r.median_ms:>8.1f}                {r.queries:>4}")


if __name__ == "__main__":
    main()
