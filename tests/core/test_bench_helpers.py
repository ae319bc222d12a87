"""The benchmark's pure parts (scripts/bench*.py): figures, the lifters step search, and
reading pages the way a browser submits them."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scripts.bench import base_description, reusable_generator
from scripts.bench_lifters import (
    next_lifter_count,
    percentile,
    summarize,
    sustained,
)
from scripts.bench_pages import (
    FLOOR,
    BenchError,
    Reply,
    Sample,
    SetForms,
    Visitor,
    drive,
    forms_in,
    session_url_from,
    set_forms_in,
    set_was_saved,
)


def test_percentile_is_the_nearest_rank() -> None:
    values = list(range(1, 101))
    assert percentile(values, 0.95) == 95
    assert percentile(values, 0.50) == 50
    assert percentile(values, 1.0) == 100
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([30, 10, 20], 0.5) == 20  # order of arrival does not matter
    # 19 fast requests and one slow one: the slow one is the 5% tail, not the p95.
    assert percentile([10] * 19 + [900], 0.95) == 10
    assert percentile([10] * 18 + [900, 900], 0.95) == 900


@pytest.mark.parametrize("fraction", [0, 1.5])
def test_percentile_refuses_nonsense(fraction: float) -> None:
    with pytest.raises(ValueError, match="fraction"):
        percentile([1.0], fraction)
    with pytest.raises(ValueError, match="no values"):
        percentile([], 0.5)


def search(limit: int, ceiling: int = 200) -> list[int]:
    """The counts tried against an app that keeps p95 under 100 ms up to ``limit``."""
    tried: dict[int, bool] = {}
    while (count := next_lifter_count(tried, ceiling=ceiling)) is not None:
        assert count not in tried
        tried[count] = count <= limit
    assert sustained(tried) == max((n for n in tried if n <= limit), default=0)
    return list(tried)


def test_the_step_search_doubles_then_bisects() -> None:
    assert search(3) == [1, 2, 4, 3]
    assert search(12) == [1, 2, 4, 8, 16, 12, 14, 13]


def test_the_step_search_stops_within_an_eighth_at_large_counts() -> None:
    tried = search(40)
    assert tried[:7] == [1, 2, 4, 8, 16, 32, 64]
    best = max(n for n in tried if n <= 40)
    lowest_failure = min(n for n in tried if n > 40)
    assert lowest_failure - best <= best // 8
    assert len(tried) <= 10


def test_the_step_search_ends_when_one_lifter_is_too_many_or_everyone_fits() -> None:
    assert search(0) == [1]
    assert search(500, ceiling=6) == [1, 2, 4, 6]


def test_a_noisy_failure_below_a_pass_does_not_undo_it() -> None:
    # 4 failed once (a neighbour's test suite), 8 passed: the answer lies above 8.
    assert next_lifter_count({1: True, 2: True, 4: False, 8: True}, ceiling=200) == 16
    assert sustained({1: True, 2: True, 4: False, 8: True}) == 8


def test_a_step_counts_the_requests_begun_in_its_window() -> None:
    samples = [
        Sample(started=0.5, seconds=9.0, ok=False),  # the warm-up: not counted
        *(Sample(started=1.0 + i / 100, seconds=0.020, ok=True) for i in range(19)),
        Sample(started=1.5, seconds=0.400, ok=False),
        Sample(started=3.0, seconds=0.010, ok=True),  # after the window
    ]
    step = summarize(4, samples, start=1.0, end=3.0)
    assert step.requests == 20
    assert step.rps == 10
    assert step.p95_ms == pytest.approx(20)
    assert step.max_ms == pytest.approx(400)
    assert step.errors == 1
    assert not step.passed
    assert summarize(4, samples[1:20], start=1.0, end=3.0).passed


def test_a_step_without_requests_fails() -> None:
    step = summarize(2, [], start=0.0, end=1.0)
    assert step.requests == 0
    assert not step.passed


def test_a_base_is_reused_only_for_the_same_sizes() -> None:
    note = base_description(200, 3.0, "abc123")
    assert reusable_generator(note, 200, 3.0) == "abc123"
    assert reusable_generator(note, 20, 3.0) is None
    assert reusable_generator(note, 200, 1.0) is None
    assert reusable_generator("", 200, 3.0) is None


SESSION_PAGE = """
<body hx-headers='{"X-CSRFToken": "token"}'>
<form method="post" class="set-form" action="/workouts/exercises/7/sets/"
      hx-post="/workouts/exercises/7/sets/" hx-target="closest li">
  <input type="hidden" name="csrfmiddlewaretoken" value="masked">
  <input type="hidden" name="set_number" value="1">
  <input type="hidden" name="client_id" value="old-id">
  <input type="number" name="reps" value="10">
  <input type="number" name="load" value="">
  <select name="rpe"><option value="">Skip</option><option value="8">8</option></select>
  <input type="checkbox" name="warm_up" value="1">
  <button type="submit">Done</button>
</form>
<form method="post" action="/workouts/exercises/7/add-set/"
      hx-post="/workouts/exercises/7/add-set/"></form>
<form method="post" action="/workouts/sessions/3/discard/"></form>
</body>
"""

FINISH_PAGE = """
<form method="post" novalidate>
  <input type="number" name="duration_min" value="42" required>
  <input type="radio" name="session_rpe" value="0"> <input type="radio" name="session_rpe"
  value="1"> <input type="radio" name="session_rpe" value="2">
  <input type="radio" name="mood" value="low"><input type="radio" name="mood" value="ok" checked>
  <textarea name="notes">
