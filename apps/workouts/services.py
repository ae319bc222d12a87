"""Writes for workout sessions: start, log sets, change exercises, finish.

The rules that keep data safe:
- One unfinished session per person (a database constraint). Starting again resumes it.
- Every set carries a client-generated UUID (unique in the database): a retried or
  doubled request finds the set it already created instead of making a second one.
- Deleting a set is a soft delete (``deleted_at``) so it can be undone.
- Every change that can move a personal best (a set in a finished session, finishing a
  session) rebuilds that exercise's ``PersonalBest`` row in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from apps.programs import selectors as programs_selectors
from apps.programs.models import Exercise
from apps.programs.schedule import EffectivePrescription
from apps.workouts import records, selectors
from apps.workouts.models import (
    ExerciseNote,
    PersonalBest,
    SessionExercise,
    SetLog,
    WorkoutSession,
)

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.programs.schedule import PlannedSession

MAX_DURATION_MIN = 600


class SetConflictError(Exception):
    """The client id belongs to a set somewhere else: the page is stale or tampered with."""


def exercise_row_for(
    session: WorkoutSession, planned: selectors.PlannedExercise, order: int
) -> SessionExercise:
    """An unsaved session exercise: the prescription with its suggestion copied in."""
    rx, suggestion = planned.rx, planned.suggestion
    return SessionExercise(
        session=session,
        exercise=planned.exercise,
        prescription_id=rx.prescription_id,
        order=order,
        planned_sets=suggestion.sets,
        reps_low=rx.reps_low,
        reps_high=rx.reps_high,
        seconds=suggestion.seconds if rx.reps_low is None else rx.seconds,
        target_rpe_low=suggestion.target_rpe_low,
        target_rpe_high=suggestion.target_rpe_high,
        rest_seconds=rx.rest_seconds,
        suggested_load_kg=suggestion.load_kg,
        suggested_reps=suggestion.reps,
        suggestion_reason=suggestion.reason[:200],
        suggestion_held=suggestion.held,
        suggestion_change=suggestion.change.value,
        swapped_from_id=rx.swapped_from_exercise_id,
        superset_group=rx.superset_group,
    )


def session_start(
    *,
    user: User,
    planned: PlannedSession | None,
    minimum: bool = False,
    holds: Collection[str] = (),
    client_id: uuid.UUID | None = None,
    started_at: dt.datetime | None = None,
) -> WorkoutSession:
    """Start today's session (or the 15-minute minimum session), or resume the open one.

    Each prescription is copied into a ``SessionExercise`` with a load suggestion from
    the progression engine (NSCA 2-for-2 double progression; see progression.py), held
    for every code in ``holds``: the guidance codes that hold progression today, which
    the caller gets from the safety app (``selectors.plan_hold_codes``).

    A session started on the phone with no signal arrives later with its ``client_id``
    and the time it was started: a replay finds the session it made, and an open
    session with no client id of its own takes it (starting again resumes it).
    """
    if client_id is not None:
        known = selectors.sessions_for(user).filter(client_id=client_id).first()
        if known is not None:
            return known
    existing = selectors.unfinished_session(user)
    if existing is not None:
        if client_id is not None and existing.client_id is None:
            existing.client_id = client_id
            existing.save(update_fields=["client_id"])
        return existing
    now = started_at or timezone.now()
    today = now.astimezone(user.zone).date() if started_at else user.local_today()
    prescriptions: list[EffectivePrescription] = []
    deload = False
    name = "Workout"
    workout_day_id = None
    if minimum:
        program = programs_selectors.minimum_session_program()
        prescriptions = programs_selectors.minimum_session_prescriptions()
        name = program.name if program is not None else "15-minute session"
    elif planned is not None:
        prescriptions = programs_selectors.effective_prescriptions(planned)
        deload = planned.is_deload
        name = planned.name
        workout_day_id = planned.workout_day_id
    plan = selectors.plan_with_suggestions(user, prescriptions, holds=holds, deload=deload)
    try:
        with transaction.atomic():
            session = WorkoutSession.objects.create(
                user=user,
                enrollment_id=planned.enrollment_id if planned else None,
                workout_day_id=workout_day_id,
                week_number=planned.week_number if planned else None,
                name=name[:100],
                date=today,
                started_at=now,
                is_deload=deload,
                is_minimum=minimum,
                progression_holds=sorted(set(holds)),
                client_id=client_id,
            )
            SessionExercise.objects.bulk_create(
                [exercise_row_for(session, item, order) for order, item in enumerate(plan, 1)]
            )
    except IntegrityError:
        # A double tap on "Start": the other request won; resume its session.
        existing = selectors.unfinished_session(user)
        if existing is None:
            raise
        return existing
    return session


def session_refresh_holds(*, session: WorkoutSession, holds: Iterable[str]) -> bool:
    """Re-apply progression holds to a session already under way, when what holds it
    changes after "Start" (a before check-in saved later, a symptom noted, a check
    confirmed).

    ``holds`` are the guidance codes that hold progression now (the safety app decides
    them); a low before check-in (mood or energy ≤ 3) adds its own hold. Only exercises
    with no sets yet get new suggestions: what the person has already done stays as it
    was. Returns whether anything changed. Never called from a page that only reads.
    """
    if session.is_finished:
        return False
    wanted = set(holds)
    if selectors.before_checkin_is_low(session):
        wanted.add(selectors.LOW_CHECKIN_HOLD)
    if wanted == set(session.progression_holds):
        return False
    session.progression_holds = sorted(wanted)
    session.save(update_fields=["progression_holds"])
    rows = list(
        session.exercises.filter(sets__isnull=True).select_related("exercise", "prescription")
    )
    _resuggest(session, rows)
    return True


def _rx_for(row: SessionExercise) -> EffectivePrescription:
    """A session exercise seen as a prescription again (for re-suggesting)."""
    return EffectivePrescription(
        prescription_id=row.prescription_id,
        exercise_id=row.exercise_id,
        order=row.order,
        sets=row.planned_sets,
        reps_low=row.reps_low,
        reps_high=row.reps_high,
        seconds=row.seconds,
        target_rpe_low=row.target_rpe_low or Decimal("6"),
        target_rpe_high=row.target_rpe_high or Decimal("7"),
        rest_seconds=row.rest_seconds,
        notes="",
    )


def _resuggest(session: WorkoutSession, rows: list[SessionExercise]) -> None:
    if not rows:
        return
    plan = selectors.plan_with_suggestions(
        session.user,
        [_rx_for(row) for row in rows],
        holds=session.progression_holds,
        deload=session.is_deload,
        exclude_session_id=session.pk,
    )
    by_order = {item.rx.order: item for item in plan}
    for row in rows:
        suggestion = by_order[row.order].suggestion
        row.suggested_load_kg = suggestion.load_kg
        row.suggested_reps = suggestion.reps
        if row.reps_low is None:
            row.seconds = suggestion.seconds
        row.suggestion_reason = suggestion.reason[:200]
        row.suggestion_held = suggestion.held
        row.suggestion_change = suggestion.change.value
    SessionExercise.objects.bulk_update(
        rows,
        [
            "suggested_load_kg",
            "suggested_reps",
            "seconds",
            "suggestion_reason",
            "suggestion_held",
            "suggestion_change",
        ],
    )


def set_log_create(
    *,
    session_exercise: SessionExercise,
    client_id: uuid.UUID,
    reps: int | None,
    load_kg: Decimal | None,
    seconds: int | None,
    rpe: Decimal | None,
    kind: str = SetLog.Kind.NORMAL,
    logged_at: dt.datetime | None = None,
) -> tuple[SetLog, bool]:
    """Save a set the moment it is logged. Idempotent on ``client_id``.

    ``kind`` is a working set or a warm-up (which never counts for progression, records
    or volume; it takes the row's next number too, so the row keeps the order sets were
    done in, and the session page numbers working sets among themselves).

    ``logged_at`` is when the set was done, for a set logged on the phone with no signal
    and sent later (the caller checks it is plausible); a replay keeps the first time.

    One transaction: the row is locked while the set takes the next number, so two sets
    posted at once get 1 and 2. A retry of the same request finds the set it created
    and brings it up to date with the values sent last, which are the ones the person
    sees on screen. A set logged into a finished session counts for its personal bests
    at once. Returns ``(set, created)``.
    """
    values = {"reps": reps, "load_kg": load_kg, "seconds": seconds, "rpe": rpe, "kind": kind}
    with transaction.atomic():
        # Locks the row: a second set posted into it meanwhile waits here for its number.
        SessionExercise.objects.select_for_update().only("pk").get(pk=session_exercise.pk)
        # One query: the set this client id already saved (a retry), and the row's highest
        # live set number for a new one.
        in_row = Q(session_exercise=session_exercise, deleted_at__isnull=True)
        seen = SetLog.objects.filter(Q(client_id=client_id) | in_row).aggregate(
            existing=Max("pk", filter=Q(client_id=client_id)),
            top=Max("set_number", filter=in_row),
        )
        found = SetLog.objects.get(pk=seen["existing"]) if seen["existing"] else None
        if found is not None and found.session_exercise_id != session_exercise.pk:
            raise SetConflictError(client_id)
        if found is None:
            found = SetLog.objects.create(
                **values,
                client_id=client_id,
                user_id=session_exercise.session.user_id,
                session_exercise=session_exercise,
                set_number=(seen["top"] or 0) + 1,
                logged_at=logged_at or timezone.now(),
            )
            created = True
        else:
            created = False
            found.session_exercise = session_exercise  # with its session and exercise
            for key, value in values.items():
                setattr(found, key, value)
            found.deleted_at = None
            found.save(update_fields=[*values, "deleted_at"])
        _bests_changed(session_exercise)
    return found, created


def _bests_changed(session_exercise: SessionExercise) -> None:
    """A set of this row changed: its exercise's bests move if the session is finished."""
    session = session_exercise.session
    if session.is_finished:
        personal_bests_rebuild(user=session.user, exercise_ids=[session_exercise.exercise_id])


