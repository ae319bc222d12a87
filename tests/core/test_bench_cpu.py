"""The benchmark's CPU meter (scripts/bench.py): it must count what it says it counts.

Linux only, like the benchmark: it reads /proc.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from scripts.bench import CPU_KINDS, CpuMeter

BURN = "import time\nend = time.process_time() + {seconds}\nwhile time.process_time() < end: pass"


def burn(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_the_web_server_and_its_workers_are_counted_as_gunicorn() -> None:
    # This process stands in for gunicorn's master; a child of it for a worker, which
    # burns its CPU, says so, and stays alive until it is told to go.
    meter = CpuMeter(os.getpid(), database="no_such_database")
    meter.begin()
    script = BURN.format(seconds=0.3) + "\nprint('burnt', flush=True)\ninput()"
    worker = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    burn(0.2)
    assert worker.stdout is not None
    assert worker.stdout.readline() == b"burnt\n"
    meter.end()
    worker.communicate(b"\n")
    figures = meter.per_request_ms(requests=1)
    assert set(figures) == {*CPU_KINDS, "total"}
    assert figures["gunicorn"] >= 450  # 0.2 s here + 0.3 s in the worker, in ms (10 ms ticks)
    assert figures["postgres"] == 0
    assert figures["total"] == figures["gunicorn"]


def test_cpu_is_shared_out_over_the_requests() -> None:
    meter = CpuMeter(os.getpid(), database="no_such_database")
    meter.begin()
    burn(0.2)
    meter.end()
    one, four = meter.per_request_ms(requests=1), meter.per_request_ms(requests=4)
    assert one["gunicorn"] >= 190
    assert four["gunicorn"] == one["gunicorn"] / 4


def test_a_process_that_ends_meanwhile_takes_only_its_own_share_away() -> None:
    # A process seen at the start and gone at the end must not count negative.
    meter = CpuMeter(os.getpid(), database="no_such_database")
    script = BURN.format(seconds=0.2) + "\nprint('burnt', flush=True)\ninput()"
    worker = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert worker.stdout is not None
    assert worker.stdout.readline() == b"burnt\n"
    meter.begin()
    worker.communicate(b"\n")
    meter.end()
    assert meter.per_request_ms(requests=1)["gunicorn"] >= 0


def test_backends_count_only_for_the_database_under_test() -> None:
    meter = CpuMeter(gunicorn_pid=-1, database="steady_bench_tree")
    stat = "123 (postgres) S 1 1 1"
    backend = "postgres: 15/main: postgres steady_bench_tree 127.0.0.1(5000) idle"
    other = "postgres: 15/main: postgres steady_bench_tree_old 127.0.0.1(5001) idle"
    assert meter._kind("123", stat, backend) == "postgres"
    assert meter._kind("123", stat, other) is None
    assert meter._kind("123", stat, "postgres: 15/main: checkpointer") is None
    assert meter._kind("125", "125 (python3) S 1 1 1", "python3 manage.py") is None
    worker = "126 (python) S 7 1 1"
    assert CpuMeter(gunicorn_pid=7, database="x")._kind("126", worker, "gunicorn") == "gunicorn"
