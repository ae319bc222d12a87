"""Personal records, Epley and weekly volume. Pure Python, table-driven."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apps.workouts.records import (
    Best,
    DatedSet,
    SetFigures,
    epley,
    records_in_order,
    session_records,
    sessions_with_new_bests,
    walk_from,
    weekly_points,
    with_heaviest_reps,
)
from tests.workouts.reference import record_history, session_points

D = Decimal


@pytest.mark.parametrize(
    ("load", "reps", "expected"),
    [
        ("60", 8, 76.0),
        ("100", 1, 103.333),
        ("50", 10, 66.667),
        ("50", 11, None),  # not trustworthy above 10 reps
        ("50", 0, None),
        ("0", 5, None),
        (None, 5, None),
    ],
)
def test_epley(load: str | None, reps: int, expected: float | None) -> None:
    result = epley(D(load) if load else None, reps)
    assert result == (pytest.approx(expected, abs=0.001) if expected is not None else None)


def figs(
    key: int, reps: int | None, load: str | None = None, seconds: int | None = None
) -> SetFigures:
    return SetFigures(key, reps, D(load) if load else None, seconds)


@pytest.mark.parametrize(
    ("measure", "before", "sets", "expected"),
    [
        ("load", Best(), [figs(1, 8, "60")], []),  # first time: nothing to beat
        ("load", Best(e1rm=70.0, heaviest_kg=D("55")), [figs(1, 8, "60")], [1]),
        ("load", Best(e1rm=80.0, heaviest_kg=D("60")), [figs(1, 8, "60")], []),
        # Heavier than ever at 12 reps (no Epley above 10): still a record.
        ("load", Best(e1rm=80.0, heaviest_kg=D("60")), [figs(1, 12, "62.5")], [1]),
        # Each set that beats everything before it, in order.
        (
            "load",
            Best(e1rm=70.0, heaviest_kg=D("55")),
            [figs(1, 8, "60"), figs(2, 8, "60"), figs(3, 9, "60")],
            [1, 3],
        ),
        ("bodyweight", Best(reps=10), [figs(1, 11), figs(2, 9)], [1]),
        ("bodyweight", Best(reps=12), [figs(1, 12)], []),
        ("timed", Best(seconds=40), [figs(1, None, seconds=45)], [1]),
        ("timed", Best(seconds=40), [figs(1, None, seconds=40)], []),
    ],
)
def test_records_in_order(
    measure: str, before: Best, sets: list[SetFigures], expected: list[int]
) -> None:
    assert records_in_order(sets, before, measure) == expected


def day(n: int) -> dt.date:
    return dt.date(2026, 3, 2) + dt.timedelta(days=n)  # a Monday


HISTORY = [
    DatedSet(day(0), 1, 10, D("40"), None),
    DatedSet(day(0), 1, 10, D("40"), None),
    DatedSet(day(2), 2, 12, D("40"), None),
    DatedSet(day(7), 3, 8, D("45"), None),
    DatedSet(day(9), 4, 8, D("45"), None),
]


def test_session_points() -> None:
    points = session_points(HISTORY)
    assert [p.session_id for p in points] == [1, 2, 3, 4]
    assert points[0].best_e1rm == pytest.approx(53.333, abs=0.001)
    assert points[1].best_e1rm is None  # 12 reps: no estimate
    assert (points[2].heaviest_kg, points[2].heaviest_reps) == (D("45"), 8)
    assert points[0].volume_kg == D("800")


@pytest.mark.parametrize(("week_start", "starts"), [(0, [day(0), day(7)]), (6, [day(-1), day(6)])])
def test_weekly_volume(week_start: int, starts: list[dt.date]) -> None:
    weeks = weekly_points(session_points(HISTORY), week_start)
    assert [w.week_start for w in weeks] == starts
    assert [w.volume_kg for w in weeks] == [D("1280"), D("720")]
    assert [w.total_reps for w in weeks] == [32, 16]


def test_record_history_marks_each_new_best_once_per_session() -> None:
    records = record_history(HISTORY, "load")
    # Session 2: same 40 kg for 12 reps (no Epley estimate above 10): not a record.
    # Session 3 (45 kg × 8) beats every earlier set; session 4 only matches it.
    assert [(r.session_id, r.load_kg, r.reps) for r in records] == [(3, D("45"), 8)]


sets_of_one_exercise = st.lists(
    st.builds(
        DatedSet,
        day=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2024, 3, 1)),
        session_id=st.integers(min_value=1, max_value=6),
        reps=st.none() | st.integers(min_value=0, max_value=15),
        load_kg=st.none() | st.decimals(min_value=0, max_value=200, places=1),
        seconds=st.none() | st.integers(min_value=0, max_value=120),
    ),
    max_size=30,
)


@given(sets=sets_of_one_exercise, measure=st.sampled_from(["load", "bodyweight", "timed"]))
def test_record_history_agrees_with_records_in_order(sets: list[DatedSet], measure: str) -> None:
    """Each session's record is the last set records_in_order marks, walking the sessions
    in order from no best at all."""
    ordered = sorted(sets, key=lambda s: (s.day, s.session_id))
    sessions: dict[int, list[DatedSet]] = {}
    for item in ordered:
        sessions.setdefault(item.session_id, []).append(item)
    expected = []
    before: list[SetFigures] = []
    for session_id, items in sessions.items():
        figures = [
            SetFigures(len(before) + i, s.reps, s.load_kg, s.seconds) for i, s in enumerate(items)
        ]
        walked = records_in_order([*before, *figures], Best(), measure)
        keys = [key for key in walked if key >= len(before)]
        if keys:
            top = items[keys[-1] - len(before)]
            expected.append((items[0].day, session_id, top.load_kg, top.reps, top.seconds))
        before += [SetFigures(-1, s.reps, s.load_kg, s.seconds) for s in items]
    found = [
        (r.day, r.session_id, r.load_kg, r.reps, r.seconds) for r in record_history(sets, measure)
    ]
    assert found == expected


def _one_day_per_session(sets: list[DatedSet]) -> list[DatedSet]:
    """As in the database: a session's sets share its date."""
    return [
        DatedSet(day(s.session_id * 2), s.session_id, s.reps, s.load_kg, s.seconds) for s in sets
    ]


@given(sets=sets_of_one_exercise, measure=st.sampled_from(["load", "bodyweight", "timed"]))
def test_records_from_the_sessions_with_new_bests_agree_with_record_history(
    sets: list[DatedSet], measure: str
) -> None:
    """The progress page reads only the sets of sessions whose figures beat every earlier
    session's: it finds the same records as a walk over every set."""
    sets = _one_day_per_session(sets)
    by_session: dict[int, list[DatedSet]] = {}
    for item in sorted(sets, key=lambda s: s.session_id):
        by_session.setdefault(item.session_id, []).append(item)
    bests_before = sessions_with_new_bests(session_points(sets))
    found = session_records(walk_from(bests_before, by_session), measure)
    assert found == record_history(sets, measure)


@given(sets=sets_of_one_exercise)
def test_heaviest_reps_from_a_sessions_sets_agree_with_session_points(
    sets: list[DatedSet],
) -> None:
    sets = _one_day_per_session(sets)
    for point in session_points(sets):
        done = [s for s in sets if s.session_id == point.session_id]
        assert with_heaviest_reps(replace(point, heaviest_reps=None), done) == point