def set_log_update(
    *,
    set_log: SetLog,
    reps: int | None,
    load_kg: Decimal | None,
    seconds: int | None,
    rpe: Decimal | None,
) -> SetLog:
    with transaction.atomic():
        set_log.reps, set_log.load_kg, set_log.seconds, set_log.rpe = reps, load_kg, seconds, rpe
        set_log.save(update_fields=["reps", "load_kg", "seconds", "rpe"])
        _bests_changed(set_log.session_exercise)
    return set_log


def set_log_delete(*, set_log: SetLog) -> SetLog:
    """Soft delete: the set disappears from logs and charts but can be brought back."""
    if set_log.deleted_at is None:
        with transaction.atomic():
            set_log.deleted_at = timezone.now()
            set_log.save(update_fields=["deleted_at"])
            _bests_changed(set_log.session_exercise)
    return set_log


def set_log_restore(*, set_log: SetLog) -> SetLog:
    if set_log.deleted_at is not None:
        with transaction.atomic():
            set_log.deleted_at = None
            set_log.save(update_fields=["deleted_at"])
            _bests_changed(set_log.session_exercise)
    return set_log


def personal_bests_rebuild(*, user: User, exercise_ids: Iterable[int] | None = None) -> None:
    """Recompute the person's ``PersonalBest`` rows from their live sets in finished
    sessions: for ``exercise_ids``, or for every exercise when None.

    The services here call it after every change that can move a best. Code that writes
    sets in bulk (generators, imports) calls it afterwards. One query to read, and an
    upsert plus a delete to write, whatever the history.
    """
    ids = None if exercise_ids is None else sorted(set(exercise_ids))
    done: dict[int, list[records.DatedSet]] = defaultdict(list)
    for exercise_id, item in selectors.done_sets_for_bests(user, ids):
        done[exercise_id].append(item)
    rows = [
        PersonalBest(
            user=user, exercise_id=exercise_id, **records.personal_bests(sets).row_values()
        )
        for exercise_id, sets in done.items()
    ]
    with transaction.atomic():
        stale = PersonalBest.objects.filter(user=user).exclude(exercise_id__in=list(done))
        if ids is not None:
            stale = stale.filter(exercise_id__in=ids)
        stale.delete()
        PersonalBest.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["user", "exercise"],
            update_fields=PERSONAL_BEST_FIGURES,
        )


