"""Personal records and progress figures. Pure Python, no Django.

- Estimated one-rep max by Epley: weight × (1 + reps / 30), only for sets of 1–10 reps,
  where the estimate is trustworthy (DOMAIN.md).
- A load set is a personal record when it beats every earlier set of the exercise on
  estimated 1RM or on the heaviest weight lifted. Bodyweight sets compare reps, timed
  sets compare seconds. The first time someone does an exercise is not a "record": there
  is nothing to beat yet.
- Weekly volume: weight × reps for load exercises, total reps for bodyweight, total
  seconds for timed ones.

The progress page has the database add each session's sets up
(``selectors.exercise_progress``) and walks only the sets of sessions that set a new best;
the tests compare it with plain walks over every set (tests/workouts/reference.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Generic, Protocol, TypeVar

EPLEY_MAX_REPS = 10
EPLEY_REPS_PER_STEP = 30  # Epley: each rep adds 1/30 of the weight
LOAD = "load"
BODYWEIGHT = "bodyweight"
TIMED = "timed"


class _Arithmetic(Protocol):
    def __mul__(self, other: Any, /) -> Any: ...
    def __truediv__(self, other: Any, /) -> Any: ...
    def __radd__(self, other: Any, /) -> Any: ...


Operand = TypeVar("Operand", bound=_Arithmetic)


def epley_formula(load: Operand, reps: Operand) -> Operand:
    """Epley's formula, the one place it is written: each rep adds 1/30 of the weight.

    Floats give the estimate here; the database's column expressions give the same
    operations in SQL (``selectors.epley_kg``, for the progress charts, which the database
    adds up), so both find the same float, as a test checks."""
    return load * (1 + reps / EPLEY_REPS_PER_STEP)  # type: ignore[no-any-return]


def epley(load_kg: Decimal | float | None, reps: int | None) -> float | None:
    """Epley's estimated 1RM, or None when reps are outside 1–10 or there is no load."""
    if load_kg is None or reps is None or not 1 <= reps <= EPLEY_MAX_REPS or load_kg <= 0:
        return None
    return epley_formula(float(load_kg), float(reps))


@dataclass(frozen=True)
class Best:
    """The best so far for one exercise (None: never done that way)."""

    e1rm: float | None = None
    heaviest_kg: Decimal | None = None
    reps: int | None = None
    seconds: int | None = None

    @property
    def exists(self) -> bool:
        return not (
            self.e1rm is None
            and self.heaviest_kg is None
            and self.reps is None
            and self.seconds is None
        )


@dataclass(frozen=True)
class SetFigures:
    key: int
    reps: int | None
    load_kg: Decimal | None
    seconds: int | None


Number = TypeVar("Number", float, Decimal, int)


def _max(a: Number | None, b: Number | None) -> Number | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def better(a: Best, b: Best) -> Best:
    """The best of both, figure by figure."""
    return Best(
        e1rm=_max(a.e1rm, b.e1rm),
        heaviest_kg=_max(a.heaviest_kg, b.heaviest_kg),
        reps=_max(a.reps, b.reps),
        seconds=_max(a.seconds, b.seconds),
    )


def improve(best: Best, figures: SetFigures) -> Best:
    e1rm = _max(best.e1rm, epley(figures.load_kg, figures.reps))
    heaviest_kg = _max(best.heaviest_kg, figures.load_kg or None)
    reps = _max(best.reps, figures.reps)
    seconds = _max(best.seconds, figures.seconds)
    if (e1rm, heaviest_kg, reps, seconds) == (best.e1rm, best.heaviest_kg, best.reps, best.seconds):
        return best  # most sets beat nothing: no new object for them
    return Best(e1rm=e1rm, heaviest_kg=heaviest_kg, reps=reps, seconds=seconds)


