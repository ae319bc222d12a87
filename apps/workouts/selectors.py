"""Reads for workout sessions. Everything user-owned is scoped to its owner here.

Every function that a page calls runs a fixed number of queries, whatever the size of
the person's history (the history, session and progress pages assert it in tests).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import (
    Case,
    Count,
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
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, DenseRank
from django.http import HttpRequest
from django.utils.module_loading import import_string

from apps.programs.models import Exercise, ExerciseAlternative
from apps.programs.selectors import DoneSession
from apps.workouts import progression, records
from apps.workouts.models import (
    ExerciseNote,
    PersonalBest,
    SessionExercise,
    SetLog,
    WorkoutSession,
)

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.programs.schedule import EffectivePrescription

# A before-session check-in at or below these holds load increases (issue #4).
LOW_CHECKIN_MAX = 3
LOW_CHECKIN_HOLD = "low_checkin"


# --- Ownership ---------------------------------------------------------------------------


def sessions_for(user: User) -> QuerySet[WorkoutSession]:
    return WorkoutSession.objects.filter(user=user)


def session_exercise_for(user: User, pk: int) -> SessionExercise | None:
    """The person's session row ``pk`` with its session and exercise, or None."""
    rows = SessionExercise.objects.filter(session__user=user).select_related("session", "exercise")
    try:
        return rows.get(pk=pk)
    except SessionExercise.DoesNotExist:
        return None


def set_log_for(user: User, pk: int) -> SetLog | None:
    """The person's set ``pk`` with its row, session and exercise, or None."""
    sets = SetLog.objects.filter(user=user).select_related(
        "session_exercise__session", "session_exercise__exercise"
    )
    try:
        return sets.get(pk=pk)
    except SetLog.DoesNotExist:
        return None


def unfinished_session(user: User) -> WorkoutSession | None:
    return sessions_for(user).filter(finished_at__isnull=True).first()


# Queries over a person's sets by exercise filter on ``session_exercise__session__user``,
# not on ``SetLog.user`` (the same person): PostgreSQL then walks their sessions to their
# rows to their sets, by index. Filtered on ``SetLog.user``, it scanned and hashed every
# person's rows of the exercises instead, a cost that grows with the number of people.


def live_sets() -> QuerySet[SetLog]:
    return SetLog.objects.filter(deleted_at__isnull=True).order_by("set_number", "logged_at")


# --- Progression inputs ------------------------------------------------------------------


