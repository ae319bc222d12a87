"""Schedules and the per-minute sweep, run against a moving clock (time-machine).

Each test walks real days across a DST change and runs ``reminders_dispatch_due`` the
way beat does: a minute before a reminder nothing happens, just after it exactly one
outbox row appears for the right UTC instant, and the schedule moves to the next one.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from time_machine import TimeMachineFixture

from apps.accounts.models import User
from apps.reminders.models import Delivery, ReminderKind, ReminderSchedule
from apps.reminders.services import reminder_preferences_update, reminders_dispatch_due
from tests.factories import reminder_user

pytestmark = pytest.mark.django_db


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def schedule(user: User, kind: str = ReminderKind.WORKOUT) -> ReminderSchedule:
    return ReminderSchedule.objects.get(user=user, kind=kind)


def deliveries(user: User, kind: str = ReminderKind.WORKOUT) -> list[dt.datetime]:
    return list(
        Delivery.objects.filter(user=user, kind=kind)
        .order_by("scheduled_for")
        .values_list("scheduled_for", flat=True)
    )


def walk(
    time_machine: TimeMachineFixture, user: User, expected: list[dt.datetime], kind: str
) -> None:
    """Run the sweep just before and just after each expected instant."""
    for index, instant in enumerate(expected):
        time_machine.move_to(instant - dt.timedelta(minutes=1), tick=False)
        reminders_dispatch_due()
        assert len(deliveries(user, kind)) == index, f"fired early, before {instant}"
        time_machine.move_to(instant + dt.timedelta(seconds=20), tick=False)
        reminders_dispatch_due()
        assert deliveries(user, kind) == expected[: index + 1]
        # A second sweep in the same minute (a second beat by mistake) adds nothing.
        reminders_dispatch_due()
        assert deliveries(user, kind) == expected[: index + 1]


CASES = [
    # (zone, local time, start, expected UTC instants) — each crosses a DST change.
    (
        "America/New_York",
        dt.time(8, 0),
        utc(2026, 3, 6, 14),
        [utc(2026, 3, 7, 13), utc(2026, 3, 8, 12), utc(2026, 3, 9, 12)],
    ),
    (
        "America/New_York",
        dt.time(8, 0),
        utc(2026, 10, 30, 14),
        [utc(2026, 10, 31, 12), utc(2026, 11, 1, 13), utc(2026, 11, 2, 13)],
    ),
    (
        "Europe/London",
        dt.time(7, 30),
        utc(2026, 3, 27, 12),
        [utc(2026, 3, 28, 7, 30), utc(2026, 3, 29, 6, 30), utc(2026, 3, 30, 6, 30)],
    ),
    (
        "Europe/London",
        dt.time(7, 30),
        utc(2026, 10, 23, 12),
        [utc(2026, 10, 24, 6, 30), utc(2026, 10, 25, 7, 30), utc(2026, 10, 26, 7, 30)],
    ),
    (
        "Asia/Kolkata",
        dt.time(6, 45),
        utc(2026, 3, 6, 12),
        [utc(2026, 3, 7, 1, 15), utc(2026, 3, 8, 1, 15), utc(2026, 3, 9, 1, 15)],
    ),
    (
        "Australia/Lord_Howe",
        dt.time(8, 0),
        utc(2026, 4, 3, 0),
        [utc(2026, 4, 3, 21), utc(2026, 4, 4, 21, 30), utc(2026, 4, 5, 21, 30)],
    ),
    (
        "Australia/Lord_Howe",
        dt.time(8, 0),
        utc(2026, 10, 2, 0),
        [utc(2026, 10, 2, 21, 30), utc(2026, 10, 3, 21), utc(2026, 10, 4, 21)],
    ),
    # The gap itself: 02:30 on New York's spring-forward day fires at 03:00 EDT.
    (
        "America/New_York",
        dt.time(2, 30),
        utc(2026, 3, 7, 12),
        [utc(2026, 3, 8, 7, 0), utc(2026, 3, 9, 6, 30)],
    ),
    # Lord Howe's half-hour gap: 02:15 fires at 02:30 LHDT.
    (
        "Australia/Lord_Howe",
        dt.time(2, 15),
        utc(2026, 10, 3, 0),
        [utc(2026, 10, 3, 15, 30), utc(2026, 10, 4, 15, 15)],
    ),
    # The overlap: 01:30 on fall-back day fires once, at the first 01:30.
    (
        "America/New_York",
        dt.time(1, 30),
        utc(2026, 10, 31, 12),
        [utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)],
    ),
    (
        "Europe/London",
        dt.time(1, 30),
        utc(2026, 10, 24, 12),
        [utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)],
    ),
    (
        "Australia/Lord_Howe",
        dt.time(1, 45),
        utc(2026, 4, 4, 0),
        [utc(2026, 4, 4, 14, 45), utc(2026, 4, 5, 15, 15)],
    ),
]


@pytest.mark.parametrize(
    ("zone", "local_time", "start", "expected"),
    CASES,
    ids=[f"{c[0]}-{c[1]:%H%M}-{c[2]:%m%d}" for c in CASES],
)
def test_workout_reminder_fires_at_the_right_utc_instant(
    time_machine: TimeMachineFixture,
    zone: str,
    local_time: dt.time,
    start: dt.datetime,
    expected: list[dt.datetime],
) -> None:
    time_machine.move_to(start, tick=False)
    user = reminder_user(zone, workout_time=local_time)
    assert schedule(user).next_fire_at == expected[0]
    walk(time_machine, user, expected, ReminderKind.WORKOUT)
    # Every reminder went out at the chosen local time or, in a gap, when clocks landed.
    for instant in expected:
        local = instant.astimezone(ZoneInfo(zone))
        assert local.time() >= local_time or local.time() == dt.time(3, 0)


def test_overlap_second_occurrence_does_not_fire_again(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(utc(2026, 10, 31, 12), tick=False)
    user = reminder_user("America/New_York", workout_time=dt.time(1, 30))
    time_machine.move_to(utc(2026, 11, 1, 5, 30, 10), tick=False)  # 01:30 EDT
    reminders_dispatch_due()
    time_machine.move_to(utc(2026, 11, 1, 6, 30, 10), tick=False)  # 01:30 EST, again
    reminders_dispatch_due()
    assert deliveries(user) == [utc(2026, 11, 1, 5, 30)]
    assert schedule(user).next_fire_at == utc(2026, 11, 2, 6, 30)


def test_weekly_summary_on_the_chosen_day_across_dst(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(utc(2026, 3, 2), tick=False)  # Monday
    user = reminder_user("America/New_York", weekly_summary_day=6)  # Sundays, 18:00 local
    walk(
        time_machine,
        user,
        [utc(2026, 3, 8, 22), utc(2026, 3, 15, 22)],
        ReminderKind.WEEKLY_SUMMARY,
    )


def test_quiet_hours_move_a_reminder_to_their_end(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(utc(2026, 1, 14, 12), tick=False)
    # The automatic 08:00 reminder falls inside quiet hours 21:00–09:00: it waits.
    user = reminder_user(
        "Europe/London", workout_time=None, quiet_start=dt.time(21), quiet_end=dt.time(9)
    )
    walk(
        time_machine,
        user,
        [utc(2026, 1, 15, 9), utc(2026, 1, 16, 9)],
        ReminderKind.WORKOUT,
    )


def test_quiet_hours_move_the_weekly_summary(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(utc(2026, 7, 6), tick=False)
    user = reminder_user(
        "Asia/Kolkata",
        weekly_summary_day=6,
        quiet_start=dt.time(17, 30),
        quiet_end=dt.time(19, 15),
    )
    # Sunday 12 July 2026, 19:15 IST.
    walk(time_machine, user, [utc(2026, 7, 12, 13, 45)], ReminderKind.WEEKLY_SUMMARY)


def test_turned_off_reminders_are_never_due(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(utc(2026, 1, 14, 12), tick=False)
    user = reminder_user("Europe/London", enabled=False)
    assert not ReminderSchedule.objects.filter(user=user, next_fire_at__isnull=False).exists()
    time_machine.move_to(utc(2026, 1, 20, 12), tick=False)
    reminders_dispatch_due()
    assert not Delivery.objects.filter(user=user).exists()


def test_changing_the_reminder_time_replans(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(utc(2026, 1, 14, 12), tick=False)
    user = reminder_user("Europe/London", workout_time=dt.time(8))
    assert schedule(user).next_fire_at == utc(2026, 1, 15, 8)
    reminder_preferences_update(user=user, changes={"workout_time": dt.time(18, 30)})
    assert schedule(user).next_fire_at == utc(2026, 1, 14, 18, 30)


def test_saving_preferences_just_after_a_due_instant_keeps_that_reminder(
    time_machine: TimeMachineFixture,
) -> None:
    time_machine.move_to(utc(2026, 1, 14, 12), tick=False)
    user = reminder_user("Europe/London", workout_time=dt.time(8))
    time_machine.move_to(utc(2026, 1, 15, 8, 0, 20), tick=False)  # due, not yet swept
    reminder_preferences_update(user=user, changes={"quiet_start": None, "quiet_end": None})
    reminders_dispatch_due()
    assert deliveries(user) == [utc(2026, 1, 15, 8)]


def test_moving_time_zone_replans_on_the_new_clock(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(utc(2026, 1, 14, 12), tick=False)
    user = reminder_user("Europe/London", workout_time=dt.time(8))
    user.time_zone = "America/New_York"
    user.save()
    assert schedule(user).next_fire_at == utc(2026, 1, 14, 13)  # 08:00 EST, later today


def test_zone_change_by_bulk_update_is_caught_by_the_sweep(
    time_machine: TimeMachineFixture,
) -> None:
    time_machine.move_to(utc(2026, 1, 14, 12), tick=False)
    user = reminder_user("Europe/London", workout_time=dt.time(8))
    User.objects.filter(pk=user.pk).update(time_zone="Asia/Kolkata")  # no signal
    time_machine.move_to(utc(2026, 1, 15, 8, 0, 20), tick=False)  # London's 08:00
    reminders_dispatch_due()
    assert deliveries(user) == []
    assert schedule(user).next_fire_at == utc(2026, 1, 16, 2, 30)  # 08:00 in Kolkata


def test_a_long_outage_skips_stale_reminders_instead_of_sending_them(
    time_machine: TimeMachineFixture,
) -> None:
    time_machine.move_to(utc(2026, 1, 14, 12), tick=False)
    user = reminder_user("Europe/London", workout_time=dt.time(8))
    time_machine.move_to(utc(2026, 1, 15, 14), tick=False)  # beat was down for 6 hours
    report = reminders_dispatch_due()
    assert report.late == 1
    row = Delivery.objects.get(user=user)
    assert row.state == Delivery.State.SKIPPED
    assert row.skip_reason == Delivery.SkipReason.TOO_LATE
    assert schedule(user).next_fire_at == utc(2026, 1, 16, 8)


def test_sweep_enqueues_each_new_row_once_after_commit(
    time_machine: TimeMachineFixture, django_capture_on_commit_callbacks: object
) -> None:
    time_machine.move_to(utc(2026, 1, 14, 12), tick=False)
    users = [reminder_user("Europe/London", workout_time=dt.time(8)) for _ in range(3)]
    time_machine.move_to(utc(2026, 1, 15, 8, 0, 5), tick=False)
    with django_capture_on_commit_callbacks() as callbacks:  # type: ignore[operator]
        first = reminders_dispatch_due(batch_size=2)
        second = reminders_dispatch_due()
    assert (first.due, first.created, first.enqueued) == (3, 3, 3)
    assert (second.due, second.created, second.enqueued) == (0, 0, 0)
    assert len(callbacks) == 3
    rows = Delivery.objects.filter(user__in=users)
    assert all(row.enqueued_at is not None for row in rows)
