"""The session page's card (last time, prefilled first set, notes) and the summary's mood."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.journal.models import CheckIn
from apps.workouts.models import ExerciseNote, SessionExercise
from tests.factories import (
    CheckInFactory,
    ExerciseFactory,
    SessionExerciseFactory,
    SetLogFactory,
    WorkoutSessionFactory,
)
from tests.html_checks import assert_valid_html

pytestmark = pytest.mark.django_db
D = Decimal
# What the progression engine gives an exercise never done before: no load.
FIRST = {
    "suggestion_change": "first",
    "suggested_load_kg": None,
    "suggested_reps": 8,
    "suggestion_reason": "First time: pick a weight you could lift for 8 reps.",
}


def open_row(owner: User, **exercise: Any) -> SessionExercise:
    session = WorkoutSessionFactory(user=owner, finished_at=None)
    return SessionExerciseFactory(session=session, exercise=ExerciseFactory(**exercise), **FIRST)


def page_html(client: Client, row: SessionExercise) -> str:
    response = client.get(reverse("workouts:session", args=[row.session.pk]))
    assert response.status_code == 200
    assert_valid_html(response)
    return str(response.content.decode())


@pytest.mark.parametrize(
    ("equipment", "pattern", "compound", "units", "expected"),
    [
        ("machine", "squat", True, "kg", "5"),
        ("machine", "squat", True, "lb", "10"),
        ("barbell", "hinge", True, "kg", "20"),
        ("barbell", "hinge", True, "lb", "45"),
        ("dumbbell", "horizontal_push", True, "kg", "4"),
        ("dumbbell", "isolation", False, "kg", "2"),
    ],
)
def test_a_first_time_set_is_prefilled_with_a_light_start(
    owner_client: Client,
    owner: User,
    equipment: str,
    pattern: str,
    compound: bool,
    units: str,
    expected: str,
) -> None:
    owner.units = units
    owner.save()
    row = open_row(owner, equipment=equipment, movement_pattern=pattern, is_compound=compound)
    html = page_html(owner_client, row)
    assert html.count(f'name="load" value="{expected}"') == row.planned_sets


def test_the_first_time_advice_is_said_once_for_the_session(
    owner_client: Client, owner: User
) -> None:
    row = open_row(owner)
    for order in (2, 3, 4):
        SessionExerciseFactory(session=row.session, order=order, **FIRST)
    html = page_html(owner_client, row)
    assert html.count("New to an exercise?") == 1
    assert "First time: pick a weight" not in html


def test_each_set_shows_what_was_done_for_it_last_time(owner_client: Client, owner: User) -> None:
    exercise = ExerciseFactory()
    before = WorkoutSessionFactory(user=owner, started_at=timezone.now() - dt.timedelta(days=3))
    earlier = SessionExerciseFactory(session=before, exercise=exercise)
    SetLogFactory(session_exercise=earlier, set_number=1, reps=10, load_kg=D("40"))
    SetLogFactory(session_exercise=earlier, set_number=2, reps=9, load_kg=D("42.5"))
    today = WorkoutSessionFactory(user=owner, finished_at=None)
    row = SessionExerciseFactory(session=today, exercise=exercise, planned_sets=3, **FIRST)
    html = page_html(owner_client, row)
    assert "Last time: </span>40 × 10" in html
    assert "Last time: </span>42.5 × 9" in html
    # Nothing was done for set 3 last time; it still starts from the last weight.
    assert html.count("Last time:") == 2
    assert html.count('name="load" value=') == 3


def test_a_note_saves_with_htmx_and_shows_on_the_next_session(
    owner_client: Client, owner: User, htmx_headers: dict[str, str]
) -> None:
    row = open_row(owner)
    url = reverse("workouts:exercise_note", args=[row.pk])
    response = owner_client.post(url, {"text": "  seat 4, pin 6 "}, **htmx_headers)
    assert response.status_code == 200
    assert_valid_html(response, fragment=True)
    assert "seat 4, pin 6" in response.content.decode()
    assert ExerciseNote.objects.get(user=owner, exercise=row.exercise).text == "seat 4, pin 6"

    row.session.finished_at = timezone.now()
    row.session.save()
    later = WorkoutSessionFactory(user=owner, finished_at=None, started_at=timezone.now())
    next_row = SessionExerciseFactory(session=later, exercise=row.exercise)
    assert "seat 4, pin 6" in page_html(owner_client, next_row)


def test_a_note_without_javascript_redirects_back_and_empty_removes_it(
    owner_client: Client, owner: User
) -> None:
    row = open_row(owner)
    url = reverse("workouts:exercise_note", args=[row.pk])
    response = owner_client.post(url, {"text": "pin 6"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#exercise-{row.pk}")
    assert ExerciseNote.objects.filter(user=owner).count() == 1
    owner_client.post(url, {"text": " "})
    assert not ExerciseNote.objects.filter(user=owner).exists()


def test_a_note_too_long_keeps_what_was_typed_with_a_message(
    owner_client: Client, owner: User, htmx_headers: dict[str, str]
) -> None:
    row = open_row(owner)
    url = reverse("workouts:exercise_note", args=[row.pk])
    typed = "seat 4 " * 40
    for headers in ({}, htmx_headers):
        response = owner_client.post(url, {"text": typed}, **headers)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Keep the note to 200 characters" in html
        assert typed.strip() in html
    assert not ExerciseNote.objects.exists()


def test_a_stranger_cannot_write_a_note_on_someone_elses_exercise(
    stranger_client: Client, owner: User
) -> None:
    row = open_row(owner)
    response = stranger_client.post(
        reverse("workouts:exercise_note", args=[row.pk]), {"text": "mine"}
    )
    assert response.status_code == 404
    assert not ExerciseNote.objects.exists()


def finished_row(owner: User) -> SessionExercise:
    session = WorkoutSessionFactory(user=owner)
    row = SessionExerciseFactory(session=session)
    SetLogFactory(session_exercise=row, reps=8, load_kg=D("30"))
    return row


def test_the_summary_shows_mood_before_and_after_and_links_to_insights(
    owner_client: Client, owner: User
) -> None:
    row = finished_row(owner)
    session = row.session
    for kind, mood in ((CheckIn.Kind.BEFORE, 4), (CheckIn.Kind.AFTER, 7)):
        CheckInFactory(user=owner, kind=kind, session=session, date=session.date, mood=mood)
    response = owner_client.get(reverse("workouts:session_detail", args=[session.pk]))
    html = response.content.decode()
    assert_valid_html(response)
    assert "4 → 7" in html
    assert reverse("journal:insights") in html
    assert "30 kg × 8" in html


def test_the_summary_shows_no_mood_change_without_both_check_ins(
    owner_client: Client, owner: User
) -> None:
    row = finished_row(owner)
    CheckInFactory(user=owner, kind=CheckIn.Kind.BEFORE, session=row.session, mood=4)
    html = owner_client.get(reverse("workouts:session_detail", args=[row.session.pk])).content
    assert "→" not in html.decode().split("<main", 1)[1].split("Does lifting help me?")[0]
    assert "How you felt" not in html.decode()
