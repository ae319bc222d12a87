"""Chart data: before/after pairs per session, aligned series, the table alternative."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.journal.charts import (
    day_seconds,
    mood_chart,
    mood_table,
    phq9_chart,
    session_pairs,
)
from apps.journal.insights import CheckInPoint

D = dt.date(2026, 3, 2)


def test_day_seconds_is_utc_and_ignores_time_zones() -> None:
    assert day_seconds(dt.date(1970, 1, 2), 0) == 86_400
    assert day_seconds(dt.date(1970, 1, 1)) == 43_200


def test_pairs_join_a_sessions_before_and_after() -> None:
    checkins = [
        CheckInPoint(D, "before", 4, session_id=1),
        CheckInPoint(D, "after", 7, session_id=1),
        CheckInPoint(D, "before", 5, session_id=2),  # no after: no pair
        CheckInPoint(D, "daily", 6),
    ]
    pairs = session_pairs(checkins)
    assert [(p.before, p.after, p.change) for p in pairs] == [(4, 7, 3)]


def test_mood_chart_series_are_aligned_and_pairs_drawn_per_session() -> None:
    yesterday = D - dt.timedelta(days=1)
    checkins = [
        CheckInPoint(yesterday, "daily", 5),
        CheckInPoint(yesterday, "daily", 6),  # two on one day: the mean
        CheckInPoint(D, "before", 4, session_id=9),
        CheckInPoint(D, "after", 7, session_id=9),
    ]
    chart = mood_chart(checkins, yesterday, D)
    assert chart["x"] == sorted(chart["x"])
    assert len(chart["x"]) == len(chart["daily"]) == len(chart["before"]) == len(chart["after"])
    assert chart["daily"] == [5.5, None, None]
    assert chart["before"] == [None, 4, None]
    assert chart["after"] == [None, None, 7]
    assert chart["pairs"] == [[day_seconds(D, 0.3), 4, day_seconds(D, 0.7), 7]]
    assert chart["start"] == day_seconds(yesterday, 0)
    assert chart["end"] == day_seconds(D, 1)


def test_mood_chart_leaves_out_check_ins_outside_the_window() -> None:
    old = CheckInPoint(D - dt.timedelta(days=60), "daily", 2)
    chart = mood_chart([old, CheckInPoint(D, "daily", 6)], D - dt.timedelta(days=41), D)
    assert chart["daily"] == [6]


def test_table_groups_by_day_newest_first() -> None:
    checkins = [
        CheckInPoint(D - dt.timedelta(days=1), "daily", 5),
        CheckInPoint(D, "before", 4, session_id=1),
        CheckInPoint(D, "after", 7, session_id=1),
    ]
    rows = mood_table(checkins)
    assert [row.date for row in rows] == [D, D - dt.timedelta(days=1)]
    assert rows[0].sessions == ((4, 7),)
    assert rows[1].daily == (5,)


@pytest.mark.parametrize("count", [0, 1, 3])
def test_phq9_chart_is_oldest_first_with_band_lines(count: int) -> None:
    results = [(D - dt.timedelta(days=14 * i), 10 + i) for i in range(count)]
    chart = phq9_chart(results)
    assert chart["x"] == sorted(chart["x"])
    assert chart["total"] == [10 + i for i in reversed(range(count))]
    assert chart["bands"] == [5, 10, 15, 20]


def test_table_rows_read_as_text() -> None:
    checkins = [
        CheckInPoint(D, "daily", 5),
        CheckInPoint(D, "daily", 6),
        CheckInPoint(D, "before", 4, session_id=1),
        CheckInPoint(D, "after", 7, session_id=1),
        CheckInPoint(D, "after", 3, session_id=2),
        CheckInPoint(D - dt.timedelta(days=1), "before", 2),
    ]
    today, yesterday = mood_table(checkins)
    assert today.daily_text == "5, 6"
    assert today.sessions_text == "4 → 7; – → 3"
    assert yesterday.daily_text == "–"
    assert yesterday.sessions_text == "2 → –"
