"""Timed exercises read as what they are on Today and the session page: "walk 3 minutes"."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.programs.models import Prescription
from tests.factories import (
    EnrollmentFactory,
    ExerciseFactory,
    SessionExerciseFactory,
    SetLogFactory,
    WorkoutSessionFactory,
    program_with,
)
from tests.html_checks import assert_valid_html

pytestmark = pytest.mark.django_db


def test_today_and_the_plan_say_walk_3_minutes(owner: User, owner_client: Client) -> None:
    program = program_with(days=1, exercises_per_day=1)
    walk = ExerciseFactory(name="Park walk", measure="timed", movement_pattern="cardio")
    Prescription.objects.filter(day__program=program).update(
        exercise=walk, sets=1, reps_low=None, reps_high=None, seconds=180
    )
    EnrollmentFactory(user=owner, program=program, training_today=True)
    html = owner_client.get(reverse("programs:today")).content.decode()
    assert "Walk 3 minutes" in html
    assert "180 seconds" not in html
    assert "hold for" not in html.lower()


def test_a_timed_row_offers_start_and_says_last_time_in_words(
    owner: User, owner_client: Client
) -> None:
    plank = ExerciseFactory(name="Plank hold", measure="timed", movement_pattern="core")
    earlier = WorkoutSessionFactory(user=owner)
    before = SessionExerciseFactory(session=earlier, exercise=plank, reps_low=None, seconds=90)
    SetLogFactory(session_exercise=before, set_number=1, reps=None, load_kg=None, seconds=90)
    session = WorkoutSessionFactory(user=owner, finished_at=None)
    SessionExerciseFactory(
        session=session,
        exercise=plank,
        planned_sets=1,
        reps_low=None,
        reps_high=None,
        seconds=95,
        suggested_load_kg=None,
        suggested_reps=None,
    )
    response = owner_client.get(reverse("workouts:session", args=[session.pk]))
    assert_valid_html(response)
    html = response.content.decode()
    assert 'data-timed="hold"' in html
    assert "1 minute 30 seconds" in html  # last time
    assert 'value="95"' in html  # today's target, typed and saved with ✓ without JavaScript
