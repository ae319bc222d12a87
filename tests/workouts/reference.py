"""The plain walks over every set that define what the progress page must find.

The page has the database add each session's sets up and reads only the sets of sessions
that set a new best (``selectors.exercise_progress``). These functions do the same the
simple way, over every live working set, and the tests compare the two.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from apps.workouts import records
from apps.workouts.models import SetLog

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.programs.models import Exercise


def dated_sets(user: User, exercise: Exercise) -> list[records.DatedSet]:
    """Every live working set of one exercise in finished sessions, oldest first."""
    rows = (
        SetLog.objects.filter(
            session_exercise__session__user=user,
            deleted_at__isnull=True,
            session_exercise__exercise=exercise,
            session_exercise__session__finished_at__isnull=False,
        )
        .exclude(kind=SetLog.Kind.WARMUP)
        .order_by("session_exercise__session__date", "session_exercise__session_id", "logged_at")
        .values_list(
            "session_exercise__session__date",
            "session_exercise__session_id",
            "reps",
            "load_kg",
            "seconds",
        )
    )
    return [records.DatedSet(day, sid, reps, load, secs) for day, sid, reps, load, secs in rows]


def _max_of(values: Iterable[int | None]) -> int | None:
    return max((v for v in values if v is not None), default=None)


def session_points(sets: Iterable[records.DatedSet]) -> list[records.SessionPoint]:
    """Per-session best estimated 1RM, heaviest set and volume, oldest first."""
    grouped: dict[int, list[records.DatedSet]] = defaultdict(list)
    for item in sets:
        grouped[item.session_id].append(item)
    points = []
    for session_id, items in grouped.items():
        best_e1rm: float | None = None
        heaviest: records.DatedSet | None = None
        total_reps = total_seconds = 0
        volume = Decimal(0)
        for s in items:
            reps = s.reps or 0
            total_reps += reps
            total_seconds += s.seconds or 0
            if not s.load_kg:
                continue
            volume += s.load_kg * reps
            e1rm = records.epley(s.load_kg, s.reps)
            if e1rm is not None and (best_e1rm is None or e1rm > best_e1rm):
                best_e1rm = e1rm
            if heaviest is None or (s.load_kg, reps) > (heaviest.load_kg, heaviest.reps or 0):
                heaviest = s
        points.append(
            records.SessionPoint(
                day=items[0].day,
                session_id=session_id,
                best_e1rm=best_e1rm,
                heaviest_kg=heaviest.load_kg if heaviest else None,
                heaviest_reps=heaviest.reps if heaviest else None,
                total_reps=total_reps,
                total_seconds=total_seconds,
                volume_kg=volume,
                most_reps=_max_of(s.reps for s in items),
                longest_seconds=_max_of(s.seconds for s in items),
            )
        )
    return sorted(points, key=lambda p: (p.day, p.session_id))


def record_history(sets: Sequence[records.DatedSet], measure: str) -> list[records.Record]:
    """Each time the person set a new best, oldest first (at most one per session)."""
    return records.session_records(_with_best_before(sets), measure)


def _with_best_before(
    sets: Sequence[records.DatedSet],
) -> Iterator[tuple[records.DatedSet, records.Best]]:
    """The sets session by session, each with the best of every set before it."""
    by_session: dict[int, list[records.DatedSet]] = defaultdict(list)
    for item in sorted(sets, key=lambda s: (s.day, s.session_id)):
        by_session[item.session_id].append(item)
    best = records.Best()
    for items in by_session.values():
        for item in items:
            yield item, best
            best = records.improve(
                best, records.SetFigures(0, item.reps, item.load_kg, item.seconds)
            )
