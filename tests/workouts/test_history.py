"""The best before a session, kept per session and exercise (apps.workouts.history).

"Kept" is shown by changing a set with ``QuerySet.update`` (no signal): a kept best still
has the old figure, a recomputed one the new figure. Every change that can move an
earlier session's best must make it recomputed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts.models import User
from apps.programs.models import Exercise
from apps.workouts import history, selectors, services
from apps.workouts.models import SessionExercise, SetLog, WorkoutSession
from tests.factories import UserFactory
from tests.factories.programs import ExerciseFactory
from tests.factories.workouts import SessionExerciseFactory, SetLogFactory, WorkoutSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercise() -> Exercise:
    return ExerciseFactory(measure="load")


@pytest.fixture
def earlier_set(owner: User, exercise: Exercise) -> SetLog:
    """Last week's 50 kg × 5, in a finished session."""
    started = timezone.now() - dt.timedelta(days=7)
    row = SessionExerciseFactory(
        session=WorkoutSessionFactory(user=owner, started_at=started), exercise=exercise
    )
    return SetLogFactory(session_exercise=row, set_number=1, reps=5, load_kg=Decimal("50"))


@pytest.fixture
def today_row(owner: User, exercise: Exercise, earlier_set: SetLog) -> SessionExercise:
    """Today's session, still open, with the same exercise."""
    session = WorkoutSessionFactory(user=owner, finished_at=None, started_at=timezone.now())
    return SessionExerciseFactory(session=session, exercise=exercise)


def heaviest_before(owner: User, row: SessionExercise) -> Decimal | None:
    session = WorkoutSession.objects.get(pk=row.session_id)
    best = selectors.bests_before(owner, session).get(row.exercise_id)
    return best.heaviest_kg if best else None


def change_silently(item: SetLog, load_kg: str) -> None:
    SetLog.objects.filter(pk=item.pk).update(load_kg=Decimal(load_kg))


def test_kept_after_the_first_ask(
    owner: User, today_row: SessionExercise, earlier_set: SetLog
) -> None:
    assert heaviest_before(owner, today_row) == Decimal("50")
    change_silently(earlier_set, "70")
    assert heaviest_before(owner, today_row) == Decimal("50")  # kept, not recomputed

    session = WorkoutSession.objects.get(pk=today_row.session_id)
    with CaptureQueriesContext(connection) as queries:
        selectors.bests_before_moment(owner, [today_row.exercise_id], session)
    assert len(queries) == 0


def test_logging_in_the_open_session_keeps_the_best(
    owner: User, today_row: SessionExercise, earlier_set: SetLog
) -> None:
    assert heaviest_before(owner, today_row) == Decimal("50")
    change_silently(earlier_set, "70")
    row = SessionExercise.objects.select_related("session", "exercise").get(pk=today_row.pk)
    saved, _ = services.set_log_create(
        session_exercise=row,
        client_id=SetLog._meta.get_field("client_id").default(),
        reps=5,
        load_kg=Decimal("60"),
        seconds=None,
        rpe=None,
    )
    services.set_log_delete(set_log=saved)
    services.set_log_restore(set_log=saved)
    # Sets of the open session are never "earlier" for another session: nothing to redo.
    assert heaviest_before(owner, today_row) == Decimal("50")


def test_editing_an_earlier_session_recomputes(
    owner: User, today_row: SessionExercise, earlier_set: SetLog
) -> None:
    assert heaviest_before(owner, today_row) == Decimal("50")
    services.set_log_update(
        set_log=earlier_set, reps=5, load_kg=Decimal("65"), seconds=None, rpe=None
    )
    assert heaviest_before(owner, today_row) == Decimal("65")


def test_deleting_an_earlier_set_or_session_recomputes(
    owner: User, today_row: SessionExercise, earlier_set: SetLog
) -> None:
    assert heaviest_before(owner, today_row) == Decimal("50")
    services.set_log_delete(set_log=earlier_set)
    assert heaviest_before(owner, today_row) is None
    services.set_log_restore(set_log=earlier_set)
    assert heaviest_before(owner, today_row) == Decimal("50")

    WorkoutSession.objects.get(pk=earlier_set.session_exercise.session_id).delete()
    assert heaviest_before(owner, today_row) is None


def test_an_earlier_row_changing_exercise_recomputes(
    owner: User, today_row: SessionExercise, earlier_set: SetLog
) -> None:
    assert heaviest_before(owner, today_row) == Decimal("50")
    earlier_row = earlier_set.session_exercise
    earlier_row.exercise = ExerciseFactory()
    earlier_row.save()
    assert heaviest_before(owner, today_row) is None


def test_finishing_a_session_replaces_the_version(owner: User, today_row: SessionExercise) -> None:
    before = history.cache.get(history._version_key(owner.pk))
    session = WorkoutSession.objects.get(pk=today_row.session_id)
    session.finished_at = timezone.now()
    session.save()
    assert history.cache.get(history._version_key(owner.pk)) != before


def test_a_best_kept_while_history_changed_is_not_used(
    owner: User, today_row: SessionExercise, earlier_set: SetLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader that computed from data a writer has since changed stores its figure under
    the version it read first; the writer's new version makes that entry unusable."""
    real_query = selectors._bests_query

    def edited_meanwhile(*args: object) -> object:
        found = real_query(*args)  # reads 50 kg…
        services.set_log_update(  # …then someone saves 80 kg, and the version moves on
            set_log=earlier_set, reps=5, load_kg=Decimal("80"), seconds=None, rpe=None
        )
        return found

    monkeypatch.setattr(selectors, "_bests_query", edited_meanwhile)
    assert heaviest_before(owner, today_row) == Decimal("50")
    monkeypatch.setattr(selectors, "_bests_query", real_query)
    assert heaviest_before(owner, today_row) == Decimal("80")


def test_people_and_sessions_are_kept_apart(
    owner: User, today_row: SessionExercise, exercise: Exercise
) -> None:
    assert heaviest_before(owner, today_row) == Decimal("50")
    stranger = UserFactory()
    their_session = WorkoutSessionFactory(
        user=stranger, finished_at=None, started_at=timezone.now()
    )
    their_row = SessionExerciseFactory(session=their_session, exercise=exercise)
    assert heaviest_before(stranger, their_row) is None


def test_off_without_a_shared_cache(
    owner: User, today_row: SessionExercise, earlier_set: SetLog, settings: object
) -> None:
    settings.STEADY_PAGE_CACHE = False  # type: ignore[attr-defined]
    assert heaviest_before(owner, today_row) == Decimal("50")
    change_silently(earlier_set, "70")
    assert heaviest_before(owner, today_row) == Decimal("70")


def test_the_new_set_row_shows_a_record_against_the_kept_best(
    owner: User, today_row: SessionExercise
) -> None:
    row = SessionExercise.objects.select_related("session", "exercise").get(pk=today_row.pk)

    def log(load: str) -> selectors.SetStanding:
        saved, _ = services.set_log_create(
            session_exercise=row,
            client_id=SetLog._meta.get_field("client_id").default(),
            reps=5,
            load_kg=Decimal(load),
            seconds=None,
            rpe=None,
        )
        return selectors.set_standing(saved)

    assert log("45") == selectors.SetStanding(number=1, is_record=False)
    assert log("55") == selectors.SetStanding(number=2, is_record=True)
    assert log("52.5") == selectors.SetStanding(number=3, is_record=False)  # beaten today
    assert log("57.5") == selectors.SetStanding(number=4, is_record=True)
