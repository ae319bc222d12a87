"""Hostile addresses against every URL of the authorization matrix.

For each case, Hypothesis sends generated query strings (every parameter a view reads,
plus the case's own) and, where the URL takes values, generated path values in their
place: NUL bytes, non-ASCII digits such as ``²``, huge and negative numbers, dates at and
past the ends of the calendar, unicode and markup. The server must never answer 5xx and
such a request must write nothing. The exact addresses the outside probe found are
checked one by one as well.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.accounts.models import User
from apps.journal.models import CheckIn
from apps.programs.models import CalendarFeed
from apps.workouts.models import SetLog
from tests.authz import Case
from tests.core.test_authz_matrix import CASES
from tests.core.test_no_writes_on_get import ALLOWED_WRITES
from tests.factories import SessionExerciseFactory
from tests.html_checks import assert_valid_html

pytestmark = pytest.mark.django_db

# Every query parameter a view reads (views and their GET filter forms).
QUERY_NAMES = (
    "page",
    "start",
    "month",
    "session",
    "kind",
    "from",
    "range",
    "country",
    "next",
    "retake",
    "all",
    "exercise",
    "q",
    "days",
    "minutes",
    "setting",
    "level",
    "equipment",
    "pattern",
)
hostile = st.one_of(
    st.sampled_from(
        [
            "\x00",
            "%00",
            "1\x00",
            "²",
            "١٢",
            "૩",
            "-1",
            "0",
            "99999999999999999999999999",
            "-99999999999999999999",
            "9223372036854775808",
            "1e9",
            "NaN",
            "9999-12-31",
            "0001-01-01",
            "0000-00-00",
            "2026-02-30",
            "9999-12",
            "0001-01",
            "2026-13",
            "<script>x</script>",
            "",
        ]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(max_size=20),
)
# Markers that satisfy every converter, replaced by hostile values after reversing.
INT_MARKER = 987654321000
TEXT_MARKER = "zzhostilezz"


LOGGED_OPENINGS = {name for name, _table, _kind in ALLOWED_WRITES}


def steady_row_counts() -> dict[str, int]:
    models: list[type[Model]] = [
        m for m in apps.get_models() if m._meta.app_config.name.startswith("apps.")
    ]
    return {m._meta.label: m._default_manager.count() for m in models}


def url_with_path_values(case: Case, kwargs: dict[str, Any], values: list[str]) -> str:
    markers: dict[str, str] = {}
    marked: dict[str, Any] = {}
    for index, (name, value) in enumerate(sorted(kwargs.items())):
        marker = INT_MARKER + index if isinstance(value, int) else f"{TEXT_MARKER}{index}"
        marked[name] = marker
        markers[str(marker)] = quote(values[index % len(values)], safe="")
    url = reverse(case.url_name, kwargs=marked)
    for marker, value in markers.items():
        url = url.replace(marker, value)
    return url


@pytest.fixture
def demo() -> tuple[User, Client, Client]:
    call_command("seed_demo")
    user = User.objects.get(email="demo@steady.local")
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(user)
    return user, signed_in, Client(raise_request_exception=False)


def test_every_url_survives_hostile_query_strings_and_path_values(
    demo: tuple[User, Client, Client],
) -> None:
    user, signed_in, anonymous = demo
    kwargs_by_case = {
        case.id + case.query: case.make_kwargs(user) if case.make_kwargs else {} for case in CASES
    }
    # Pages that make their own rows on a first visit (preferences) have made them now.
    for case in CASES:
        if case.method == "get":
            signed_in.get(reverse(case.url_name, kwargs=kwargs_by_case[case.id + case.query]))
    # POSTs only with hostile path values: with real ones a POST may rightly write.
    fuzzed = [c for c in CASES if c.method == "get" or kwargs_by_case[c.id + c.query]]

    @settings(
        max_examples=150,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(data=st.data())
    def send(data: st.DataObject) -> None:
        case = data.draw(st.sampled_from(fuzzed), label="case")
        kwargs = kwargs_by_case[case.id + case.query]
        if kwargs and (case.method == "post" or data.draw(st.booleans(), label="bad path")):
            url = url_with_path_values(
                case, kwargs, data.draw(st.lists(hostile, min_size=1, max_size=3))
            )
        else:
            url = reverse(case.url_name, kwargs=kwargs)
        names = data.draw(st.lists(st.sampled_from(QUERY_NAMES), max_size=4, unique=True))
        query = urlencode({name: data.draw(hostile, label=name) for name in names})
        client = data.draw(st.sampled_from([signed_in, anonymous]), label="client")
        headers = {"HTTP_HX_REQUEST": "true"} if data.draw(st.booleans(), label="htmx") else {}
        before = steady_row_counts()

        if case.method == "post":
            response = client.post(f"{url}?{query}", {}, **headers)
        else:
            response = client.get(f"{url}?{query}", **headers)

        assert response.status_code < 500, f"{case.id} {url}?{query}: {response.status_code}"
        after = steady_row_counts()
        if case.url_name in LOGGED_OPENINGS and response.status_code == 200:
            # A real share link's opening is logged for its owner (see test_no_writes_on_get).
            after["summary.ShareLinkOpening"] -= 1
        assert after == before, f"{case.id} {url}?{query} wrote rows"

    send()


@pytest.mark.parametrize(
    "url",
    [
        "/journal/check-ins/new/?kind=before&session=%C2%B2",
        "/journal/questionnaires/phq9/new/?from=%C2%B2",
        "/programs/mine/week/?start=9999-12-31",
        "/programs/mine/week/?start=0001-01-01",
        "/programs/mine/month/?month=9999-12",
        "/journal/?page=99999999999999999999999999",
        "/workouts/history/?page=99999999999999999999999999",
        "/journal/?page=%00",
    ],
)
def test_the_addresses_the_probe_found_answer_calmly(owner_client: Client, url: str) -> None:
    response = owner_client.get(url)

    assert response.status_code in (200, 400, 404), response.status_code


def test_a_nul_byte_in_a_feed_token_is_a_bad_request(owner: User) -> None:
    feed = CalendarFeed.objects.create(user=owner, token="t" * 43)
    client = Client(raise_request_exception=False)

    response = client.get(f"/programs/feed/%00{feed.token}.ics")

    assert response.status_code == 400
    assert_valid_html(response)
    assert "That address didn" in response.content.decode()


def test_a_posted_set_number_in_unicode_digits_is_ignored(
    owner: User, owner_client: Client, htmx_headers: dict[str, str]
) -> None:
    row = SessionExerciseFactory(session__user=owner)
    url = reverse("workouts:set_log", args=[row.pk])

    response = owner_client.post(url, {"set_number": "²", "reps": "x"}, **htmx_headers)

    assert response.status_code == 200
    assert not SetLog.objects.exists()


def test_a_nul_byte_in_a_text_field_is_refused_next_to_the_field(
    owner: User, owner_client: Client
) -> None:
    response = owner_client.post(
        reverse("journal:checkin_create"), {"mood": "4", "note": "before\x00after"}
    )

    assert response.status_code == 422
    assert "Null characters are not allowed." in response.content.decode()
    assert not CheckIn.objects.filter(user=owner).exists()
