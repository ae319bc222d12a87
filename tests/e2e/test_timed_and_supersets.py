"""Timed sets and supersets on the session page, on a 360×740 phone."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from apps.workouts.models import SetLog
from tests.browser import assert_no_horizontal_scroll, log_in
from tests.factories import (
    DEFAULT_PASSWORD,
    ExerciseFactory,
    SessionExerciseFactory,
    UserFactory,
    WorkoutSessionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREEN = {"width": 360, "height": 740}


def timed_session(
    user: Any, seconds: int, *, name: str = "Plank hold", pattern: str = "core"
) -> tuple[Any, Any]:
    """An open session with one timed exercise."""
    session = WorkoutSessionFactory(user=user, finished_at=None)
    exercise = ExerciseFactory(name=name, measure="timed", movement_pattern=pattern)
    row = SessionExerciseFactory(
        session=session,
        exercise=exercise,
        order=1,
        planned_sets=2,
        reps_low=None,
        reps_high=None,
        seconds=seconds,
        suggested_load_kg=None,
        suggested_reps=None,
        rest_seconds=60,
    )
    return session, row


def pause(page: Any) -> None:
    """Stop the page's clock a moment from now, so only the test moves time on."""
    now = page.evaluate("Date.now()")
    page.clock.pause_at(now + 1000)


def test_a_timed_set_counts_down_and_logs_one_set_at_zero(page: Any) -> None:
    user = UserFactory()
    session, row = timed_session(user, 180, name="Park walk", pattern="cardio")
    page.set_viewport_size(SCREEN)
    page.clock.install()
    log_in(page, user.email, DEFAULT_PASSWORD)
    page.goto(f"/workouts/sessions/{session.pk}/")
    pause(page)

    start = page.get_by_role("button", name=re.compile("^Start set 1 of Park walk: walk 3 minutes"))
    box = start.bounding_box()
    assert box["width"] >= 48
    assert box["height"] >= 48
    assert_no_horizontal_scroll(page)
    start.click()
    status = page.locator("[data-set-status]").first
    assert "Started: walk 3 minutes" in status.inner_text()
    clock = page.locator("[data-timed-clock]").first
    assert clock.inner_text() == "3:00"
    page.clock.run_for(61_500)
    assert clock.inner_text() == "1:59"
    assert status.inner_text() == "2 minutes left."
    # The screen locked for a minute and a half (no ticks ran): the time left comes from
    # the start time, so it is right as soon as the page runs again.
    page.clock.fast_forward(90_000)
    page.clock.run_for(300)
    assert clock.inner_text() == "0:29"
    page.clock.run_for(29_000)
    # A tap on the row as it saves itself posts the same client id: still one set.
    page.evaluate(
        "() => { const form = document.querySelector('form[data-timed-state=ended]');"
        " if (form) form.querySelector('[data-done-button]').click(); }"
    )
    page.clock.resume()
    page.locator(".set-done").first.wait_for()
    assert "3 minutes" in page.locator(".set-done").first.inner_text()
    page.wait_for_timeout(500)
    saved = SetLog.objects.filter(session_exercise=row)
    assert list(saved.values_list("seconds", flat=True)) == [180]
    page.locator("[data-rest-timer]").wait_for()


def test_stop_early_logs_the_time_done(page: Any) -> None:
    user = UserFactory()
    session, row = timed_session(user, 45)
    page.set_viewport_size(SCREEN)
    page.clock.install()
    log_in(page, user.email, DEFAULT_PASSWORD)
    page.goto(f"/workouts/sessions/{session.pk}/")
    pause(page)

    button = page.locator("[data-done-button]").first
    button.click()
    page.clock.run_for(20_100)
    assert page.locator("[data-timed-clock]").first.inner_text() == "0:25"
    stop = page.get_by_role("button", name=re.compile("^Stop set 1 of Plank hold"))
    stop.click()
    page.clock.resume()
    page.locator(".set-done").first.wait_for()
    assert list(SetLog.objects.filter(session_exercise=row).values_list("seconds", flat=True)) == [
        20
    ]
    # Focus moves to the next set's Start, ready for one tap.
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.matches('[data-done-button]')"
    )
    focused = "document.activeElement.querySelector('[data-done-mark]').textContent"
    assert page.evaluate(focused) == "Start"
    assert page.get_by_role("button", name=re.compile("^Start set 2 of Plank hold")).count() == 1


def test_without_javascript_a_timed_set_is_typed_and_saved(browser: Any, live_server: Any) -> None:
    user = UserFactory()
    session, row = timed_session(user, 45)
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    try:
        log_in(page, user.email, DEFAULT_PASSWORD)
        page.goto(f"/workouts/sessions/{session.pk}/")
        page.get_by_label("Seconds").first.fill("40")
        page.locator("[data-done-button]").first.click()
        page.wait_for_load_state()
        assert list(
            SetLog.objects.filter(session_exercise=row).values_list("seconds", flat=True)
        ) == [40]
    finally:
        context.close()


def test_a_superset_alternates_and_rests_after_the_pair(page: Any) -> None:
    user = UserFactory()
    session = WorkoutSessionFactory(user=user, finished_at=None)
    first = SessionExerciseFactory(
        session=session,
        exercise=ExerciseFactory(name="Pair press"),
        order=1,
        planned_sets=2,
        suggested_load_kg=Decimal("30"),
    )
    second = SessionExerciseFactory(
        session=session,
        exercise=ExerciseFactory(name="Pair row"),
        order=2,
        planned_sets=2,
        suggested_load_kg=Decimal("35"),
    )
    SessionExerciseFactory(session=session, exercise=ExerciseFactory(name="Solo squat"), order=3)
    page.set_viewport_size(SCREEN)
    log_in(page, user.email, DEFAULT_PASSWORD)
    page.goto(f"/workouts/sessions/{session.pk}/")

    card = page.locator(f"#exercise-{first.pk}")
    card.locator(".card-more summary").click()
    card.get_by_role("button", name=re.compile("^Pair with next")).click()
    group = page.get_by_role("group", name="Superset: Pair press + Pair row")
    group.wait_for()
    assert_no_horizontal_scroll(page)
    assert group.locator(".exercise-card").count() == 2

    rest = page.locator("[data-rest-timer]")
    a_rows = page.locator(f"#sets-{first.pk} [data-done-button]")
    b_rows = page.locator(f"#sets-{second.pk} [data-done-button]")

    # A1 → focus on B1, no rest yet.
    a_rows.first.click()
    page.locator(f"#sets-{first.pk} .set-done").first.wait_for()
    page.wait_for_function(
        "id => document.activeElement && document.activeElement.closest('#sets-' + id)",
        arg=second.pk,
    )
    assert rest.is_hidden()
    # B1 → rest starts, focus back on A2.
    page.keyboard.press("Enter")
    page.locator(f"#sets-{second.pk} .set-done").first.wait_for()
    rest.wait_for(state="visible")
    page.wait_for_function(
        "id => document.activeElement && document.activeElement.closest('#sets-' + id)",
        arg=first.pk,
    )
    assert a_rows.count() == 1
    assert b_rows.count() == 1
    saved = SetLog.objects.filter(session_exercise__session=session).order_by("logged_at")
    assert [s.session_exercise_id for s in saved] == [first.pk, second.pk]

    # Unpair from More: the cards go back to resting after each set.
    card = page.locator(f"#exercise-{second.pk}")
    card.locator(".card-more summary").click()
    card.get_by_role("button", name=re.compile("^Unpair")).click()
    page.locator(f"#exercise-{second.pk}").wait_for()
    assert page.get_by_role("group", name=re.compile("^Superset")).count() == 0
