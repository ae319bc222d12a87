"""Starting sessions, logging sets idempotently, swapping, finishing."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.db.models.signals import post_save
from django.utils import timezone

from apps.accounts.models import User
from apps.journal.models import CheckIn
from apps.programs.models import Enrollment, Exercise
from apps.programs.selectors import planned_session_for
from apps.workouts import selectors, services
from apps.workouts.models import SessionExercise, SetLog, WorkoutSession
from tests.factories import (
    CheckInFactory,
    EnrollmentFactory,
    ExerciseFactory,
    SessionExerciseFactory,
    SetLogFactory,
    WorkoutSessionFactory,
    make_workout_history,
    program_with,
)

pytestmark = pytest.mark.django_db
D = Decimal


def enrolled_today(user: User, **program: object) -> Enrollment:
    enrollment: Enrollment = EnrollmentFactory(
        user=user, program=program_with(**program), training_today=True
    )
    return enrollment


def first_exercise(enrollment: Enrollment) -> Exercise:
    return (
        enrollment.program.days.order_by("order")
        .first()
        .prescriptions.order_by("order")  # type: ignore[union-attr]
        .first()
        .exercise
    )


def log_history(user: User, exercise: Exercise, *, reps: int, load: str, times: int = 2) -> None:
    for days_ago in range(times, 0, -1):
        started = timezone.now() - dt.timedelta(days=2 * days_ago)
        row = SessionExerciseFactory(
            session=WorkoutSessionFactory(user=user, started_at=started), exercise=exercise
        )
        for number in (1, 2, 3):
            SetLogFactory(session_exercise=row, set_number=number, reps=reps, load_kg=D(load))


def start_today(user: User, holds: set[str] | None = None) -> WorkoutSession:
    planned = planned_session_for(user, user.local_today())
    assert planned is not None
    return services.session_start(user=user, planned=planned, holds=holds or set())


def test_start_copies_prescriptions_with_suggestions(owner: User) -> None:
    enrollment = enrolled_today(owner)
    exercise = first_exercise(enrollment)
    log_history(owner, exercise, reps=12, load="40")

    session = start_today(owner)

    rows = list(session.exercises.order_by("order"))
    assert len(rows) == 4
    assert session.enrollment == enrollment
    assert session.name == "Session A"
    assert session.date == owner.local_today()
    first = rows[0]
    assert first.exercise == exercise
    assert (first.planned_sets, first.reps_low, first.reps_high) == (3, 8, 12)
    assert first.suggested_load_kg == D("42.50")
    assert first.suggested_reps == 8
    assert first.suggestion_change == "increase"
    assert first.suggestion_reason == "You hit 3×12 twice — time for 2.5 kg more."
    # Never done before: no load guess, start at the bottom of the range.
    assert rows[1].suggested_load_kg is None
    assert rows[1].suggestion_change == "first"


def test_starting_again_resumes_the_unfinished_session(owner: User) -> None:
    enrolled_today(owner)
    first = start_today(owner)
    second = start_today(owner)
    minimum = services.session_start(user=owner, planned=None, minimum=True)
    assert first.pk == second.pk == minimum.pk
    assert WorkoutSession.objects.filter(user=owner).count() == 1


def test_the_database_allows_one_unfinished_session(owner: User) -> None:
    WorkoutSessionFactory(user=owner, finished_at=None)
    with pytest.raises(IntegrityError):
        WorkoutSessionFactory(user=owner, finished_at=None)


def test_minimum_session_uses_the_shipped_template(owner: User) -> None:
    session = services.session_start(user=owner, planned=None, minimum=True)
    assert session.is_minimum
    assert session.exercises.count() >= 3
    assert "15" in session.name


def test_deload_week_keeps_the_load_and_cuts_sets(owner: User) -> None:
    enrollment = enrolled_today(owner, deload_weeks=(1,))
    exercise = first_exercise(enrollment)
    log_history(owner, exercise, reps=12, load="40")

    session = start_today(owner)

    assert session.is_deload
    row = session.exercises.get(exercise=exercise)
    assert row.planned_sets == 2  # 3 sets cut by about 40 % (programs applies the week)
    assert row.suggested_load_kg == D("40")
    assert row.suggestion_change == "deload"
    assert row.target_rpe_high == D("5")  # 7 − 2 reps in reserve


@pytest.mark.parametrize(
    "code",
    [
        "post_workout_mood_drop",
        "overtraining_risk",
        "deload_due",
        "stop_and_seek_care",
        "postpartum_red_flag",
    ],
)
def test_guidance_holds_stop_increases(owner: User, code: str) -> None:
    enrollment = enrolled_today(owner)
    exercise = first_exercise(enrollment)
    log_history(owner, exercise, reps=12, load="40")

    session = start_today(owner, holds={code})

    row = session.exercises.get(exercise=exercise)
    assert row.suggestion_held
    assert row.suggestion_change == "held"
    assert row.suggested_load_kg == D("40")
    assert session.progression_holds == [code]


@pytest.mark.parametrize(
    ("mood", "energy", "held"),
    [(3, 6, True), (6, 3, True), (2, None, True), (4, 4, False), (8, None, False)],
)
def test_a_low_before_check_in_holds_increases(
    owner: User, mood: int, energy: int | None, held: bool
) -> None:
    enrollment = enrolled_today(owner)
    exercise = first_exercise(enrollment)
    log_history(owner, exercise, reps=12, load="40")
    session = start_today(owner)
    CheckInFactory(user=owner, kind=CheckIn.Kind.BEFORE, session=session, mood=mood, energy=energy)

    changed = services.session_refresh_holds(session=session, holds=())

    assert changed is held
    row = session.exercises.get(exercise=exercise)
    assert row.suggestion_held is held
    assert row.suggested_load_kg == (D("40") if held else D("42.50"))
    if held:
        assert "mood or energy is low today" in row.suggestion_reason


def test_refresh_never_touches_an_exercise_with_sets(owner: User) -> None:
    enrollment = enrolled_today(owner)
    exercise = first_exercise(enrollment)
    log_history(owner, exercise, reps=12, load="40")
    session = start_today(owner)
    row = session.exercises.get(exercise=exercise)
    SetLogFactory(session_exercise=row, reps=8, load_kg=D("42.5"))
    CheckInFactory(user=owner, kind=CheckIn.Kind.BEFORE, session=session, mood=2)

    services.session_refresh_holds(session=session, holds=())

    row.refresh_from_db()
    assert row.suggested_load_kg == D("42.50")


def test_recent_exposures_skip_deload_and_unfinished_sessions(owner: User) -> None:
    exercise = ExerciseFactory()
    make_workout_history(owner, 4, exercises=[exercise])
    make_workout_history(
        owner, 1, exercises=[exercise], is_deload=True, last_day=owner.local_today()
    )
    open_row = SessionExerciseFactory(
        session=WorkoutSessionFactory(user=owner, finished_at=None), exercise=exercise
    )
    SetLogFactory(session_exercise=open_row, reps=1, load_kg=D("99"))

    exposures = selectors.recent_exposures(owner, [exercise.pk])[exercise.pk]

    assert len(exposures) == 2
    # History loads rise 2.5 kg every second session: the newest two are 32.5 kg.
    assert [s.load_kg for s in exposures[0].sets] == [D("32.50")] * 3
    assert [s.load_kg for s in exposures[1].sets] == [D("32.50")] * 3


def test_logging_the_same_client_id_twice_saves_one_set(owner: User) -> None:
    row = SessionExerciseFactory(session__user=owner, session__finished_at=None)
    client_id = uuid.uuid4()
    first, created = services.set_log_create(
        session_exercise=row, client_id=client_id, reps=10, load_kg=D("40"), seconds=None, rpe=None
    )
    again, created_again = services.set_log_create(
        session_exercise=row, client_id=client_id, reps=10, load_kg=D("40"), seconds=None, rpe=None
    )
    assert created
    assert not created_again
    assert first.pk == again.pk
    assert SetLog.objects.count() == 1


def test_a_retry_with_new_values_updates_the_same_set(owner: User) -> None:
    row = SessionExerciseFactory(session__user=owner, session__finished_at=None)
    client_id = uuid.uuid4()
    services.set_log_create(
        session_exercise=row, client_id=client_id, reps=10, load_kg=D("40"), seconds=None, rpe=None
    )
    saved, _ = services.set_log_create(
        session_exercise=row, client_id=client_id, reps=9, load_kg=D("42.5"), seconds=None, rpe=None
    )
    assert (saved.reps, saved.load_kg) == (9, D("42.5"))
    assert SetLog.objects.get().reps == 9


def test_a_client_id_from_another_exercise_is_refused(owner: User) -> None:
    row = SessionExerciseFactory(session__user=owner, session__finished_at=None)
    other = SetLogFactory()
    with pytest.raises(services.SetConflictError):
        services.set_log_create(
            session_exercise=row,
            client_id=other.client_id,
            reps=10,
            load_kg=D("40"),
            seconds=None,
            rpe=None,
        )
    other.refresh_from_db()
    assert other.session_exercise != row


FORTY_KG = D("40")


def log_new_set(
    row: SessionExercise, *, reps: int = 10, load_kg: D | None = FORTY_KG, rpe: D | None = None
) -> tuple[SetLog, bool]:
    return services.set_log_create(
        session_exercise=row,
        client_id=uuid.uuid4(),
        reps=reps,
        load_kg=load_kg,
        seconds=None,
        rpe=rpe,
    )


def test_set_numbers_follow_live_sets(owner: User) -> None:
    row = SessionExerciseFactory(session__user=owner, session__finished_at=None)
    (first, _), (second, _) = log_new_set(row), log_new_set(row)
    services.set_log_delete(set_log=second)
    third, _ = log_new_set(row)
    assert (first.set_number, third.set_number) == (1, 2)


def test_a_new_set_is_saved_whole_and_announced(owner: User) -> None:
    """A new set stores every figure and sends ``post_save``, as ``save()`` does."""
    row = SessionExerciseFactory(session__user=owner, session__finished_at=None)
    heard: list[tuple[int, bool]] = []

    def listener(sender: type[SetLog], instance: SetLog, created: bool, **_: object) -> None:
        heard.append((instance.pk, created))

    post_save.connect(listener, sender=SetLog, dispatch_uid="test-listener")
    try:
        saved, created = log_new_set(row, reps=8, load_kg=D("42.5"), rpe=D("7.5"))
    finally:
        post_save.disconnect(sender=SetLog, dispatch_uid="test-listener")
    assert created
    assert heard == [(saved.pk, True)]
    stored = SetLog.objects.get(pk=saved.pk)
    assert (stored.user_id, stored.session_exercise_id, stored.client_id) == (
        owner.pk,
        row.pk,
        saved.client_id,
    )
    figures = (stored.set_number, stored.reps, stored.load_kg, stored.rpe)
    assert figures == (1, 8, D("42.5"), D("7.5"))
    assert stored.logged_at == saved.logged_at
    assert stored.deleted_at is None
    assert not saved._state.adding


def test_delete_is_soft_and_can_be_undone(owner: User) -> None:
    item = SetLogFactory(session_exercise__session__user=owner)
    services.set_log_delete(set_log=item)
    assert SetLog.objects.get(pk=item.pk).deleted_at is not None
    assert not selectors.live_sets().filter(pk=item.pk).exists()
    services.set_log_restore(set_log=item)
    assert selectors.live_sets().filter(pk=item.pk).exists()


def test_swap_before_any_set_replaces_the_exercise(owner: User) -> None:
    row = SessionExerciseFactory(session__user=owner, session__finished_at=None)
    original = row.exercise
    replacement = ExerciseFactory(measure="bodyweight")

    swapped = services.session_exercise_swap(session_exercise=row, exercise=replacement)

    assert swapped.pk == row.pk
    row.refresh_from_db()
    assert row.exercise == replacement
    assert row.swapped_from == original
    assert row.suggestion_change == "first"
    assert row.suggested_load_kg is None


def test_swap_after_sets_keeps_them_and_moves_the_rest(owner: User) -> None:
    session = WorkoutSessionFactory(user=owner, finished_at=None)
    row = SessionExerciseFactory(session=session, order=1, planned_sets=3)
    later = SessionExerciseFactory(session=session, order=2)
    SetLogFactory(session_exercise=row, set_number=1)
    replacement = ExerciseFactory()

    new_row = services.session_exercise_swap(session_exercise=row, exercise=replacement)

    row.refresh_from_db()
    later.refresh_from_db()
    assert row.planned_sets == 1
    assert row.sets.count() == 1
    assert (new_row.exercise, new_row.planned_sets, new_row.order) == (replacement, 2, 2)
    assert new_row.swapped_from == row.exercise
    assert later.order == 3


def test_add_exercise_goes_last_with_a_suggestion(owner: User) -> None:
    session = WorkoutSessionFactory(user=owner, finished_at=None)
    SessionExerciseFactory(session=session, order=1)
    plank = ExerciseFactory(measure="timed")

    row = services.session_exercise_add(
        session=session, exercise=plank, sets=2, reps_low=8, reps_high=12, seconds=40
    )

    assert (row.order, row.planned_sets, row.reps_low, row.seconds) == (2, 2, None, 40)
    assert row.suggestion_change == "first"


def test_add_set_adds_a_planned_set(owner: User) -> None:
    row = SessionExerciseFactory(session__user=owner, planned_sets=3)
    services.session_exercise_add_set(session_exercise=row)
    assert SessionExercise.objects.get(pk=row.pk).planned_sets == 4


def test_suggested_duration_runs_from_first_to_last_set(owner: User) -> None:
    session = WorkoutSessionFactory(user=owner, finished_at=None)
    row = SessionExerciseFactory(session=session)
    start = session.started_at + dt.timedelta(minutes=3)
    SetLogFactory(session_exercise=row, logged_at=start)
    SetLogFactory(session_exercise=row, logged_at=start + dt.timedelta(minutes=31, seconds=20))
    deleted = SetLogFactory(session_exercise=row, logged_at=start + dt.timedelta(hours=3))
    services.set_log_delete(set_log=deleted)
    assert services.suggested_duration(session) == 32


def test_suggested_duration_without_sets_uses_the_start_time(owner: User) -> None:
    session = WorkoutSessionFactory(user=owner, finished_at=None)
    now = session.started_at + dt.timedelta(minutes=20)
    assert services.suggested_duration(session, now=now) == 20
    assert services.suggested_duration(session, now=now + dt.timedelta(days=2)) == 600


def test_finish_records_duration_rpe_and_notes(owner: User) -> None:
    session = WorkoutSessionFactory(user=owner, finished_at=None)
    services.session_finish(session=session, duration_min=35, session_rpe=D("7"), notes="Good")
    session.refresh_from_db()
    assert session.is_finished
    assert (session.duration_min, session.session_rpe, session.notes) == (35, D("7"), "Good")


def test_discard_only_without_sets(owner: User) -> None:
    empty = WorkoutSessionFactory(user=owner, finished_at=None)
    services.session_discard(session=empty)
    assert not WorkoutSession.objects.filter(pk=empty.pk).exists()
    busy = SetLogFactory(session_exercise__session__user=owner).session_exercise.session
    with pytest.raises(ValueError, match="cannot be discarded"):
        services.session_discard(session=busy)


@pytest.mark.django_db(transaction=True)
def test_a_retried_set_outside_any_transaction_is_saved_once() -> None:
    """In production each request runs in autocommit: the duplicate INSERT fails on its own
    (no savepoint needed) and the retry finds the first set, updated to the latest values."""
    from django.db import connection

    row = SessionExerciseFactory(session=WorkoutSessionFactory(finished_at=None))
    client_id = uuid.uuid4()
    assert not connection.in_atomic_block
    same = {"session_exercise": row, "client_id": client_id, "load_kg": Decimal("40")}
    first, created = services.set_log_create(**same, reps=8, seconds=None, rpe=None)
    again, created_again = services.set_log_create(**same, reps=9, seconds=None, rpe=None)
    assert created
    assert not created_again
    assert again.pk == first.pk
    assert SetLog.objects.filter(client_id=client_id).get().reps == 9
