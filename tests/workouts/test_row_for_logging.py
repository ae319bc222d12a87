"""``row_for_logging`` (hand-written SQL) loads what the ORM's query loads, and only the
person's own rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts.models import User
from apps.workouts import selectors
from apps.workouts.models import SessionExercise
from tests.factories import UserFactory
from tests.factories.programs import ExerciseFactory
from tests.factories.workouts import SessionExerciseFactory, WorkoutSessionFactory

pytestmark = pytest.mark.django_db


def values(instance: Model) -> dict[str, object]:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


@pytest.fixture
def row(owner: User) -> SessionExercise:
    """Every kind of column: times, decimals, booleans, text, nulls and set foreign keys."""
    session = WorkoutSessionFactory(
        user=owner,
        started_at=timezone.now() - dt.timedelta(hours=1),
        finished_at=None,
        is_deload=True,
        session_rpe=None,
    )
    return SessionExerciseFactory(
        session=session,
        exercise=ExerciseFactory(is_compound=True, load_increment_kg=Decimal("1.25")),
        swapped_from=ExerciseFactory(),
        suggested_load_kg=Decimal("42.50"),
        target_rpe_low=Decimal("6.5"),
    )


def test_it_loads_what_the_orm_loads(owner: User, row: SessionExercise) -> None:
    expected = selectors.session_exercises_for(owner).get(pk=row.pk)

    with CaptureQueriesContext(connection) as queries:
        found = selectors.row_for_logging(owner, row.pk)
        assert found is not None
        session, exercise = found.session, found.exercise
    assert len(queries) == 1  # session and exercise came with it

    assert values(found) == values(expected)
    assert values(session) == values(expected.session)
    assert values(exercise) == values(expected.exercise)
    assert not found._state.adding
    assert found._state.db == "default"


def test_it_can_be_saved_like_any_loaded_row(owner: User, row: SessionExercise) -> None:
    found = selectors.row_for_logging(owner, row.pk)
    assert found is not None
    found.planned_sets = 5
    found.save(update_fields=["planned_sets"])
    assert SessionExercise.objects.get(pk=row.pk).planned_sets == 5


def test_another_persons_row_is_not_found(row: SessionExercise) -> None:
    assert selectors.row_for_logging(UserFactory(), row.pk) is None
    assert selectors.row_for_logging(row.session.user, row.pk + 10_000) is None
