"""What scripts/bench.py asks the app for, over HTTP only, so that the same code drives any
commit of the app: a visitor with a cookie jar, the forms a page offers as a browser would
submit them, and the pages of the per-page table.

The URLs are the app's public ones (they stay the same across rewrites); everything else
(session ids, the set forms and their fields) is read from the pages themselves.
"""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import unquote, urlencode

TODAY = "/programs/today/"
START = "/workouts/start/"
HISTORY = "/workouts/history/"
JOURNAL = "/journal/"
INSIGHTS = "/journal/insights/"
# The smallest signed-in page: the base template around a paragraph and a button.
SHELL = "/settings/export/"
SET_LOG_URL = re.compile(r"^/workouts/exercises/\d+/sets/$")
ADD_SET_URL = re.compile(r"^/workouts/exercises/\d+/add-set/$")
SESSION_URL = re.compile(r"/workouts/sessions/\d+/")
# The 15-minute session Today always offers, for when it offers no other start.
MINIMUM_START: tuple[tuple[str, str], ...] = (("minimum", "1"),)


class BenchError(Exception):
    """The app answered something a person could not have carried on from."""


class Stopped(Exception):
    """The visitor was told to stop before its next request."""


@dataclass(frozen=True)
class Form:
    """A form as the browser (or htmx, for ``hx-post``) would submit it."""

    action: str
    fields: tuple[tuple[str, str], ...]
    htmx: bool

    def names(self) -> set[str]:
        return {name for name, _value in self.fields}

    def filled(self, **values: str) -> list[tuple[str, str]]:
        """The fields with some values replaced (for example a fresh ``client_id``)."""
        return [(name, values.get(name, value)) for name, value in self.fields]


