"""Demo data: about five weeks of finished sessions for the demo person.

The sessions follow the demo enrollment's own schedule (the programs demo runs first and
enrolls the demo person; without an enrollment there is no plan to follow, and nothing
is logged).
Each session is planned with the real progression engine from the sessions before it,
and the simulated person does a little better each time, so the history shows steady
progress, load increases (2-for-2) and personal bests. A lighter deload week in the
plan is logged as one. Idempotent: nothing happens once the person has any session.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from apps.programs import selectors as programs_selectors
from apps.programs.models import Exercise
from apps.programs.schedule import EffectivePrescription
from apps.workouts import progression, selectors, services
from apps.workouts.models import SetLog, WorkoutSession
from apps.workouts.selectors import target_for

if TYPE_CHECKING:
    from apps.accounts.models import User

DEMO_WEEKS = 5
LOWER_BODY = {"squat", "hinge", "lunge"}
# Sensible first loads for a beginner, by equipment (kg): light, to learn the movement.
START_KG = {"machine": Decimal("20"), "cable": Decimal("15"), "dumbbell": Decimal("6")}


@dataclass(frozen=True)
class DemoSession:
    day: dt.date
    name: str
    week_number: int | None
    is_deload: bool
    workout_day_id: int | None
    enrollment_id: int | None
    prescriptions: list[EffectivePrescription]


def _planned_sessions(user: User, today: dt.date) -> list[DemoSession]:
    plan = programs_selectors.current_plan(user)
    if plan is not None:
        first = max(plan.enrollment.start_date, today - dt.timedelta(weeks=DEMO_WEEKS + 1))
        planned = plan.between(first, today - dt.timedelta(days=1))
        by_day = programs_selectors.prescriptions_for_sessions(plan, planned)
        return [
            DemoSession(
                p.day,
                p.name,
                p.week_number,
                p.is_deload,
                p.workout_day_id,
                p.enrollment_id,
                by_day[p.day],
            )
            for p in planned
        ]
    return []


def _start_load(exercise: Exercise) -> Decimal:
    base = START_KG.get(exercise.equipment, Decimal("10"))
    return base * 2 if exercise.movement_pattern in LOWER_BODY else base


def _performed(
    exercise: Exercise, suggestion: progression.Suggestion, rx: EffectivePrescription
) -> list[progression.LoggedSet]:
    """What the demo person did: a little more than asked, tiring on the last set."""
    high = rx.reps_high or rx.reps_low or 10
    sets = []
    for index in range(suggestion.sets):
        fatigue = 1 if index == suggestion.sets - 1 else 0
        rpe = Decimal("7") + Decimal("0.5") * index
        if exercise.measure == "timed":
            seconds = suggestion.seconds or rx.seconds or 30
            sets.append(progression.LoggedSet(seconds=seconds, rpe=rpe))
            continue
        aim = suggestion.reps or rx.reps_low or 8
        reps = min(high, aim + 2 - fatigue) if suggestion.change != "deload" else aim
        load = suggestion.load_kg
        if exercise.measure == "load" and load is None:
            load = _start_load(exercise)
        sets.append(
            progression.LoggedSet(
                reps=reps, load_kg=load if exercise.measure == "load" else None, rpe=rpe
            )
        )
    return sets


@transaction.atomic
def seed_demo(user: User) -> None:
    """Log about five weeks of the demo person's training (three sessions a week)."""
    if WorkoutSession.objects.filter(user=user).exists():
        return
    today = user.local_today()
    planned = _planned_sessions(user, today)
    if not planned:
        return
    exercise_ids = {rx.exercise_id for s in planned for rx in s.prescriptions}
    exercises = Exercise.objects.in_bulk(exercise_ids)
    history: dict[int, list[progression.Exposure]] = defaultdict(list)
    for number, item in enumerate(planned):
        started = dt.datetime.combine(item.day, dt.time(18, 5 * (number % 4)), tzinfo=user.zone)
        session = WorkoutSession.objects.create(
            user=user,
            enrollment_id=item.enrollment_id,
            workout_day_id=item.workout_day_id,
            week_number=item.week_number,
            name=item.name,
            date=item.day,
            started_at=started,
            finished_at=started + dt.timedelta(minutes=38),
            duration_min=34 if not item.is_deload else 25,
            session_rpe=Decimal("5") if item.is_deload else Decimal("6") + number % 2,
            is_deload=item.is_deload,
            notes="Felt good today." if number == len(planned) - 1 else "",
        )
        logged_at = started + dt.timedelta(minutes=3)
        sets: list[SetLog] = []
        for order, rx in enumerate(sorted(item.prescriptions, key=lambda r: r.order), 1):
            exercise = exercises[rx.exercise_id]
            suggestion = progression.suggest(
                target_for(exercise, rx),
                list(reversed(history[exercise.pk][-2:])),
                unit=user.units,
                deload=item.is_deload,
                volume_already_cut=True,
            )
            row = services.exercise_row_for(
                session, selectors.PlannedExercise(rx, exercise, suggestion), order
            )
            row.save()
            done = _performed(exercise, suggestion, rx)
            for set_number, logged in enumerate(done, 1):
                logged_at += dt.timedelta(seconds=rx.rest_seconds + 40)
                sets.append(
                    SetLog(
                        user=user,
                        session_exercise=row,
                        set_number=set_number,
                        reps=logged.reps,
                        load_kg=logged.load_kg,
                        seconds=logged.seconds,
                        rpe=logged.rpe,
                        logged_at=logged_at,
                    )
                )
            if not item.is_deload:
                history[exercise.pk].append(
                    progression.Exposure(tuple(done), target_seconds=suggestion.seconds)
                )
        SetLog.objects.bulk_create(sets)
        minutes = max(1, round((logged_at - started).total_seconds() / 60))
        session.duration_min = minutes
        session.finished_at = logged_at + dt.timedelta(minutes=2)
        session.save(update_fields=["duration_min", "finished_at"])
    services.personal_bests_rebuild(user=user)
