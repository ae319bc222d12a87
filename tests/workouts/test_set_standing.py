"""``set_standing`` (one SQL aggregate per logged set) agrees with the session page's
record walk (``record_set_ids``) and row numbering, for any history."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.workouts import selectors, services
from apps.workouts.models import SessionExercise, SetLog
from tests.factories import UserFactory
from tests.factories.programs import ExerciseFactory
from tests.factories.workouts import SessionExerciseFactory, SetLogFactory, WorkoutSessionFactory

# (reps, load in kg or None for an unloaded set, seconds)
a_set = st.tuples(
    st.integers(min_value=1, max_value=15),
    st.one_of(st.none(), st.just(Decimal("0")), st.decimals("2.5", "120", places=1)),
    st.one_of(st.none(), st.integers(min_value=10, max_value=120)),
)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    measure=st.sampled_from(["load", "bodyweight", "timed"]),
    earlier=st.lists(st.lists(a_set, max_size=4), max_size=3),
    today=st.lists(st.tuples(st.sampled_from([0, 1]), a_set), min_size=1, max_size=7),
)
def test_set_standing_matches_the_session_page(
    measure: str,
    earlier: list[list[tuple[int, Decimal | None, int | None]]],
    today: list[tuple[int, tuple[int, Decimal | None, int | None]]],
) -> None:
    user = UserFactory()
    exercise = ExerciseFactory(measure=measure)
    start = timezone.now() - dt.timedelta(days=len(earlier) + 1)
    for day, sets in enumerate(earlier):
        started = start + dt.timedelta(days=day)
        row = SessionExerciseFactory(
            session=WorkoutSessionFactory(user=user, started_at=started), exercise=exercise
        )
        for number, (reps, load, seconds) in enumerate(sets, 1):
            SetLogFactory(
                session_exercise=row,
                set_number=number,
                reps=reps,
                load_kg=load,
                seconds=seconds,
                logged_at=started + dt.timedelta(minutes=number),
            )
    session = WorkoutSessionFactory(user=user, finished_at=None, started_at=timezone.now())
    # The same exercise twice in one session: its rows are walked together.
    rows = [SessionExerciseFactory(session=session, exercise=exercise) for _ in range(2)]
    numbers = [0, 0]
    for minute, (which, (reps, load, seconds)) in enumerate(today, 1):
        numbers[which] += 1
        SetLogFactory(
            session_exercise=rows[which],
            set_number=numbers[which],
            reps=reps,
            load_kg=load,
            seconds=seconds,
            logged_at=session.started_at + dt.timedelta(minutes=minute),
        )

    page = selectors.session_with_sets(user, session.pk).get()
    expected_records = selectors.record_set_ids(
        page.exercises.all(), selectors.bests_before(user, page)
    )
    for row in page.exercises.all():
        for number, item in enumerate(row.live_sets, 1):
            saved = SetLog.objects.select_related(
                "session_exercise__session", "session_exercise__exercise"
            ).get(pk=item.pk)
            standing = selectors.set_standing(saved)
            assert standing.number == number
            assert standing.is_record == (item.pk in expected_records)


@pytest.mark.django_db
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    measure=st.sampled_from(["load", "bodyweight", "timed"]),
    earlier=st.lists(a_set, max_size=4),
    steps=st.lists(
        st.tuples(st.sampled_from([0, 1]), a_set, st.booleans()), min_size=1, max_size=8
    ),
)
def test_the_insert_answers_as_the_standing_query_does(
    measure: str,
    earlier: list[tuple[int, Decimal | None, int | None]],
    steps: list[tuple[int, tuple[int, Decimal | None, int | None], bool]],
) -> None:
    """On PostgreSQL the INSERT of a new set also returns the session part of its standing;
    it must agree with the query ``set_standing`` runs for a set read back."""
    user = UserFactory()
    exercise = ExerciseFactory(measure=measure)
    started = timezone.now() - dt.timedelta(days=3)
    old_row = SessionExerciseFactory(
        session=WorkoutSessionFactory(user=user, started_at=started), exercise=exercise
    )
    for number, (reps, load, seconds) in enumerate(earlier, 1):
        SetLogFactory(
            session_exercise=old_row, set_number=number, reps=reps, load_kg=load, seconds=seconds
        )
    session = WorkoutSessionFactory(
        user=user, finished_at=None, started_at=timezone.now() - dt.timedelta(minutes=30)
    )
    rows = [
        SessionExercise.objects.select_related("session", "exercise").get(
            pk=SessionExerciseFactory(session=session, exercise=exercise).pk
        )
        for _ in range(2)
    ]
    for which, (reps, load, seconds), delete_after in steps:
        saved, created = services.set_log_create(
            session_exercise=rows[which],
            client_id=uuid.uuid4(),
            reps=reps,
            load_kg=load,
            seconds=seconds,
            rpe=None,
        )
        assert created
        returned = hasattr(saved, selectors.TODAY_ATTRIBUTE)
        assert returned == (connection.vendor == "postgresql")
        from_insert = selectors.set_standing(saved)
        read_back = SetLog.objects.select_related(
            "session_exercise__session", "session_exercise__exercise"
        ).get(pk=saved.pk)
        assert from_insert == selectors.set_standing(read_back)
        if delete_after:
            services.set_log_delete(set_log=read_back)
