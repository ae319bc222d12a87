"""My program, the week and month views, pausing, and the private calendar feed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from apps.accounts.models import User
from apps.programs import selectors, services
from apps.programs.models import CalendarFeed, Enrollment
from tests.factories import (
    EnrollmentFactory,
    UserFactory,
    WorkoutSessionFactory,
    program_with,
    shipped_program,
)
from tests.html_checks import assert_valid_html

pytestmark = pytest.mark.django_db

MINE = reverse("programs:mine")


def test_mine_without_a_program_points_to_the_library(owner_client: Client) -> None:
    content = owner_client.get(MINE).content.decode()
    assert "No program yet" in content
    assert reverse("programs:browse") in content


def test_mine_shows_where_you_are_this_week_and_the_controls(owner: User) -> None:
    today = owner.local_today()
    EnrollmentFactory(
        user=owner,
        program=shipped_program("machine-foundation"),
        start_date=today - dt.timedelta(days=14),
        weekdays=[0, 2, 4],
    )
    client = Client()
    client.force_login(owner)
    response = client.get(MINE)
    content = response.content.decode()
    assert "Machine foundation" in content
    assert "Week " in content
    assert "of 8" in content
    assert "Monday, Wednesday and Friday" in content
    assert reverse("programs:pause") in content
    assert "This week" in content
    assert 'aria-current="date"' in content
    assert "Make my own version" in content
    assert_valid_html(response)


def test_pause_and_resume_through_the_pages(owner: User) -> None:
    enrollment = EnrollmentFactory(user=owner, training_today=True)
    client = Client()
    client.force_login(owner)
    response = client.post(reverse("programs:pause"), follow=True)
    assert "never count as missed" in response.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.PAUSED
    assert "Your program is paused" in client.get(reverse("programs:today")).content.decode()
    client.post(reverse("programs:resume"))
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ACTIVE
    assert "Session A" in client.get(reverse("programs:today")).content.decode()


def test_stop_ends_the_program_and_keeps_history(owner: User) -> None:
    enrollment = EnrollmentFactory(user=owner)
    client = Client()
    client.force_login(owner)
    client.post(reverse("programs:stop"))
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENDED
    assert selectors.current_enrollment(owner) is None


def test_week_view_marks_planned_done_and_rest(owner: User, htmx_headers: dict[str, str]) -> None:
    monday = dt.date(2026, 3, 2)
    EnrollmentFactory(
        user=owner, program=program_with(days=3), start_date=monday, weekdays=[0, 2, 4]
    )
    WorkoutSessionFactory(user=owner, date=monday, name="Session A")
    client = Client()
    client.force_login(owner)
    response = client.get(reverse("programs:week") + "?start=2026-03-04")
    content = response.content.decode()
    assert "Week of 2 March" in content
    assert "Done: Session A" in content
    assert "Session B · about 40 min" in content
    assert "Rest" in content
    assert "missed" not in content.lower()
    assert_valid_html(response)
    fragment = client.get(reverse("programs:week") + "?start=2026-03-09", **htmx_headers)
    assert "<html" not in fragment.content.decode()
    assert "Week of 9 March" in fragment.content.decode()


def test_month_calendar_lists_planned_and_done_sessions(owner: User) -> None:
    monday = dt.date(2026, 3, 2)
    EnrollmentFactory(
        user=owner, program=program_with(days=3), start_date=monday, weekdays=[0, 2, 4]
    )
    WorkoutSessionFactory(user=owner, date=monday, name="Session A")
    client = Client()
    client.force_login(owner)
    response = client.get(reverse("programs:month") + "?month=2026-03")
    content = response.content.decode()
    assert "March 2026" in content
    assert "Monday 2: Session A — done" in content
    assert "Wednesday 4: Session B" in content
    assert "Monday 30: Session A (lighter week)" in content
    assert "?month=2026-02" in content
    assert "?month=2026-04" in content
    assert_valid_html(response)
    assert client.get(reverse("programs:month") + "?month=garbage").status_code == 200


def month_queries(client: Client) -> int:
    url = reverse("programs:month") + "?month=2026-03"
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def test_month_and_week_run_constant_queries() -> None:
    quiet, busy = UserFactory(), UserFactory()
    for user in (quiet, busy):
        EnrollmentFactory(
            user=user,
            program=program_with(days=3),
            start_date=dt.date(2026, 3, 2),
            weekdays=[0, 2, 4],
        )
    for day in range(1, 29):
        WorkoutSessionFactory(user=busy, date=dt.date(2026, 3, day))
    clients = []
    for user in (quiet, busy):
        client = Client()
        client.force_login(user)
        clients.append(client)
    assert month_queries(clients[0]) == month_queries(clients[1])
    counts = []
    for client in clients:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("programs:week") + "?start=2026-03-02")
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_mine_runs_constant_queries() -> None:
    users = [UserFactory(), UserFactory()]
    EnrollmentFactory(user=users[0], program=program_with(days=1, weeks=2))
    EnrollmentFactory(user=users[1], program=program_with(days=6, exercises_per_day=12, weeks=40))
    for _ in range(5):
        program_with(owner=users[1])
        EnrollmentFactory(user=users[1], status=Enrollment.Status.ENDED)
    counts = []
    for user in users:
        client = Client()
        client.force_login(user)
        client.get(MINE)
        with CaptureQueriesContext(connection) as captured:
            client.get(MINE)
        counts.append(len(captured))
    assert counts[0] == counts[1]


# --- Calendar feed ----------------------------------------------------------------------


def test_feed_link_enable_reset_and_revoke(owner_client: Client, owner: User) -> None:
    manage = reverse("programs:feed_manage")
    owner_client.post(manage, {"action": "enable"})
    feed = CalendarFeed.objects.get(user=owner)
    page = owner_client.get(MINE).content.decode()
    feed_url = reverse("programs:feed", args=[feed.token])
    assert feed_url in page
    assert "Private calendar link" in page
    owner_client.post(manage, {"action": "reset"})
    assert Client().get(feed_url).status_code == 404
    new = CalendarFeed.objects.get(user=owner, revoked_at__isnull=True)
    assert Client().get(reverse("programs:feed", args=[new.token])).status_code == 200
    owner_client.post(manage, {"action": "revoke"})
    assert Client().get(reverse("programs:feed", args=[new.token])).status_code == 404
    assert "Get my calendar link" in owner_client.get(MINE).content.decode()


def test_feed_is_a_valid_calendar_with_the_next_eight_weeks(owner: User) -> None:
    today = owner.local_today()
    EnrollmentFactory(
        user=owner,
        program=shipped_program("machine-foundation"),
        start_date=today - dt.timedelta(days=7),
        weekdays=[0, 2, 4],
    )
    feed = services.calendar_feed_enable(user=owner)
    response = Client().get(reverse("programs:feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    days = sorted(event.decoded("dtstart") for event in events)
    expected = [
        planned.day
        for planned in selectors.planned_sessions_between(
            owner, today, today + dt.timedelta(weeks=8)
        )
    ]
    assert expected
    assert set(expected) <= set(days)
    assert len({str(event["uid"]) for event in events}) == len(events)
    first = next(e for e in events if e.decoded("dtstart") == expected[0])
    assert isinstance(first.decoded("dtstart"), dt.date)
    assert "min (Steady)" in str(first["summary"])
    description = str(first["description"])
    assert "Leg press" in description or "Lat pulldown" in description
    assert "mood" not in response.content.decode().lower()


def test_feed_for_a_long_program_covers_eight_weeks_ahead(owner: User) -> None:
    today = owner.local_today()
    EnrollmentFactory(
        user=owner,
        program=program_with(days=3, weeks=20),
        start_date=today,
        weekdays=[0, 2, 4],
    )
    feed = services.calendar_feed_enable(user=owner)
    calendar = Calendar.from_ical(Client().get(reverse("programs:feed", args=[feed.token])).content)
    days = {event.decoded("dtstart") for event in calendar.walk("VEVENT")}
    in_eight_weeks = [
        today + dt.timedelta(days=offset)
        for offset in range(56)
        if (today + dt.timedelta(days=offset)).weekday() in (0, 2, 4)
    ]
    assert set(in_eight_weeks) <= days
    assert max(days) >= today + dt.timedelta(weeks=8)


def test_feed_without_a_program_is_an_empty_calendar() -> None:
    feed = services.calendar_feed_enable(user=UserFactory())
    response = Client().get(reverse("programs:feed", args=[feed.token]))
    assert response.status_code == 200
    assert Calendar.from_ical(response.content).walk("VEVENT") == []


def test_feed_runs_constant_queries() -> None:
    counts = []
    for weeks in (2, 40):
        user = UserFactory()
        EnrollmentFactory(user=user, program=program_with(days=3, weeks=weeks, exercises_per_day=8))
        feed = services.calendar_feed_enable(user=user)
        with CaptureQueriesContext(connection) as captured:
            Client().get(reverse("programs:feed", args=[feed.token]))
        counts.append(len(captured))
    assert counts[0] == counts[1]


def _next_session_text(client: Client) -> str:
    content = client.get(MINE).content.decode()
    return content.split("<dt>Next session</dt><dd>")[1].split("</dd>")[0]


def test_next_session_is_the_one_still_to_do(owner: User) -> None:
    today = owner.local_today()
    later = today + dt.timedelta(days=3)
    EnrollmentFactory(
        user=owner,
        program=program_with(days=2),
        start_date=today,
        weekdays=sorted({today.weekday(), later.weekday()}),
    )
    client = Client()
    client.force_login(owner)
    assert _next_session_text(client) == "Session A, today"

    started = WorkoutSessionFactory(user=owner, date=today, name="Session A", finished_at=None)
    assert _next_session_text(client) == "Session A, today", "still to finish"

    started.finished_at = started.started_at + dt.timedelta(minutes=30)
    started.save()
    assert _next_session_text(client) == f"Session B, {later:%A} {later.day} {later:%B}"


def test_the_programs_end_date_is_named_as_its_end(owner: User) -> None:
    enrollment = EnrollmentFactory(
        user=owner, program=program_with(days=3), start_date=dt.date(2026, 3, 2), weekdays=[0, 2, 4]
    )
    client = Client()
    client.force_login(owner)
    content = client.get(MINE).content.decode()
    last_day = selectors.current_plan(owner).last_day()  # type: ignore[union-attr]
    assert enrollment.start_date < last_day
    assert (
        f"<dt>Ends</dt><dd>{last_day.day} {last_day:%B %Y}, with its final session</dd>" in content
    )
    assert "Last session" not in content