def _ranked_working_sets(
    user: User, exercise_ids: list[int], exclude_session_id: int | None, **filters: Any
) -> QuerySet[Any]:  # SetLog rows with the annotations below
    """The person's live working sets (no warm-ups) of these exercises in finished sessions
    (other than ``exclude_session_id``), each with ``exposure``: 1 for the newest session of
    its exercise, 2 for the one before, and so on. ``filters`` narrow the sets ranked."""
    return (
        SetLog.objects.filter(
            session_exercise__session__user=user,
            deleted_at__isnull=True,
            session_exercise__exercise_id__in=exercise_ids,
            session_exercise__session__finished_at__isnull=False,
            **filters,
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
    )


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
        _ranked_working_sets(
            user, ids, exclude_session_id, session_exercise__session__is_deload=False
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


def session_moods(session: WorkoutSession) -> tuple[int | None, int | None]:
    """The mood (1-10) before and after the session, from its check-ins. The journal keeps
    them and sits above workouts: the function is named in ``settings.STEADY_SESSION_MOODS``."""
    answer = import_string(settings.STEADY_SESSION_MOODS)
    moods: tuple[int | None, int | None] = answer(session)
    return moods


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


def done_days_for_users(
    user_ids: Iterable[int], first: dt.date, last: dt.date
) -> dict[int, set[dt.date]]:
    """The local dates on which each person finished a session (one query for everyone)."""
    days: dict[int, set[dt.date]] = defaultdict(set)
    rows = WorkoutSession.objects.filter(
        user_id__in=list(user_ids), date__range=(first, last), finished_at__isnull=False
    ).values_list("user_id", "date")
    for user_id, day in rows:
        days[user_id].add(day)
    return days


def new_bests_for_users(
    user_ids: Iterable[int], first: dt.date, last: dt.date
) -> dict[int, list[str]]:
    """Names of the exercises on which each person set a personal record from ``first``
    to ``last`` (one query for everyone), alphabetically. Only names: no weights."""
    window = (first, last)
    found = (
        PersonalBest.objects.filter(user_id__in=list(user_ids))
        .filter(
            Q(e1rm_on__range=window)
            | Q(heaviest_on__range=window)
            | Q(most_reps_on__range=window)
            | Q(longest_on__range=window)
        )
        .order_by("exercise__name")
        .values_list("user_id", "exercise__name")
    )
    names: dict[int, list[str]] = defaultdict(list)
    for user_id, name in found:
        names[user_id].append(name)
    return names


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
        movement_pattern=exercise.movement_pattern,
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
    known: tuple[dict[int, Exercise], dict[int, list[progression.Exposure]]] | None = None,
) -> list[PlannedExercise]:
    """Suggestions for a list of prescriptions: two queries, whatever the history.

    ``known`` passes the exercises and exposures already read for several plans at once
    (none then): the offline plan suggests for the next few sessions together.
    """
    if known is not None:
        exercises, exposures = known
    else:
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


def _with_rows(
    user: User, pk: int, sets: QuerySet[SetLog], to_attr: str
) -> QuerySet[WorkoutSession]:
    # The rows of one session in their order: not the model's ordering, which sorts by
    # session first and so joins the sessions table for nothing.
    rows = (
        SessionExercise.objects.select_related("exercise", "swapped_from")
        .order_by("order", "pk")
        .prefetch_related(Prefetch("sets", queryset=sets, to_attr=to_attr))
    )
    return sessions_for(user).filter(pk=pk).prefetch_related(Prefetch("exercises", queryset=rows))


def session_with_sets(user: User, pk: int) -> QuerySet[WorkoutSession]:
    """One of the person's sessions with exercises and live sets: three queries."""
    return _with_rows(user, pk, live_sets(), "live_sets")


def session_for_page(user: User, pk: int, *, deleted_since: dt.datetime) -> WorkoutSession | None:
    """One of the person's sessions for its page, or None: each row carries its live sets
    (``live_sets``, as ``session_with_sets`` gives them) and its sets deleted since
    ``deleted_since`` (``deleted_sets``: they keep an Undo button). Three queries."""
    shown = SetLog.objects.filter(
        Q(deleted_at__isnull=True) | Q(deleted_at__gte=deleted_since)
    ).order_by("set_number", "logged_at")
    session = _with_rows(user, pk, shown, "shown_sets").first()
    if session is not None:
        for row in session.exercises.all():
            sets: list[SetLog] = row.shown_sets  # type: ignore[attr-defined]
            row.live_sets = [s for s in sets if s.deleted_at is None]  # type: ignore[attr-defined]
            row.deleted_sets = [s for s in sets if s.deleted_at is not None]  # type: ignore[attr-defined]
    return session


def last_time_sets(user: User, session: WorkoutSession) -> dict[int, list[progression.LoggedSet]]:
    """What the person did last time for each of the session's exercises, set by set: the
    live working sets (no warm-ups) of the latest other finished session that has any.
    One query; rows must be prefetched, as ``session_with_sets`` does."""
    return last_time_sets_for(
        user, [row.exercise_id for row in session.exercises.all()], session.pk
    )


def last_time_sets_for(
    user: User, exercise_ids: Iterable[int], exclude_session_id: int | None = None
) -> dict[int, list[progression.LoggedSet]]:
    """``last_time_sets`` for exercises not yet in a session (a plan kept for offline)."""
    ids = sorted(set(exercise_ids))
    if not ids:
        return {}
    rows = (
        _ranked_working_sets(user, ids, exclude_session_id)
        .filter(exposure=1)
        .order_by("session_exercise__order", "set_number", "logged_at")
        .values_list("exercise_id", "reps", "load_kg", "seconds", "rpe")
    )
    done: dict[int, list[progression.LoggedSet]] = defaultdict(list)
    for exercise_id, reps, load_kg, seconds, rpe in rows:
        done[exercise_id].append(
            progression.LoggedSet(reps=reps, load_kg=load_kg, seconds=seconds, rpe=rpe)
        )
    return dict(done)


def exercise_notes(user: User, exercise_ids: Iterable[int]) -> dict[int, str]:
    """The person's notes on these exercises, by exercise id (one query)."""
    ids = sorted(set(exercise_ids))
    if not ids:
        return {}
    return dict(
        ExerciseNote.objects.filter(user=user, exercise_id__in=ids).values_list(
            "exercise_id", "text"
        )
    )


def live_sets_of(session_exercise: SessionExercise) -> list[SetLog]:
    """The row's live sets in the order they are numbered."""
    return list(live_sets().filter(session_exercise=session_exercise))


def bests_before(user: User, session: WorkoutSession) -> dict[int, records.Best]:
    """Each of the session's exercises' best before it started (rows must be prefetched,
    as ``session_with_sets`` does)."""
    exercise_ids = [row.exercise_id for row in session.exercises.all()]
    return _bests_before(user.pk, session, exercise_ids)


def _bests_before(
    user_id: int, session: WorkoutSession, exercise_ids: Iterable[int]
) -> dict[int, records.Best]:
    """One query. An open session is the person's latest, so what came before it is every
    finished session: their ``PersonalBest`` rows. A finished session (its page, its
    summary) looks at the sessions that started before it."""
    ids = sorted(set(exercise_ids))
    if not ids:
        return {}
    if not session.is_finished:
        kept = PersonalBest.objects.filter(user_id=user_id, exercise_id__in=ids).values_list(
            "exercise_id", "e1rm_kg", "heaviest_kg", "most_reps", "longest_seconds"
        )
        return {
            exercise_id: records.Best(e1rm, heaviest_kg, most_reps, longest)
            for exercise_id, e1rm, heaviest_kg, most_reps, longest in kept
        }
    # The heaviest load per exercise and rep count is all Epley needs: at most a few
    # dozen rows, whatever the history.
    rows = (
        SetLog.objects.filter(
            session_exercise__session__user_id=user_id,
            deleted_at__isnull=True,
            session_exercise__exercise_id__in=ids,
            session_exercise__session__started_at__lt=session.started_at,
        )
        .exclude(kind=SetLog.Kind.WARMUP)
        .exclude(session_exercise__session=session)
        .values_list("session_exercise__exercise_id", "reps")
        .annotate(heaviest=Max("load_kg", filter=Q(load_kg__gt=0)), longest=Max("seconds"))
        .order_by()
    )
    bests: dict[int, records.Best] = {}
    for exercise_id, reps, heaviest, longest in rows:
        figures = records.SetFigures(0, reps, heaviest, longest)
        bests[exercise_id] = records.improve(bests.get(exercise_id, records.Best()), figures)
    return bests


@dataclass(frozen=True)
class SetStanding:
    number: int  # its place among the row's live sets of its kind (what the row shows)
    is_record: bool


def set_standing(set_log: SetLog) -> SetStanding:
    """Where a saved set stands: its number among its row's live sets (working sets and
    warm-ups are numbered apart), and whether it beat the best before the session and
    every working set of the exercise logged before it today. A warm-up never does.

    The answer ``record_set_ids`` gives for the whole page, from two queries: the bests
    before the session and this session's live sets of the exercise. A warm-up or a
    deleted set can't be a best: for them only the row's sets are read, for the number.
    """
    row = set_log.session_exercise
    session = row.session
    warmup = set_log.kind == SetLog.Kind.WARMUP
    can_be_record = not warmup and set_log.deleted_at is None
    live = SetLog.objects.filter(deleted_at__isnull=True)
    if can_be_record:
        best = _bests_before(session.user_id, session, [row.exercise_id]).get(
            row.exercise_id, records.Best()
        )
        live = live.filter(
            session_exercise__session=session, session_exercise__exercise_id=row.exercise_id
        )
    else:
        best = records.Best()
        live = live.filter(session_exercise=row)
    # In any order (each set is placed by its own number and time), so no ORDER BY.
    today = live.order_by().values_list(
        "session_exercise_id", "set_number", "logged_at", "reps", "load_kg", "seconds", "kind"
    )
    number = 0
    for row_id, set_number, logged_at, reps, load_kg, seconds, kind in today:
        is_warmup = kind == SetLog.Kind.WARMUP
        if can_be_record and logged_at < set_log.logged_at and not is_warmup:
            best = records.improve(best, records.SetFigures(0, reps, load_kg, seconds))
        if (
            row_id == row.pk
            and is_warmup == warmup
            and (set_number, logged_at) <= (set_log.set_number, set_log.logged_at)
        ):
            number += 1
    is_record = can_be_record and records.beats(figures(set_log), best, row.exercise.measure)
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


def done_sets_for_bests(
    user: User, exercise_ids: Sequence[int] | None
) -> Iterator[tuple[int, records.DatedSet]]:
    """The person's live working sets (no warm-ups) in finished sessions (of
    ``exercise_ids``, or all), with their exercise, in the order they were done: what
    ``PersonalBest`` is built from."""
    sets = SetLog.objects.filter(
        session_exercise__session__user=user,
        deleted_at__isnull=True,
        session_exercise__session__finished_at__isnull=False,
    ).exclude(kind=SetLog.Kind.WARMUP)
    if exercise_ids is not None:
        sets = sets.filter(session_exercise__exercise_id__in=exercise_ids)
    rows = sets.order_by(
        "session_exercise__session__date",
        "session_exercise__session__started_at",
        "logged_at",
        "pk",
    ).values_list(
        "session_exercise__exercise_id",
        "pk",
        "session_exercise__session__date",
        "session_exercise__session_id",
        "reps",
        "load_kg",
        "seconds",
    )
    for exercise_id, pk, day, session_id, reps, load_kg, seconds in rows.iterator(2000):
        yield exercise_id, records.DatedSet(day, session_id, reps, load_kg, seconds, set_id=pk)


@dataclass(frozen=True)
class SwapOptions:
    """What an exercise can be swapped for: its listed alternatives (with their kind,
    such as "easier"), then every other exercise measured the same way, by name."""

    alternatives: list[tuple[str, Exercise]]
    others: list[Exercise]

    @property
    def choices(self) -> list[Exercise]:
        return [exercise for _, exercise in self.alternatives] + self.others


def swap_options(session_exercise: SessionExercise) -> SwapOptions:
    """Two queries."""
    exercise = session_exercise.exercise
    links = (
        ExerciseAlternative.objects.filter(exercise=exercise)
        .select_related("alternative")
        .order_by("kind", "alternative__name")
    )
    alternatives = [(link.get_kind_display(), link.alternative) for link in links]
    others = list(
        Exercise.objects.visible_to(session_exercise.session.user_id)
        .exclude(pk=exercise.pk)
        .filter(measure=exercise.measure)
        .exclude(pk__in=[alternative.pk for _, alternative in alternatives])
        .order_by("name")
    )
    return SwapOptions(alternatives=alternatives, others=others)


# --- History -----------------------------------------------------------------------------


def finished_sessions(user: User, *, exercise_id: int | None = None) -> QuerySet[Any]:
    """Finished sessions, newest first, with exercise and working-set counts (one query a
    page), as dicts of what the history list shows.

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
        .exclude(kind=SetLog.Kind.WARMUP)  # working sets: warm-ups are not volume
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return (
        sessions.annotate(
            exercise_count=Coalesce(Subquery(exercise_count), 0),
            set_count=Coalesce(Subquery(set_count), 0),
        )
        .order_by("-date", "-started_at")
        # What the list shows, without a model instance per row.
        .values(
            "pk",
            "name",
            "date",
            "duration_min",
            "session_rpe",
            "is_deload",
            "is_minimum",
            "exercise_count",
            "set_count",
        )
    )


def exercises_done(user: User) -> list[tuple[int, str]]:
    """The ids and names of the exercises of the person's finished sessions, by name (the
    history filter): those with a ``PersonalBest`` row, which the services keep for every
    exercise with a live working set in a finished session. One indexed query, however
    long the history (reading the sessions' rows for kept sets took milliseconds of
    PostgreSQL after years)."""
    return list(
        Exercise.objects.filter(pk__in=PersonalBest.objects.filter(user=user).values("exercise_id"))
        .order_by("name")
        .values_list("pk", "name")
    )


def personal_bests(user: User) -> list[PersonalBest]:
    """The person's bests per exercise, most recently done first: one query."""
    return list(
        PersonalBest.objects.filter(user=user)
        .select_related("exercise")
        .order_by("-last_done_on", "exercise__name")
    )


