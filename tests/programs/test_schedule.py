"""Table-driven tests of the pure schedule maths (no database)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from apps.programs import schedule
from apps.programs.schedule import EffectivePrescription, Pause, ScheduleSpec, WeekPlan

D = dt.date.fromisoformat
MON = D("2026-03-02")  # a Monday

# Mon/Wed/Fri, three workout days A/B/C, 8 weeks: 24 sessions, the last on Fri 24 April.
FOUNDATION = ScheduleSpec(
    start=MON,
    weekdays=frozenset({0, 2, 4}),
    sessions_per_week=3,
    length_weeks=8,
    workout_day_count=3,
)


def spec(**changes: object) -> ScheduleSpec:
    return replace(FOUNDATION, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("case", "day", "expected"),
    [
        # expected: (index, week_number, rotation) or None
        ("first day is the start Monday", "2026-03-02", (0, 1, 0)),
        ("Tuesday is a rest day", "2026-03-03", None),
        ("Wednesday is session B", "2026-03-04", (1, 1, 1)),
        ("Friday is session C", "2026-03-06", (2, 1, 2)),
        ("the weekend rests", "2026-03-07", None),
        ("next Monday starts week 2 with A", "2026-03-09", (3, 2, 0)),
        ("week 5 starts with session 13", "2026-03-30", (12, 5, 0)),
        ("the day before the start", "2026-03-01", None),
        ("the last session", "2026-04-24", (23, 8, 2)),
        ("after the last session the program is finished", "2026-04-27", None),
    ],
)
def test_slot_on_foundation(case: str, day: str, expected: tuple[int, int, int] | None) -> None:
    slot = schedule.slot_on(FOUNDATION, D(day))
    got = None if slot is None else (slot.index, slot.week_number, slot.rotation)
    assert got == expected, case


@pytest.mark.parametrize(
    ("case", "changes", "day", "expected"),
    [
        (
            "a Tuesday start waits for the first chosen weekday",
            {"start": D("2026-03-03")},
            "2026-03-04",
            (0, 1, 0),
        ),
        (
            "two workout days alternate A B A / B A B",
            {"workout_day_count": 2},
            "2026-03-09",
            (3, 2, 1),
        ),
        (
            "two workout days: second Wednesday is A",
            {"workout_day_count": 2},
            "2026-03-11",
            (4, 2, 0),
        ),
        (
            "Tuesday/Thursday two days a week",
            {"weekdays": frozenset({1, 3}), "sessions_per_week": 2},
            "2026-03-12",
            (3, 2, 0),
        ),
        (
            "a week's pause: its Monday is not a session",
            {"pauses": (Pause(D("2026-03-09"), D("2026-03-16")),)},
            "2026-03-09",
            None,
        ),
        (
            "after a week's pause the plan resumes where it left off",
            {"pauses": (Pause(D("2026-03-09"), D("2026-03-16")),)},
            "2026-03-16",
            (3, 2, 0),
        ),
        (
            "resuming mid-week continues the rotation",
            {"pauses": (Pause(D("2026-03-05"), D("2026-03-11")),)},
            "2026-03-11",
            (2, 1, 2),
        ),
        (
            "an open pause holds every later day",
            {"pauses": (Pause(D("2026-03-09")),)},
            "2026-04-06",
            None,
        ),
        (
            "days before an open pause are still planned",
            {"pauses": (Pause(D("2026-03-09")),)},
            "2026-03-06",
            (2, 1, 2),
        ),
        (
            "paused and resumed the same day changes nothing",
            {"pauses": (Pause(D("2026-03-09"), D("2026-03-09")),)},
            "2026-03-09",
            (3, 2, 0),
        ),
        (
            "overlapping pauses count once",
            {
                "pauses": (
                    Pause(D("2026-03-09"), D("2026-03-14")),
                    Pause(D("2026-03-11"), D("2026-03-16")),
                )
            },
            "2026-03-16",
            (3, 2, 0),
        ),
        (
            "two separate pauses both shift the plan",
            {
                "pauses": (
                    Pause(D("2026-03-09"), D("2026-03-16")),
                    Pause(D("2026-03-23"), D("2026-03-30")),
                )
            },
            "2026-03-30",
            (6, 3, 0),
        ),
        (
            "a pause pushes the end date back by its sessions",
            {"pauses": (Pause(D("2026-03-09"), D("2026-03-16")),)},
            "2026-04-27",
            (21, 8, 0),
        ),
        (
            "a pause that began before the start only counts from the start",
            {"pauses": (Pause(D("2026-02-20"), D("2026-03-04")),)},
            "2026-03-04",
            (0, 1, 0),
        ),
    ],
)
def test_slot_on_variants(
    case: str, changes: dict[str, object], day: str, expected: tuple[int, int, int] | None
) -> None:
    slot = schedule.slot_on(spec(**changes), D(day))
    got = None if slot is None else (slot.index, slot.week_number, slot.rotation)
    assert got == expected, case


def test_slots_between_matches_slot_on_day_by_day() -> None:
    paused = spec(pauses=(Pause(D("2026-03-18"), D("2026-03-25")),))
    first, last = D("2026-02-20"), D("2026-05-31")
    slots = schedule.slots_between(paused, first, last)
    day_by_day = []
    day = first
    while day <= last:
        slot = schedule.slot_on(paused, day)
        if slot is not None:
            day_by_day.append(slot)
        day += dt.timedelta(days=1)
    assert slots == day_by_day
    assert [slot.index for slot in slots] == list(range(24))


@pytest.mark.parametrize(
    ("case", "changes", "after", "expected"),
    [
        ("Monday → Wednesday", {}, "2026-03-02", "2026-03-04"),
        ("Friday → next Monday", {}, "2026-03-06", "2026-03-09"),
        ("before the start → the first session", {}, "2026-02-01", "2026-03-02"),
        ("after the last session → none", {}, "2026-04-24", None),
        ("open pause → none", {"pauses": (Pause(D("2026-03-09")),)}, "2026-03-06", None),
        (
            "closed pause → the first day after it",
            {"pauses": (Pause(D("2026-03-09"), D("2026-03-16")),)},
            "2026-03-06",
            "2026-03-16",
        ),
        ("no weekdays → none", {"weekdays": frozenset()}, "2026-03-02", None),
    ],
)
def test_next_slot_after(
    case: str, changes: dict[str, object], after: str, expected: str | None
) -> None:
    slot = schedule.next_slot_after(spec(**changes), D(after))
    assert (None if slot is None else slot.day) == (None if expected is None else D(expected)), case


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "2026-04-24"),
        ({"pauses": (Pause(D("2026-03-09"), D("2026-03-16")),)}, "2026-05-01"),
        ({"pauses": (Pause(D("2026-03-09")),)}, None),
        ({"length_weeks": 1}, "2026-03-06"),
    ],
)
def test_last_session_day(changes: dict[str, object], expected: str | None) -> None:
    assert schedule.last_session_day(spec(**changes)) == (None if expected is None else D(expected))


@pytest.mark.parametrize(
    ("first", "stop", "weekdays", "expected"),
    [
        ("2026-03-02", "2026-03-02", {0}, 0),
        ("2026-03-02", "2026-03-03", {0}, 1),
        ("2026-03-02", "2026-03-09", {0, 2, 4}, 3),
        ("2026-03-03", "2026-03-30", {0, 2, 4}, 11),
        ("2026-03-02", "2026-12-31", set(), 0),
        ("2026-03-09", "2026-03-02", {0}, 0),
    ],
)
def test_count_weekdays(first: str, stop: str, weekdays: set[int], expected: int) -> None:
    assert schedule.count_weekdays(D(first), D(stop), frozenset(weekdays)) == expected


@pytest.mark.parametrize(
    ("weekdays", "expected"),
    [
        ({0, 2, 4}, []),
        ({1, 3, 5}, []),
        ({0, 1, 3}, [(0, 1)]),
        ({5, 6}, [(5, 6)]),
        ({0, 6}, [(6, 0)]),
        ({0, 2, 4, 6}, [(6, 0)]),
        ({3}, []),
        (set(), []),
    ],
)
def test_back_to_back_pairs(weekdays: set[int], expected: list[tuple[int, int]]) -> None:
    assert schedule.back_to_back_pairs(weekdays) == expected


@pytest.mark.parametrize(
    ("moment", "zone", "expected"),
    [
        ("2026-03-01T23:30:00+00:00", "Europe/London", "2026-03-01"),
        ("2026-03-01T23:30:00+00:00", "America/New_York", "2026-03-01"),
        ("2026-03-01T23:30:00+00:00", "Asia/Tokyo", "2026-03-02"),
        ("2026-03-01T11:30:00+00:00", "Pacific/Auckland", "2026-03-02"),
        ("2026-03-02T05:00:00+00:00", "Pacific/Honolulu", "2026-03-01"),
        ("2026-03-01T18:45:00+00:00", "Asia/Kolkata", "2026-03-02"),
        # London switches to BST on 29 March 2026: 23:30 UTC is already the 30th there.
        ("2026-03-28T23:30:00+00:00", "Europe/London", "2026-03-28"),
        ("2026-03-29T23:30:00+00:00", "Europe/London", "2026-03-30"),
        ("2026-04-05T14:00:00+00:00", "Australia/Lord_Howe", "2026-04-06"),
    ],
)
def test_local_date(moment: str, zone: str, expected: str) -> None:
    assert schedule.local_date(dt.datetime.fromisoformat(moment), zone) == D(expected)


def test_local_date_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="aware"):
        schedule.local_date(dt.datetime(2026, 3, 1, 12, 0), "UTC")  # noqa: DTZ001


@pytest.mark.parametrize(
    ("day", "week_start", "expected"),
    [
        ("2026-03-04", 0, "2026-03-02"),
        ("2026-03-02", 0, "2026-03-02"),
        ("2026-03-01", 0, "2026-02-23"),
        ("2026-03-04", 6, "2026-03-01"),
        ("2026-03-01", 6, "2026-03-01"),
    ],
)
def test_week_start_for(day: str, week_start: int, expected: str) -> None:
    assert schedule.week_start_for(D(day), week_start) == D(expected)


BASE = EffectivePrescription(
    prescription_id=1,
    exercise_id=1,
    order=1,
    sets=3,
    reps_low=8,
    reps_high=12,
    seconds=None,
    target_rpe_low=Decimal("6"),
    target_rpe_high=Decimal("7"),
    rest_seconds=90,
    notes="",
)
DELOAD = WeekPlan(number=5, is_deload=True, set_multiplier=Decimal("0.6"), extra_reps_in_reserve=2)


@pytest.mark.parametrize(
    ("case", "sets", "rpe", "week", "expected_sets", "expected_rpe"),
    [
        ("a normal week changes nothing", 3, ("6", "7"), WeekPlan(1), 3, ("6", "7")),
        ("deload: 3 sets become 2, RPE − 2", 3, ("6", "7"), DELOAD, 2, ("4", "5")),
        ("deload: 2 sets become 1", 2, ("6", "7"), DELOAD, 1, ("4", "5")),
        ("deload: 4 sets become 2", 4, ("7", "8"), DELOAD, 2, ("5", "6")),
        ("deload: 5 sets become 3", 5, ("7", "8"), DELOAD, 3, ("5", "6")),
        ("deload never drops below 1 set", 1, ("6", "7"), DELOAD, 1, ("4", "5")),
        (
            "working weeks raise effort to RPE 7–8",
            3,
            ("6", "7"),
            WeekPlan(6, rpe_shift=Decimal("1")),
            3,
            ("7", "8"),
        ),
        (
            "learning weeks lower effort",
            3,
            ("6", "7"),
            WeekPlan(1, rpe_shift=Decimal("-1")),
            3,
            ("5", "6"),
        ),
        (
            "fewer sets in early postpartum weeks",
            3,
            ("6", "7"),
            WeekPlan(1, set_multiplier=Decimal("0.67")),
            2,
            ("6", "7"),
        ),
        (
            "effort never goes above 10",
            3,
            ("9", "10"),
            WeekPlan(6, rpe_shift=Decimal("2")),
            3,
            ("10", "10"),
        ),
        ("effort never goes below 1", 3, ("2", "3"), DELOAD, 2, ("1", "1")),
    ],
)
def test_apply_week(
    case: str,
    sets: int,
    rpe: tuple[str, str],
    week: WeekPlan,
    expected_sets: int,
    expected_rpe: tuple[str, str],
) -> None:
    rx = replace(BASE, sets=sets, target_rpe_low=Decimal(rpe[0]), target_rpe_high=Decimal(rpe[1]))
    result = schedule.apply_week(rx, week)
    assert result.sets == expected_sets, case
    assert (result.target_rpe_low, result.target_rpe_high) == (
        Decimal(expected_rpe[0]),
        Decimal(expected_rpe[1]),
    ), case
    assert (result.reps_low, result.reps_high, result.exercise_id) == (8, 12, 1), case


@pytest.mark.parametrize(
    ("weeks", "number", "expected"),
    [
        ({5: DELOAD}, 5, DELOAD),
        ({5: DELOAD}, 4, WeekPlan(4)),
        ({}, 1, WeekPlan(1)),
    ],
)
def test_week_plan_defaults_to_no_change(
    weeks: dict[int, WeekPlan], number: int, expected: WeekPlan
) -> None:
    assert schedule.week_plan(weeks, number) == expected


@pytest.mark.parametrize(
    ("measure", "reps", "seconds", "expected"),
    [
        ("timed", (8, 12), None, (None, None, 30)),
        ("load", None, 30, (8, 12, None)),
        ("bodyweight", (10, 15), None, (10, 15, None)),
        ("timed", None, 45, (None, None, 45)),
    ],
)
def test_fit_to_measure(
    measure: str,
    reps: tuple[int, int] | None,
    seconds: int | None,
    expected: tuple[int | None, int | None, int | None],
) -> None:
    rx = replace(
        BASE,
        reps_low=reps[0] if reps else None,
        reps_high=reps[1] if reps else None,
        seconds=seconds,
    )
    fitted = schedule.fit_to_measure(rx, measure)
    assert (fitted.reps_low, fitted.reps_high, fitted.seconds) == expected


@pytest.mark.parametrize(
    ("low", "high", "reps_based", "expected"),
    [
        ("6", "7", True, "effort 6–7 of 10 (about 3–4 reps left)"),
        ("8", "8", True, "effort 8 of 10 (about 2 reps left)"),
        ("9", "9", True, "effort 9 of 10 (about 1 rep left)"),
        ("7.5", "8.0", True, "effort 7.5–8 of 10 (about 2–2.5 reps left)"),
        ("5", "6", False, "effort 5–6 of 10"),
    ],
)
def test_effort_text(low: str, high: str, reps_based: bool, expected: str) -> None:
    assert schedule.effort_text(Decimal(low), Decimal(high), reps_based=reps_based) == expected


@pytest.mark.parametrize(
    ("sets", "reps", "seconds", "expected"),
    [
        (3, (8, 12), None, "3 sets × 8–12 reps"),
        (1, (10, 10), None, "1 set × 10 reps"),
        (2, None, 30, "2 sets × 30 seconds"),
        (1, None, 1800, "1 set × 30 minutes"),
        (2, None, 90, "2 sets × 1 minute 30 seconds"),
    ],
)
def test_amount_text(
    sets: int, reps: tuple[int, int] | None, seconds: int | None, expected: str
) -> None:
    rx = replace(
        BASE,
        sets=sets,
        reps_low=reps[0] if reps else None,
        reps_high=reps[1] if reps else None,
        seconds=seconds,
    )
    assert rx.amount_text == expected


@pytest.mark.parametrize(
    ("weekdays", "expected"),
    [({0, 2, 4}, "Monday, Wednesday and Friday"), ({1}, "Tuesday"), (set(), "")],
)
def test_weekdays_text(weekdays: set[int], expected: str) -> None:
    assert schedule.weekdays_text(weekdays) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Session A", "A"), ("Strength B", "B"), ("Walk", "Walk"), ("Minimum session", "Mini")],
)
def test_short_name_for_calendar_cells(name: str, expected: str) -> None:
    planned = schedule.PlannedSession(
        enrollment_id=1,
        program_id=1,
        workout_day_id=1,
        day=MON,
        week_number=1,
        is_deload=False,
        name=name,
        minutes=30,
    )
    assert planned.short_name == expected


@pytest.mark.parametrize(
    ("seconds", "pattern", "past", "expected"),
    [
        (45, None, False, "45 seconds"),
        (1, None, False, "1 second"),
        (0, None, False, "0 seconds"),
        (60, None, False, "1 minute"),
        (180, None, False, "3 minutes"),
        (90, None, False, "1 minute 30 seconds"),
        (61, None, False, "1 minute 1 second"),
        (1800, None, False, "30 minutes"),
        (180, "cardio", False, "walk 3 minutes"),
        (45, "core", False, "hold 45 seconds"),
        (90, "carry", False, "carry 1 minute 30 seconds"),
        (180, "cardio", True, "walked 3 minutes"),
        (30, "core", True, "held 30 seconds"),
        (30, "unknown_pattern", False, "hold 30 seconds"),
    ],
)
def test_duration_text_reads_naturally(
    seconds: int, pattern: str | None, past: bool, expected: str
) -> None:
    assert schedule.duration_text(seconds, pattern, past=past) == expected