@dataclass
class _FormBeingRead:
    action: str
    htmx: bool
    # In document order; a radio group sits where its first button is, as ("", name).
    fields: list[tuple[str, str]] = field(default_factory=list)
    radios: dict[str, list[str]] = field(default_factory=dict)
    checked: dict[str, str] = field(default_factory=dict)

    def done(self) -> Form:
        fields = []
        for name, value in self.fields:
            if name:
                fields.append((name, value))
                continue
            options = self.radios[value]
            # A person answers a scale they must answer; nobody is left out by the middle.
            fields.append((value, self.checked.get(value, options[len(options) // 2])))
        return Form(self.action, tuple(fields), self.htmx)


class _FormReader(HTMLParser):
    """Collects each form's successful controls, as the HTML spec defines them (minus
    buttons: the app's submit buttons carry no name)."""

    def __init__(self, page_path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self.form: _FormBeingRead | None = None
        self.select: tuple[str, list[str], list[str]] | None = None  # name, options, selected
        self.textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            htmx = "hx-post" in values
            action = values.get("hx-post") or values.get("action") or self.page_path
            self.form = _FormBeingRead(action=action, htmx=htmx)
            return
        if self.form is None or "disabled" in values:
            return
        name = values.get("name", "")
        if tag == "input" and name:
            kind = values.get("type", "text").lower()
            if kind == "radio":
                if name not in self.form.radios:
                    self.form.radios[name] = []
                    self.form.fields.append(("", name))
                self.form.radios[name].append(values.get("value", "on"))
                if "checked" in values:
                    self.form.checked[name] = values.get("value", "on")
            elif kind == "checkbox":
                if "checked" in values:
                    self.form.fields.append((name, values.get("value", "on")))
            elif kind not in ("submit", "button", "reset", "image", "file"):
                self.form.fields.append((name, values.get("value", "")))
        elif tag == "select" and name:
            self.select = (name, [], [])
        elif tag == "option" and self.select is not None:
            self.select[1].append(values.get("value", ""))
            if "selected" in values:
                self.select[2].append(values.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = (name, [])

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if self.form is None:
            return
        if tag == "select" and self.select is not None:
            name, options, selected = self.select
            if options:
                self.form.fields.append((name, (selected or options)[0]))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            # Browsers drop the one newline that follows <textarea>.
            self.form.fields.append((name, "".join(text).removeprefix("\n")))
            self.textarea = None
        elif tag == "form":
            self.forms.append(self.form.done())
            self.form = None


def forms_in(html: str, page_path: str) -> list[Form]:
    """Every form on the page, in order; a form without an action posts to the page."""
    reader = _FormReader(page_path)
    reader.feed(html)
    reader.close()
    return reader.forms


def set_forms_in(html: str, page_path: str) -> list[Form]:
    """The session page's "Done" forms, one per set still to log."""
    return [form for form in forms_in(html, page_path) if SET_LOG_URL.match(form.action)]


class SetForms:
    """The session page's "Done" forms still open, in order; when none is left, a new
    one from "Add a set" (htmx), row by row, as a person doing extra sets would."""

    def __init__(self, visitor: Visitor, session: str, page: str) -> None:
        forms = forms_in(page, session)
        self.visitor = visitor
        self.session = session
        self.pending = [form for form in forms if SET_LOG_URL.match(form.action)]
        self.adders = [form for form in forms if ADD_SET_URL.match(form.action)]
        self.added = 0

    def next(self) -> Form:
        if self.pending:
            return self.pending.pop(0)
        if not self.adders:
            raise BenchError(f"{self.session} offers no set to log and no way to add one")
        adder = self.adders[self.added % len(self.adders)]
        self.added += 1
        reply = expect(
            self.visitor.post(adder.action, list(adder.fields), htmx=adder.htmx), "Add a set"
        )
        new = set_forms_in(reply.body, self.session)
        if not new:
            raise BenchError(f"{adder.action} answered without a set to log")
        return new[0]


def session_url_from(location: str) -> str:
    """The session a start redirect leads to, straight or through the before check-in
    (``…?next=%2Fworkouts%2Fsessions%2F12%2F``)."""
    found = SESSION_URL.search(unquote(location))
    if found is None:
        raise BenchError(f"starting a session led to {location!r}, not to a session")
    return found.group(0)


def set_was_saved(status: int, body: str) -> bool:
    """A set POST answers 200 either way: with the saved row, or with the form again and
    its errors next to the fields (marked ``aria-invalid`` for screen readers)."""
    return status < 400 and 'aria-invalid="true"' not in body and "errorlist" not in body


@dataclass(frozen=True)
class Reply:
    status: int
    location: str
    body: str
    started: float  # time.monotonic()
    seconds: float


class Visitor:
    """One person's browser: cookies kept as the server sets them, CSRF token in the header
    as htmx sends it (``hx-headers`` on ``<body>``), a new connection when the server closes
    one (gunicorn's sync workers close each). ``on_reply`` sees every reply, ``on_failure``
    every request that got none; once ``stop`` is set, the next request raises Stopped."""

    def __init__(
        self,
        port: int,
        cookies: dict[str, str],
        *,
        timeout: float = 10.0,
        stop: threading.Event | None = None,
        on_reply: Callable[[Reply], None] | None = None,
        on_failure: Callable[[float], None] | None = None,
    ) -> None:
        self.cookies = dict(cookies)
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.stop = stop
        self.on_reply = on_reply
        self.on_failure = on_failure

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def get(self, path: str, *, htmx: bool = False) -> Reply:
        return self.request("GET", path, None, htmx=htmx)

    def post(self, path: str, fields: list[tuple[str, str]], *, htmx: bool = False) -> Reply:
        return self.request("POST", path, urlencode(fields), htmx=htmx)

    def request(self, method: str, path: str, body: str | None, *, htmx: bool) -> Reply:
        if self.stop is not None and self.stop.is_set():
            raise Stopped
        headers = {"Cookie": self.cookie_header(), "X-CSRFToken": self.cookies["csrftoken"]}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if htmx:
            headers["HX-Request"] = "true"
        started = time.monotonic()
        try:
            self.connection.request(method, path, body, headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()  # the next request opens a new one
            if self.on_failure is not None:
                self.on_failure(started)
            raise
        seconds = time.monotonic() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            self._keep(header)
        reply = Reply(
            status=response.status,
            location=response.getheader("Location") or "",
            body=content.decode("utf-8", "replace"),
            started=started,
            seconds=seconds,
        )
        if self.on_reply is not None:
            self.on_reply(reply)
        return reply

    def _keep(self, header: str) -> None:
        cookie: SimpleCookie = SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            if morsel["max-age"] == "0":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value


def expect(reply: Reply, what: str) -> Reply:
    if reply.status >= 400:
        raise BenchError(f"{what} answered {reply.status}")
    return reply


def open_session(visitor: Visitor) -> str:
    """Open Today and start a session the way it offers (the view hands back the
    unfinished one if there is one); returns the session page's path."""
    today = expect(visitor.get(TODAY), "Today")
    starts = [form for form in forms_in(today.body, TODAY) if form.action == START]
    fields = list(starts[0].fields) if starts else list(MINIMUM_START)
    started = expect(visitor.post(START, fields), "Starting a session")
    return session_url_from(started.location)


@dataclass(frozen=True)
class Target:
    """One person's set form, for a page driven by many people at once."""

    cookies: dict[str, str]
    form: Form


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    target_ms: float | None = None  # issue 15's CPU target per request, gunicorn + PostgreSQL
    targets: tuple[Target, ...] = ()  # set logging: a POST by one of them at random


FLOOR = Page("floor (/ping)", "/ping")


def set_logging_target(visitor: Visitor) -> Target:
    """A person's session page open, and its first weighted set's "Done" form (any set's
    if none is weighted)."""
    session = open_session(visitor)
    page = expect(visitor.get(session), "The session page")
    forms = set_forms_in(page.body, session) or [SetForms(visitor, session, page.body).next()]
    form = next((form for form in forms if "reps" in form.names()), forms[0])
    return Target(dict(visitor.cookies), form)


@dataclass(frozen=True)
class Sample:
    started: float  # time.monotonic()
    seconds: float
    ok: bool


def drive(
    port: int, page: Page, cookies: dict[str, str], *, clients: int, seconds: float
) -> list[Sample]:
    """``clients`` threads request the page back to back for ``seconds`` (a set POST
    with a fresh client id each, as one of the page's people at random); each finishes
    the request it has begun, so all the work done belongs to a counted request."""
    deadline = time.monotonic() + seconds
    samples: list[Sample] = []

    def one_client(seed: int) -> None:
        pick = random.Random(seed)
        visitors: dict[int, Visitor] = {}
        while time.monotonic() < deadline:
            index = pick.randrange(len(page.targets)) if page.targets else -1
            if index not in visitors:
                who = page.targets[index].cookies if page.targets else cookies
                visitors[index] = Visitor(port, who)
            visitor = visitors[index]
            started = time.monotonic()
            try:
                if page.targets:
                    form = page.targets[index].form
                    reply = visitor.post(
                        form.action, form.filled(client_id=fresh_client_id()), htmx=form.htmx
                    )
                    ok = set_was_saved(reply.status, reply.body)
                else:
                    reply = visitor.get(page.path)
                    ok = reply.status < 400
            except (OSError, http.client.HTTPException):
                samples.append(Sample(started, time.monotonic() - started, ok=False))
                continue
            samples.append(Sample(reply.started, reply.seconds, ok))

    threads = [
        threading.Thread(target=one_client, args=(random.randrange(2**31),), daemon=True)
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def bench_pages(port: int, people: list[dict[str, str]], exercise_slug: str) -> list[Page]:
    """The per-page table: GET pages as the first generated person (years of history),
    then set logging spread over every generated person, into their own sessions."""
    first = Visitor(port, people[0])
    session = open_session(first)
    with ThreadPoolExecutor(max_workers=2) as pool:  # one per core
        targets = tuple(
            pool.map(lambda cookies: set_logging_target(Visitor(port, cookies)), people)
        )
    return [
        FLOOR,
        # What every full page pays before its own content: the session and user, the
        # urgent-banner query and the base template.
        Page("page shell (data export)", SHELL),
        Page("Today", TODAY, target_ms=10),
        Page("Session page", session, target_ms=15),
        Page("History", HISTORY, target_ms=10),
        Page("Progress (one exercise)", f"/workouts/progress/{exercise_slug}/", target_ms=10),
        Page("Journal", JOURNAL, target_ms=10),
        Page("Insights", INSIGHTS, target_ms=10),
        # Last: it adds sets to everyone's open session.
        Page(
            f"Log a set (HTMX POST, {len(targets)} people)",
            targets[0].form.action,
            target_ms=5,
            targets=targets,
        ),
    ]


def fresh_client_id() -> str:
    return str(uuid.uuid4())