Felt steady.</textarea>
  <select name="unit"><option value="kg">kg</option><option value="lb" selected>lb</option>
  </select>
  <input type="checkbox" name="share" value="yes" checked>
  <input type="text" name="nickname" value="x" disabled>
</form>
"""


def test_set_forms_are_read_as_htmx_would_post_them() -> None:
    forms = forms_in(SESSION_PAGE, "/workouts/sessions/3/")
    assert [form.action for form in forms] == [
        "/workouts/exercises/7/sets/",
        "/workouts/exercises/7/add-set/",
        "/workouts/sessions/3/discard/",
    ]
    [done] = set_forms_in(SESSION_PAGE, "/workouts/sessions/3/")
    assert done.htmx
    assert done.fields == (
        ("csrfmiddlewaretoken", "masked"),
        ("set_number", "1"),
        ("client_id", "old-id"),
        ("reps", "10"),
        ("load", ""),
        ("rpe", ""),  # the option selected by default is the first
    )
    assert dict(done.filled(client_id="new-id"))["client_id"] == "new-id"
    assert done.names() >= {"reps", "client_id"}


def test_a_form_is_filled_in_as_a_person_would() -> None:
    [form] = forms_in(FINISH_PAGE, "/workouts/sessions/3/finish/")
    assert form.action == "/workouts/sessions/3/finish/"  # no action: the page itself
    assert not form.htmx
    assert form.fields == (
        ("duration_min", "42"),
        ("session_rpe", "1"),  # nothing checked: the middle of the scale
        ("mood", "ok"),  # the checked one
        ("notes", "Felt steady."),
        ("unit", "lb"),
        ("share", "yes"),
    )


def test_the_session_is_found_behind_the_before_check_in() -> None:
    straight = "/workouts/sessions/12/"
    behind = "/journal/check-ins/new/?kind=before&session=12&next=%2Fworkouts%2Fsessions%2F12%2F"
    assert session_url_from(straight) == straight
    assert session_url_from(behind) == straight
    with pytest.raises(BenchError, match="not to a session"):
        session_url_from("/accounts/login/?next=/workouts/start/")


def test_a_set_counts_as_saved_only_without_errors() -> None:
    assert set_was_saved(200, '<li class="set-row set-done">Set 1</li>')
    assert not set_was_saved(200, '<input name="reps" aria-invalid="true">')
    assert not set_was_saved(200, '<ul class="errorlist nonfield"><li>Reload</li></ul>')
    assert not set_was_saved(404, "Not found")


ADDED_ROW = """<li class="set-row set-pending"><form method="post"
  hx-post="/workouts/exercises/7/sets/"><input type="hidden" name="client_id" value="a">
  <input type="hidden" name="set_number" value="{number}"></form></li>"""


class CookieSetter(BaseHTTPRequestHandler):
    """Sets a cookie on /set, deletes it on /delete (as Django does), echoes the rest;
    a POST (Add a set) answers with a new set's row."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        body = ADDED_ROW.format(number=self.path.count("/")).encode()
        self.send_response(200 if self.headers["HX-Request"] == "true" else 400)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.send_response(200)
        if self.path == "/set":
            self.send_header("Set-Cookie", "messages=hello; HttpOnly; Path=/; Secure")
        if self.path == "/delete":
            self.send_header(
                "Set-Cookie",
                'messages=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/',
            )
        body = (self.headers.get("Cookie", "") + "|" + self.headers["X-CSRFToken"]).encode()
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def cookie_server() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), CookieSetter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_the_visitor_keeps_cookies_as_a_browser_does(cookie_server: int) -> None:
    replies: list[Reply] = []
    visitor = Visitor(
        cookie_server, {"sessionid": "s1", "csrftoken": "c1"}, on_reply=replies.append
    )
    assert visitor.get("/").body == "sessionid=s1; csrftoken=c1|c1"
    visitor.get("/set")
    # The server closed the connection; the next request opens a new one.
    assert visitor.get("/").body == "sessionid=s1; csrftoken=c1; messages=hello|c1"
    visitor.get("/delete")
    assert visitor.get("/").body == "sessionid=s1; csrftoken=c1|c1"
    assert len(replies) == 5
    assert all(reply.status == 200 for reply in replies)


def test_past_the_planned_sets_a_set_is_added_first(cookie_server: int) -> None:
    visitor = Visitor(cookie_server, {"sessionid": "s1", "csrftoken": "c1"})
    forms = SetForms(visitor, "/workouts/sessions/3/", SESSION_PAGE)
    planned = forms.next()
    assert dict(planned.fields)["client_id"] == "old-id"
    added = forms.next()  # from the server's answer to "Add a set"
    assert added.action == "/workouts/exercises/7/sets/"
    assert dict(added.fields)["set_number"] == "5"
    without_adders = SetForms(visitor, "/workouts/sessions/3/", "<form></form>")
    with pytest.raises(BenchError, match="no way to add one"):
        without_adders.next()


def test_a_page_is_driven_to_the_end_of_every_request_begun(cookie_server: int) -> None:
    began = time.monotonic()
    samples = drive(
        cookie_server, FLOOR, {"sessionid": "s1", "csrftoken": "c1"}, clients=2, seconds=0.3
    )
    finished = time.monotonic()
    assert len(samples) >= 2
    assert all(sample.ok for sample in samples)
    assert all(began <= sample.started < began + 0.3 for sample in samples)
    assert all(sample.started + sample.seconds <= finished for sample in samples)
