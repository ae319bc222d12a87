"""The read contract other apps rely on: planned sessions and effective prescriptions."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import User
from apps.programs import selectors
from apps.programs.models import Enrollment, ExerciseSwap, Prescription
from tests.factories import (
    EnrollmentFactory,
    EnrollmentPauseFactory,
    ExerciseFactory,
    ExerciseSwapFactory,
    UserFactory,
    program_with,
    shipped_program,
)

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat
MON = D("2026-03-02")


def enrolled(**program: Any) -> Enrollment:
    """Mon/Wed/Fri from Monday 2 March 2026, three sessions a week."""
    program.setdefault("days_per_week", 3)
    return EnrollmentFactory(program=program_with(**program), start_date=MON, weekdays=[0, 2, 4])


def queries(function: Any, *args: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        function(*args)
    return len(captured)


def test_current_enrollment_is_active_or_paused_never_ended() -> None:
    user = UserFactory()
    assert selectors.current_enrollment(user) is None
    EnrollmentFactory(user=user, status=Enrollment.Status.ENDED)
    assert selectors.current_enrollment(user) is None
    paused = EnrollmentFactory(user=user, status=Enrollment.Status.PAUSED)
    assert selectors.current_enrollment(user) == paused


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-03-02", ("Session A", 1, False)),
        ("2026-03-03", None),
        ("2026-03-04", ("Session B", 1, False)),
        ("2026-03-30", ("Session A", 5, True)),
        ("2026-03-01", None),
    ],
)
def test_planned_session_for(day: str, expected: tuple[str, int, bool] | None) -> None:
    enrollment = enrolled(days=3)
    planned = selectors.planned_session_for(enrollment.user, D(day))
    got = None if planned is None else (planned.name, planned.week_number, planned.is_deload)
    assert got == expected
    if planned is not None:
        assert planned.enrollment_id == enrollment.pk
        assert planned.program_id == enrollment.program_id
        assert planned.minutes == enrollment.program.minutes_per_session


def test_no_planned_session_without_enrollment_or_while_paused() -> None:
    assert selectors.planned_session_for(UserFactory(), MON) is None
    enrollment = enrolled()
    EnrollmentPauseFactory(enrollment=enrollment, start_date=MON, end_date=None)
    assert selectors.planned_session_for(enrollment.user, MON) is None
    assert selectors.planned_sessions_between(enrollment.user, MON, MON + dt.timedelta(60)) == []


def test_planned_sessions_between_lists_the_whole_program_in_order() -> None:
    enrollment = enrolled(days=2, weeks=8)
    sessions = selectors.planned_sessions_between(enrollment.user, MON, MON + dt.timedelta(100))
    assert len(sessions) == 24
    assert [s.name for s in sessions[:4]] == ["Session A", "Session B", "Session A", "Session B"]
    assert [s.session_number for s in sessions] == list(range(1, 25))
    assert {s.week_number for s in sessions if s.is_deload} == {5}
    assert all(s.day.weekday() in (0, 2, 4) for s in sessions)


def test_effective_prescriptions_apply_deload_and_working_weeks() -> None:
    enrollment = enrolled(days=1, exercises_per_day=2)
    user = enrollment.user
    normal = selectors.planned_session_for(user, MON)
    deload = selectors.planned_session_for(user, D("2026-03-30"))
    working = selectors.planned_session_for(user, D("2026-04-06"))
    assert normal
    assert deload
    assert working
    base = selectors.effective_prescriptions(normal)[0]
    light = selectors.effective_prescriptions(deload)[0]
    hard = selectors.effective_prescriptions(working)[0]
    assert (base.sets, base.target_rpe_low, base.target_rpe_high) == (3, 6, 7)
    assert (light.sets, light.target_rpe_low, light.target_rpe_high) == (2, 4, 5)
    assert (hard.sets, hard.target_rpe_low, hard.target_rpe_high) == (3, 7, 8)
    assert base.exercise_name
    assert base.exercise_slug
    assert base.measure == "load"
    assert base.load_increment_kg == Decimal("2.5")


def test_swaps_once_onward_and_latest_wins() -> None:
    enrollment = enrolled(days=1, exercises_per_day=2)
    user = enrollment.user
    rx = Prescription.objects.filter(day__program=enrollment.program).order_by("order").first()
    assert rx is not None
    once, onward, later = ExerciseFactory(), ExerciseFactory(), ExerciseFactory()
    ExerciseSwapFactory(
        enrollment=enrollment, prescription=rx, replacement=once, scope="once", day=MON
    )
    ExerciseSwapFactory(
        enrollment=enrollment,
        prescription=rx,
        replacement=onward,
        scope="onward",
        day=D("2026-03-04"),
    )

    def first_exercise(day: str) -> int:
        planned = selectors.planned_session_for(user, D(day))
        assert planned is not None
        return selectors.effective_prescriptions(planned)[0].exercise_id

    assert first_exercise("2026-03-02") == once.pk
    assert first_exercise("2026-03-04") == onward.pk
    assert first_exercise("2026-04-24") == onward.pk
    ExerciseSwapFactory(
        enrollment=enrollment,
        prescription=rx,
        replacement=later,
        scope="once",
        day=D("2026-03-06"),
    )
    assert first_exercise("2026-03-06") == later.pk
    assert first_exercise("2026-03-09") == onward.pk
    planned = selectors.planned_session_for(user, D("2026-03-06"))
    assert planned is not None
    swapped = selectors.effective_prescriptions(planned)[0]
    assert swapped.is_swapped
    assert swapped.swapped_from_exercise_id == rx.exercise_id
    assert swapped.prescription_id == rx.pk
    assert swapped.swap_scope == ExerciseSwap.Scope.ONCE


def test_minimum_session_contract() -> None:
    program = selectors.minimum_session_program()
    assert program.slug == "minimum-session"
    prescriptions = selectors.minimum_session_prescriptions()
    assert [rx.order for rx in prescriptions] == sorted(rx.order for rx in prescriptions)
    assert all(rx.prescription_id is not None for rx in prescriptions)


def test_alternatives_can_leave_out_high_impact_moves() -> None:
    squat = shipped_program("strength-and-walking").days.first().prescriptions.first()  # type: ignore[union-attr]
    assert squat is not None
    assert squat.exercise.slug == "bodyweight-squat"
    everything = selectors.alternatives_for(squat.exercise_id)
    low_impact = selectors.alternatives_for(squat.exercise_id, allow_high_impact=False)
    assert "squat-jump" in [e.slug for e in everything.harder]
    assert "squat-jump" not in [e.slug for e in low_impact.harder]


@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("planned_session_for", lambda user: selectors.planned_session_for(user, MON)),
        (
            "planned_sessions_between",
            lambda user: selectors.planned_sessions_between(user, MON, MON + dt.timedelta(400)),
        ),
        (
            "effective_prescriptions",
            lambda user: selectors.effective_prescriptions(
                selectors.planned_session_for(user, MON)  # type: ignore[arg-type]
            ),
        ),
        ("current_enrollment", lambda user: selectors.current_enrollment(user)),
    ],
)
def test_reads_run_a_constant_number_of_queries(name: str, call: Any) -> None:
    small = enrolled(days=2, exercises_per_day=2, weeks=4).user
    large = enrolled(days=6, exercises_per_day=14, weeks=52, deload_weeks=(5, 10, 15)).user
    for _ in range(5):
        EnrollmentPauseFactory(
            enrollment=Enrollment.objects.get(user=large),
            start_date=MON + dt.timedelta(days=30 + _ * 20),
            end_date=MON + dt.timedelta(days=33 + _ * 20),
        )
    call(small)  # warm any per-process caches
    assert queries(call, small) == queries(call, large), name
    assert queries(call, large) <= (7 if name == "effective_prescriptions" else 4), name


def test_calendar_days_mark_planned_done_and_paused() -> None:
    from tests.factories import WorkoutSessionFactory

    enrollment = enrolled(days=3)
    user: User = enrollment.user
    EnrollmentPauseFactory(
        enrollment=enrollment, start_date=D("2026-03-09"), end_date=D("2026-03-11")
    )
    WorkoutSessionFactory(user=user, date=MON, name="Session A")
    plan = selectors.current_plan(user)
    days = {c.day: c for c in selectors.calendar_days(user, plan, MON, D("2026-03-11"), MON)}
    assert days[MON].done
    assert days[MON].planned
    assert days[MON].is_today
    assert days[D("2026-03-03")].is_rest
    assert days[D("2026-03-09")].paused
    assert days[D("2026-03-09")].planned is None
    assert days[D("2026-03-11")].planned is not None
    assert days[D("2026-03-11")].planned.name == "Session A"  # resumed where it left off


def test_a_deload_session_without_a_week_row_gets_the_standard_deload() -> None:
    enrollment = enrolled(days=1, exercises_per_day=1, deload_weeks=())
    planned = selectors.planned_session_for(enrollment.user, MON)
    assert planned is not None
    enrollment.program.weeks.all().delete()
    built_elsewhere = replace(planned, week_number=5, is_deload=True)
    (rx,) = selectors.effective_prescriptions(built_elsewhere)
    assert (rx.sets, rx.target_rpe_low, rx.target_rpe_high) == (2, 4, 5)
