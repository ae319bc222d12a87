"""Factories for apps.workouts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from apps.accounts.models import User
from apps.programs.models import Exercise
from apps.workouts.models import SessionExercise, SetLog, WorkoutSession
from apps.workouts.services import personal_bests_rebuild
from tests.factories.accounts import UserFactory
from tests.factories.programs import ExerciseFactory

__all__ = [
    "SessionExerciseFactory",
    "SetLogFactory",
    "WorkoutSessionFactory",
    "make_workout_history",
]


def _earlier_today(user: Any) -> dt.datetime:
    """About two hours ago, but never before the person's local midnight: a default
    session is "today's" whatever time the tests run (they also run just after midnight)."""
    now = timezone.now()
    local_midnight = dt.datetime.combine(user.local_today(), dt.time.min, tzinfo=user.zone)
    return max(now - dt.timedelta(hours=2), min(local_midnight + dt.timedelta(seconds=1), now))


class WorkoutSessionFactory(factory.django.DjangoModelFactory[WorkoutSession]):
    """A finished session by default; pass ``finished_at=None`` for one in progress."""

    class Meta:
        model = WorkoutSession

    user = factory.SubFactory(UserFactory)
    name = "Session A"
    date = factory.LazyAttribute(lambda o: o.started_at.astimezone(o.user.zone).date())
    started_at = factory.LazyAttribute(lambda o: _earlier_today(o.user))
    finished_at = factory.LazyAttribute(
        lambda o: min(o.started_at + dt.timedelta(minutes=40), timezone.now())
    )
    duration_min = factory.LazyAttribute(lambda o: 35 if o.finished_at else None)
    session_rpe = factory.LazyAttribute(lambda o: Decimal("6") if o.finished_at else None)


class SessionExerciseFactory(factory.django.DjangoModelFactory[SessionExercise]):
    class Meta:
        model = SessionExercise

    session = factory.SubFactory(WorkoutSessionFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    order = factory.Sequence(lambda n: n)
    planned_sets = 3
    reps_low = 8
    reps_high = 12
    target_rpe_low = Decimal("6")
    target_rpe_high = Decimal("7")
    rest_seconds = 90
    suggested_load_kg = Decimal("40")
    suggested_reps = 10
    suggestion_reason = "Same weight as last time — aim for 10 reps."
    suggestion_change = "same"


class SetLogFactory(factory.django.DjangoModelFactory[SetLog]):
    """A set; in a finished session it counts for the person's bests at once, as the
    services make it count."""

    class Meta:
        model = SetLog
        skip_postgeneration_save = True

    session_exercise = factory.SubFactory(SessionExerciseFactory)
    user = factory.LazyAttribute(lambda o: o.session_exercise.session.user)
    set_number = factory.Sequence(lambda n: n % 3 + 1)
    reps = 10
    load_kg = Decimal("40")
    logged_at = factory.LazyAttribute(
        lambda o: o.session_exercise.session.started_at + dt.timedelta(minutes=5 * o.set_number)
    )

    @factory.post_generation
    def personal_bests(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        row = self.session_exercise
        if create and row.session.is_finished:
            personal_bests_rebuild(user=row.session.user, exercise_ids=[row.exercise_id])


def make_workout_history(
    user: User,
    count: int,
    *,
    exercises: list[Exercise] | None = None,
    sets_per_exercise: int = 3,
    last_day: dt.date | None = None,
    start_kg: Decimal = Decimal("30"),
    **session_fields: Any,
) -> list[WorkoutSession]:
    """``count`` finished sessions, every other day back from ``last_day``, with sets.

    Loads rise by 2.5 kg every second session so the history shows progress. Uses bulk
    inserts: 500 sessions take well under a second.
    """
    exercises = exercises or [ExerciseFactory()]
    last_day = last_day or user.local_today() - dt.timedelta(days=1)
    sessions = []
    for index in range(count):
        day = last_day - dt.timedelta(days=2 * (count - 1 - index))
        started = dt.datetime.combine(day, dt.time(18, 0), tzinfo=user.zone)
        sessions.append(
            WorkoutSession(
                user=user,
                name=session_fields.get("name", f"Session {'AB'[index % 2]}"),
                date=day,
                started_at=started,
                finished_at=started + dt.timedelta(minutes=40),
                duration_min=35,
                session_rpe=Decimal("6"),
                is_deload=session_fields.get("is_deload", False),
            )
        )
    WorkoutSession.objects.bulk_create(sessions)
    rows = [
        SessionExercise(
            session=session,
            exercise=exercise,
            order=order,
            planned_sets=sets_per_exercise,
            reps_low=8,
            reps_high=12,
            rest_seconds=90,
        )
        for session in sessions
        for order, exercise in enumerate(exercises)
    ]
    SessionExercise.objects.bulk_create(rows)
    sets = []
    for row in rows:
        position = (row.session.date - sessions[0].date).days // 2
        load = start_kg + Decimal("2.5") * (position // 2)
        for number in range(1, sets_per_exercise + 1):
            sets.append(
                SetLog(
                    user=user,
                    session_exercise=row,
                    set_number=number,
                    reps=10,
                    load_kg=load,
                    rpe=Decimal("7"),
                    logged_at=row.session.started_at + dt.timedelta(minutes=4 * number),
                )
            )
    SetLog.objects.bulk_create(sets)
    personal_bests_rebuild(user=user, exercise_ids=[exercise.pk for exercise in exercises])
    return sessions
