"""Writes: enrolling, switching, pausing, custom copies and the calendar feed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from apps.programs import selectors, services
from apps.programs.models import (
    CalendarFeed,
    Enrollment,
    EnrollmentPause,
    Prescription,
    Program,
    ProgramWeek,
)
from tests.factories import ExerciseFactory, UserFactory, program_with, shipped_program

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat
MON = D("2026-03-02")


def start(user, program, weekdays, *, day=MON, clearance=False) -> Enrollment:  # type: ignore[no-untyped-def]
    return services.enrollment_start(
        user=user,
        program=program,
        start_date=day,
        weekdays=weekdays,
        today=day,
        postpartum_clearance=clearance,
    )


@pytest.mark.parametrize(
    ("slug", "weekdays", "field", "fragment"),
    [
        ("machine-foundation", [0, 1, 3], "weekdays", "Monday and Tuesday are back to back"),
        ("machine-foundation", [6, 0, 3], "weekdays", "Sunday and Monday are back to back"),
        ("machine-foundation", [0, 2], "weekdays", "pick 3 days (you picked 2)"),
        ("low-energy-20", [0, 2, 4], "weekdays", "pick 2 days (you picked 3)"),
        ("minimum-session", [0], "__all__", "not a program to follow"),
    ],
)
def test_enrollment_rules(slug: str, weekdays: list[int], field: str, fragment: str) -> None:
    user = UserFactory()
    with pytest.raises(ValidationError) as raised:
        start(user, shipped_program(slug), weekdays)
    assert any(fragment in message for message in raised.value.message_dict[field])
    assert not Enrollment.objects.filter(user=user).exists()


def test_non_full_body_programs_may_use_consecutive_days() -> None:
    user = UserFactory()
    enrollment = start(user, shipped_program("strength-and-walking"), [0, 1, 3, 5])
    assert enrollment.weekdays == [0, 1, 3, 5]


@pytest.mark.parametrize(
    ("offset", "ok"), [(-15, False), (-14, True), (0, True), (56, True), (57, False)]
)
def test_start_date_window(offset: int, ok: bool) -> None:
    user = UserFactory()
    call = lambda: services.enrollment_start(  # noqa: E731
        user=user,
        program=shipped_program("machine-foundation"),
        start_date=MON + dt.timedelta(days=offset),
        weekdays=[0, 2, 4],
        today=MON,
    )
    if ok:
        assert call().start_date == MON + dt.timedelta(days=offset)
    else:
        with pytest.raises(ValidationError) as raised:
            call()
        assert "start_date" in raised.value.message_dict


@pytest.mark.parametrize(
    ("delivered_days_ago", "clearance", "errors"),
    [
        (None, True, {"__all__"}),
        (400, True, {"__all__"}),
        (60, False, {"postpartum_clearance"}),
        (None, False, {"__all__", "postpartum_clearance"}),
        (60, True, set()),
    ],
)
def test_postpartum_program_is_gated(
    delivered_days_ago: int | None, clearance: bool, errors: set[str]
) -> None:
    delivery = None if delivered_days_ago is None else MON - dt.timedelta(days=delivered_days_ago)
    user = UserFactory(postpartum_delivery_date=delivery)
    program = shipped_program("postpartum-return")
    if errors:
        with pytest.raises(ValidationError) as raised:
            start(user, program, [0, 2, 4], clearance=clearance)
        assert set(raised.value.message_dict) == errors
        assert not Enrollment.objects.filter(user=user).exists()
    else:
        enrollment = start(user, program, [0, 2, 4], clearance=True)
        assert enrollment.postpartum_clearance_confirmed_at is not None


def test_switching_ends_the_current_program_and_keeps_history() -> None:
    user = UserFactory()
    first = start(user, shipped_program("machine-foundation"), [0, 2, 4])
    services.enrollment_pause(user=user, today=MON + dt.timedelta(days=3))
    later = MON + dt.timedelta(days=10)
    second = start(user, shipped_program("low-energy-20"), [1, 4], day=later)
    first.refresh_from_db()
    assert first.status == Enrollment.Status.ENDED
    assert first.ended_on == later
    assert EnrollmentPause.objects.get(enrollment=first).end_date == later
    assert selectors.current_enrollment(user) == second
    assert Enrollment.objects.filter(user=user).count() == 2


def test_pause_and_resume_shift_the_plan_instead_of_missing_sessions() -> None:
    user = UserFactory()
    start(user, shipped_program("machine-foundation"), [0, 2, 4])
    wednesday = MON + dt.timedelta(days=2)
    services.enrollment_pause(user=user, today=wednesday)
    assert selectors.current_enrollment(user).status == Enrollment.Status.PAUSED  # type: ignore[union-attr]
    assert selectors.planned_session_for(user, wednesday) is None
    assert selectors.planned_session_for(user, MON + dt.timedelta(days=14)) is None
    resumed = MON + dt.timedelta(days=14)
    services.enrollment_resume(user=user, today=resumed)
    planned = selectors.planned_session_for(user, resumed)
    assert planned is not None
    assert (planned.name, planned.session_number) == ("Session B", 2)
    assert services.enrollment_resume(user=user, today=resumed) is None  # already active


def test_pause_and_resume_the_same_day_leaves_no_pause() -> None:
    user = UserFactory()
    enrollment = start(user, shipped_program("machine-foundation"), [0, 2, 4])
    services.enrollment_pause(user=user, today=MON)
    services.enrollment_resume(user=user, today=MON)
    assert not enrollment.pauses.exists()
    assert selectors.planned_session_for(user, MON) is not None


def test_program_copy_copies_every_week_day_and_prescription() -> None:
    user = UserFactory()
    template = shipped_program("machine-foundation")
    copy = services.program_copy(user=user, program=template)
    assert copy.owner == user
    assert not copy.is_template
    assert copy.based_on == template
    assert ProgramWeek.objects.filter(program=copy).count() == template.length_weeks
    original = list(
        Prescription.objects.filter(day__program=template)
        .order_by("day__order", "order")
        .values_list("day__order", "order", "exercise_id", "sets", "reps_low", "reps_high")
    )
    copied = list(
        Prescription.objects.filter(day__program=copy)
        .order_by("day__order", "order")
        .values_list("day__order", "order", "exercise_id", "sets", "reps_low", "reps_high")
    )
    assert original == copied
    # A copy of a copy still points at the template it came from.
    assert services.program_copy(user=user, program=copy).based_on == template


def test_adopting_a_copy_keeps_the_schedule() -> None:
    user = UserFactory()
    template = shipped_program("machine-foundation")
    enrollment = start(user, template, [0, 2, 4])
    before = selectors.planned_sessions_between(user, MON, MON + dt.timedelta(days=30))
    copy = services.program_copy(user=user, program=template)
    assert services.enrollment_adopt_copy(user=user, program=copy) is not None
    after = selectors.planned_sessions_between(user, MON, MON + dt.timedelta(days=30))
    assert [(p.day, p.name, p.week_number) for p in before] == [
        (p.day, p.name, p.week_number) for p in after
    ]
    assert {p.program_id for p in after} == {copy.pk}
    enrollment.refresh_from_db()
    assert enrollment.program == copy
    other = services.program_copy(user=user, program=shipped_program("low-energy-20"))
    assert services.enrollment_adopt_copy(user=user, program=other) is None


def test_editing_a_copy_add_move_remove() -> None:
    user = UserFactory()
    program = program_with(owner=user, days=1, exercises_per_day=3)
    day = program.days.get()
    first, second, third = day.prescriptions.order_by("order")
    services.prescription_move(prescription=third, direction="up")
    assert list(day.prescriptions.order_by("order")) == [first, third, second]
    services.prescription_move(prescription=first, direction="up")  # already first
    assert list(day.prescriptions.order_by("order")) == [first, third, second]
    services.prescription_remove(prescription=third)
    assert list(day.prescriptions.order_by("order").values_list("order", flat=True)) == [1, 2]
    added = services.prescription_add(
        day=day,
        exercise=ExerciseFactory(),
        sets=2,
        reps_low=8,
        reps_high=12,
        seconds=None,
        rest_seconds=90,
    )
    assert added.order == 3


def test_only_unfollowed_copies_can_be_deleted() -> None:
    user = UserFactory()
    unused = program_with(owner=user)
    assert services.program_delete(program=unused)
    followed = program_with(owner=user)
    start(user, followed, [0, 2, 4])
    assert not services.program_delete(program=followed)
    assert not services.program_delete(program=shipped_program("machine-foundation"))
    assert Program.objects.filter(pk=followed.pk).exists()


def test_calendar_feed_enable_reset_revoke() -> None:
    user = UserFactory()
    feed = services.calendar_feed_enable(user=user)
    assert services.calendar_feed_enable(user=user) == feed
    assert len(feed.token) >= 40
    new = services.calendar_feed_reset(user=user)
    assert new.token != feed.token
    assert selectors.feed_by_token(feed.token) is None
    assert selectors.feed_by_token(new.token) == new
    services.calendar_feed_revoke(user=user)
    assert selectors.feed_by_token(new.token) is None
    assert CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).count() == 0
