"""Warm-up sets on the session page: suggested for barbell lifts when asked, logged with
one tap like any set, marked, and never counted for progression, records or volume. The
plate calculator's line under each barbell set."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.programs.models import Exercise
from apps.workouts import records, selectors, services
from apps.workouts.models import PersonalBest, SessionExercise, SetLog
from tests.factories import (
    ExerciseFactory,
    SessionExerciseFactory,
    SetLogFactory,
    WorkoutSessionFactory,
)
from tests.html_checks import assert_valid_html
from tests.workouts import reference

pytestmark = pytest.mark.django_db
D = Decimal
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def squat(owner: User) -> SessionExercise:
    session = WorkoutSessionFactory(user=owner, finished_at=None, name="Session A")
    exercise = Exercise.objects.get(slug="barbell-back-squat")  # from the catalog
    return SessionExerciseFactory(
        session=session, exercise=exercise, suggested_load_kg=D("60"), suggested_reps=5
    )


def page(client: Client, row: SessionExercise) -> str:
    response = client.get(reverse("workouts:session", args=[row.session.pk]))
    assert response.status_code == 200
    assert_valid_html(response)
    return str(response.content.decode())


def log(client: Client, row: SessionExercise, load: str, reps: str, **extra: Any) -> Any:
    payload = {"client_id": str(uuid.uuid4()), "load": load, "reps": reps, "rpe": "", **extra}
    return client.post(reverse("workouts:set_log", args=[row.pk]), payload, **HTMX)


def test_a_barbell_lift_offers_warm_ups_below_its_first_working_set(
    owner_client: Client, squat: SessionExercise
) -> None:
    html = page(owner_client, squat)
    assert "Warm-up sets" in html  # the switch, in the card's More
    warmups = re.findall(r'class="set-row set-pending set-warmup".*?</li>', html, re.S)
    assert len(warmups) == 2
    assert 'value="30"' in warmups[0]
    assert 'value="8"' in warmups[0]
    assert 'value="42.5"' in warmups[1]
    assert 'value="5"' in warmups[1]
    assert all('name="kind" value="warmup"' in w for w in warmups)
    # The working sets keep their numbers, weight and one ✓ each.
    assert html.count("data-done-button") == 3
    assert html.count("data-warmup-button") == 2
    assert "(save set 1 of Barbell back squat)" in html


def test_machines_and_light_weights_get_no_warm_ups(owner: User, owner_client: Client) -> None:
    session = WorkoutSessionFactory(user=owner, finished_at=None)
    machine = SessionExerciseFactory(session=session, suggested_load_kg=D("60"))
    bar_only = SessionExerciseFactory(
        session=session,
        exercise=ExerciseFactory(equipment="barbell"),
        suggested_load_kg=D("20"),
    )
    html = page(owner_client, machine)
    assert "data-warmup-button" not in html
    assert "Warm-up sets" not in html
    assert bar_only.exercise.takes_warmups


def test_a_warm_up_is_logged_with_one_tap_and_marked(
    owner_client: Client, squat: SessionExercise
) -> None:
    client_id = str(uuid.uuid4())
    response = log(owner_client, squat, "30", "8", kind="warmup", client_id=client_id)
    assert response.status_code == 200
    assert "Warm-up" in response.content.decode()
    assert "HX-Trigger" not in response  # no rest countdown after a warm-up
    # A retry of the same tap saves nothing more.
    log(owner_client, squat, "30", "8", kind="warmup", client_id=client_id)
    saved = SetLog.objects.get()
    assert (saved.kind, saved.load_kg, saved.reps) == ("warmup", D("30"), 8)

    html = page(owner_client, squat)
    assert html.count("badge-warmup") == 1
    # The 30 kg one is done; 42.5 kg is still offered; three working sets still to do,
    # prefilled with the working weight, not the warm-up's.
    assert html.count("data-warmup-button") == 1
    assert html.count("data-done-button") == 3
    assert "(save set 1 of Barbell back squat)" in html
    working = re.findall(r'class="set-row set-pending" data-set-row>.*?</li>', html, re.S)
    assert len(working) == 3
    assert all('value="60"' in w for w in working)

    # The first working set is numbered 1 and is the exercise's first best.
    response = log(owner_client, squat, "60", "5")
    assert "HX-Trigger" in response
    assert re.search(
        r'<span class="visually-hidden">Set </span>1</span>', response.content.decode()
    )
    html = page(owner_client, squat)
    assert "data-warmup-button" not in html  # warm-ups are over once working sets start


def test_an_invalid_warm_up_comes_back_as_a_warm_up(
    owner_client: Client, squat: SessionExercise
) -> None:
    response = log(owner_client, squat, "", "8", kind="warmup")
    html = response.content.decode()
    assert 'name="kind" value="warmup"' in html
    assert "Enter the weight you lifted in kg" in html
    assert not SetLog.objects.exists()
    assert log(owner_client, squat, "30", "8", kind="cooldown").status_code == 200
    assert not SetLog.objects.exists()


def test_warm_ups_are_never_a_new_best_nor_a_record(
    owner: User, owner_client: Client, squat: SessionExercise
) -> None:
    # Last week's best was 25 kg × 5: the 30 kg × 10 warm-up beats it and still sets no
    # record, and its 10 reps are not the most reps done.
    before = WorkoutSessionFactory(
        user=owner, started_at=timezone.now() - dt.timedelta(days=7), name="Last week"
    )
    done = SessionExerciseFactory(session=before, exercise=squat.exercise)
    SetLogFactory(session_exercise=done, set_number=1, reps=5, load_kg=D("25"))
    services.personal_bests_rebuild(user=owner)
    warm = log(owner_client, squat, "30", "10", kind="warmup").content.decode()
    assert "New best!" not in warm
    working = log(owner_client, squat, "60", "5").content.decode()
    assert "New best!" in working
    assert page(owner_client, squat).count("New best!") == 1

    services.session_finish(session=squat.session, duration_min=30, session_rpe=D("7"))
    best = PersonalBest.objects.get(user=owner)
    assert best.most_reps == 5
    assert best.heaviest_kg == D("60")
    assert best.e1rm_set.kind == SetLog.Kind.NORMAL
    # The finished session's summary counts and marks only the working set.
    detail = owner_client.get(reverse("workouts:session_detail", args=[squat.session.pk]))
    text = detail.content.decode()
    assert re.search(r"<dt>Sets</dt><dd>1</dd>", text)
    assert text.count("badge-warmup") == 1
    history = owner_client.get(reverse("workouts:history")).content.decode()
    assert "1 set" in history
    assert "2 sets" not in history


def test_warm_ups_never_count_for_progression_or_volume(
    owner: User, squat: SessionExercise
) -> None:
    services.set_log_create(
        session_exercise=squat,
        client_id=uuid.uuid4(),
        reps=8,
        load_kg=D("30"),
        seconds=None,
        rpe=None,
        kind=SetLog.Kind.WARMUP,
    )
    services.set_log_create(
        session_exercise=squat,
        client_id=uuid.uuid4(),
        reps=5,
        load_kg=D("60"),
        seconds=None,
        rpe=None,
    )
    services.session_finish(session=squat.session, duration_min=30, session_rpe=D("7"))
    exposures = selectors.recent_exposures(owner, [squat.exercise_id])[squat.exercise_id]
    assert [(s.load_kg, s.reps) for s in exposures[0].sets] == [(D("60"), 5)]
    sets = reference.dated_sets(owner, squat.exercise)
    assert [(s.load_kg, s.reps) for s in sets] == [(D("60"), 5)]
    week = records.weekly_points(reference.session_points(sets), week_start=owner.week_start)
    assert week[0].volume_kg == D("300")
    # The next session's "last time" shows the working set only.
    later = WorkoutSessionFactory(
        user=owner, finished_at=None, started_at=timezone.now() + dt.timedelta(days=2)
    )
    SessionExerciseFactory(session=later, exercise=squat.exercise)
    later = selectors.session_with_sets(owner, later.pk).get()
    last = selectors.last_time_sets(owner, later)[squat.exercise_id]
    assert [(s.load_kg, s.reps) for s in last] == [(D("60"), 5)]


def test_swapping_after_warm_ups_leaves_them_with_their_exercise(
    squat: SessionExercise,
) -> None:
    services.set_log_create(
        session_exercise=squat,
        client_id=uuid.uuid4(),
        reps=8,
        load_kg=D("30"),
        seconds=None,
        rpe=None,
        kind=SetLog.Kind.WARMUP,
    )
    other = ExerciseFactory()
    replacement = services.session_exercise_swap(session_exercise=squat, exercise=other)
    squat.refresh_from_db()
    assert replacement.pk != squat.pk
    assert squat.planned_sets == 0
    assert replacement.planned_sets == 3
    assert SetLog.objects.get().session_exercise_id == squat.pk


def test_each_barbell_set_shows_its_plates(
    owner: User, owner_client: Client, squat: SessionExercise
) -> None:
    html = page(owner_client, squat)
    assert html.count("Each side: 20</p>") == 3  # the three working sets at 60 kg
    assert "Each side: 5</p>" in html  # the 30 kg warm-up
    assert "Each side: 10 + 1.25</p>" in html  # the 42.5 kg one
    assert 'data-bar="20" data-plates="25 20 15 10 5 2.5 1.25" data-unit="kg"' in html
    assert "Plates<span" in html

    owner.units, owner.bar_weight, owner.plates, owner.plates_unit = (
        "lb",
        D("35"),
        ["45", "10"],
        "lb",
    )
    owner.save()
    html = page(owner_client, squat)
    # 60 kg is 132.3 lb: a 35 lb bar and 45s and 10s can't make it.
    assert "Can&#x27;t make 132.3 lb: closest is 125 lb, each side: 45</p>" in html


def test_a_machine_shows_no_plates(owner: User, owner_client: Client) -> None:
    session = WorkoutSessionFactory(user=owner, finished_at=None)
    row = SessionExerciseFactory(session=session, suggested_load_kg=D("60"))
    html = page(owner_client, row)
    assert "set-plates" not in html
    assert "data-barbell" not in html


def test_warm_ups_and_plates_cost_no_queries(
    owner: User, owner_client: Client, squat: SessionExercise
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page(owner_client, squat)
        return len(captured)

    squat.exercise = ExerciseFactory()  # a machine: no warm-ups, no plates
    squat.save()
    page(owner_client, squat)  # the first request warms sessions and caches
    machine = queries()
    squat.exercise = Exercise.objects.get(slug="barbell-back-squat")
    squat.save()
    log(owner_client, squat, "30", "8", kind="warmup")
    assert queries() == machine


def test_a_superset_partners_warm_ups_are_not_its_set_of_the_round(
    owner: User, squat: SessionExercise
) -> None:
    partner = SessionExerciseFactory(session=squat.session, order=2, suggested_load_kg=D("40"))
    SessionExercise.objects.filter(pk__in=[squat.pk, partner.pk]).update(superset_group=1)
    squat.refresh_from_db()
    services.set_log_create(
        session_exercise=partner,
        client_id=uuid.uuid4(),
        reps=8,
        load_kg=D("20"),
        seconds=None,
        rpe=None,
        kind=SetLog.Kind.WARMUP,
    )
    # The squat's first set is done; the partner has only warmed up: rest waits.
    assert selectors.superset_round_open(session_exercise=squat, set_number=1)