# Every field of a PersonalBest but its keys: what a rebuild writes.
PERSONAL_BEST_FIGURES = [
    f.name for f in PersonalBest._meta.concrete_fields if f.name not in ("id", "user", "exercise")
]


def session_exercise_add_set(*, session_exercise: SessionExercise) -> SessionExercise:
    """One more set than planned (an extra row on the session page)."""
    session_exercise.planned_sets = min(session_exercise.planned_sets + 1, 20)
    session_exercise.save(update_fields=["planned_sets"])
    return session_exercise


def _suggest_one(session: WorkoutSession, rx: EffectivePrescription) -> selectors.PlannedExercise:
    return selectors.plan_with_suggestions(
        session.user,
        [rx],
        holds=session.progression_holds,
        deload=session.is_deload,
        exclude_session_id=session.pk,
    )[0]


def session_exercise_add(
    *,
    session: WorkoutSession,
    exercise: Exercise,
    sets: int,
    reps_low: int | None,
    reps_high: int | None,
    seconds: int | None,
    rest_seconds: int = 90,
) -> SessionExercise:
    """Add an exercise at the end of the session, with its own suggestion."""
    order = (session.exercises.aggregate(top=Max("order"))["top"] or 0) + 1
    rx = EffectivePrescription(
        prescription_id=None,
        exercise_id=exercise.pk,
        order=order,
        sets=sets,
        reps_low=reps_low if exercise.measure != "timed" else None,
        reps_high=reps_high if exercise.measure != "timed" else None,
        seconds=seconds if exercise.measure == "timed" else None,
        target_rpe_low=Decimal("6"),
        target_rpe_high=Decimal("8"),
        rest_seconds=rest_seconds,
        notes="",
    )
    row = exercise_row_for(session, _suggest_one(session, rx), order)
    row.save()
    return row