def beats(figures: SetFigures, best: Best, measure: str) -> bool:
    """Whether this set beats ``best`` in the way that matters for the exercise."""
    if not best.exists:
        return False
    if measure == TIMED:
        return figures.seconds is not None and figures.seconds > (best.seconds or 0)
    if measure == BODYWEIGHT or not figures.load_kg:
        if figures.load_kg or best.heaviest_kg:
            return False
        return figures.reps is not None and figures.reps > (best.reps or 0)
    estimate = epley(figures.load_kg, figures.reps)
    if estimate is not None and best.e1rm is not None and estimate > best.e1rm + 1e-6:
        return True
    if estimate is not None and best.e1rm is None:
        return True
    return best.heaviest_kg is not None and figures.load_kg > best.heaviest_kg


def records_in_order(sets: Iterable[SetFigures], before: Best, measure: str) -> list[int]:
    """Keys of the sets that set a new best, walking the sets in the order they were done."""
    best = before
    keys: list[int] = []
    for figures in sets:
        if beats(figures, best, measure):
            keys.append(figures.key)
        best = improve(best, figures)
    return keys


@dataclass(frozen=True)
class DatedSet:
    day: dt.date
    session_id: int
    reps: int | None
    load_kg: Decimal | None
    seconds: int | None
    set_id: int | None = None


Value = TypeVar("Value", float, Decimal, int)


@dataclass(frozen=True)
class Reached(Generic[Value]):
    """A best figure, the set that first reached it and that session's date."""

    value: Value
    set_id: int | None
    day: dt.date


@dataclass(frozen=True)
class PersonalBests:
    """An exercise's bests over a person's sets (what a ``PersonalBest`` row holds)."""

    e1rm: Reached[float] | None = None
    heaviest_kg: Reached[Decimal] | None = None
    most_reps: Reached[int] | None = None
    longest_seconds: Reached[int] | None = None
    session_count: int = 0
    last_day: dt.date | None = None

    def row_values(self) -> dict[str, object]:
        """The values of a ``PersonalBest`` row, by field name."""
        values: dict[str, object] = {
            "session_count": self.session_count,
            "last_done_on": self.last_day,
        }
        figures = (
            ("e1rm", "e1rm_kg", self.e1rm),
            ("heaviest", "heaviest_kg", self.heaviest_kg),
            ("most_reps", "most_reps", self.most_reps),
            ("longest", "longest_seconds", self.longest_seconds),
        )
        for figure, value_field, reached in figures:
            values[value_field] = reached.value if reached else None
            values[f"{figure}_set_id"] = reached.set_id if reached else None
            values[f"{figure}_on"] = reached.day if reached else None
        return values

    @property
    def best(self) -> Best:
        """The figures alone, for comparing a new set with them."""
        return Best(
            e1rm=self.e1rm.value if self.e1rm else None,
            heaviest_kg=self.heaviest_kg.value if self.heaviest_kg else None,
            reps=self.most_reps.value if self.most_reps else None,
            seconds=self.longest_seconds.value if self.longest_seconds else None,
        )


def _reach(
    current: Reached[Value] | None, value: Value | None, item: DatedSet
) -> Reached[Value] | None:
    """The better of the best so far and this set's figure; the earlier set keeps a tie."""
    if value is None or (current is not None and value <= current.value):
        return current
    return Reached(value, item.set_id, item.day)


def personal_bests(sets: Iterable[DatedSet]) -> PersonalBests:
    """Best estimated 1RM, heaviest load, most reps in a set and longest set, each with
    the first set that reached it. ``sets`` in the order they were done."""
    found = PersonalBests()
    sessions: set[int] = set()
    for item in sets:
        sessions.add(item.session_id)
        found = PersonalBests(
            e1rm=_reach(found.e1rm, epley(item.load_kg, item.reps), item),
            heaviest_kg=_reach(found.heaviest_kg, item.load_kg or None, item),
            most_reps=_reach(found.most_reps, item.reps, item),
            longest_seconds=_reach(found.longest_seconds, item.seconds, item),
            session_count=len(sessions),
            last_day=max(found.last_day or item.day, item.day),
        )
    return found


