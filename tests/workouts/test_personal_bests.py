"""``PersonalBest`` rows always equal what the raw sets say, whatever a person does.

A Hypothesis state machine logs, edits, deletes, restores and swaps sets through the
services, in open and finished sessions, and finishes sessions. After every step the
bests are worked out again here, from the live sets of finished sessions, and compared
with the rows.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import F
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from apps.programs.models import Exercise
from apps.workouts import services
from apps.workouts.models import PersonalBest, SessionExercise, SetLog, WorkoutSession
from apps.workouts.records import epley
from tests.factories import UserFactory
from tests.factories.programs import ExerciseFactory
from tests.factories.workouts import SessionExerciseFactory, WorkoutSessionFactory

# reps, load (None: unloaded), seconds
figures = st.tuples(
    st.integers(min_value=0, max_value=15),
    st.one_of(st.none(), st.just(Decimal("0")), st.decimals("2.5", "120", places=1)),
    st.one_of(st.none(), st.integers(min_value=1, max_value=120)),
)


def first_reaching(sets: list[dict[str, Any]], value_of: Any) -> tuple[Any, int, dt.date] | None:
    """The best value and the first set (in the order done) that reached it."""
    valued = [(value_of(s), s) for s in sets]
    valued = [(value, s) for value, s in valued if value is not None]
    if not valued:
        return None
    top = max(value for value, _ in valued)
    first = next(s for value, s in valued if value == top)
    return top, first["pk"], first["day"]


def expected_bests(user_id: int) -> dict[int, dict[str, Any]]:
    rows = (
        SetLog.objects.filter(
            session_exercise__session__user_id=user_id,
            deleted_at__isnull=True,
            session_exercise__session__finished_at__isnull=False,
        )
        .order_by(
            "session_exercise__session__date",
            "session_exercise__session__started_at",
            "logged_at",
            "pk",
        )
        .values(
            "pk",
            "reps",
            "load_kg",
            "seconds",
            exercise=F("session_exercise__exercise_id"),
            session=F("session_exercise__session_id"),
            day=F("session_exercise__session__date"),
        )
    )
    by_exercise: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        by_exercise.setdefault(row["exercise"], []).append(row)
    expected = {}
    for exercise_id, sets in by_exercise.items():
        figures_found = {
            "e1rm": first_reaching(sets, lambda s: epley(s["load_kg"], s["reps"])),
            "heaviest": first_reaching(sets, lambda s: s["load_kg"] or None),
            "most_reps": first_reaching(sets, lambda s: s["reps"]),
            "longest": first_reaching(sets, lambda s: s["seconds"]),
        }
        expected[exercise_id] = {
            "figures": figures_found,
            "session_count": len({s["session"] for s in sets}),
            "last_done_on": max(s["day"] for s in sets),
        }
    return expected


def stored_bests(user_id: int) -> dict[int, dict[str, Any]]:
    stored = {}
    for row in PersonalBest.objects.filter(user_id=user_id):
        pairs = {
            "e1rm": (row.e1rm_kg, row.e1rm_set_id, row.e1rm_on),
            "heaviest": (row.heaviest_kg, row.heaviest_set_id, row.heaviest_on),
            "most_reps": (row.most_reps, row.most_reps_set_id, row.most_reps_on),
            "longest": (row.longest_seconds, row.longest_set_id, row.longest_on),
        }
        stored[row.exercise_id] = {
            "figures": {k: (v if v[0] is not None else None) for k, v in pairs.items()},
            "session_count": row.session_count,
            "last_done_on": row.last_done_on,
        }
    return stored


class PersonLogging(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.user = UserFactory()
        self.exercises: list[Exercise] = [
            ExerciseFactory(measure=measure) for measure in ("load", "bodyweight", "timed")
        ]
        self.days = 0
        self.start_session()

    def start_session(self) -> None:
        """A new open session 'today', each later than the last, with two rows."""
        self.days += 1
        started = timezone.now() - dt.timedelta(days=100 - self.days)
        session = WorkoutSessionFactory(user=self.user, started_at=started, finished_at=None)
        for order, exercise in enumerate(self.exercises[:2]):
            SessionExerciseFactory(session=session, exercise=exercise, order=order)

    def rows(self) -> list[SessionExercise]:
        return list(
            SessionExercise.objects.filter(session__user=self.user)
            .select_related("session", "exercise")
            .order_by("pk")
        )

    def sets(self) -> list[SetLog]:
        return list(
            SetLog.objects.filter(user=self.user)
            .select_related("session_exercise__session", "session_exercise__exercise")
            .order_by("pk")
        )

    @rule(pick=st.integers(min_value=0), done=figures)
    def log(self, pick: int, done: tuple[int, Decimal | None, int | None]) -> None:
        rows = self.rows()
        reps, load_kg, seconds = done
        services.set_log_create(
            session_exercise=rows[pick % len(rows)],
            client_id=uuid.uuid4(),
            reps=reps,
            load_kg=load_kg,
            seconds=seconds,
            rpe=None,
        )

    @rule(pick=st.integers(min_value=0), done=figures)
    def edit(self, pick: int, done: tuple[int, Decimal | None, int | None]) -> None:
        sets = self.sets()
        if sets:
            reps, load_kg, seconds = done
            services.set_log_update(
                set_log=sets[pick % len(sets)],
                reps=reps,
                load_kg=load_kg,
                seconds=seconds,
                rpe=None,
            )

    @rule(pick=st.integers(min_value=0))
    def delete(self, pick: int) -> None:
        sets = self.sets()
        if sets:
            services.set_log_delete(set_log=sets[pick % len(sets)])

    @rule(pick=st.integers(min_value=0))
    def undo(self, pick: int) -> None:
        sets = self.sets()
        if sets:
            services.set_log_restore(set_log=sets[pick % len(sets)])

    @rule(pick=st.integers(min_value=0), to=st.integers(min_value=0, max_value=2))
    def swap(self, pick: int, to: int) -> None:
        rows = self.rows()
        services.session_exercise_swap(
            session_exercise=rows[pick % len(rows)], exercise=self.exercises[to]
        )

    @rule()
    def finish_and_start_again(self) -> None:
        session = WorkoutSession.objects.get(user=self.user, finished_at__isnull=True)
        services.session_finish(session=session, duration_min=30, session_rpe=Decimal("7"))
        self.start_session()

    @invariant()
    def bests_match_the_sets(self) -> None:
        assert stored_bests(self.user.pk) == expected_bests(self.user.pk)


@pytest.mark.django_db
def test_personal_bests_follow_every_change() -> None:
    run_state_machine_as_test(
        PersonLogging,
        settings=settings(
            max_examples=30,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
