"""The benchmark's CPU split (scripts/bench.py): it must count what it says it counts.

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
    meter = CpuMeter(os.getpid())
    meter.begin()
    script = BURN.format(seconds=0.3) + "\nprint('burnt', flush=True)\ninput()"
    worker = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    burn(0.2)
    assert worker.stdout is not None
    assert worker.stdout.readline() == b"burnt\n"
    figures = meter.per_request_ms(requests=1)
    worker.communicate(b"\n")
    assert set(figures) == set(CPU_KINDS)
    assert figures["gunicorn"] >= 450  # 0.2 s here + 0.3 s in the worker, in ms (10 ms ticks)
    assert figures["all"] >= figures["gunicorn"] * 0.9


def test_a_finished_child_such_as_wrk_is_counted_as_wrk() -> None:
    meter = CpuMeter(gunicorn_pid=-1)
    meter.begin()
    subprocess.run([sys.executable, "-c", BURN.format(seconds=0.2)], check=True)
    figures = meter.per_request_ms(requests=2)
    assert 80 <= figures["wrk"] <= 200  # 0.2 s over two requests, plus Python's start-up
    assert figures["gunicorn"] == 0


def test_processes_are_told_apart_by_name_and_parent() -> None:
    meter = CpuMeter(gunicorn_pid=-1)
    assert meter._kind("123", "123 (postgres) S 1 1 1") == "postgres"
    assert meter._kind("124", "124 (redis-server) S 1 1 1") == "redis"
    assert meter._kind("125", "125 (python3) S 1 1 1") is None
    assert CpuMeter(gunicorn_pid=1)._kind("126", "126 (python) S 1 1 1") == "gunicorn"