@dataclass(frozen=True)
class SessionPoint:
    """One session's figures for one exercise, for the progress charts."""

    day: dt.date
    session_id: int
    best_e1rm: float | None
    heaviest_kg: Decimal | None
    heaviest_reps: int | None
    total_reps: int
    total_seconds: int
    volume_kg: Decimal
    most_reps: int | None = None
    longest_seconds: int | None = None

    @property
    def best(self) -> Best:
        """The session's best figures, as ``improve`` would find them over its sets."""
        return Best(self.best_e1rm, self.heaviest_kg, self.most_reps, self.longest_seconds)


@dataclass(frozen=True)
class WeekPoint:
    week_start: dt.date
    volume_kg: Decimal
    total_reps: int
    total_seconds: int


@dataclass(frozen=True)
class Record:
    day: dt.date
    session_id: int
    load_kg: Decimal | None
    reps: int | None
    seconds: int | None


def weekly_points(points: Iterable[SessionPoint], week_start: int = 0) -> list[WeekPoint]:
    """Volume per week (weeks start on ``week_start``: 0 Monday … 6 Sunday), oldest first,
    added up from the sessions' own totals."""
    weeks: dict[dt.date, WeekPoint] = {}
    for point in points:
        start = point.day - dt.timedelta(days=(point.day.weekday() - week_start) % 7)
        week = weeks.get(start)
        weeks[start] = (
            WeekPoint(start, point.volume_kg, point.total_reps, point.total_seconds)
            if week is None
            else WeekPoint(
                start,
                week.volume_kg + point.volume_kg,
                week.total_reps + point.total_reps,
                week.total_seconds + point.total_seconds,
            )
        )
    return [weeks[start] for start in sorted(weeks)]


def session_records(walked: Iterable[tuple[DatedSet, Best]], measure: str) -> list[Record]:
    """Each time the person set a new best, oldest first, from each set paired with the
    best before it, in the order the sets were done: each session's last set that beat
    its best. Sets that improve on no
    figure of their best never beat it, so they may be left out (the database leaves
    them out for the progress page)."""
    records: dict[int, Record] = {}
    first_day: dict[int, dt.date] = {}
    for item, best in walked:
        day = first_day.setdefault(item.session_id, item.day)
        if beats(SetFigures(0, item.reps, item.load_kg, item.seconds), best, measure):
            # A session's last record, on the session's (first) day.
            records[item.session_id] = Record(
                day, item.session_id, item.load_kg, item.reps, item.seconds
            )
    return list(records.values())


def with_heaviest_reps(point: SessionPoint, sets: Sequence[DatedSet]) -> SessionPoint:
    """``point`` with the reps of its heaviest set, from the session's sets in order."""
    heaviest: DatedSet | None = None
    for s in sets:
        if s.load_kg and (
            heaviest is None or (s.load_kg, s.reps or 0) > (heaviest.load_kg, heaviest.reps or 0)
        ):
            heaviest = s
    return replace(point, heaviest_reps=heaviest.reps if heaviest else None)


def sessions_with_new_bests(points: Iterable[SessionPoint]) -> dict[int, Best]:
    """The sessions (``points`` oldest first) whose figures improve on the best of every
    session before them, each with that best. Only their sets can beat a best: a set
    that beats one improves on one of its figures, and so on the best before its session."""
    found: dict[int, Best] = {}
    best = Best()
    for point in points:
        if (
            _above(point.best_e1rm, best.e1rm)
            or _above(point.heaviest_kg, best.heaviest_kg)
            or _above(point.most_reps, best.reps)
            or _above(point.longest_seconds, best.seconds)
        ):
            found[point.session_id] = best
            best = better(best, point.best)
    return found


def _above(value: Number | None, than: Number | None) -> bool:
    return value is not None and (than is None or value > than)


def walk_from(
    bests_before: dict[int, Best], sets: Mapping[int, Sequence[DatedSet]]
) -> Iterator[tuple[DatedSet, Best]]:
    """Each set of these sessions (in order, sessions oldest first) with the best before
    it: the session's best before, improved by its sets done earlier."""
    for session_id, best in bests_before.items():
        for item in sets.get(session_id, ()):
            yield item, best
            best = improve(best, SetFigures(0, item.reps, item.load_kg, item.seconds))
