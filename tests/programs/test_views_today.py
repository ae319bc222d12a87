"""The Today page: the planned workout, rest days, pauses and time zones."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.models import User
from apps.programs import services
from apps.programs.models import Enrollment
from apps.programs.panels import Panel
from tests.factories import (
    EnrollmentFactory,
    EnrollmentPauseFactory,
    UserFactory,
    program_with,
    shipped_program,
)
from tests.html_checks import assert_valid_html

pytestmark = pytest.mark.django_db

UTC = dt.UTC
TODAY = reverse("programs:today")


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_home_redirects_to_today(owner_client: Client) -> None:
    response = owner_client.get("/")
    assert response.status_code == 302
    assert response["Location"] == TODAY


def test_no_program_gently_suggests_choosing_one(owner_client: Client) -> None:
    response = owner_client.get(TODAY)
    content = response.content.decode()
    assert "Choose a program to begin" in content
    assert reverse("programs:browse") in content
    assert_valid_html(response)


def test_planned_day_shows_the_workout_with_prescriptions(owner: User) -> None:
    program = shipped_program("machine-foundation")
    EnrollmentFactory(user=owner, program=program, training_today=True)
    response = client_for(owner).get(TODAY)
    content = response.content.decode()
    assert "Session A" in content
    assert "About 40 minutes" in content
    assert "week 1 of 8" in content
    assert "Leg press" in content
    assert "Chest press (machine)" in content
    # Week 1 is a learning week: base RPE 6–7 shifted down by one.
    assert "3 sets × 8–12 reps · effort 5–6 of 10 (about 4–5 reps left) · rest 2 minutes" in content
    assert "Rest day" not in content
    assert_valid_html(response)


def test_rest_day_says_rest_is_part_of_the_program_and_names_the_next_session(
    owner: User,
) -> None:
    today = owner.local_today()
    tomorrow = (today.weekday() + 2) % 7
    EnrollmentFactory(
        user=owner,
        program=program_with(days=2, days_per_week=1),
        start_date=today - dt.timedelta(days=7),
        weekdays=[tomorrow],
    )
    content = client_for(owner).get(TODAY).content.decode()
    assert "Rest day — rest is part of the program" in content
    next_day = today + dt.timedelta(days=2)
    assert f"on {next_day:%A} {next_day.day} {next_day:%B}" in content
    assert "Next session: <strong>Session B</strong>" in content


def test_future_start_names_the_first_session(owner: User) -> None:
    today = owner.local_today()
    start = today + dt.timedelta(days=3)
    EnrollmentFactory(user=owner, start_date=start, weekdays=[start.weekday()])
    content = client_for(owner).get(TODAY).content.decode()
    assert "Your first session is <strong>Session A</strong>" in content
    assert "Rest day" not in content


def test_paused_program_offers_resume(owner: User) -> None:
    enrollment = EnrollmentFactory(user=owner, training_today=True, status=Enrollment.Status.PAUSED)
    EnrollmentPauseFactory(enrollment=enrollment, start_date=owner.local_today(), end_date=None)
    content = client_for(owner).get(TODAY).content.decode()
    assert "Your program is paused" in content
    assert reverse("programs:resume") in content


def test_finished_program_offers_what_next(owner: User) -> None:
    today = owner.local_today()
    EnrollmentFactory(
        user=owner,
        program=program_with(weeks=1, days_per_week=1),
        start_date=today - dt.timedelta(days=30),
        weekdays=[0],
    )
    content = client_for(owner).get(TODAY).content.decode()
    assert "You've finished" in content


def test_deload_week_is_explained(owner: User) -> None:
    today = owner.local_today()
    # One session a week, four weeks done: today is session 5 = week 5, a deload.
    EnrollmentFactory(
        user=owner,
        program=program_with(days=1, days_per_week=1),
        start_date=today - dt.timedelta(days=28),
        weekdays=[today.weekday()],
    )
    content = client_for(owner).get(TODAY).content.decode()
    assert "This is a lighter week" in content
    assert "2 sets × 8–12 reps · effort 4–5 of 10" in content


@pytest.mark.parametrize(
    ("zone", "moment", "expected"),
    [
        # 12:00 UTC on Tuesday 3 March 2026.
        ("Europe/London", "2026-03-03T12:00:00+00:00", "Rest day"),
        ("Pacific/Auckland", "2026-03-03T12:00:00+00:00", "Session B"),  # Wed 01:00
        ("America/Los_Angeles", "2026-03-03T05:00:00+00:00", "Session A"),  # Mon 21:00
        ("Asia/Kolkata", "2026-03-03T19:00:00+00:00", "Session B"),  # Wed 00:30
        ("Asia/Kolkata", "2026-03-03T18:00:00+00:00", "Rest day"),  # Tue 23:30
    ],
)
def test_today_is_the_persons_local_date(zone: str, moment: str, expected: str) -> None:
    user = UserFactory(time_zone=zone)
    EnrollmentFactory(
        user=user,
        program=program_with(days=3),
        start_date=dt.date(2026, 3, 2),
        weekdays=[0, 2, 4],
    )
    with time_machine.travel(dt.datetime.fromisoformat(moment), tick=False):
        content = client_for(user).get(TODAY).content.decode()
    heading = content.split('id="plan-heading">')[1].split("<")[0]
    assert heading.startswith(expected)


def test_panels_render_in_order_with_the_planned_session(
    owner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    EnrollmentFactory(user=owner, training_today=True)
    seen: list[Any] = []

    def fake_panels(request: Any, user: User, today: dt.date, planned: Any) -> list[Panel]:
        seen.append((user, today, planned))
        return [Panel(template="programs/_postpartum_red_flags.html")]

    monkeypatch.setattr("apps.programs.views.today_panels", fake_panels)
    content = client_for(owner).get(TODAY).content.decode()
    assert "When to stop and get checked" in content
    ((user, today, planned),) = seen
    assert user == owner
    assert today == owner.local_today()
    assert planned is not None
    assert planned.name == "Session A"
    # The plan's summary comes first, then panels, then the exercise list.
    assert (
        content.index("plan-heading")
        < content.index("When to stop")
        < content.index("exercises-heading")
    )


def test_swapped_exercise_shows_with_undo(owner: User) -> None:
    program = shipped_program("machine-foundation")
    enrollment = EnrollmentFactory(user=owner, program=program, training_today=True)
    first = program.days.get(order=1).prescriptions.get(order=1)
    goblet = first.exercise.alternative_links.get(alternative__slug="goblet-squat").alternative
    swap = services.exercise_swap(
        enrollment=enrollment,
        prescription=first,
        replacement=goblet,
        scope="once",
        day=owner.local_today(),
    )
    assert swap is not None
    content = client_for(owner).get(TODAY).content.decode()
    assert "Goblet squat" in content
    assert "instead of Leg press" in content
    assert reverse("programs:swap_undo", args=[swap.pk]) in content


def today_queries(user: User) -> int:
    client = client_for(user)
    client.get(TODAY)  # warm caches (panel providers, sessions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(TODAY)
    assert response.status_code == 200
    return len(captured)


def test_today_runs_a_constant_number_of_queries_however_long_the_program() -> None:
    small = UserFactory()
    EnrollmentFactory(
        user=small, program=program_with(days=2, exercises_per_day=2, weeks=4), training_today=True
    )
    large = UserFactory()
    big = program_with(days=6, exercises_per_day=15, weeks=52, deload_weeks=(5, 10, 20, 30))
    enrollment = EnrollmentFactory(
        user=large,
        program=big,
        start_date=large.local_today() - dt.timedelta(days=300),
        weekdays=[large.local_today().weekday()],
    )
    for week in range(1, 10):
        start = enrollment.start_date + dt.timedelta(days=week * 14)
        EnrollmentPauseFactory(
            enrollment=enrollment, start_date=start, end_date=start + dt.timedelta(days=3)
        )
    assert today_queries(small) == today_queries(large)
