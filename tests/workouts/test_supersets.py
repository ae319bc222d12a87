"""Supersets in a session: paired from the plan or from the card, rest after the round."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.programs import services as programs_services
from apps.programs.models import Prescription
from apps.programs.selectors import planned_session_for
from apps.workouts import services
from apps.workouts.models import SessionExercise, WorkoutSession
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


def three_rows(owner: User) -> list[SessionExercise]:
    session = WorkoutSessionFactory(user=owner, finished_at=None)
    names = ["Pair press", "Pair row", "Solo squat"]
    return [
        SessionExerciseFactory(
            session=session, exercise=ExerciseFactory(name=name), order=order, planned_sets=2
        )
        for order, name in enumerate(names, 1)
    ]


def log(client: Client, row: SessionExercise) -> Any:
    payload = {"client_id": str(uuid.uuid4()), "load": "40", "reps": "10", "rpe": ""}
    return client.post(reverse("workouts:set_log", args=[row.pk]), payload, HTTP_HX_REQUEST="true")


def rest_after(response: Any) -> int:
    return int(json.loads(response["HX-Trigger"])["workouts:set-saved"]["rest"])


def test_pair_with_next_from_more_and_the_page_groups_the_pair(
    owner: User, owner_client: Client
) -> None:
    first, second, third = three_rows(owner)
    response = owner_client.post(reverse("workouts:exercise_pair", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert first.superset_group is not None
    assert first.superset_group == second.superset_group
    assert third.superset_group is None

    page = owner_client.get(reverse("workouts:session", args=[first.session_id]))
    html = page.content.decode()
    assert_valid_html(page)
    assert html.count('role="group"') == 1
    assert ">Superset: Pair press + Pair row</p>" in html
    assert html.count("Unpair<") == 2
    # The last card has nothing after it to pair with; the pair's second card cannot pair on.
    assert html.count("Pair with next<") == 0

    # A card already paired cannot pair again; the last card has no next one.
    owner_client.post(reverse("workouts:exercise_pair", args=[second.pk]))
    owner_client.post(reverse("workouts:exercise_pair", args=[third.pk]))
    third.refresh_from_db()
    assert third.superset_group is None

    owner_client.post(reverse("workouts:exercise_unpair", args=[second.pk]))
    assert not SessionExercise.objects.filter(superset_group__isnull=False).exists()
    html = owner_client.get(reverse("workouts:session", args=[first.session_id])).content.decode()
    assert 'role="group"' not in html
    assert html.count("Pair with next<") == 2


def test_rest_starts_after_the_pair_not_after_the_first_exercise(
    owner: User, owner_client: Client
) -> None:
    first, second, third = three_rows(owner)
    services.session_exercise_pair_with_next(session_exercise=first)
    assert rest_after(log(owner_client, first)) == 0
    assert rest_after(log(owner_client, second)) == 90
    assert rest_after(log(owner_client, first)) == 0
    assert rest_after(log(owner_client, second)) == 90
    # Past the partner's planned sets there is no one to wait for.
    assert rest_after(log(owner_client, first)) == 90
    # Unpaired cards rest after every set, as before.
    assert rest_after(log(owner_client, third)) == 90


def test_the_second_exercise_first_still_rests_after_the_round(
    owner: User, owner_client: Client
) -> None:
    first, second, _third = three_rows(owner)
    services.session_exercise_pair_with_next(session_exercise=first)
    assert rest_after(log(owner_client, second)) == 0
    assert rest_after(log(owner_client, first)) == 90


def test_swapping_keeps_the_pair(owner: User) -> None:
    first, second, _third = three_rows(owner)
    services.session_exercise_pair_with_next(session_exercise=first)
    group = SessionExercise.objects.get(pk=first.pk).superset_group
    # No sets yet: the row changes exercise and stays in the pair.
    swapped = services.session_exercise_swap(
        session_exercise=SessionExercise.objects.get(pk=first.pk),
        exercise=ExerciseFactory(name="Other press"),
    )
    assert swapped.pk == first.pk
    assert SessionExercise.objects.get(pk=first.pk).superset_group == group
    # With a set done, the replacement takes its place in the pair for the rest.
    SetLogFactory(session_exercise=second, set_number=1, reps=10, load_kg=Decimal("40"))
    replacement = services.session_exercise_swap(
        session_exercise=SessionExercise.objects.get(pk=second.pk),
        exercise=ExerciseFactory(name="Other row"),
    )
    assert SessionExercise.objects.get(pk=second.pk).superset_group is None
    assert SessionExercise.objects.get(pk=replacement.pk).superset_group == group


def test_a_session_copies_the_pairs_of_a_custom_program(owner: User, owner_client: Client) -> None:
    program = program_with(owner=owner, days=1, exercises_per_day=3)
    rx = Prescription.objects.filter(day__program=program).order_by("order")
    assert programs_services.prescription_pair_with_next(prescription=rx[1])
    EnrollmentFactory(user=owner, program=program, training_today=True)
    planned = planned_session_for(owner, owner.local_today())
    session = services.session_start(user=owner, planned=planned)
    groups = list(session.exercises.order_by("order").values_list("superset_group", flat=True))
    assert groups[0] is None
    assert groups[1] is not None
    assert groups[1] == groups[2]
    # Finishing works as ever.
    response = owner_client.post(
        reverse("workouts:session_finish", args=[session.pk]),
        {"duration_min": "30", "session_rpe": "6", "notes": ""},
    )
    assert response.status_code == 302
    assert WorkoutSession.objects.get(pk=session.pk).is_finished


def test_a_stranger_cannot_pair_my_exercises(owner: User, stranger_client: Client) -> None:
    first, _second, _third = three_rows(owner)
    for name in ("workouts:exercise_pair", "workouts:exercise_unpair"):
        assert stranger_client.post(reverse(name, args=[first.pk])).status_code == 404
    assert not SessionExercise.objects.filter(superset_group__isnull=False).exists()
