"""A new person chooses a short program, sees today's plan in their own time zone, swaps
an exercise and subscribes to the calendar feed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from icalendar import Calendar

from apps.programs.models import Enrollment, ExerciseSwap
from tests.browser import assert_no_horizontal_scroll, log_in
from tests.factories import (
    DEFAULT_PASSWORD,
    ReadinessScreenFactory,
    UserFactory,
    ensure_program_catalog,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "America/Los_Angeles"])
def test_browse_filter_enroll_today_swap_and_calendar_feed(
    page: Any, axe_log: Any, zone: str
) -> None:
    ensure_program_catalog()  # browser tests flush the database between tests
    # UTC+14 and UTC−8: for much of the day their date differs from the server's.
    user = UserFactory(time_zone=zone)
    today = user.local_today()
    log_in(page, user.email, DEFAULT_PASSWORD)

    # A new person lands on Today, which gently points to the library.
    page.get_by_role("heading", name="Choose a program to begin").wait_for()
    page.get_by_role("link", name="Browse programs").click()
    page.wait_for_url("**/programs/")
    assert_no_horizontal_scroll(page)

    # Filter to 2 days a week, 20 minutes: HTMX narrows the list as the choices change.
    page.get_by_label("Days a week").select_option("2")
    page.get_by_label("Session length").select_option("20")
    page.wait_for_url(re.compile(r"days=2.*minutes=20"))
    page.get_by_text("1 program matches your choices.").wait_for()
    assert page.get_by_role("link", name="Machine foundation").count() == 0
    assert "days=2" in page.url
    assert "minutes=20" in page.url
    page.get_by_role("link", name="Low-energy 20", exact=True).click()
    page.get_by_role("heading", name="Low-energy 20", level=1).wait_for()
    assert page.get_by_text("Week 5 · lighter week").count() == 1
    page.get_by_role("link", name="Start this program").click()

    # A first program starts with the readiness questions, then comes straight back.
    page.get_by_role("heading", name="Health questions before training").wait_for()
    for fieldset in page.locator("fieldset.yes-no").all():
        fieldset.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save my answers").click()

    # Enrol: start today (local), training today and three days later.
    start_field = page.get_by_label("Start date")
    assert start_field.input_value() == today.isoformat()
    chosen = {today.weekday(), (today.weekday() + 3) % 7}
    for index, name in enumerate(WEEKDAYS):
        box = page.get_by_role("checkbox", name=name, exact=True)
        box.set_checked(index in chosen)
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Start Low-energy 20").click()
    page.wait_for_url("**/programs/today/")

    # Today shows the person's local date and today's workout.
    heading = page.get_by_role("heading", level=1).inner_text()
    assert f"{WEEKDAYS[today.weekday()]} {today.day} {today:%B}" in heading
    page.get_by_role("heading", name="Session A", exact=True).wait_for()
    page.get_by_text("About 20 minutes").wait_for()
    assert page.get_by_text("Rest day").count() == 0
    assert page.get_by_role("link", name="Leg press", exact=True).count() == 1
    assert_no_horizontal_scroll(page)

    # Swap the leg press for a goblet squat, just for today.
    page.get_by_role("link", name="Swap Leg press").click()
    page.get_by_role("heading", name="Swap Leg press").wait_for()
    page.get_by_label("Goblet squat (Dumbbells)").check()
    page.get_by_label("Just this session").check()
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Swap", exact=True).click()
    page.wait_for_url("**/programs/today/")
    page.get_by_text("Swapped: Goblet squat instead of Leg press today.").wait_for()
    assert page.get_by_role("link", name="Goblet squat", exact=True).count() == 1
    assert page.get_by_text("instead of Leg press", exact=True).count() == 1
    enrollment = Enrollment.objects.get(user=user)
    assert ExerciseSwap.objects.get(enrollment=enrollment).day == today

    # Add the plan to a phone calendar: make the private link, then fetch and parse it.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Program").click()
    page.get_by_role("button", name="Get my calendar link").click()
    page.get_by_text("Your calendar link is ready.").wait_for()
    feed_url = page.get_by_label("Private calendar link").input_value()
    assert re.search(r"/programs/feed/[\w-]{40,}\.ics$", feed_url)
    assert_no_horizontal_scroll(page)
    response = page.request.get(feed_url)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.body())
    events = {event.decoded("dtstart"): event for event in calendar.walk("VEVENT")}
    next_eight_weeks = [
        today + dt.timedelta(days=offset)
        for offset in range(56)
        if (today + dt.timedelta(days=offset)).weekday() in chosen
    ]
    assert len(next_eight_weeks) == 16
    assert set(next_eight_weeks) <= set(events)
    assert "Session A" in str(events[today]["summary"])
    assert "Goblet squat" in str(events[today]["description"])

    # A logged-out fetch works (calendar apps have no session); a revoked link is gone.
    page.get_by_role("button", name="Turn the link off").click()
    page.get_by_text("Calendar link turned off.").wait_for()
    assert page.request.get(feed_url).status == 404
    page.wait_for_timeout(200)
    assert len(set(axe_log.pages)) >= 6, axe_log.pages


def test_search_exercises_as_you_type_edit_a_copy_inline_and_see_the_month(
    page: Any, axe_log: Any
) -> None:
    ensure_program_catalog()
    user = UserFactory(time_zone="Europe/London")
    ReadinessScreenFactory(user=user)
    log_in(page, user.email, DEFAULT_PASSWORD)

    # Search as you type: the results update without submitting the form.
    page.goto("/programs/exercises/")
    page.get_by_label("Search exercises").press_sequentially("lateral", delay=30)
    page.get_by_text("1 exercise for “lateral”.").wait_for()
    assert "q=lateral" in page.url
    page.get_by_role("link", name="Dumbbell lateral raise").click()
    page.get_by_text("the next session adds 1 kg").wait_for()
    assert_no_horizontal_scroll(page)

    # Copy the home program and edit sets inline (HTMX keeps the rest of the page).
    page.goto("/programs/")
    page.get_by_role("link", name="Home: dumbbells and bands", exact=True).click()
    page.get_by_role("button", name="Copy and edit").click()
    page.get_by_role("heading", name="Edit your version").wait_for()
    page.get_by_role("link", name="Edit Goblet squat").click()
    editor = page.locator("form.rx-form")
    editor.get_by_label("Sets", exact=True).fill("2")
    editor.get_by_label("Reps from").fill("12")
    editor.get_by_label("Reps up to").fill("10")
    editor.get_by_role("button", name="Save Goblet squat").click()
    page.get_by_text("The upper end can't be below the lower end.").wait_for()
    editor = page.locator("form.rx-form")
    assert editor.get_by_label("Sets", exact=True).input_value() == "2"
    assert editor.get_by_label("Reps from").input_value() == "12"
    editor.get_by_label("Reps up to").fill("15")
    editor.get_by_role("button", name="Save Goblet squat").click()
    page.get_by_text("2 sets × 12–15 reps · rest 2 minutes").wait_for()
    page.get_by_role("button", name="Move Goblet squat down").click()
    page.get_by_role("button", name="Move Goblet squat up").wait_for()
    assert_no_horizontal_scroll(page)

    # Follow the copy, then look at the month calendar.
    page.goto("/programs/")
    page.get_by_role("link", name="Home: dumbbells and bands (my version)", exact=True).click()
    page.get_by_role("link", name="Start this program").click()
    page.get_by_role("button", name="Start Home: dumbbells and bands (my version)").click()
    page.wait_for_url("**/programs/today/")
    page.goto("/programs/mine/month/")
    page.get_by_role("heading", name="Month calendar").wait_for()
    assert page.locator("td .mark.planned").count() > 0
    assert_no_horizontal_scroll(page)
    page.get_by_role("link", name=re.compile("^Next month")).click()
    page.wait_for_url(re.compile(r"month=\d{4}-\d{2}"))
    assert page.locator("td .mark.planned").count() > 0
    assert_no_horizontal_scroll(page)
    page.wait_for_timeout(200)
