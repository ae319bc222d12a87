"""The session page at the gym, on a 360×740 phone: short, prefilled, one tap a set."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from apps.workouts.models import ExerciseNote, SetLog, WorkoutSession
from tests.browser import assert_no_horizontal_scroll, log_in
from tests.factories import (
    DEFAULT_PASSWORD,
    EnrollmentFactory,
    SessionExerciseFactory,
    SetLogFactory,
    UserFactory,
    WorkoutSessionFactory,
    program_with,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREEN = {"width": 360, "height": 740}


def start_session(page: Any, user: Any) -> WorkoutSession:
    log_in(page, user.email, DEFAULT_PASSWORD)
    page.goto("/")
    page.get_by_role("button", name="Start session").click()
    page.get_by_role("link", name="Skip for now").click()
    session = WorkoutSession.objects.get(user=user, finished_at__isnull=True)
    page.wait_for_url(f"**/workouts/sessions/{session.pk}/")
    return session


def test_six_exercises_fit_three_screens_and_every_set_is_one_tap(page: Any) -> None:
    user = UserFactory()
    program = program_with(days=1, exercises_per_day=6)
    EnrollmentFactory(user=user, program=program, training_today=True)
    exercises = [rx.exercise for rx in program.days.get().prescriptions.order_by("order")]
    # Real names, some long enough to wrap at 360 px (a factory's numbered names grow with
    # the suite and would make the height depend on which tests ran first).
    names = [
        "Hack squat machine",
        "Pec deck (machine)",
        "Chest-supported row",
        "Wide-grip pulldown",
        "Seated shoulder press (machine)",
        "Rope triceps pushdown",
    ]
    for exercise, name in zip(exercises, names, strict=True):
        exercise.name = name
        exercise.save(update_fields=["name"])
    # Five of the six were done once before; the last one is new today.
    earlier = WorkoutSessionFactory(user=user, started_at=timezone.now() - dt.timedelta(days=2))
    for order, exercise in enumerate(exercises[:5], 1):
        row = SessionExerciseFactory(session=earlier, exercise=exercise, order=order)
        for number in (1, 2, 3):
            SetLogFactory(session_exercise=row, set_number=number, reps=10, load_kg=Decimal("40"))
    page.set_viewport_size(SCREEN)
    session = start_session(page, user)

    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 3 * SCREEN["height"], f"The session page is {height}px tall"
    assert_no_horizontal_scroll(page)
    first = page.locator(".exercise-card").first
    # Each set shows what was done for it last time.
    assert first.locator(".set-previous").first.inner_text().endswith("40 × 10")
    # The new exercise's first set is prefilled too (the lightest stack setting), and
    # the first-time advice is said once for the page, not on the card.
    new_card = page.locator(".exercise-card").nth(5)
    assert new_card.get_by_label("Weight (kg)").first.input_value() == "5"
    assert new_card.get_by_label("Reps").first.input_value() == "8"
    assert page.get_by_text(re.compile("^New to an exercise")).count() == 1
    # The ✓ button is a real thumb target.
    box = page.locator("[data-done-button]").first.bounding_box()
    assert box["width"] >= 48
    assert box["height"] >= 48

    # One tap per set, the very first included: 6 exercises × 3 sets.
    total = page.locator("[data-done-button]").count()
    assert total == 18
    for remaining in range(total, 0, -1):
        page.locator("[data-done-button]").first.click()
        page.wait_for_function(
            "n => document.querySelectorAll('[data-done-button]').length === n",
            arg=remaining - 1,
        )
    assert SetLog.objects.filter(session_exercise__session=session).count() == 18
    assert (
        SetLog.objects.filter(
            session_exercise__session=session, session_exercise__exercise=exercises[5]
        )
        .exclude(load_kg=Decimal("5"))
        .count()
        == 0
    )


def test_effort_is_optional_behind_one_switch(page: Any) -> None:
    user = UserFactory()
    session = WorkoutSessionFactory(user=user, finished_at=None)
    SessionExerciseFactory(session=session, suggested_load_kg=Decimal("30"), suggested_reps=10)
    log_in(page, user.email, DEFAULT_PASSWORD)
    page.goto(f"/workouts/sessions/{session.pk}/")

    assert not page.get_by_label("Effort (RPE)", exact=True).first.is_visible()
    page.locator(".card-more summary").first.click()
    page.locator(".rpe-switch").first.check()
    page.get_by_label("Effort (RPE)", exact=True).first.select_option("8")
    page.locator("[data-done-button]").first.click()
    page.locator(".set-done").first.wait_for()
    assert SetLog.objects.get().rpe == Decimal("8")


def test_a_note_entered_today_shows_next_time(page: Any) -> None:
    user = UserFactory()
    program = program_with(days=1, exercises_per_day=1)
    EnrollmentFactory(user=user, program=program, training_today=True)
    session = start_session(page, user)

    card = page.locator(".exercise-card").first
    card.locator(".exercise-note summary").click()
    card.get_by_label("Note for next time").fill("seat 4, pin 6")
    card.get_by_role("button", name=re.compile("^Save note")).click()
    card.locator(".exercise-note summary").get_by_text("seat 4, pin 6").wait_for()
    assert ExerciseNote.objects.get(user=user).text == "seat 4, pin 6"

    # The next session of the same exercise shows it on the card.
    session.finished_at = timezone.now()
    session.save()
    later = WorkoutSessionFactory(user=user, finished_at=None)
    SessionExerciseFactory(session=later, exercise=session.exercises.get().exercise)
    page.goto(f"/workouts/sessions/{later.pk}/")
    page.locator(".exercise-note summary").get_by_text("seat 4, pin 6").wait_for()
