"""Data for the journal charts (uPlot, set up in static/js/journal-charts.js). Pure Python.

The mood chart places each check-in on its local date: before-session check-ins a little
left of midday, after-session ones a little right, daily ones at midday. Each session's
before and after check-ins form a pair the chart joins with a line, so the change during a
session is visible at a glance. Times are UTC seconds and the chart draws them in UTC, so a
date never shifts with the viewer's time zone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from apps.journal.insights import CheckInPoint

DAY_SECONDS = 86_400
OFFSETS = {"before": 0.3, "daily": 0.5, "after": 0.7}
PHQ9_BAND_LINES = (5, 10, 15, 20)


def day_seconds(day: dt.date, fraction: float = 0.5) -> int:
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return int(midnight.timestamp() + fraction * DAY_SECONDS)


@dataclass(frozen=True)
class SessionPair:
    date: dt.date
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before


def session_pairs(checkins: Sequence[CheckInPoint]) -> list[SessionPair]:
    """Before/after pairs, by session, then unlinked ones by date (exactly one of each)."""
    linked: dict[int, dict[str, CheckInPoint]] = defaultdict(dict)
    unlinked: dict[dt.date, dict[str, list[CheckInPoint]]] = defaultdict(lambda: defaultdict(list))
    for checkin in checkins:
        if checkin.kind == "daily":
            continue
        if checkin.session_id is not None:
            linked[checkin.session_id].setdefault(checkin.kind, checkin)
        else:
            unlinked[checkin.date][checkin.kind].append(checkin)
    pairs = [
        SessionPair(
            date=kinds["before"].date, before=kinds["before"].mood, after=kinds["after"].mood
        )
        for kinds in linked.values()
        if "before" in kinds and "after" in kinds
    ]
    for day, kinds in unlinked.items():
        befores, afters = kinds.get("before", []), kinds.get("after", [])
        if len(befores) == 1 and len(afters) == 1:
            pairs.append(SessionPair(date=day, before=befores[0].mood, after=afters[0].mood))
    pairs.sort(key=lambda pair: pair.date)
    return pairs


def mood_chart(checkins: Iterable[CheckInPoint], start: dt.date, end: dt.date) -> dict[str, Any]:
    """uPlot-ready aligned data for check-ins dated ``start``..``end`` (inclusive).

    Several check-ins of one kind on one date show as their mean. ``pairs`` lists
    ``[x_before, mood_before, x_after, mood_after]`` for each session pair.
    """
    window = [c for c in checkins if start <= c.date <= end]
    grouped: dict[tuple[str, int], list[int]] = defaultdict(list)
    for checkin in window:
        grouped[(checkin.kind, day_seconds(checkin.date, OFFSETS[checkin.kind]))].append(
            checkin.mood
        )
    xs = sorted({x for _, x in grouped})
    series: dict[str, list[float | None]] = {kind: [None] * len(xs) for kind in OFFSETS}
    index = {x: i for i, x in enumerate(xs)}
    for (kind, x), moods in grouped.items():
        series[kind][index[x]] = round(sum(moods) / len(moods), 1)
    pairs = [
        [
            day_seconds(pair.date, OFFSETS["before"]),
            pair.before,
            day_seconds(pair.date, OFFSETS["after"]),
            pair.after,
        ]
        for pair in session_pairs(window)
    ]
    return {
        "start": day_seconds(start, 0),
        "end": day_seconds(end, 1),
        "x": xs,
        "daily": series["daily"],
        "before": series["before"],
        "after": series["after"],
        "pairs": pairs,
    }


def phq9_chart(results: Iterable[tuple[dt.date, int]]) -> dict[str, Any]:
    """PHQ-9 totals over time, oldest first, with the band boundaries (5, 10, 15, 20)."""
    ordered = sorted(results)
    return {
        "x": [day_seconds(day) for day, _ in ordered],
        "total": [total for _, total in ordered],
        "bands": list(PHQ9_BAND_LINES),
    }


@dataclass(frozen=True)
class TableRow:
    date: dt.date
    daily: tuple[int, ...]
    sessions: tuple[tuple[int | None, int | None], ...]

    @property
    def daily_text(self) -> str:
        """The day's daily moods, "6, 7", or "–" when it has none."""
        return ", ".join(str(mood) for mood in self.daily) or "–"

    @property
    def sessions_text(self) -> str:
        """Each session's moods before → after, "4 → 7; – → 6", or "–" when it has none."""
        return (
            "; ".join(f"{_mood(before)} → {_mood(after)}" for before, after in self.sessions) or "–"
        )


def _mood(value: int | None) -> str:
    return "–" if value is None else str(value)


def mood_table(checkins: Sequence[CheckInPoint], limit_days: int = 42) -> list[TableRow]:
    """The chart as a table, newest date first: each day's daily moods and each session's
    (before, after) moods. The accessible and no-JavaScript alternative to the chart."""
    by_day: dict[dt.date, list[CheckInPoint]] = defaultdict(list)
    for checkin in checkins:
        by_day[checkin.date].append(checkin)
    rows = []
    for day in sorted(by_day, reverse=True)[:limit_days]:
        entries = by_day[day]
        sessions: dict[object, dict[str, int]] = defaultdict(dict)
        for checkin in entries:
            if checkin.kind == "daily":
                continue
            key: object = checkin.session_id if checkin.session_id is not None else "unlinked"
            sessions[key].setdefault(checkin.kind, checkin.mood)
        rows.append(
            TableRow(
                date=day,
                daily=tuple(c.mood for c in entries if c.kind == "daily"),
                sessions=tuple((s.get("before"), s.get("after")) for s in sessions.values()),
            )
        )
    return rows
