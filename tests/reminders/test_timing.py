"""Pure scheduling maths: local wall-clock times to UTC instants, DST, quiet hours."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from apps.reminders.timing import (
    LATENESS_LIMITS,
    Decision,
    QuietHours,
    decide_lapse,
    decide_phq9,
    default_workout_time,
    exists_locally,
    is_too_late,
    next_fire_after,
    outside_quiet_hours,
    resolve_local,
    retry_delay,
    usual_start_time,
)

UTC = dt.UTC
NY = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
KOLKATA = ZoneInfo("Asia/Kolkata")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "day", "at", "expected"),
    [
        # Ordinary days: standard and summer offsets.
        (NY, dt.date(2026, 1, 15), dt.time(8, 0), utc(2026, 1, 15, 13, 0)),
        (NY, dt.date(2026, 7, 15), dt.time(8, 0), utc(2026, 7, 15, 12, 0)),
        (LONDON, dt.date(2026, 1, 15), dt.time(8, 0), utc(2026, 1, 15, 8, 0)),
        (LONDON, dt.date(2026, 7, 15), dt.time(8, 0), utc(2026, 7, 15, 7, 0)),
        (KOLKATA, dt.date(2026, 3, 8), dt.time(8, 0), utc(2026, 3, 8, 2, 30)),
        (KOLKATA, dt.date(2026, 11, 1), dt.time(0, 15), utc(2026, 10, 31, 18, 45)),
        (LORD_HOWE, dt.date(2026, 1, 15), dt.time(8, 0), utc(2026, 1, 14, 21, 0)),  # +11:00
        (LORD_HOWE, dt.date(2026, 7, 15), dt.time(8, 0), utc(2026, 7, 14, 21, 30)),  # +10:30
        # Gaps: the time does not exist, so it fires when the clocks land (03:00 in NY).
        (NY, dt.date(2026, 3, 8), dt.time(2, 30), utc(2026, 3, 8, 7, 0)),
        (NY, dt.date(2026, 3, 8), dt.time(2, 0), utc(2026, 3, 8, 7, 0)),
        (LONDON, dt.date(2026, 3, 29), dt.time(1, 30), utc(2026, 3, 29, 1, 0)),
        (LORD_HOWE, dt.date(2026, 10, 4), dt.time(2, 15), utc(2026, 10, 3, 15, 30)),
        (LORD_HOWE, dt.date(2026, 10, 4), dt.time(2, 0), utc(2026, 10, 3, 15, 30)),
        # Just outside the gaps: unchanged.
        (NY, dt.date(2026, 3, 8), dt.time(3, 0), utc(2026, 3, 8, 7, 0)),
        (NY, dt.date(2026, 3, 8), dt.time(1, 59), utc(2026, 3, 8, 6, 59)),
        (LORD_HOWE, dt.date(2026, 10, 4), dt.time(2, 30), utc(2026, 10, 3, 15, 30)),
        # Overlaps: the first of the two occurrences.
        (NY, dt.date(2026, 11, 1), dt.time(1, 30), utc(2026, 11, 1, 5, 30)),
        (LONDON, dt.date(2026, 10, 25), dt.time(1, 30), utc(2026, 10, 25, 0, 30)),
        (LORD_HOWE, dt.date(2026, 4, 5), dt.time(1, 45), utc(2026, 4, 4, 14, 45)),
    ],
)
def test_resolve_local(zone: ZoneInfo, day: dt.date, at: dt.time, expected: dt.datetime) -> None:
    assert resolve_local(day, at, zone) == expected


@pytest.mark.parametrize(
    ("zone", "day", "wall", "exists"),
    [
        (NY, dt.date(2026, 3, 8), dt.time(2, 30), False),
        (NY, dt.date(2026, 3, 8), dt.time(3, 0), True),
        (NY, dt.date(2026, 11, 1), dt.time(1, 30), True),
        (LORD_HOWE, dt.date(2026, 10, 4), dt.time(2, 10), False),
        (LORD_HOWE, dt.date(2026, 10, 4), dt.time(2, 30), True),
        (KOLKATA, dt.date(2026, 3, 8), dt.time(2, 30), True),
    ],
)
def test_exists_locally(zone: ZoneInfo, day: dt.date, wall: dt.time, exists: bool) -> None:
    assert exists_locally(dt.datetime.combine(day, wall), zone) is exists


def fires(
    start: dt.datetime, count: int, *, zone: ZoneInfo, at: dt.time, **kwargs: object
) -> list[dt.datetime]:
    result, after = [], start
    for _ in range(count):
        after = next_fire_after(after, zone=zone, at=at, **kwargs)  # type: ignore[arg-type]
        result.append(after)
    return result


@pytest.mark.parametrize(
    ("zone", "start", "at", "expected"),
    [
        # New York springs forward on 8 March 2026: 08:00 stays 08:00 local.
        (
            NY,
            utc(2026, 3, 6, 14, 0),
            dt.time(8, 0),
            [utc(2026, 3, 7, 13, 0), utc(2026, 3, 8, 12, 0), utc(2026, 3, 9, 12, 0)],
        ),
        # ...and falls back on 1 November 2026.
        (
            NY,
            utc(2026, 10, 30, 14, 0),
            dt.time(8, 0),
            [utc(2026, 10, 31, 12, 0), utc(2026, 11, 1, 13, 0), utc(2026, 11, 2, 13, 0)],
        ),
        # London: 29 March and 25 October 2026.
        (
            LONDON,
            utc(2026, 3, 27, 12, 0),
            dt.time(7, 30),
            [utc(2026, 3, 28, 7, 30), utc(2026, 3, 29, 6, 30), utc(2026, 3, 30, 6, 30)],
        ),
        (
            LONDON,
            utc(2026, 10, 23, 12, 0),
            dt.time(7, 30),
            [utc(2026, 10, 24, 6, 30), utc(2026, 10, 25, 7, 30), utc(2026, 10, 26, 7, 30)],
        ),
        # Kolkata has no DST: the same UTC time every day, including on US/EU change days.
        (
            KOLKATA,
            utc(2026, 3, 7, 12, 0),
            dt.time(18, 0),
            [utc(2026, 3, 7, 12, 30), utc(2026, 3, 8, 12, 30), utc(2026, 3, 9, 12, 30)],
        ),
        # Lord Howe moves by 30 minutes: +11:00 until 5 April 2026, +10:30 after.
        (
            LORD_HOWE,
            utc(2026, 4, 3, 0, 0),
            dt.time(8, 0),
            [utc(2026, 4, 3, 21, 0), utc(2026, 4, 4, 21, 30), utc(2026, 4, 5, 21, 30)],
        ),
        # ...and back to +11:00 on 4 October 2026.
        (
            LORD_HOWE,
            utc(2026, 10, 2, 0, 0),
            dt.time(8, 0),
            [utc(2026, 10, 2, 21, 30), utc(2026, 10, 3, 21, 0), utc(2026, 10, 4, 21, 0)],
        ),
    ],
)
def test_daily_fires_across_dst_changes(
    zone: ZoneInfo, start: dt.datetime, at: dt.time, expected: list[dt.datetime]
) -> None:
    result = fires(start, len(expected), zone=zone, at=at)
    assert result == expected
    assert all(f.astimezone(zone).time() == at for f in result)


@pytest.mark.parametrize(
    ("zone", "start", "at", "expected"),
    [
        # 02:30 does not exist on 8 March in New York: 03:00 that day, 02:30 the next.
        (
            NY,
            utc(2026, 3, 7, 12, 0),
            dt.time(2, 30),
            [utc(2026, 3, 8, 7, 0), utc(2026, 3, 9, 6, 30)],
        ),
        # Lord Howe's half-hour gap: 02:15 fires at 02:30 local.
        (
            LORD_HOWE,
            utc(2026, 10, 3, 0, 0),
            dt.time(2, 15),
            [utc(2026, 10, 3, 15, 30), utc(2026, 10, 4, 15, 15)],
        ),
    ],
)
def test_gap_fires_when_the_clocks_land(
    zone: ZoneInfo, start: dt.datetime, at: dt.time, expected: list[dt.datetime]
) -> None:
    assert fires(start, len(expected), zone=zone, at=at) == expected


@pytest.mark.parametrize(
    ("zone", "start", "at", "first", "next_day"),
    [
        (
            NY,
            utc(2026, 10, 31, 12),
            dt.time(1, 30),
            utc(2026, 11, 1, 5, 30),
            utc(2026, 11, 2, 6, 30),
        ),
        (
            LONDON,
            utc(2026, 10, 24, 12),
            dt.time(1, 30),
            utc(2026, 10, 25, 0, 30),
            utc(2026, 10, 26, 1, 30),
        ),
        (
            LORD_HOWE,
            utc(2026, 4, 4, 0),
            dt.time(1, 45),
            utc(2026, 4, 4, 14, 45),
            utc(2026, 4, 5, 15, 15),
        ),
    ],
)
def test_overlap_fires_once(
    zone: ZoneInfo, start: dt.datetime, at: dt.time, first: dt.datetime, next_day: dt.datetime
) -> None:
    assert fires(start, 2, zone=zone, at=at) == [first, next_day]
    # Asked again between the two occurrences of 01:30, it does not fire the second one.
    second_occurrence = first + dt.timedelta(minutes=30 if zone is LORD_HOWE else 60)
    assert (
        next_fire_after(second_occurrence - dt.timedelta(seconds=1), zone=zone, at=at) == next_day
    )


@pytest.mark.parametrize(
    ("quiet", "moment", "inside"),
    [
        (QuietHours(dt.time(22), dt.time(7)), dt.time(23, 0), True),
        (QuietHours(dt.time(22), dt.time(7)), dt.time(6, 59), True),
        (QuietHours(dt.time(22), dt.time(7)), dt.time(7, 0), False),
        (QuietHours(dt.time(22), dt.time(7)), dt.time(21, 59), False),
        (QuietHours(dt.time(22), dt.time(7)), dt.time(22, 0), True),
        (QuietHours(dt.time(13), dt.time(15)), dt.time(14, 0), True),
        (QuietHours(dt.time(13), dt.time(15)), dt.time(15, 0), False),
        (QuietHours(dt.time(13), dt.time(15)), dt.time(12, 0), False),
        (QuietHours(dt.time(9), dt.time(9)), dt.time(9, 0), False),
    ],
)
def test_quiet_hours_contains(quiet: QuietHours, moment: dt.time, inside: bool) -> None:
    assert quiet.contains(moment) is inside


@pytest.mark.parametrize(
    ("zone", "instant", "quiet", "expected"),
    [
        # 23:00 London in winter, quiet 22:00–07:00: waits for 07:00 the next morning.
        (
            LONDON,
            utc(2026, 1, 15, 23, 0),
            QuietHours(dt.time(22), dt.time(7)),
            utc(2026, 1, 16, 7, 0),
        ),
        # 06:00 London: waits for 07:00 the same morning.
        (
            LONDON,
            utc(2026, 1, 15, 6, 0),
            QuietHours(dt.time(22), dt.time(7)),
            utc(2026, 1, 15, 7, 0),
        ),
        # Outside quiet hours: unchanged.
        (
            LONDON,
            utc(2026, 1, 15, 12, 0),
            QuietHours(dt.time(22), dt.time(7)),
            utc(2026, 1, 15, 12, 0),
        ),
        # Daytime quiet hours in Kolkata: 14:00 IST → 15:00 IST.
        (
            KOLKATA,
            utc(2026, 1, 15, 8, 30),
            QuietHours(dt.time(13), dt.time(15)),
            utc(2026, 1, 15, 9, 30),
        ),
        # Quiet hours ending inside New York's spring gap end at 03:00 EDT.
        (NY, utc(2026, 3, 8, 6, 0), QuietHours(dt.time(0), dt.time(2, 30)), utc(2026, 3, 8, 7, 0)),
        (LONDON, utc(2026, 1, 15, 6, 0), None, utc(2026, 1, 15, 6, 0)),
    ],
)
def test_outside_quiet_hours(
    zone: ZoneInfo, instant: dt.datetime, quiet: QuietHours | None, expected: dt.datetime
) -> None:
    assert outside_quiet_hours(instant, zone, quiet) == expected


def test_reminder_inside_quiet_hours_moves_to_their_end_every_day() -> None:
    quiet = QuietHours(dt.time(21), dt.time(8))
    result = fires(utc(2026, 1, 15, 12), 3, zone=LONDON, at=dt.time(6, 30), quiet=quiet)
    assert result == [utc(2026, 1, 16, 8), utc(2026, 1, 17, 8), utc(2026, 1, 18, 8)]


def test_evening_reminder_inside_overnight_quiet_hours_lands_next_morning_once() -> None:
    quiet = QuietHours(dt.time(20), dt.time(9))
    result = fires(utc(2026, 1, 15, 12), 3, zone=LONDON, at=dt.time(21, 0), quiet=quiet)
    assert result == [utc(2026, 1, 16, 9), utc(2026, 1, 17, 9), utc(2026, 1, 18, 9)]
    assert len(set(result)) == 3


def test_weekly_on_a_weekday_across_dst() -> None:
    # Sundays at 18:00 New York: 1 March (EST) and 8 March (EDT, the change day).
    result = fires(utc(2026, 2, 28), 3, zone=NY, at=dt.time(18), weekday=6)
    assert result == [utc(2026, 3, 1, 23), utc(2026, 3, 8, 22), utc(2026, 3, 15, 22)]
    assert all(f.astimezone(NY).weekday() == 6 for f in result)


def test_not_before_day_starts_later() -> None:
    result = next_fire_after(
        utc(2026, 1, 1), zone=LONDON, at=dt.time(10), not_before_day=dt.date(2026, 1, 15)
    )
    assert result == utc(2026, 1, 15, 10)


@pytest.mark.parametrize(
    ("starts", "expected"),
    [
        ([], dt.time(8, 0)),
        ([dt.time(18, 0), dt.time(18, 30)], dt.time(8, 0)),
        ([dt.time(18, 0), dt.time(18, 10), dt.time(17, 50)], dt.time(17, 0)),
        ([dt.time(6, 40), dt.time(6, 50), dt.time(7, 5), dt.time(21, 0)], dt.time(6, 0)),
        ([dt.time(0, 30), dt.time(0, 40), dt.time(0, 20)], dt.time(0, 0)),
    ],
)
def test_default_workout_time(starts: list[dt.time], expected: dt.time) -> None:
    assert default_workout_time(starts) == expected


def test_usual_start_time_needs_three_sessions() -> None:
    assert usual_start_time([dt.time(18)]) is None
    assert usual_start_time([dt.time(18, 5), dt.time(18, 10), dt.time(18, 20)]) == dt.time(18, 0)


@pytest.mark.parametrize(
    ("attempt", "expected"),
    [(1, 60), (2, 120), (3, 240), (4, 480), (5, 900), (6, 900), (20, 900)],
)
def test_retry_delay_is_capped_exponential(attempt: int, expected: int) -> None:
    assert retry_delay(attempt, base_seconds=60, cap_seconds=900) == expected


def test_retry_delay_jitter_only_shortens_within_a_fifth() -> None:
    assert retry_delay(5, base_seconds=60, cap_seconds=900, jitter=0.999) == 720
    assert retry_delay(1, base_seconds=1, cap_seconds=900, jitter=0.999) == 1


def test_retry_cap_stays_below_visibility_timeout() -> None:
    from django.conf import settings

    assert settings.REMINDERS_RETRY_MAX_SECONDS * 2 <= 3600


D = dt.date


@pytest.mark.parametrize(
    ("today", "last_phq9", "last_reminder", "expected"),
    [
        # Never answered: due now, then again in 14 days.
        (D(2026, 3, 1), None, None, Decision(True, D(2026, 3, 15))),
        # Answered 10 days ago: not yet, look again on day 14.
        (D(2026, 3, 1), D(2026, 2, 19), None, Decision(False, D(2026, 3, 5))),
        # Exactly 14 days: due.
        (D(2026, 3, 1), D(2026, 2, 15), None, Decision(True, D(2026, 3, 15))),
        # Overdue but reminded 3 days ago: no nagging until 14 days after that reminder.
        (D(2026, 3, 1), D(2026, 1, 1), D(2026, 2, 26), Decision(False, D(2026, 3, 12))),
        # Answered after the last reminder: 14 days from the answer.
        (D(2026, 3, 1), D(2026, 2, 27), D(2026, 2, 20), Decision(False, D(2026, 3, 13))),
    ],
)
def test_decide_phq9(
    today: dt.date, last_phq9: dt.date | None, last_reminder: dt.date | None, expected: Decision
) -> None:
    assert decide_phq9(today, last_phq9, last_reminder) == expected


@pytest.mark.parametrize(
    ("today", "last_session", "last_note", "expected"),
    [
        # Never trained: no lapse to speak of.
        (D(2026, 3, 1), None, None, Decision(False, None)),
        # 9 days: not yet; look again on day 10.
        (D(2026, 3, 1), D(2026, 2, 20), None, Decision(False, D(2026, 3, 2))),
        # 10 days: one note.
        (D(2026, 3, 1), D(2026, 2, 19), None, Decision(True, None)),
        # Note already sent in this lapse: never again until the next session.
        (D(2026, 3, 20), D(2026, 2, 19), D(2026, 3, 1), Decision(False, None)),
        # A new session after the old note starts a new lapse: due again 10 days later.
        (D(2026, 3, 20), D(2026, 3, 10), D(2026, 3, 1), Decision(True, None)),
    ],
)
def test_decide_lapse(
    today: dt.date, last_session: dt.date | None, last_note: dt.date | None, expected: Decision
) -> None:
    assert decide_lapse(today, last_session, last_note) == expected


@pytest.mark.parametrize("kind", sorted(LATENESS_LIMITS))
def test_is_too_late(kind: str) -> None:
    due = utc(2026, 1, 1, 8)
    limit = LATENESS_LIMITS[kind]
    assert not is_too_late(kind, due, due + limit)
    assert is_too_late(kind, due, due + limit + dt.timedelta(seconds=1))