def _working_sets_of(user: User, exercise: Exercise) -> QuerySet[SetLog]:
    """The live working sets of one exercise in the person's finished sessions."""
    return SetLog.objects.filter(
        session_exercise__session__user=user,
        deleted_at__isnull=True,
        session_exercise__exercise=exercise,
        session_exercise__session__finished_at__isnull=False,
    ).exclude(kind=SetLog.Kind.WARMUP)


def epley_kg() -> Case:
    """``records.epley`` of a set, for the database: its conditions here, its formula
    from ``records.epley_formula`` over the columns as floats."""
    return Case(
        When(
            load_kg__gt=0,
            reps__gte=1,
            reps__lte=records.EPLEY_MAX_REPS,
            then=records.epley_formula(Cast("load_kg", FloatField()), Cast("reps", FloatField())),
        ),
        default=None,
        output_field=FloatField(),
    )


@dataclass(frozen=True)
class ExerciseProgress:
    points: list[records.SessionPoint]  # each session's figures, oldest first
    records: list[records.Record]  # each new best, oldest first


def exercise_progress(user: User, exercise: Exercise, *, detailed: int | None) -> ExerciseProgress:
    """One exercise's figures per finished session and its new bests: two queries.

    The database adds each session's sets up (what tests/workouts/reference.py works out
    from them, set by set). Only sessions whose figures beat every earlier session's can hold a new
    best: their sets, and those of the newest ``detailed`` sessions (all when None, the
    tables' rows, for the reps of their heaviest set), are the only ones read. The other
    sessions' points have ``heaviest_reps`` None: only the charts show them.
    """
    loaded = Q(load_kg__gt=0)
    rows = (
        _working_sets_of(user, exercise)
        .values("session_exercise__session__date", "session_exercise__session_id")
        .annotate(
            best_e1rm=Max(epley_kg()),
            heaviest_kg=Max("load_kg", filter=loaded),
            total_reps=Coalesce(Sum("reps"), 0),
            total_seconds=Coalesce(Sum("seconds"), 0),
            volume_kg=Coalesce(Sum(F("load_kg") * F("reps"), filter=loaded), Value(Decimal(0))),
            most_reps=Max("reps"),
            longest_seconds=Max("seconds"),
        )
        .order_by("session_exercise__session__date", "session_exercise__session_id")
        .values_list(
            "session_exercise__session__date",
            "session_exercise__session_id",
            "best_e1rm",
            "heaviest_kg",
            "total_reps",
            "total_seconds",
            "volume_kg",
            "most_reps",
            "longest_seconds",
        )
    )
    points = [
        records.SessionPoint(day, sid, e1rm, heaviest, None, reps, seconds, volume, most, longest)
        for day, sid, e1rm, heaviest, reps, seconds, volume, most, longest in rows
    ]
    shown = points if detailed is None else points[max(len(points) - detailed, 0) :]
    bests_before = records.sessions_with_new_bests(points)
    wanted = {p.session_id for p in shown} | bests_before.keys()
    sets: dict[int, list[records.DatedSet]] = defaultdict(list)
    if wanted:
        # The sessions are the person's own finished ones, found above.
        done = (
            SetLog.objects.filter(
                session_exercise__session_id__in=wanted,
                session_exercise__exercise=exercise,
                deleted_at__isnull=True,
            )
            .exclude(kind=SetLog.Kind.WARMUP)
            .order_by("logged_at", "pk")
            .values_list("session_exercise__session_id", "reps", "load_kg", "seconds")
        )
        days = {p.session_id: p.day for p in points}
        for sid, reps, load_kg, seconds in done:
            sets[sid].append(records.DatedSet(days[sid], sid, reps, load_kg, seconds))
    for index in range(len(points) - len(shown), len(points)):
        points[index] = records.with_heaviest_reps(points[index], sets[points[index].session_id])
    return ExerciseProgress(
        points=points,
        records=records.session_records(records.walk_from(bests_before, sets), exercise.measure),
    )


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


def superset_round_open(*, session_exercise: SessionExercise, set_number: int) -> bool:
    """Whether a partner in this exercise's superset still has its set of this round to
    do: then the rest waits until after the partner's set. One query, only when paired."""
    if session_exercise.superset_group is None:
        return False
    partners = (
        SessionExercise.objects.filter(
            session_id=session_exercise.session_id,
            superset_group=session_exercise.superset_group,
        )
        .exclude(pk=session_exercise.pk)
        .annotate(
            # Working sets: a partner's warm-ups are not its sets of the round.
            done=Count(
                "sets",
                filter=Q(sets__deleted_at__isnull=True) & ~Q(sets__kind=SetLog.Kind.WARMUP),
            )
        )
        .values_list("done", "planned_sets")
    )
    return any(done < set_number and done < planned for done, planned in partners)