def session_exercise_swap(
    *, session_exercise: SessionExercise, exercise: Exercise
) -> SessionExercise:
    """Swap an exercise mid-session.

    With no sets logged yet the row simply changes exercise. Once sets exist they stay
    with the exercise actually done, and a new row takes the remaining sets.
    """
    session = session_exercise.session
    live = session_exercise.sets.filter(deleted_at__isnull=True)
    done = live.exclude(kind=SetLog.Kind.WARMUP).count()
    # Warm-ups alone still stay with the exercise they warmed up for.
    logged = done or live.exists()
    timed = exercise.measure == "timed"
    rx = EffectivePrescription(
        prescription_id=session_exercise.prescription_id,
        exercise_id=exercise.pk,
        order=session_exercise.order,
        sets=max(1, session_exercise.planned_sets - done),
        reps_low=None if timed else (session_exercise.reps_low or 8),
        reps_high=None if timed else (session_exercise.reps_high or 12),
        seconds=(session_exercise.seconds or 30) if timed else None,
        target_rpe_low=session_exercise.target_rpe_low or Decimal("6"),
        target_rpe_high=session_exercise.target_rpe_high or Decimal("8"),
        rest_seconds=session_exercise.rest_seconds,
        notes="",
    )
    planned = _suggest_one(session, rx)
    with transaction.atomic():
        if not logged:
            replacement = exercise_row_for(session, planned, session_exercise.order)
            replacement.pk = session_exercise.pk
            replacement.swapped_from_id = session_exercise.exercise_id
            replacement.superset_group = session_exercise.superset_group
            replacement.save(force_update=True)
        else:
            # The sets done stay with the exercise done; the replacement takes its place in
            # a superset for the sets still to do.
            group = session_exercise.superset_group
            session_exercise.planned_sets = done
            session_exercise.superset_group = None
            session_exercise.save(update_fields=["planned_sets", "superset_group"])
            session.exercises.filter(order__gt=session_exercise.order).update(order=F("order") + 1)
            replacement = exercise_row_for(session, planned, session_exercise.order + 1)
            replacement.swapped_from_id = session_exercise.exercise_id
            replacement.superset_group = group
            replacement.save()
        if session.is_finished:
            personal_bests_rebuild(
                user=session.user, exercise_ids=[session_exercise.exercise_id, exercise.pk]
            )
    return replacement


