"""Warm-ups and the plate calculator on a 360×740 phone: asked for, one tap each, and
never more than they should be (warm-ups set no records; the plates add up)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.programs.models import Exercise
from apps.workouts import services
from apps.workouts.models import PersonalBest, SessionExercise, SetLog
from apps.workouts.plates import plate_text, plates_per_side
from tests.browser import assert_no_horizontal_scroll, log_in
from tests.factories import (
    DEFAULT_PASSWORD,
    ExerciseFactory,
    SessionExerciseFactory,
    SetLogFactory,
    UserFactory,
    WorkoutSessionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREEN = {"width": 360, "height": 740}
D = Decimal


def squat_session(user: User, load: str) -> SessionExercise:
    # The catalog's, or (once a transactional test has emptied the tables) the same again.
    squat = Exercise.objects.filter(slug="barbell-back-squat").first() or ExerciseFactory(
        name="Barbell back squat", slug="barbell-back-squat", equipment="barbell"
    )
    # Last week's best: 25 kg × 5. A 30 kg × 10 warm-up would beat it if it counted.
    before = WorkoutSessionFactory(user=user, started_at=timezone.now() - dt.timedelta(days=7))
    done = SessionExerciseFactory(session=before, exercise=squat)
    SetLogFactory(session_exercise=done, set_number=1, reps=5, load_kg=D("25"))
    services.personal_bests_rebuild(user=user)
    session = WorkoutSessionFactory(user=user, finished_at=None)
    return SessionExerciseFactory(
        session=session, exercise=squat, suggested_load_kg=D(load), suggested_reps=5
    )


def open_page(page: Any, user: User, row: SessionExercise) -> Any:
    page.set_viewport_size(SCREEN)
    log_in(page, user.email, DEFAULT_PASSWORD)
    page.goto(f"/workouts/sessions/{row.session.pk}/")
    card = page.locator(".exercise-card").first
    card.locator(".card-more summary").click()
    return card


def test_warm_ups_are_one_tap_each_and_never_records(page: Any) -> None:
    user = UserFactory()
    row = squat_session(user, "60")
    page.set_viewport_size(SCREEN)
    log_in(page, user.email, DEFAULT_PASSWORD)
    page.goto(f"/workouts/sessions/{row.session.pk}/")
    card = page.locator(".exercise-card").first
    # Nothing about warm-ups shows until asked.
    assert card.locator("[data-warmup-button]").first.is_hidden()
    card.locator(".card-more summary").click()
    card.get_by_label("Warm-up sets").check()
    warmups = card.locator(".set-warmup.set-pending")
    assert warmups.count() == 2
    assert warmups.nth(0).get_by_label("Weight (kg)").input_value() == "30"
    assert warmups.nth(1).get_by_label("Weight (kg)").input_value() == "42.5"
    warmups.nth(0).get_by_label("Reps").fill("10")
    assert_no_horizontal_scroll(page)

    for done, focused in ((1, "data-warmup-button"), (2, "data-done-button")):
        card.locator("[data-warmup-button]").first.click()
        page.wait_for_function(
            "n => document.querySelectorAll('.set-warmup.set-done').length === n", arg=done
        )
        # Focus moves on: to the next warm-up, then to the first working set.
        page.wait_for_function(
            "name => document.activeElement && document.activeElement.hasAttribute(name)",
            arg=focused,
        )
    assert not card.locator(".rest-timer:not([hidden])").count()
    # The working sets are untouched by the warm-ups: still 60 kg, numbered from 1.
    assert card.get_by_label("Weight (kg)").first.input_value() == "60"
    card.locator("[data-done-button]").first.click()
    card.locator(".set-done:not(.set-warmup)").first.wait_for()

    assert card.locator(".badge-warmup").count() == 2
    assert card.locator(".set-warmup .badge-record").count() == 0
    assert card.locator(".set-done:not(.set-warmup) .badge-record").count() == 1
    assert_no_horizontal_scroll(page)
    assert list(
        SetLog.objects.filter(session_exercise=row)
        .order_by("set_number")
        .values_list("kind", flat=True)
    ) == ["warmup", "warmup", "normal"]

    # Finished, the records show the working set only.
    services.session_finish(session=row.session, duration_min=30, session_rpe=D("7"))
    best = PersonalBest.objects.get(user=user)
    assert (best.heaviest_kg, best.most_reps) == (D("60"), 5)
    page.goto(f"/workouts/progress/{row.exercise.slug}/")
    records = page.locator(".record-list li")
    texts = [records.nth(i).inner_text() for i in range(records.count())]
    assert any("60 kg × 5" in text for text in texts), texts
    assert not any("30 kg" in text or "42.5 kg" in text for text in texts), texts


def test_the_plate_calculator_follows_the_weight_typed(page: Any) -> None:
    user = UserFactory()
    row = squat_session(user, "60")
    card = open_page(page, user, row)
    line = card.locator("[data-set-plates]").nth(2)  # the first working set's
    assert line.is_hidden()
    card.get_by_label("Plates").check()
    assert line.inner_text() == "Each side: 20"
    weight = card.locator(".set-pending:not(.set-warmup)").first.get_by_label("Weight (kg)")
    bar, plates = D("20"), user.barbell().plates
    for typed in ("102.5", "61", "20", "15", "187.5", "63.3", "22.5", "240", "300.5"):
        weight.fill(typed)
        expected = plate_text(plates_per_side(D(typed), bar=bar, plates=plates), "kg")
        assert line.inner_text() == expected, typed
    weight.fill("")
    assert line.is_hidden()
    assert_no_horizontal_scroll(page)


def test_the_plate_calculator_in_pounds_with_the_persons_own_plates(page: Any) -> None:
    user = UserFactory(units="lb")
    row = squat_session(user, "102.06")  # 225 lb
    card = open_page(page, user, row)
    card.get_by_label("Plates").check()
    line = card.locator(".set-pending:not(.set-warmup) [data-set-plates]").first
    assert line.inner_text() == "Each side: 45 + 45"

    # Their own bar and plates, from settings.
    page.goto(reverse("accounts:settings"))
    page.get_by_label("Barbell weight").fill("35")
    page.get_by_label("Plates you can load").fill("45, 25, 10")
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Settings saved.").wait_for()
    page.goto(f"/workouts/sessions/{row.session.pk}/")
    card = page.locator(".exercise-card").first
    card.locator(".card-more summary").click()
    card.get_by_label("Plates").check()
    line = card.locator(".set-pending:not(.set-warmup) [data-set-plates]").first
    assert line.inner_text() == "Can't make 225 lb: closest is 215 lb, each side: 45 + 45"
    weight = card.locator(".set-pending:not(.set-warmup)").first.get_by_label("Weight (lb)")
    barbell = User.objects.get(pk=user.pk).barbell()
    for typed in ("135", "137", "35", "30", "95", "145"):
        weight.fill(typed)
        load = plates_per_side(D(typed), bar=barbell.bar, plates=barbell.plates)
        assert line.inner_text() == plate_text(load, "lb"), typed


def test_warm_ups_and_plates_add_no_height_until_asked(page: Any) -> None:
    """The three-screens budget of the session page: a barbell card, with its warm-ups
    and plates folded away, is exactly as tall as a machine card with the same sets."""
    user = UserFactory()
    row = squat_session(user, "60")
    machine = ExerciseFactory(name="Leg press (machine)")
    SessionExerciseFactory(
        session=row.session, exercise=machine, order=2, suggested_load_kg=D("60"), suggested_reps=5
    )
    page.set_viewport_size(SCREEN)
    log_in(page, user.email, DEFAULT_PASSWORD)
    page.goto(f"/workouts/sessions/{row.session.pk}/")
    cards = page.locator(".exercise-card")
    barbell, other = (cards.nth(i).bounding_box()["height"] for i in (0, 1))
    assert barbell == other
