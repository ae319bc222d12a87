"""Reads for workout sessions. Everything user-owned is scoped to its owner here.

Every function that a page calls runs a fixed number of queries, whatever the size of
the person's history (the history, session and progress pages assert it in tests).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
    Window,
)
from django.db.models.functions import Coalesce, DenseRank
from django.http import HttpRequest
from django.utils.module_loading import import_string

from apps.core import rawfetch
from apps.programs.models import Exercise
from apps.programs.selectors import DoneSession
from apps.workouts import history, progression, records
from apps.workouts.models import SessionExercise, SetLog, WorkoutSession

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.programs.schedule import EffectivePrescription

# A before-session check-in at or below these holds load increases (issue #4).
LOW_CHECKIN_MAX = 3
LOW_CHECKIN_HOLD = "low_checkin"


# --- Ownership ---------------------------------------------------------------------------


def sessions_for(user: User) -> QuerySet[WorkoutSession]:
    return WorkoutSession.objects.filter(user=user)


def session_exercises_for(user: User) -> QuerySet[SessionExercise]:
    return SessionExercise.objects.filter(session__user=user).select_related("session", "exercise")


# The row a set is logged into: the person's SessionExercise with its session and exercise,
# as ``session_exercises_for(user).get(pk=pk)`` gives it, in a hand-written query. Every
# logged set starts here, and compiling the ORM query with its two joins cost ~0.6 ms of
# Python, more than running it.
_ROW_PARTS: tuple[rawfetch.Part, ...] = (
    (SessionExercise, "se"),
    (WorkoutSession, "ws"),
    (Exercise, "ex"),
)
_ROW_SQL = (
    "SELECT {columns} FROM {row} se"
    " JOIN {session} ws ON ws.id = se.{session_id}"
    " JOIN {exercise} ex ON ex.id = se.{exercise_id}"
    " WHERE se.id = %s AND ws.{user_id} = %s"
)


@functools.cache
def _row_sql(vendor: str) -> str:
    return _ROW_SQL.format(
        columns=rawfetch.select_list(_ROW_PARTS),
        row=rawfetch.table(SessionExercise),
        session=rawfetch.table(WorkoutSession),
        exercise=rawfetch.table(Exercise),
        session_id=rawfetch.column(SessionExercise, "session"),
        exercise_id=rawfetch.column(SessionExercise, "exercise"),
        user_id=rawfetch.column(WorkoutSession, "user"),
    )


def row_for_logging(user: User, pk: int) -> SessionExercise | None:
    """The person's session row ``pk`` with its session and exercise loaded, or None when
    it is not theirs."""
    found = rawfetch.load(_ROW_PARTS, _row_sql(connection.vendor), [pk, user.pk])
    if found is None:
        return None
    row, session, exercise = found
    SessionExercise._meta.get_field("session").set_cached_value(row, session)
    SessionExercise._meta.get_field("exercise").set_cached_value(row, exercise)
    return row  # type: ignore[return-value]


def sets_for(user: User) -> QuerySet[SetLog]:
    return SetLog.objects.filter(user=user).select_related(
        "session_exercise__session", "session_exercise__exercise"
    )


def unfinished_session(user: User) -> WorkoutSession | None:
    return sessions_for(user).filter(finished_at__isnull=True).first()


# Queries over a person's sets by exercise filter on ``session_exercise__session__user``,
# not on ``SetLog.user`` (the same person): PostgreSQL then walks their sessions to their
# rows to their sets, by index. Filtered on ``SetLog.user``, it scanned and hashed every
# person's rows of the exercises instead, a cost that grows with the number of people.


def live_sets() -> QuerySet[SetLog]:
    return SetLog.objects.filter(deleted_at__isnull=True).order_by("set_number", "logged_at")


# --- Progression inputs ------------------------------------------------------------------


def recent_exposures(
    user: User, exercise_ids: Iterable[int], *, exclude_session_id: int | None = None
) -> dict[int, list[progression.Exposure]]:
    """The last two exposures per exercise (newest first), in one query.

    An exposure is one finished, non-deload session's live sets of the exercise. Deload
    sessions are left out on purpose: their easier sets would reset the 2-for-2 gate.
    Warm-up sets (imported from other apps) never count.
    """
    ids = list(set(exercise_ids))
    if not ids:
        return {}
    rows = (
        SetLog.objects.filter(
            session_exercise__session__user=user,
            deleted_at__isnull=True,
            session_exercise__exercise_id__in=ids,
            session_exercise__session__finished_at__isnull=False,
            session_exercise__session__is_deload=False,
        )
        .exclude(kind=SetLog.Kind.WARMUP)
        .exclude(session_exercise__session_id=exclude_session_id)
        .annotate(
            exercise_id=F("session_exercise__exercise_id"),
            session_id=F("session_exercise__session_id"),
            goal_seconds=F("session_exercise__seconds"),
            exposure=Window(
                DenseRank(),
                partition_by=[F("session_exercise__exercise_id")],
                order_by=[
                    F("session_exercise__session__started_at").desc(),
                    F("session_exercise__session_id").desc(),
                ],
            ),
        )
        .filter(exposure__lte=2)
        .order_by("exposure", "set_number", "logged_at")
        .values_list("exercise_id", "exposure", "goal_seconds", "reps", "load_kg", "seconds", "rpe")
    )
    grouped: dict[int, dict[int, tuple[int | None, list[progression.LoggedSet]]]] = defaultdict(
        dict
    )
    for exercise_id, rank, goal, reps, load_kg, seconds, rpe in rows:
        _, logged = grouped[exercise_id].setdefault(rank, (goal, []))
        logged.append(progression.LoggedSet(reps=reps, load_kg=load_kg, seconds=seconds, rpe=rpe))
    return {
        exercise_id: [
            progression.Exposure(tuple(logged), target_seconds=goal)
            for _, (goal, logged) in sorted(by_rank.items())
        ]
        for exercise_id, by_rank in grouped.items()
    }


def before_checkin_is_low(session: WorkoutSession) -> bool:
    """Mood or energy ≤ ``LOW_CHECKIN_MAX`` in the session's before check-in holds
    increases (issue #4). The journal keeps check-ins and sits above workouts, so the
    function that reads it is named in ``settings.STEADY_LOW_BEFORE_CHECKIN``."""
    answer = import_string(settings.STEADY_LOW_BEFORE_CHECKIN)
    low: bool = answer(session)
    return low


def plan_hold_codes(request: HttpRequest, user: User, today: dt.date) -> set[str]:
    """Guidance codes that hold progression today.

    The safety app decides them and sits above workouts (its guidance reads sessions), so
    the function is named in ``settings.STEADY_PLAN_HOLDS`` instead of imported. It reuses
    the guidance this request has already evaluated (the Today page's safety panel).
    """
    answer = import_string(settings.STEADY_PLAN_HOLDS)
    return set(answer(request, user, today))


def done_sessions_between(
    user: User, first: dt.date, last: dt.date
) -> dict[dt.date, list[DoneSession]]:
    """Logged sessions by local date, for the program calendar (one query).

    Named in ``settings.STEADY_DONE_SESSIONS``: programs asks for them through the setting
    because workouts sits above it.
    """
    grouped: dict[dt.date, list[DoneSession]] = defaultdict(list)
    rows = (
        sessions_for(user)
        .filter(date__range=(first, last))
        .order_by("date", "started_at")
        .values("pk", "date", "name", "finished_at", "is_minimum")
    )
    for row in rows:
        grouped[row["date"]].append(
            DoneSession(
                pk=row["pk"],
                day=row["date"],
                name=row["name"],
                finished=row["finished_at"] is not None,
                is_minimum=row["is_minimum"],
            )
        )
    return grouped


def target_for(exercise: Exercise, rx: EffectivePrescription) -> progression.Target:
    return progression.Target(
        measure=progression.Measure(exercise.measure),
        sets=rx.sets,
        reps_low=rx.reps_low,
        reps_high=rx.reps_high,
        seconds=rx.seconds,
        target_rpe_low=rx.target_rpe_low,
        target_rpe_high=rx.target_rpe_high,
        increment_kg=exercise.load_increment_kg,
        equipment=exercise.equipment,
    )


@dataclass(frozen=True)
class PlannedExercise:
    """One prescription with its exercise and today's suggestion (Today panel, start)."""

    rx: EffectivePrescription
    exercise: Exercise
    suggestion: progression.Suggestion


def plan_with_suggestions(
    user: User,
    prescriptions: Sequence[EffectivePrescription],
    *,
    holds: Iterable[str],
    deload: bool,
    exclude_session_id: int | None = None,
) -> list[PlannedExercise]:
    """Suggestions for a list of prescriptions: two queries, whatever the history."""
    exercises = Exercise.objects.in_bulk([rx.exercise_id for rx in prescriptions])
    exposures = recent_exposures(user, exercises, exclude_session_id=exclude_session_id)
    hold_list = sorted(set(holds))
    planned = []
    for rx in sorted(prescriptions, key=lambda r: r.order):
        exercise = exercises[rx.exercise_id]
        suggestion = progression.suggest(
            target_for(exercise, rx),
            exposures.get(exercise.pk, []),
            unit=user.units,
            deload=deload,
            volume_already_cut=True,
            holds=hold_list,
        )
        planned.append(PlannedExercise(rx=rx, exercise=exercise, suggestion=suggestion))
    return planned


# --- The session page --------------------------------------------------------------------


def session_with_sets(user: User, pk: int) -> QuerySet[WorkoutSession]:
    """One of the person's sessions with exercises and live sets: three queries."""
    return (
        sessions_for(user)
        .filter(pk=pk)
        .prefetch_related(
            Prefetch(
                "exercises",
                queryset=SessionExercise.objects.select_related(
                    "exercise", "swapped_from"
                ).prefetch_related(Prefetch("sets", queryset=live_sets(), to_attr="live_sets")),
            )
        )
    )


def recently_deleted_sets(session: WorkoutSession, since: dt.datetime) -> list[SetLog]:
    """Sets deleted since ``since``: they keep an Undo button on the session page."""
    return list(
        SetLog.objects.filter(
            session_exercise__session=session, deleted_at__isnull=False, deleted_at__gte=since
        ).order_by("session_exercise_id", "set_number")
    )


def bests_before(user: User, session: WorkoutSession) -> dict[int, records.Best]:
    """Each exercise's best before this session started (kept per session: see history)."""
    exercise_ids = [row.exercise_id for row in session.exercises.all()]
    return bests_before_moment(user, exercise_ids, session)


def bests_before_moment(
    user: User, exercise_ids: Iterable[int], session: WorkoutSession
) -> dict[int, records.Best]:
    return _bests_before(user.pk, exercise_ids, session)


def _bests_before(
    user_id: int, exercise_ids: Iterable[int], session: WorkoutSession
) -> dict[int, records.Best]:
    ids = sorted(set(exercise_ids))
    if not ids:
        return {}
    return history.bests_before(
        session, ids, lambda missing: _bests_query(user_id, missing, session)
    )


def _bests_query(
    user_id: int, exercise_ids: list[int], session: WorkoutSession
) -> dict[int, records.Best]:
    """Each exercise's best over the person's sessions that started before this one.

    Reps count only for unloaded sets here: a heavier set with fewer reps is no worse.
    """
    estimate = ExpressionWrapper(
        F("load_kg") * (1.0 + F("reps") * 1.0 / 30.0), output_field=FloatField()
    )
    rows = (
        SetLog.objects.filter(
            session_exercise__session__user_id=user_id,
            deleted_at__isnull=True,
            session_exercise__exercise_id__in=exercise_ids,
            session_exercise__session__started_at__lt=session.started_at,
        )
        .exclude(kind=SetLog.Kind.WARMUP)
        .exclude(session_exercise__session=session)
        .values("session_exercise__exercise_id")
        .annotate(
            best_e1rm=Max(
                Case(
                    When(
                        reps__gte=1,
                        reps__lte=records.EPLEY_MAX_REPS,
                        load_kg__gt=0,
                        then=estimate,
                    ),
                    output_field=FloatField(),
                )
            ),
            heaviest=Max("load_kg", filter=Q(load_kg__gt=0)),
            most_reps=Max("reps", filter=Q(load_kg__isnull=True) | Q(load_kg=0)),
            longest=Max("seconds"),
            count=Count("pk"),
        )
        .order_by()
    )
    return {
        row["session_exercise__exercise_id"]: records.Best(
            e1rm=row["best_e1rm"],
            heaviest_kg=Decimal(row["heaviest"]) if row["heaviest"] is not None else None,
            reps=row["most_reps"],
            seconds=row["longest"],
        )
        for row in rows
        if row["count"]
    }


@dataclass(frozen=True)
class SetStanding:
    number: int  # its place among the row's live sets (what the row shows)
    is_record: bool


# The session part of set_standing, over this session's sets of the exercise (SetLog s,
# SessionExercise se): the best of the sets logged before the set, and how many live sets
# of its row come before it or are it. ``{number}`` is its set number: a parameter, or the
# column of the row just inserted when the INSERT asks this too (services._insert_set).
_TODAY_SQL = """
SELECT
  MAX(CASE WHEN s.logged_at < %s AND s.reps BETWEEN 1 AND {max_reps} AND s.load_kg > 0
      THEN s.load_kg * (1.0 + s.reps / 30.0) END),
  MAX(CASE WHEN s.logged_at < %s AND s.load_kg > 0 THEN s.load_kg END),
  MAX(CASE WHEN s.logged_at < %s THEN s.reps END),
  MAX(CASE WHEN s.logged_at < %s THEN s.seconds END),
  SUM(CASE WHEN s.session_exercise_id = %s AND (s.set_number < {number}
      OR (s.set_number = {number} AND s.logged_at <= %s)) THEN 1 ELSE 0 END)
FROM {setlog} s
JOIN {session_exercise} se ON se.id = s.session_exercise_id
WHERE se.session_id = %s AND se.exercise_id = %s AND s.deleted_at IS NULL
"""
# What the query answers: e1rm, heaviest, most reps, longest, and the set's number.
TodayFigures = tuple[Any, Any, int | None, int | None, int]
# Set by services._insert_set on a set it just saved: its TodayFigures, read once.
TODAY_ATTRIBUTE = "_standing_today"


@functools.cache
def today_sql(number: str = "%s") -> str:
    return _TODAY_SQL.format(
        number=number,
        max_reps=int(records.EPLEY_MAX_REPS),
        setlog=SetLog._meta.db_table,
        session_exercise=SessionExercise._meta.db_table,
    )


def today_params(set_log: SetLog, *, with_number: bool = True) -> list[Any]:
    """Parameters of ``today_sql`` (``with_number=False`` when the number is a column)."""
    row = set_log.session_exercise
    logged = connection.ops.adapt_datetimefield_value(set_log.logged_at)
    number = [set_log.set_number, set_log.set_number] if with_number else []
    return [
        logged, logged, logged, logged,
        row.pk, *number, logged,
        row.session_id, row.exercise_id,
    ]  # fmt: skip


def set_standing(set_log: SetLog) -> SetStanding:
    """Where a just-saved set stands: its number in its row, and whether it beat the best
    of every earlier session and of the sets before it today.

    The same answer ``record_set_ids`` gives for the whole page (sets before it in the
    session improve the best with all their reps; earlier sessions count reps only for
    unloaded sets) without loading the session's sets: the earlier sessions' best comes
    from ``bests_before`` (kept per session), the rest from one aggregate over this
    session's sets, which the INSERT of a new set already answered on PostgreSQL.
    Hand-written SQL because this runs on every logged set and the ORM expression cost
    several times the query's own time to compile.
    """
    row = set_log.session_exercise
    session = row.session
    prior = _bests_before(session.user_id, [row.exercise_id], session).get(
        row.exercise_id, records.Best()
    )
    found: TodayFigures | None = set_log.__dict__.pop(TODAY_ATTRIBUTE, None)
    if found is None:
        with connection.cursor() as cursor:
            cursor.execute(today_sql(), today_params(set_log))
            e1rm, heaviest, most_reps, longest, number = cursor.fetchone()
        found = (e1rm, heaviest, most_reps, longest, int(number or 0))
    e1rm, heaviest, most_reps, longest, number = found
    today = records.Best(
        e1rm=float(e1rm) if e1rm is not None else None,
        heaviest_kg=Decimal(str(heaviest)) if heaviest is not None else None,
        reps=most_reps,
        seconds=longest,
    )
    is_record = set_log.deleted_at is None and records.beats(
        figures(set_log), records.better(prior, today), row.exercise.measure
    )
    return SetStanding(number=number or set_log.set_number, is_record=is_record)


def figures(item: SetLog) -> records.SetFigures:
    return records.SetFigures(item.pk, item.reps, item.load_kg, item.seconds)


def record_set_ids(
    exercises: Iterable[SessionExercise], bests: dict[int, records.Best]
) -> set[int]:
    """Set ids that set a new personal best, per exercise, in the order they were done.

    Rows must carry ``live_sets`` (see ``session_with_sets``). When the same exercise
    appears twice in a session, its rows are walked together.
    """
    by_exercise: dict[int, list[SetLog]] = defaultdict(list)
    measures: dict[int, str] = {}
    for row in exercises:
        by_exercise[row.exercise_id].extend(
            s
            for s in row.live_sets  # type: ignore[attr-defined]
            if s.kind != SetLog.Kind.WARMUP
        )
        measures[row.exercise_id] = row.exercise.measure
    found: set[int] = set()
    for exercise_id, done in by_exercise.items():
        ordered = sorted(done, key=lambda s: s.logged_at)
        keys = records.records_in_order(
            (figures(s) for s in ordered),
            bests.get(exercise_id, records.Best()),
            measures[exercise_id],
        )
        found.update(keys)
    return found


# --- History -----------------------------------------------------------------------------


def finished_sessions(user: User, *, exercise_id: int | None = None) -> QuerySet[WorkoutSession]:
    """Finished sessions, newest first, with exercise and set counts (one query a page).

    The counts are correlated subqueries rather than JOIN + GROUP BY, so the paginator's
    COUNT strips them and only the page's rows are counted: years of history stay fast.
    """
    sessions = sessions_for(user).filter(finished_at__isnull=False)
    if exercise_id is not None:
        sessions = sessions.filter(
            pk__in=SessionExercise.objects.filter(exercise_id=exercise_id).values("session_id")
        )
    # COUNT(...) without GROUP BY: one index lookup per row of the page.
    exercise_count = (
        SessionExercise.objects.filter(session=OuterRef("pk"))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    set_count = (
        SetLog.objects.filter(session_exercise__session=OuterRef("pk"), deleted_at__isnull=True)
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return sessions.annotate(
        exercise_count=Coalesce(Subquery(exercise_count), 0),
        set_count=Coalesce(Subquery(set_count), 0),
    ).order_by("-date", "-started_at")


def exercises_done(user: User) -> list[Exercise]:
    """The exercises in the person's log, by name (for filters and the progress index)."""
    return list(
        Exercise.objects.filter(
            # From the person's sessions (indexed by user) to rows with a kept set.
            pk__in=SessionExercise.objects.filter(session__user=user)
            .filter(
                Exists(
                    SetLog.objects.filter(session_exercise=OuterRef("pk"), deleted_at__isnull=True)
                )
            )
            .values("exercise_id")
        ).order_by("name")
    )


@dataclass(frozen=True)
class ExerciseSummary:
    exercise_id: int
    name: str
    slug: str
    measure: str
    sessions: int
    last_day: dt.date
    heaviest_kg: Decimal | None
    most_reps: int | None
    longest_seconds: int | None


def exercise_summaries(user: User) -> list[ExerciseSummary]:
    """One line per exercise the person has logged, newest first: one query."""
    rows = (
        SetLog.objects.filter(session_exercise__session__user=user, deleted_at__isnull=True)
        .exclude(kind=SetLog.Kind.WARMUP)
        .values(
            "session_exercise__exercise_id",
            "session_exercise__exercise__name",
            "session_exercise__exercise__slug",
            "session_exercise__exercise__measure",
        )
        .annotate(
            sessions=Count("session_exercise__session", distinct=True),
            last_day=Max("session_exercise__session__date"),
            heaviest=Max("load_kg", filter=Q(load_kg__gt=0)),
            most_reps=Max("reps"),
            longest=Max("seconds"),
        )
        .order_by("-last_day", "session_exercise__exercise__name")
    )
    return [
        ExerciseSummary(
            exercise_id=row["session_exercise__exercise_id"],
            name=row["session_exercise__exercise__name"],
            slug=row["session_exercise__exercise__slug"],
            measure=row["session_exercise__exercise__measure"],
            sessions=row["sessions"],
            last_day=row["last_day"],
            heaviest_kg=Decimal(row["heaviest"]) if row["heaviest"] is not None else None,
            most_reps=row["most_reps"],
            longest_seconds=row["longest"],
        )
        for row in rows
    ]


def dated_sets(user: User, exercise: Exercise) -> list[records.DatedSet]:
    """Every live working set of one exercise in finished sessions, oldest first: one
    query. Warm-ups are left out: they never count for records, charts or volume."""
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


# --- Export ------------------------------------------------------------------------------


def export_rows(user: User) -> QuerySet[SetLog]:
    """Every live set with its session and exercise, oldest first (streamed by export)."""
    return (
        SetLog.objects.filter(user=user, deleted_at__isnull=True)
        .select_related("session_exercise__session", "session_exercise__exercise")
        .order_by(
            "session_exercise__session__date",
            "session_exercise__session__started_at",
            "session_exercise__order",
            "set_number",
            "logged_at",
        )
    )


def first_and_last_set(session: WorkoutSession) -> tuple[dt.datetime | None, dt.datetime | None]:
    found = SetLog.objects.filter(
        session_exercise__session=session, deleted_at__isnull=True
    ).aggregate(first=Min("logged_at"), last=Max("logged_at"))
    return found["first"], found["last"]
