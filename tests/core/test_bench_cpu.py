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
    # This process stands in for gunicorn's master; a child of it for a worker.
    meter = CpuMeter(os.getpid())
    meter.begin()
    worker = subprocess.Popen([sys.executable, "-c", BURN.format(seconds=0.3) + "\ninput()"],
                              stdin=subprocess.PIPE)  # fmt: skip
    burn(0.2)
    time.sleep(0.5)  # the worker burns its 0.3 s meanwhile, then waits, still alive
    figures = meter.per_request_ms(requests=1)
    worker.communicate(b"\n")
    assert set(figures) == set(CPU_KINDS)
    assert figures["gunicorn"] >= 400  # 0.2 s here + 0.3 s in the worker, in ms
    assert figures["all"] >= figures["gunicorn"] * 0.9


def test_a_finished_child_such_as_wrk_is_counted_as_wrk() -> None:
    meter = CpuMeter(gunicorn_pid=-1)
    meter.begin()
    subprocess.run([sys.executable, "-c", BURN.format(seconds=0.2)], check=True)
    figures = meter.per_request_ms(requests=2)
    assert 80 <= figures["wrk"] <= 200  # 0.2 s over two requests, plus Python's start-up
    assert figures["gunicorn"] == 0


def test_postgresql_backends_are_counted_as_postgres() -> None:
    meter = CpuMeter(gunicorn_pid=-1)
    assert meter._kind("123", "123 (postgres) S 1 1 1") == "postgres"
    assert meter._kind("124", "124 (redis-server) S 1 1 1") == "redis"
    assert meter._kind("125", "125 (python3) S 1 1 1") is None
    assert CpuMeter(gunicorn_pid=1)._kind("126", "126 (python) S 1 1 1") == "gunicorn"
