"""A workout from a phone: start, log every set with one tap, rest, finish, see progress."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from apps.workouts.models import SetLog, WorkoutSession
from tests.browser import assert_no_horizontal_scroll, log_in
from tests.factories import (
    DEFAULT_PASSWORD,
    EnrollmentFactory,
    ExerciseAlternativeFactory,
    SessionExerciseFactory,
    SetLogFactory,
    UserFactory,
    WorkoutSessionFactory,
    program_with,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def earlier_sessions(user: Any, exercises: list[Any]) -> None:
    """Two earlier sessions at 40 kg × 10, so today has a suggestion for every lift."""
    for days_ago in (4, 2):
        session = WorkoutSessionFactory(
            user=user, started_at=timezone.now() - dt.timedelta(days=days_ago)
        )
        for order, exercise in enumerate(exercises, 1):
            row = SessionExerciseFactory(session=session, exercise=exercise, order=order)
            for number in (1, 2, 3):
                SetLogFactory(
                    session_exercise=row, set_number=number, reps=10, load_kg=Decimal("40")
                )


def test_start_log_every_set_rest_finish_and_see_a_new_best(page: Any) -> None:
    user = UserFactory()
    program = program_with(days=1, exercises_per_day=2)
    EnrollmentFactory(user=user, program=program, training_today=True)
    exercises = [rx.exercise for rx in program.days.get().prescriptions.order_by("order")]
    earlier_sessions(user, exercises)
    log_in(page, user.email, DEFAULT_PASSWORD)

    # Today: one big button, with today's suggestion for each exercise.
    page.goto("/")
    page.get_by_text("Same weight as last time — aim for 11 reps.").first.wait_for()
    page.get_by_role("button", name="Start session").click()

    # The before check-in comes first; it can be skipped.
    page.wait_for_url(re.compile(r"/journal/check-ins/new/\?kind=before"))
    page.get_by_role("link", name="Skip for now").click()
    session = WorkoutSession.objects.get(user=user, finished_at__isnull=True)
    page.wait_for_url(f"**/workouts/sessions/{session.pk}/")
    assert_no_horizontal_scroll(page)

    done_buttons = page.locator("[data-done-button]")
    assert done_buttons.count() == 6  # 2 exercises × 3 sets, each prefilled

    # Set 1 of the first exercise: a heavier weight than ever before, then one tap.
    first_card = page.locator(".exercise-card").first
    first_card.get_by_label("Weight (kg)").first.fill("45")
    first_card.get_by_role("button", name=re.compile(r"^Done \(save set 1 of")).click()
    first_card.locator(".set-done").first.get_by_text("45 kg × 11").wait_for()
    first_card.get_by_text("New best!").wait_for()

    # The rest timer counts down from the prescription's 90 seconds, in the title too.
    timer = page.locator("[data-rest-timer]")
    timer.wait_for(state="visible")
    display = timer.locator("[data-rest-display]")
    start = display.inner_text()
    assert start in {"1:30", "1:29"}
    page.wait_for_function(
        "start => document.querySelector('[data-rest-display]').textContent !== start", arg=start
    )
    assert display.inner_text() < start
    assert re.match(r"^1:[0-2]\d rest · ", page.title())
    assert timer.get_by_role("button", name="Skip rest").is_visible()
    assert_no_horizontal_scroll(page)

    # Every other set: one tap each. The changed weight carries over to the next sets.
    assert first_card.get_by_label("Weight (kg)").first.input_value() == "45"
    for remaining in range(5, 0, -1):
        page.locator("[data-done-button]").first.click()
        page.wait_for_function(
            "n => document.querySelectorAll('[data-done-button]').length === n",
            arg=remaining - 1,
        )
    assert page.locator("[data-done-button]").count() == 0
    assert SetLog.objects.filter(user=user, session_exercise__session=session).count() == 6
    loads = sorted(
        SetLog.objects.filter(session_exercise__session=session).values_list("load_kg", flat=True)
    )
    assert loads == [Decimal("40")] * 3 + [Decimal("45")] * 3

    # A reload shows every saved set: the copy of this page stored before they were
    # logged (the page cache) is never served again.
    page.reload()
    page.locator(".set-done").nth(5).wait_for()
    assert page.locator(".set-done").count() == 6
    assert page.locator("[data-done-button]").count() == 0

    # Skipping the rest hides the timer and restores the title.
    timer.get_by_role("button", name="Skip rest").click()
    timer.wait_for(state="hidden")
    assert "rest" not in page.title()

    # Finish with a session RPE in plain words.
    page.get_by_role("link", name="Finish session").click()
    page.get_by_role("heading", name=re.compile("^Finish")).wait_for()
    assert page.get_by_label("How long did it take? (minutes)").input_value() != ""
    page.get_by_label("7 · Very hard").check()
    page.get_by_role("button", name="Save and finish").click()
    page.wait_for_url(re.compile(r"/journal/check-ins/new/\?kind=after"))
    page.get_by_role("link", name="Skip for now").click()
    page.wait_for_url(f"**/workouts/sessions/{session.pk}/summary/")
    page.get_by_text(f"New best: 45 kg × 11 on {exercises[0].name}").wait_for()
    session.refresh_from_db()
    assert session.is_finished
    assert session.session_rpe == Decimal("7")

    # History lists it; the progress page shows the new personal best and its charts.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="History").click()
    page.wait_for_url("**/workouts/history/")
    page.get_by_role("link", name=session.name).first.wait_for()
    assert page.locator(".history-item").count() == 3
    page.get_by_role("link", name="Progress and personal bests").click()
    page.get_by_role("link", name=exercises[0].name).click()
    page.get_by_role("heading", name=exercises[0].name, level=1).wait_for()
    page.locator(".record-note").get_by_text("New best: 45 kg × 11").wait_for()
    page.locator("[data-chart='e1rm'] canvas").first.wait_for()
    assert page.get_by_role("table").count() == 2
    assert_no_horizontal_scroll(page)


def test_a_failed_save_is_kept_on_the_phone_and_stored_once(page: Any) -> None:
    user = UserFactory()
    session = WorkoutSessionFactory(user=user, finished_at=None)
    SessionExerciseFactory(session=session, suggested_load_kg=Decimal("30"), suggested_reps=10)
    log_in(page, user.email, DEFAULT_PASSWORD)
    page.goto(f"/workouts/sessions/{session.pk}/")

    # The set's own request fails, and so does the queue's first try.
    page.route("**/workouts/exercises/*/sets/", lambda route: route.abort("internetdisconnected"))
    page.route("**/offline/sync/", lambda route: route.abort("internetdisconnected"))
    page.get_by_label("Weight (kg)").first.fill("32.5")
    page.get_by_label("Reps").first.fill("9")
    page.locator("[data-done-button]").first.click()

    row = page.locator("[data-set-row]").first
    row.get_by_text("Saved on this phone").wait_for()
    assert row.get_by_label("Weight (kg)").input_value() == "32.5"
    assert row.get_by_label("Reps").input_value() == "9"
    assert SetLog.objects.count() == 0

    # Back online: the queue sends it (offline-first, issue 20): exactly one set with
    # what was typed, and the row becomes the saved row.
    page.unroute("**/workouts/exercises/*/sets/")
    page.unroute("**/offline/sync/")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.locator(".set-done").get_by_text("32.5 kg × 9").wait_for()
    saved = SetLog.objects.get()
    assert (saved.load_kg, saved.reps) == (Decimal("32.50"), 9)


def test_edit_delete_undo_swap_and_add_from_a_phone(page: Any) -> None:
    user = UserFactory()
    session = WorkoutSessionFactory(user=user, finished_at=None)
    row = SessionExerciseFactory(session=session, suggested_load_kg=Decimal("30"))
    item = SetLogFactory(session_exercise=row, set_number=1, reps=10, load_kg=Decimal("30"))
    ExerciseAlternativeFactory(exercise=row.exercise, alternative__name="Practice easier press")
    log_in(page, user.email, DEFAULT_PASSWORD)
    page.goto(f"/workouts/sessions/{session.pk}/")

    done = page.locator(".set-done").first
    done.get_by_role("link", name="Edit set 1").click()
    editing = page.locator(".set-edit")
    editing.get_by_label("Reps").fill("12")
    editing.get_by_role("button", name="Save set 1").click()
    page.locator(".set-done").get_by_text("30 kg × 12").wait_for()
    item.refresh_from_db()
    assert item.reps == 12

    page.locator(".set-done").get_by_role("button", name="Delete set 1").click()
    deleted = page.locator(".set-deleted")
    deleted.get_by_text("Set deleted (30 kg × 12).").wait_for()
    deleted.get_by_role("button", name=re.compile("^Undo")).click()
    page.locator(".set-done").get_by_text("30 kg × 12").wait_for()
    item.refresh_from_db()
    assert item.deleted_at is None

    page.locator(".card-more summary").first.click()
    page.get_by_role("button", name=re.compile("^Add a set")).click()
    page.wait_for_function("() => document.querySelectorAll('[data-done-button]').length === 3")
    assert_no_horizontal_scroll(page)

    page.get_by_role("link", name=re.compile("^Swap")).click()
    page.get_by_label("Practice easier press (easier)").check()
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Swap").click()
    page.get_by_role("heading", name="Practice easier press", level=2).wait_for()

    page.get_by_role("link", name="Add an exercise").click()
    page.get_by_label("Exercise", exact=True).select_option(label=row.exercise.name)
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Add it").click()
    # The set already logged stayed with the original exercise, so it now appears twice.
    page.get_by_role("heading", name=row.exercise.name, level=2).nth(1).wait_for()
    assert session.exercises.count() == 3
