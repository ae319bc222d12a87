"""Writes for programs: enrolling, pausing, custom copies, swaps and the calendar feed."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from apps.programs import schedule
from apps.programs.models import (
    CalendarFeed,
    Enrollment,
    EnrollmentPause,
    Exercise,
    ExerciseSwap,
    Prescription,
    Program,
    ProgramWeek,
    WorkoutDay,
)

if TYPE_CHECKING:
    from apps.accounts.models import User

# How far ahead someone may schedule a start (a plan months away helps nobody today).
MAX_START_AHEAD_DAYS = 56
# Starting a little in the past lets someone log the week they already began.
MAX_START_BEHIND_DAYS = 14


# --- Enrolling ------------------------------------------------------------------------------


def enrollment_errors(
    *,
    user: User,
    program: Program,
    start_date: dt.date | None,
    weekdays: Iterable[int],
    today: dt.date,
    postpartum_clearance: bool,
) -> dict[str, list[str]]:
    """Field-keyed problems with an enrollment request; empty when it can go ahead.

    Full-body programs need a rest day between sessions because the same muscles need
    about 48 hours to recover (ACSM 2009). Postpartum programs need a postpartum profile
    and a confirmed medical clearance (ACOG Committee Opinion 804: resume when medically
    safe).
    """
    errors: dict[str, list[str]] = {}
    chosen = sorted(set(weekdays))
    if program.is_minimum_session:
        errors.setdefault("__all__", []).append(
            "The 15-minute session is not a program to follow: start it from Today on any "
            "day you need it."
        )
    if program.owner_id is not None and program.owner_id != user.pk:
        errors.setdefault("__all__", []).append("That program isn't available.")
    if program.requires_postpartum:
        if not user.is_postpartum_on(today):
            errors.setdefault("__all__", []).append(
                "This program is for the first year after giving birth. Add your baby's "
                "birth date in Settings to start it."
            )
        if not postpartum_clearance:
            errors.setdefault("postpartum_clearance", []).append(
                "Please start this program only once a doctor or midwife has said you can "
                "exercise again. Tick the box when that's the case."
            )
    if start_date is not None:
        if start_date < today - dt.timedelta(days=MAX_START_BEHIND_DAYS):
            errors.setdefault("start_date", []).append(
                f"Pick a start date from {MAX_START_BEHIND_DAYS} days ago onwards."
            )
        elif start_date > today + dt.timedelta(days=MAX_START_AHEAD_DAYS):
            errors.setdefault("start_date", []).append("Pick a start date within the next 8 weeks.")
    count = program.days_per_week
    if len(chosen) != count:
        plural = "s" if count != 1 else ""
        errors.setdefault("weekdays", []).append(
            f"This program has {count} session{plural} a week: pick {count} day{plural} "
            f"(you picked {len(chosen)})."
        )
    elif program.full_body:
        pairs = schedule.back_to_back_pairs(chosen)
        if pairs:
            first, second = pairs[0]
            errors.setdefault("weekdays", []).append(
                f"Leave a rest day between sessions: {schedule.WEEKDAY_NAMES[first]} and "
                f"{schedule.WEEKDAY_NAMES[second]} are back to back. Full-body sessions "
                "work the same muscles, which need about 48 hours to recover."
            )
    return errors


@transaction.atomic
def enrollment_start(
    *,
    user: User,
    program: Program,
    start_date: dt.date,
    weekdays: Iterable[int],
    today: dt.date,
    postpartum_clearance: bool = False,
) -> Enrollment:
    """Enroll ``user`` in ``program``; any current enrollment ends (its history stays)."""
    chosen = sorted(set(weekdays))
    errors = enrollment_errors(
        user=user,
        program=program,
        start_date=start_date,
        weekdays=chosen,
        today=today,
        postpartum_clearance=postpartum_clearance,
    )
    if errors:
        raise ValidationError(errors)
    _end_current(user=user, today=today)
    return Enrollment.objects.create(
        user=user,
        program=program,
        start_date=start_date,
        weekdays=chosen,
        postpartum_clearance_confirmed_at=timezone.now() if program.requires_postpartum else None,
    )


def _end_current(*, user: User, today: dt.date) -> None:
    for enrollment in Enrollment.objects.select_for_update().filter(
        user=user, status__in=[Enrollment.Status.ACTIVE, Enrollment.Status.PAUSED]
    ):
        EnrollmentPause.objects.filter(enrollment=enrollment, end_date__isnull=True).update(
            end_date=today
        )
        enrollment.status = Enrollment.Status.ENDED
        enrollment.ended_on = today
        enrollment.save(update_fields=["status", "ended_on"])


@transaction.atomic
def enrollment_end(*, user: User, today: dt.date) -> None:
    """Stop following the current program. Its sessions stay in history."""
    _end_current(user=user, today=today)


@transaction.atomic
def enrollment_pause(*, user: User, today: dt.date) -> Enrollment | None:
    """Pause from ``today``: the paused days are not training days, so nothing is missed."""
    enrollment = (
        Enrollment.objects.select_for_update()
        .filter(user=user, status=Enrollment.Status.ACTIVE)
        .first()
    )
    if enrollment is None:
        return None
    EnrollmentPause.objects.create(enrollment=enrollment, start_date=today)
    enrollment.status = Enrollment.Status.PAUSED
    enrollment.save(update_fields=["status"])
    return enrollment


@transaction.atomic
def enrollment_resume(*, user: User, today: dt.date) -> Enrollment | None:
    """Resume from ``today``: the plan carries on with the session that was next."""
    enrollment = (
        Enrollment.objects.select_for_update()
        .filter(user=user, status=Enrollment.Status.PAUSED)
        .first()
    )
    if enrollment is None:
        return None
    for pause in EnrollmentPause.objects.filter(enrollment=enrollment, end_date__isnull=True):
        if pause.start_date >= today:
            pause.delete()  # paused and resumed the same day: nothing was paused
        else:
            pause.end_date = today
            pause.save(update_fields=["end_date"])
    enrollment.status = Enrollment.Status.ACTIVE
    enrollment.save(update_fields=["status"])
    return enrollment


@transaction.atomic
def enrollment_adopt_copy(*, user: User, program: Program) -> Enrollment | None:
    """Follow an own copy from now on, keeping the schedule of the program it came from."""
    enrollment = (
        Enrollment.objects.select_for_update()
        .filter(user=user, status__in=[Enrollment.Status.ACTIVE, Enrollment.Status.PAUSED])
        .first()
    )
    if (
        enrollment is None
        or program.owner_id != user.pk
        or program.based_on_id != enrollment.program_id
    ):
        return None
    enrollment.program = program
    enrollment.save(update_fields=["program"])
    return enrollment


# --- Custom programs --------------------------------------------------------------------------


@transaction.atomic
def program_copy(*, user: User, program: Program) -> Program:
    """A private, editable copy of a template (or of an own copy), every week and day."""
    copy = Program.objects.create(
        slug=program.slug,
        name=f"{program.name} (my version)"[:100],
        summary=program.summary,
        who_for=program.who_for,
        why=program.why,
        sources=program.sources,
        level=program.level,
        setting=program.setting,
        equipment=program.equipment,
        days_per_week=program.days_per_week,
        default_weekdays=program.default_weekdays,
        length_weeks=program.length_weeks,
        minutes_per_session=program.minutes_per_session,
        full_body=program.full_body,
        requires_postpartum=program.requires_postpartum,
        is_minimum_session=False,
        is_template=False,
        owner=user,
        based_on=program.based_on if program.owner_id is not None else program,
    )
    ProgramWeek.objects.bulk_create(
        [
            ProgramWeek(
                program=copy,
                number=week.number,
                is_deload=week.is_deload,
                set_multiplier=week.set_multiplier,
                extra_reps_in_reserve=week.extra_reps_in_reserve,
                rpe_shift=week.rpe_shift,
                note=week.note,
            )
            for week in program.weeks.all()
        ]
    )
    days = list(program.days.prefetch_related("prescriptions"))
    new_days = WorkoutDay.objects.bulk_create(
        [WorkoutDay(program=copy, order=d.order, name=d.name, focus=d.focus) for d in days]
    )
    Prescription.objects.bulk_create(
        [
            Prescription(
                day=new_day,
                exercise_id=rx.exercise_id,
                order=rx.order,
                sets=rx.sets,
                reps_low=rx.reps_low,
                reps_high=rx.reps_high,
                seconds=rx.seconds,
                target_rpe_low=rx.target_rpe_low,
                target_rpe_high=rx.target_rpe_high,
                rest_seconds=rx.rest_seconds,
                notes=rx.notes,
                superset_group=rx.superset_group,
            )
            for old_day, new_day in zip(days, new_days, strict=True)
            for rx in old_day.prescriptions.all()
        ]
    )
    return copy


def program_rename(*, program: Program, name: str) -> Program:
    program.name = name.strip()[:100]
    program.save(update_fields=["name"])
    return program


def program_delete(*, program: Program) -> bool:
    """Delete an own copy that was never followed (followed copies stay for history)."""
    if program.owner_id is None or program.enrollments.exists():
        return False
    program.delete()
    return True


def prescription_update(
    *,
    prescription: Prescription,
    sets: int,
    reps_low: int | None,
    reps_high: int | None,
    seconds: int | None,
    rest_seconds: int,
    notes: str = "",
) -> Prescription:
    prescription.sets = sets
    prescription.reps_low = reps_low
    prescription.reps_high = reps_high
    prescription.seconds = seconds
    prescription.rest_seconds = rest_seconds
    prescription.notes = notes
    prescription.save(
        update_fields=["sets", "reps_low", "reps_high", "seconds", "rest_seconds", "notes"]
    )
    return prescription


@transaction.atomic
def prescription_add(
    *,
    day: WorkoutDay,
    exercise: Exercise,
    sets: int,
    reps_low: int | None,
    reps_high: int | None,
    seconds: int | None,
    rest_seconds: int,
) -> Prescription:
    """Add an exercise at the end of a day, at the base effort of the program (RPE 6–7)."""
    last = Prescription.objects.filter(day=day).aggregate(last=Max("order"))["last"] or 0
    return Prescription.objects.create(
        day=day,
        exercise=exercise,
        order=last + 1,
        sets=sets,
        reps_low=reps_low,
        reps_high=reps_high,
        seconds=seconds,
        rest_seconds=rest_seconds,
    )


@transaction.atomic
def prescription_remove(*, prescription: Prescription) -> None:
    current = Prescription.objects.select_for_update().filter(pk=prescription.pk).first()
    if current is None:
        return
    day_id, order = current.day_id, current.order
    _unpair(day_id, [current])
    current.delete()
    Prescription.objects.filter(day_id=day_id, order__gt=order).update(order=F("order") - 1)


@transaction.atomic
def prescription_move(*, prescription: Prescription, direction: str) -> None:
    """Swap places with the neighbour above ("up") or below ("down")."""
    siblings = list(Prescription.objects.select_for_update().filter(day_id=prescription.day_id))
    siblings.sort(key=lambda rx: rx.order)
    index = next(i for i, rx in enumerate(siblings) if rx.pk == prescription.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    # A superset is two neighbours: moving either one apart ends it.
    moved = {siblings[index].superset_group, siblings[other].superset_group} - {None}
    for position, rx in enumerate(siblings, start=1):
        rx.order = position
        if rx.superset_group in moved:
            rx.superset_group = None
    Prescription.objects.bulk_update(siblings, ["order", "superset_group"])


def _unpair(day_id: int, prescriptions: list[Prescription]) -> None:
    groups = {rx.superset_group for rx in prescriptions} - {None}
    if groups:
        Prescription.objects.filter(day_id=day_id, superset_group__in=groups).update(
            superset_group=None
        )


@transaction.atomic
def prescription_pair_with_next(*, prescription: Prescription) -> bool:
    """Make a superset of this exercise and the next one of its day (custom programs).

    Each pair is two neighbours, done alternately with the rest after both. Returns False
    (and changes nothing) when there is no next exercise or either is already paired.
    """
    siblings = list(
        Prescription.objects.select_for_update()
        .filter(day_id=prescription.day_id)
        .order_by("order")
    )
    index = next((i for i, rx in enumerate(siblings) if rx.pk == prescription.pk), None)
    if index is None or index + 1 >= len(siblings):
        return False
    lead, partner = siblings[index], siblings[index + 1]
    if lead.superset_group is not None or partner.superset_group is not None:
        return False
    group = max((rx.superset_group or 0 for rx in siblings), default=0) + 1
    Prescription.objects.filter(pk__in=[lead.pk, partner.pk]).update(superset_group=group)
    return True


@transaction.atomic
def prescription_unpair(*, prescription: Prescription) -> None:
    """End the superset this exercise is in: both go back to resting after each set."""
    current = Prescription.objects.select_for_update().filter(pk=prescription.pk).first()
    if current is not None:
        _unpair(current.day_id, [current])


# --- Swaps ---------------------------------------------------------------------------------------


def exercise_swap(
    *,
    enrollment: Enrollment,
    prescription: Prescription,
    replacement: Exercise,
    scope: str,
    day: dt.date,
) -> ExerciseSwap | None:
    """Swap an exercise for one session, or from ``day`` for the rest of the program.

    Choosing the original exercise again removes the swaps that would apply instead.
    """
    if scope not in ExerciseSwap.Scope.values:
        raise ValidationError({"scope": ["Choose just this session or the rest of the program."]})
    if replacement.pk == prescription.exercise_id:
        swaps = ExerciseSwap.objects.filter(enrollment=enrollment, prescription=prescription)
        if scope == ExerciseSwap.Scope.ONCE:
            swaps = swaps.filter(day=day)
        swaps.delete()
        return None
    return ExerciseSwap.objects.create(
        enrollment=enrollment,
        prescription=prescription,
        replacement=replacement,
        scope=scope,
        day=day,
    )


def exercise_swap_undo(*, swap: ExerciseSwap) -> None:
    swap.delete()


# --- Calendar feed ----------------------------------------------------------------------------


def _new_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def calendar_feed_enable(*, user: User) -> CalendarFeed:
    """The person's live feed address, created on first use."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    existing = feed.first()
    if existing is not None:
        return existing
    return CalendarFeed.objects.create(user=user, token=_new_token())


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> int:
    """Turn the address off: calendars that subscribed to it stop updating."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def calendar_feed_reset(*, user: User) -> CalendarFeed:
    """A new address; the old one stops working at once."""
    calendar_feed_revoke(user=user)
    return CalendarFeed.objects.create(user=user, token=_new_token())
