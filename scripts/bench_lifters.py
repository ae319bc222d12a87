"""The realistic workload of scripts/bench.py: simulated lifters at the gym.

Each lifter is one generated person in a thread of its own, with no pause between
requests: open Today, open the session page (starting the session), log 15 sets as the
page posts them (htmx, a fresh client id each), finish the session with the form the app
asks for, open history, and start over with a new session. Every request counts towards
the latency figures. The number of lifters is stepped up (doubling, then bisecting) to
find the most that keep p95 under 100 ms.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from scripts.bench_pages import (
    HISTORY,
    BenchError,
    Reply,
    Sample,
    SetForms,
    Stopped,
    Visitor,
    expect,
    forms_in,
    fresh_client_id,
    open_session,
    set_was_saved,
)

SETS_PER_SESSION = 15
P95_LIMIT_MS = 100.0
PAUSE_AFTER_ERROR_S = 0.5


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``fraction`` of all the
    values at or below it."""
    if not values:
        raise ValueError("no values")
    if not 0 < fraction <= 1:
        raise ValueError("fraction must be in (0, 1]")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def next_lifter_count(passed: Mapping[int, bool], *, ceiling: int) -> int | None:
    """The next number of lifters to try, given which counts kept p95 under the limit, or
    None when the answer is known closely enough: double from 1 until a count fails, then
    bisect between the most that passed and the fewest above it that failed, to within one
    lifter or an eighth of the count."""
    best = sustained(passed)
    failed_above = [count for count, ok in passed.items() if not ok and count > best]
    if not failed_above:
        return None if best >= ceiling else min(ceiling, max(1, best * 2))
    lowest_failure = min(failed_above)
    if lowest_failure - best <= max(1, best // 8):
        return None
    return (best + lowest_failure) // 2


def sustained(passed: Mapping[int, bool]) -> int:
    """The most lifters that kept p95 under the limit (0 if even one did not)."""
    return max((count for count, ok in passed.items() if ok), default=0)


class Lifter:
    def __init__(self, port: int, cookies: dict[str, str], stop: threading.Event) -> None:
        self.samples: list[Sample] = []
        self.problems: list[str] = []
        self.stop = stop
        self.visitor = Visitor(
            port, cookies, stop=stop, on_reply=self._replied, on_failure=self._failed
        )

    def _replied(self, reply: Reply) -> None:
        self.samples.append(Sample(reply.started, reply.seconds, ok=reply.status < 400))

    def _failed(self, started: float) -> None:
        self.samples.append(Sample(started, time.monotonic() - started, ok=False))

    def _reject_last(self) -> None:
        self.samples[-1] = replace(self.samples[-1], ok=False)

    def workout(self) -> None:
        """One session, from Today to history."""
        session = open_session(self.visitor)
        page = expect(self.visitor.get(session), "The session page")
        forms = SetForms(self.visitor, session, page.body)
        for _ in range(SETS_PER_SESSION):
            form = forms.next()
            logged = self.visitor.post(
                form.action, form.filled(client_id=fresh_client_id()), htmx=form.htmx
            )
            if not set_was_saved(logged.status, logged.body):
                self._reject_last()
                raise BenchError(f"{form.action} did not save the set ({logged.status})")
        finish_path = f"{session}finish/"
        finish_page = expect(self.visitor.get(finish_path), "The finish page")
        finish = next(
            (
                form
                for form in forms_in(finish_page.body, finish_path)
                if form.action == finish_path
            ),
            None,
        )
        if finish is None:
            raise BenchError(f"{finish_path} offers no form to finish with")
        finished = self.visitor.post(finish.action, list(finish.fields))
        if finished.status != 302:  # the form again, with its errors
            self._reject_last()
            raise BenchError(f"{finish_path} did not finish the session ({finished.status})")
        expect(self.visitor.get(HISTORY), "History")

    def run(self) -> None:
        while True:
            try:
                self.workout()
            except Stopped:
                return
            except (OSError, BenchError) as error:
                # A flow that broke off counts as an error, on the request that ended it.
                self.problems.append(str(error))
                if self.samples and self.samples[-1].ok:
                    self._reject_last()
                if self.stop.wait(PAUSE_AFTER_ERROR_S):
                    return


@dataclass
class Step:
    lifters: int
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    errors: int
    cpu_ms: dict[str, float] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def passed(self) -> bool:
        return self.requests > 0 and self.p95_ms < P95_LIMIT_MS and not self.errors


def summarize(lifters: int, samples: list[Sample], start: float, end: float) -> Step:
    """The requests that began inside the measured window."""
    counted = [sample for sample in samples if start <= sample.started < end]
    latencies = [sample.seconds * 1000 for sample in counted] or [math.inf]
    return Step(
        lifters=lifters,
        requests=len(counted),
        seconds=end - start,
        p50_ms=percentile(latencies, 0.50),
        p95_ms=percentile(latencies, 0.95),
        max_ms=max(latencies),
        errors=sum(not sample.ok for sample in counted),
    )


def run_step(
    port: int,
    people: list[dict[str, str]],
    lifters: int,
    *,
    warm_up: float,
    measure: float,
    on_measure_start: Callable[[], None] = lambda: None,
    on_measure_end: Callable[[], None] = lambda: None,
) -> Step:
    """``lifters`` people work out at once for ``warm_up`` + ``measure`` seconds; only the
    requests that began in the last ``measure`` seconds count (the slow ones still under
    way at the end too: the step waits for them). The callbacks bracket the measured
    window (for the CPU meter)."""
    stop = threading.Event()
    crew = [Lifter(port, cookies, stop) for cookies in people[:lifters]]
    threads = [threading.Thread(target=lifter.run, daemon=True) for lifter in crew]
    for thread in threads:
        thread.start()
    time.sleep(warm_up)
    start = time.monotonic()
    on_measure_start()
    time.sleep(measure)
    on_measure_end()
    end = time.monotonic()
    stop.set()
    for thread in threads:
        thread.join()
    step = summarize(lifters, [sample for lifter in crew for sample in lifter.samples], start, end)
    step.problems = sorted({problem for lifter in crew for problem in lifter.problems})
    return step
