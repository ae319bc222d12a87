"""The progress page's figures, added up by the database, against the Python walk over
every set (``records``) that defines them."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.accounts.models import User
from apps.programs.models import Exercise
from apps.workouts import records, selectors
from apps.workouts.models import SetLog
from tests.factories import (
    ExerciseFactory,
    SessionExerciseFactory,
    SetLogFactory,
    UserFactory,
    WorkoutSessionFactory,
)
from tests.workouts import reference

pytestmark = pytest.mark.django_db
D = Decimal


def test_epley_in_the_database_is_the_same_float_as_in_python(owner: User) -> None:
    row = SessionExerciseFactory(session__user=owner)
    loads = [None, D("0"), D("0.5"), D("22.5"), D("57"), D("60"), D("61.25"), D("999.99")]
    reps = [None, 0, 1, 3, 8, 10, 11, 100]
    for number, (load_kg, rep_count) in enumerate(itertools.product(loads, reps), start=1):
        SetLog.objects.create(
            session_exercise=row,
            user=owner,
            set_number=number,
            reps=rep_count,
            load_kg=load_kg,
            seconds=30 if rep_count is None else None,  # a set has reps or a time
            logged_at=timezone.now(),
        )
    found = SetLog.objects.filter(session_exercise=row).annotate(e1rm=selectors.epley_kg())
    checked = 0
    for item in found.values_list("load_kg", "reps", "e1rm"):
        load_kg, rep_count, e1rm = item
        assert e1rm == records.epley(load_kg, rep_count), item
        checked += e1rm is not None
    assert checked == 6 * 4  # the loaded sets of 1 to 10 reps have an estimate


def _history(user: User, measure: str) -> Exercise:
    """Sessions of one exercise with every kind of set the figures must treat right:
    loaded and unloaded, over 10 reps, none, timed, warm-ups, deleted, equal loads."""
    exercise = ExerciseFactory(measure=measure)
    start = timezone.now() - dt.timedelta(days=60)
    plans: list[list[tuple[int | None, str | None, int | None, str]]] = [
        [(10, "40", None, "working"), (10, "40", None, "working")],
        [(12, "40", None, "working"), (5, "60", None, "warmup")],
        [(8, "45", 30, "working"), (None, None, 40, "drop"), (8, "45", None, "working")],
        [(15, "0", None, "working"), (20, None, 60, "working")],
        [(3, "50", None, "working"), (10, "45", None, "working"), (5, "50", None, "working")],
        [(6, "50", None, "working"), (6, "52.5", None, "deleted")],
        [(1, "55", 45, "working"), (11, "47.5", None, "working")],
    ]
    for index, plan in enumerate(plans):
        started = start + dt.timedelta(days=3 * index)
        session = WorkoutSessionFactory(user=user, started_at=started)
        row = SessionExerciseFactory(session=session, exercise=exercise)
        for number, (reps, load, seconds, kind) in enumerate(plan, start=1):
            SetLogFactory(
                session_exercise=row,
                set_number=number,
                reps=reps,
                # Bodyweight sets carry no load (a loaded one stops reps counting as bests).
                load_kg=D(load) if load is not None and measure != "bodyweight" else None,
                seconds=seconds,
                kind={"warmup": SetLog.Kind.WARMUP, "drop": SetLog.Kind.DROP}.get(
                    kind, SetLog.Kind.NORMAL
                ),
                deleted_at=timezone.now() if kind == "deleted" else None,
                logged_at=started + dt.timedelta(minutes=number),
            )
    # Neither an open session's sets nor someone else's count.
    open_row = SessionExerciseFactory(
        session=WorkoutSessionFactory(user=user, finished_at=None), exercise=exercise
    )
    SetLogFactory(session_exercise=open_row, reps=10, load_kg=D("100"))
    stranger_row = SessionExerciseFactory(session__user=UserFactory(), exercise=exercise)
    SetLogFactory(session_exercise=stranger_row, reps=10, load_kg=D("100"))
    return exercise


@pytest.mark.parametrize("measure", ["load", "bodyweight", "timed"])
def test_progress_figures_agree_with_the_walk_over_every_set(owner: User, measure: str) -> None:
    exercise = _history(owner, measure)
    sets = reference.dated_sets(owner, exercise)
    expected_points = reference.session_points(sets)
    expected_records = reference.record_history(sets, measure)
    assert expected_records  # the history has bests to find

    every_row = selectors.exercise_progress(owner, exercise, detailed=None)
    assert every_row.points == expected_points
    assert every_row.records == expected_records

    recent = selectors.exercise_progress(owner, exercise, detailed=2)
    assert recent.points[-2:] == expected_points[-2:]
    assert recent.records == expected_records
    assert selectors.exercise_progress(owner, exercise, detailed=50) == every_row
    # The charts' sessions have their figures; only the tables show the heaviest reps.
    assert [p.best_e1rm for p in recent.points] == [p.best_e1rm for p in expected_points]
