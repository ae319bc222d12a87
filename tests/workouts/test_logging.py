"""Logging sets over HTTP: one tap, idempotent, validated, in the person's unit."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.workouts.models import PersonalBest, SessionExercise, SetLog, WorkoutSession
from tests.factories import (
    CheckInFactory,
    EnrollmentFactory,
    ExerciseFactory,
    SessionExerciseFactory,
    SetLogFactory,
    WorkoutSessionFactory,
)
from tests.html_checks import assert_valid_html

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def row(owner: User) -> SessionExercise:
    session = WorkoutSessionFactory(user=owner, finished_at=None, name="Session A")
    return SessionExerciseFactory(
        session=session, suggested_load_kg=D("42.5"), suggested_reps=8, rest_seconds=75
    )


def set_url(row: SessionExercise) -> str:
    return reverse("workouts:set_log", args=[row.pk])


def post_set(client: Client, row: SessionExercise, htmx: bool = True, **data: Any) -> Any:
    payload = {"client_id": str(uuid.uuid4()), "load": "42.5", "reps": "8", "rpe": "", **data}
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(set_url(row), payload, **headers)


def test_session_page_prefills_each_set_with_the_suggestion(
    owner_client: Client, row: SessionExercise
) -> None:
    response = owner_client.get(reverse("workouts:session", args=[row.session.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("data-done-button") == 3
    assert html.count('value="42.5"') == 3
    assert html.count('name="client_id"') == 3
    assert html.count('name="reps" value="8"') == 3
    assert 'data-rest="75"' in html
    assert "data-rest-timer" in html


def test_one_tap_saves_the_set_and_starts_the_rest_timer(
    owner_client: Client, row: SessionExercise, htmx_headers: dict[str, str]
) -> None:
    response = post_set(owner_client, row)
    assert response.status_code == 200
    assert_valid_html(response, fragment=True)
    saved = SetLog.objects.get()
    assert (saved.reps, saved.load_kg, saved.set_number) == (8, D("42.50"), 1)
    html = response.content.decode()
    assert "set-done" in html
    assert "42.5 kg × 8" in html
    assert response["HX-Trigger"] == (
        '{"workouts:set-saved": {"rest": 75, "exercise": "' + row.exercise.name + '"}}'
    )


@pytest.mark.parametrize("htmx", [True, False])
def test_posting_the_same_set_twice_creates_one_set(
    owner_client: Client, row: SessionExercise, htmx: bool
) -> None:
    client_id = str(uuid.uuid4())
    first = post_set(owner_client, row, htmx=htmx, client_id=client_id)
    second = post_set(owner_client, row, htmx=htmx, client_id=client_id)
    assert first.status_code == second.status_code == (200 if htmx else 302)
    assert SetLog.objects.filter(client_id=client_id).count() == 1
    assert SetLog.objects.count() == 1


def test_a_retried_post_answers_with_the_same_row(
    owner_client: Client, row: SessionExercise
) -> None:
    """A phone on gym wifi retries; the retry finds the saved set and shows the same row."""
    client_id = str(uuid.uuid4())
    first_response = post_set(owner_client, row, client_id=client_id)
    retry_response = post_set(owner_client, row, client_id=client_id)
    masked_token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')  # fresh per page
    assert masked_token.sub(b"", retry_response.content) == masked_token.sub(
        b"", first_response.content
    )
    assert "Set 1" in re.sub(r"<[^>]+>", "", retry_response.content.decode())
    assert SetLog.objects.filter(session_exercise=row).count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"reps": "-3"}, "reps", "Reps can&#x27;t be negative."),
        ({"load": "5000"}, "load", "That&#x27;s more than 1,000 kg. Please check the weight."),
        ({"load": "5,000"}, "load", "Type the weight as a number, like 42.5."),
        ({"load": "heavy"}, "load", "Type the weight as a number, like 42.5."),
        ({"reps": "ten"}, "reps", "Type the reps as a whole number, like 10."),
        ({"load": "-5"}, "load", "The weight can&#x27;t be negative."),
        ({"load": ""}, "load", "Enter the weight you lifted in kg (0 if you used none)."),
        ({"reps": "150"}, "reps", "That&#x27;s more than 100 reps. Please check it."),
        ({"rpe": "11"}, "rpe", "Pick an effort from the list, or Skip."),
    ],
)
@pytest.mark.parametrize("htmx", [True, False])
def test_bad_input_keeps_the_values_shows_a_message_and_saves_nothing(
    owner_client: Client,
    row: SessionExercise,
    htmx: bool,
    data: dict[str, str],
    field: str,
    message: str,
) -> None:
    client_id = str(uuid.uuid4())
    response = post_set(owner_client, row, htmx=htmx, client_id=client_id, **data)

    assert response.status_code == 200
    assert_valid_html(response, fragment=htmx)
    html = response.content.decode()
    assert message in html
    error_id = f"id_{client_id[:8]}_{field}_error"
    # The message sits next to its field and the field points at it.
    assert f'id="{error_id}"' in html
    assert f'aria-describedby="{error_id}"' in html
    assert 'aria-invalid="true"' in html
    # What was typed is still there, in the same row (same client id).
    typed = data[field]
    if field != "rpe" and typed:
        assert f'value="{typed}"' in html
    assert f'value="{client_id}"' in html
    assert SetLog.objects.count() == 0


def test_pound_users_type_pounds_and_we_store_kilograms(
    row: SessionExercise, owner: User, owner_client: Client
) -> None:
    owner.units = User.Units.LB
    owner.save()
    response = post_set(owner_client, row, load="100")
    assert SetLog.objects.get().load_kg == D("45.36")
    assert "100 lb × 8" in response.content.decode()
    page = owner_client.get(reverse("workouts:session", args=[row.session.pk])).content.decode()
    assert "Weight (lb)" in page
    assert 'value="100"' in page  # the next set is prefilled with what was just lifted
    too_heavy = post_set(owner_client, row, load="2300")
    assert "That&#x27;s more than 2,204.6 lb." in too_heavy.content.decode()


def test_bodyweight_and_timed_rows_ask_for_the_right_numbers(
    owner_client: Client, owner: User
) -> None:
    session = WorkoutSessionFactory(user=owner, finished_at=None)
    press_up = SessionExerciseFactory(
        session=session, exercise=ExerciseFactory(measure="bodyweight"), suggested_load_kg=None
    )
    plank = SessionExerciseFactory(
        session=session,
        exercise=ExerciseFactory(measure="timed"),
        reps_low=None,
        reps_high=None,
        seconds=40,
        suggested_load_kg=None,
        suggested_reps=None,
    )
    post_set(owner_client, press_up, load="", reps="12")
    post_set(owner_client, plank, load="", reps="", seconds="45")
    missing = post_set(owner_client, plank, load="", reps="", seconds="")
    assert "Enter how many seconds you held it." in missing.content.decode()
    sets = {s.session_exercise_id: s for s in SetLog.objects.all()}
    assert (sets[press_up.pk].reps, sets[press_up.pk].load_kg) == (12, None)
    assert (sets[plank.pk].seconds, sets[plank.pk].reps) == (45, None)
    page = owner_client.get(reverse("workouts:session", args=[session.pk])).content.decode()
    assert "12 reps" in page
    assert "45 seconds" in page
    assert 'value="40"' in page  # the plank's remaining sets aim for 40 seconds


def test_edit_a_set(owner_client: Client, owner: User, htmx_headers: dict[str, str]) -> None:
    item = SetLogFactory(session_exercise__session__user=owner, reps=8, load_kg=D("40"))
    url = reverse("workouts:set_edit", args=[item.pk])
    form = owner_client.get(url, **htmx_headers)
    assert 'value="40"' in form.content.decode()
    data = {"client_id": str(item.client_id), "load": "45", "reps": "7", "rpe": "8.5"}
    response = owner_client.post(url, data, **htmx_headers)
    assert "45 kg × 7" in response.content.decode()
    item.refresh_from_db()
    assert (item.load_kg, item.reps, item.rpe) == (D("45"), 7, D("8.5"))
    bad = owner_client.post(url, {**data, "reps": "-1"}, **htmx_headers)
    assert "Reps can&#x27;t be negative." in bad.content.decode()
    item.refresh_from_db()
    assert item.reps == 7


def test_delete_then_undo(owner_client: Client, owner: User, htmx_headers: dict[str, str]) -> None:
    item = SetLogFactory(
        session_exercise__session__user=owner, session_exercise__session__finished_at=None
    )
    deleted = owner_client.post(reverse("workouts:set_delete", args=[item.pk]), **htmx_headers)
    assert "Set deleted" in deleted.content.decode()
    assert "Undo" in deleted.content.decode()
    item.refresh_from_db()
    assert item.deleted_at is not None
    page = owner_client.get(reverse("workouts:session", args=[item.session_exercise.session.pk]))
    assert reverse("workouts:set_restore", args=[item.pk]) in page.content.decode()

    restored = owner_client.post(reverse("workouts:set_restore", args=[item.pk]), **htmx_headers)
    assert "set-done" in restored.content.decode()
    item.refresh_from_db()
    assert item.deleted_at is None


def test_undo_is_offered_for_half_an_hour(owner_client: Client, owner: User) -> None:
    item = SetLogFactory(session_exercise__session__user=owner)
    owner_client.post(reverse("workouts:set_delete", args=[item.pk]))
    page_url = reverse("workouts:session", args=[item.session_exercise.session.pk])
    restore_url = reverse("workouts:set_restore", args=[item.pk])
    with time_machine.travel(dt.timedelta(minutes=29)):
        assert restore_url in owner_client.get(page_url).content.decode()
    with time_machine.travel(dt.timedelta(minutes=31)):
        assert restore_url not in owner_client.get(page_url).content.decode()


def test_add_a_set_row(
    owner_client: Client, row: SessionExercise, htmx_headers: dict[str, str]
) -> None:
    response = owner_client.post(
        reverse("workouts:exercise_add_set", args=[row.pk]), **htmx_headers
    )
    assert "Set 1" in response.content.decode()
    assert "data-done-button" in response.content.decode()
    row.refresh_from_db()
    assert row.planned_sets == 4


def test_a_stranger_cannot_log_into_someone_elses_session(
    stranger_client: Client, row: SessionExercise
) -> None:
    assert post_set(stranger_client, row).status_code == 404
    assert SetLog.objects.count() == 0


def test_start_goes_to_the_before_check_in(owner_client: Client, owner: User) -> None:
    EnrollmentFactory(user=owner, training_today=True)
    response = owner_client.post(reverse("workouts:session_start"))
    session = WorkoutSession.objects.get(user=owner)
    assert session.exercises.count() == 4
    location = urlsplit(response["Location"])
    assert location.path == reverse("journal:checkin_create")
    assert parse_qs(location.query) == {
        "kind": ["before"],
        "session": [str(session.pk)],
        "next": [reverse("workouts:session", args=[session.pk])],
    }


def test_start_holds_increases_while_guidance_holds_the_plan(
    owner_client: Client, owner: User
) -> None:
    """The start view asks the safety app (``settings.STEADY_PLAN_HOLDS``) for the holds."""
    EnrollmentFactory(user=owner, training_today=True)
    yesterday = owner.local_today() - dt.timedelta(days=1)
    CheckInFactory(user=owner, kind="after", date=yesterday, warning_symptoms=["chest_pain"])

    owner_client.post(reverse("workouts:session_start"))

    session = WorkoutSession.objects.get(user=owner)
    assert session.progression_holds == ["stop_and_seek_care"]


def test_start_again_resumes(owner_client: Client, owner: User) -> None:
    session = WorkoutSessionFactory(user=owner, finished_at=None)
    response = owner_client.post(reverse("workouts:session_start"), {"minimum": "1"})
    assert response["Location"] == reverse("workouts:session", args=[session.pk])
    assert WorkoutSession.objects.filter(user=owner).count() == 1


def test_the_minimum_session_from_today(owner_client: Client, owner: User) -> None:
    owner_client.post(reverse("workouts:session_start"), {"minimum": "1"})
    session = WorkoutSession.objects.get(user=owner)
    assert session.is_minimum


def test_finish_then_the_after_check_in(owner_client: Client, owner: User) -> None:
    session = WorkoutSessionFactory(user=owner, finished_at=None)
    row = SessionExerciseFactory(session=session)
    SetLogFactory(session_exercise=row, logged_at=session.started_at + dt.timedelta(minutes=2))
    SetLogFactory(session_exercise=row, logged_at=session.started_at + dt.timedelta(minutes=29))
    url = reverse("workouts:session_finish", args=[session.pk])

    form = owner_client.get(url).content.decode()
    assert 'value="27"' in form  # first to last set
    assert "Very, very easy" in form
    assert "The hardest I could do" in form

    response = owner_client.post(url, {"duration_min": "30", "session_rpe": "7", "notes": "Ok"})
    location = urlsplit(response["Location"])
    assert location.path == reverse("journal:checkin_create")
    assert parse_qs(location.query) == {
        "kind": ["after"],
        "session": [str(session.pk)],
        "next": [reverse("workouts:session_detail", args=[session.pk])],
    }
    session.refresh_from_db()
    assert session.is_finished
    assert (session.duration_min, session.session_rpe, session.notes) == (30, D("7"), "Ok")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"duration_min": "0", "session_rpe": "5"}, "A session takes at least 1 minute."),
        ({"duration_min": "abc", "session_rpe": "5"}, "Type the minutes as a whole number"),
        ({"duration_min": "30"}, "Pick how hard the session felt overall."),
    ],
)
def test_finish_validation(
    owner_client: Client, owner: User, data: dict[str, str], message: str
) -> None:
    session = WorkoutSessionFactory(user=owner, finished_at=None)
    response = owner_client.post(reverse("workouts:session_finish", args=[session.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert_valid_html(response)
    session.refresh_from_db()
    assert not session.is_finished


def test_discard_an_empty_session(owner_client: Client, owner: User) -> None:
    session = WorkoutSessionFactory(user=owner, finished_at=None)
    response = owner_client.post(reverse("workouts:session_discard", args=[session.pk]))
    assert response["Location"] == reverse("programs:today")
    assert not WorkoutSession.objects.filter(pk=session.pk).exists()


def test_swap_page_lists_alternatives_and_swaps(owner_client: Client, owner: User) -> None:
    from tests.factories import ExerciseAlternativeFactory

    row = SessionExerciseFactory(session__user=owner, session__finished_at=None)
    easier = ExerciseAlternativeFactory(exercise=row.exercise).alternative
    url = reverse("workouts:exercise_swap", args=[row.pk])
    page = owner_client.get(url)
    assert easier.name in page.content.decode()
    assert "(easier)" in page.content.decode()
    missing = owner_client.post(url, {})
    assert "Choose the exercise to do instead." in missing.content.decode()
    owner_client.post(url, {"exercise": easier.pk})
    row.refresh_from_db()
    assert row.exercise == easier


def test_add_exercise_validation_and_save(owner_client: Client, owner: User) -> None:
    session = WorkoutSessionFactory(user=owner, finished_at=None)
    exercise = ExerciseFactory()
    url = reverse("workouts:exercise_add", args=[session.pk])
    bad = owner_client.post(
        url, {"exercise": exercise.pk, "sets": "2", "reps_low": "12", "reps_high": "8"}
    )
    assert "The top of the range must be at least the bottom." in bad.content.decode()
    assert session.exercises.count() == 0
    owner_client.post(
        url, {"exercise": exercise.pk, "sets": "2", "reps_low": "8", "reps_high": "12"}
    )
    assert session.exercises.get().exercise == exercise


def test_a_low_before_check_in_saved_after_start_holds_the_session(
    owner_client: Client, owner: User
) -> None:
    session = WorkoutSessionFactory(user=owner, finished_at=None)
    exercise = ExerciseFactory()
    for days_ago in (4, 2):
        done = SessionExerciseFactory(
            session=WorkoutSessionFactory(
                user=owner,
                started_at=session.started_at - dt.timedelta(days=days_ago),
            ),
            exercise=exercise,
        )
        for number in (1, 2, 3):
            SetLogFactory(session_exercise=done, set_number=number, reps=12, load_kg=D("40"))
    SessionExerciseFactory(
        session=session,
        exercise=exercise,
        suggested_load_kg=D("42.5"),
        suggestion_change="increase",
    )
    owner_client.post(
        reverse("journal:checkin_create"),
        {"kind": "before", "session": session.pk, "mood": "3", "energy": "5"},
    )

    html = owner_client.get(reverse("workouts:session", args=[session.pk])).content.decode()

    assert 'name="load" value="40"' in html
    assert 'name="reps" value="12"' in html
    assert "because you said your mood or energy is low today" in html


@pytest.mark.django_db(transaction=True)
def test_two_sets_posted_at_once_into_one_row_get_numbers_1_and_2(
    require_postgres: None,
) -> None:
    """Two phones (or a double tap with two client ids) post into the same row at the same
    moment. Each request waits, after taking its number and before saving, long enough
    for the other to take one too: only the row lock keeps the numbers apart."""
    import threading
    import time

    from django.db import connection
    from django.db.models.signals import pre_save

    from tests.factories import UserFactory

    owner = UserFactory()
    row = SessionExerciseFactory(session=WorkoutSessionFactory(user=owner, finished_at=None))
    start = threading.Barrier(2)
    answers: list[int] = []

    def slow_save(sender: type[SetLog], **_: object) -> None:
        time.sleep(0.3)

    def post() -> None:
        try:
            client = Client()
            client.force_login(owner)
            start.wait()
            answers.append(post_set(client, row).status_code)
        finally:
            connection.close()

    pre_save.connect(slow_save, sender=SetLog, dispatch_uid="slow-set-save")
    try:
        threads = [threading.Thread(target=post) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        pre_save.disconnect(sender=SetLog, dispatch_uid="slow-set-save")
    assert answers == [200, 200]
    numbers = SetLog.objects.filter(session_exercise=row).values_list("set_number", flat=True)
    assert sorted(numbers) == [1, 2]


def test_a_set_logged_into_a_finished_session_counts_for_the_bests(
    owner_client: Client, owner: User, htmx_headers: dict[str, str]
) -> None:
    """Fixing a set later (or a set that arrives after finishing) is allowed; the bests and
    the progress page follow at once, and deleting the set takes it back out."""
    exercise = ExerciseFactory(name="Practice row", measure="load")
    earlier = WorkoutSessionFactory(user=owner, started_at=timezone.now() - dt.timedelta(days=3))
    SetLogFactory(
        session_exercise=SessionExerciseFactory(session=earlier, exercise=exercise),
        reps=8,
        load_kg=D("50"),
    )
    finished = WorkoutSessionFactory(user=owner, started_at=timezone.now() - dt.timedelta(days=1))
    row = SessionExerciseFactory(session=finished, exercise=exercise)
    SetLogFactory(session_exercise=row, set_number=1, reps=8, load_kg=D("50"))

    response = post_set(owner_client, row, load="55", reps="8")

    html = response.content.decode()
    assert "Set 2" in re.sub(r"<[^>]+>", "", html)
    assert "New best!" in html  # beats everything before that session
    best = PersonalBest.objects.get(user=owner, exercise=exercise)
    saved = SetLog.objects.get(session_exercise=row, set_number=2)
    assert (best.heaviest_kg, best.heaviest_set_id, best.heaviest_on) == (
        D("55"),
        saved.pk,
        finished.date,
    )
    assert best.session_count == 2
    assert "heaviest 55 kg" in owner_client.get(reverse("workouts:progress")).content.decode()

    owner_client.post(reverse("workouts:set_delete", args=[saved.pk]), **htmx_headers)
    assert PersonalBest.objects.get(user=owner, exercise=exercise).heaviest_kg == D("50")


def test_sets_of_the_open_session_count_once_it_is_finished(
    owner_client: Client, row: SessionExercise, owner: User
) -> None:
    post_set(owner_client, row, load="45", reps="8")
    assert not PersonalBest.objects.filter(user=owner).exists()
    owner_client.post(
        reverse("workouts:session_finish", args=[row.session.pk]),
        {"duration_min": "30", "session_rpe": "7"},
    )
    best = PersonalBest.objects.get(user=owner, exercise=row.exercise)
    assert (best.heaviest_kg, best.most_reps, best.session_count) == (D("45"), 8, 1)
    assert best.e1rm_kg == pytest.approx(45 * (1 + 8 / 30))