@transaction.atomic
def session_exercise_pair_with_next(*, session_exercise: SessionExercise) -> SessionExercise | None:
    """Make a superset of this exercise and the next one in the session: the page
    alternates their sets and starts the rest after each round. Returns the partner, or
    None (nothing changes) when there is no next exercise or either is already paired."""
    rows = list(
        SessionExercise.objects.select_for_update()
        .filter(session_id=session_exercise.session_id)
        .order_by("order", "pk")
        .only("pk", "order", "superset_group")
    )
    index = next((i for i, row in enumerate(rows) if row.pk == session_exercise.pk), None)
    if index is None or index + 1 >= len(rows):
        return None
    lead, partner = rows[index], rows[index + 1]
    if lead.superset_group is not None or partner.superset_group is not None:
        return None
    group = max((row.superset_group or 0 for row in rows), default=0) + 1
    SessionExercise.objects.filter(pk__in=[lead.pk, partner.pk]).update(superset_group=group)
    session_exercise.superset_group = group
    return partner


def session_exercise_unpair(*, session_exercise: SessionExercise) -> None:
    """End the superset this exercise is in: each exercise rests after its own sets again."""
    group = session_exercise.superset_group
    if group is not None:
        SessionExercise.objects.filter(
            session_id=session_exercise.session_id, superset_group=group
        ).update(superset_group=None)
        session_exercise.superset_group = None


def suggested_duration(session: WorkoutSession, now: dt.datetime | None = None) -> int:
    """Minutes from the first to the last set (Foster's session load uses them).

    With fewer than two sets, the time since the session started. Always 1–600.
    """
    first, last = selectors.first_and_last_set(session)
    if first is None or last is None or first == last:
        first, last = session.started_at, now or timezone.now()
    minutes = math.ceil((last - first).total_seconds() / 60)
    return max(1, min(MAX_DURATION_MIN, minutes))


def session_finish(
    *,
    session: WorkoutSession,
    duration_min: int,
    session_rpe: Decimal,
    notes: str = "",
) -> WorkoutSession:
    """Finish a session with its duration and Foster's session RPE (CR-10).

    Its sets now count for the personal bests of its exercises.
    """
    with transaction.atomic():
        session.finished_at = session.finished_at or timezone.now()
        session.duration_min = duration_min
        session.session_rpe = session_rpe
        session.notes = notes
        session.save(update_fields=["finished_at", "duration_min", "session_rpe", "notes"])
        personal_bests_rebuild(
            user=session.user,
            exercise_ids=session.exercises.values_list("exercise_id", flat=True),
        )
    return session


def session_discard(*, session: WorkoutSession) -> None:
    """Throw away a session started by mistake. Only possible before any set is logged."""
    if SetLog.objects.filter(session_exercise__session=session).exists():
        raise ValueError("A session with logged sets cannot be discarded.")
    session.delete()


def exercise_note_save(*, user: User, exercise: Exercise, text: str) -> ExerciseNote | None:
    """Keep the person's note on an exercise for next time; an empty note removes it."""
    text = text.strip()
    if not text:
        ExerciseNote.objects.filter(user=user, exercise=exercise).delete()
        return None
    note, _ = ExerciseNote.objects.update_or_create(
        user=user, exercise=exercise, defaults={"text": text, "updated_at": timezone.now()}
    )
    return note
