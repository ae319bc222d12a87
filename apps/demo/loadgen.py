"""Plausible multi-year histories for load tests and benchmarks.

Each generated person follows the 3-day machine foundation: about three sessions a week
(some missed, as in real life), about 20 sets per session with slowly rising loads,
before and after check-ins on most sessions, occasional daily check-ins, and a PHQ-9
every two weeks with a gentle downward trend. Rows go in with COPY (``apps.demo.bulk``).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from apps.accounts.models import User
from apps.demo.bulk import bulk_insert
from apps.journal.models import CheckIn, QuestionnaireResponse
from apps.programs.models import Enrollment, Prescription, Program
from apps.workouts.models import SessionExercise, SetLog, WorkoutSession
from apps.workouts.services import personal_bests_rebuild

USERS_PER_BATCH = 25
LOADGEN_PASSWORD = "load-test-password"  # noqa: S105 - generated test accounts only
ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata"]
TRAINING_WEEKDAYS = (0, 2, 4)


@dataclass
class Totals:
    users: int = 0
    sessions: int = 0
    sets: int = 0
    checkins: int = 0
    questionnaires: int = 0


def foundation_program() -> Program:
    """The shipped 3-day machine foundation (the longest 3-day gym template)."""
    program = (
        Program.objects.filter(is_template=True, setting=Program.Setting.GYM, days_per_week=3)
        .prefetch_related("days__prescriptions__exercise", "weeks")
        .order_by("-length_weeks", "pk")
        .first()
    )
    if program is None:
        raise RuntimeError("The shipped program templates are missing: run migrate first.")
    return program


def generate_histories(
    *, users: int, years: float, today: dt.date, prefix: str = "load", seed: int = 7
) -> Totals:
    rng = random.Random(seed)
    program = foundation_program()
    days = list(program.days.all())
    prescriptions = {day.pk: list(day.prescriptions.all()) for day in days}
    deload_weeks = {week.number for week in program.weeks.all() if week.is_deload}
    password = make_password(LOADGEN_PASSWORD)
    existing = User.objects.filter(email__startswith=f"{prefix}-").count()
    totals = Totals()
    for start in range(existing, existing + users, USERS_PER_BATCH):
        count = min(USERS_PER_BATCH, existing + users - start)
        with transaction.atomic():
            _generate_batch(
                rng,
                start,
                count,
                years,
                today,
                prefix,
                password,
                program,
                days,
                prescriptions,
                deload_weeks,
                totals,
            )
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would gather later: plans must see the real sizes.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return totals


def _generate_batch(
    rng: random.Random,
    start: int,
    count: int,
    years: float,
    today: dt.date,
    prefix: str,
    password: str,
    program: Program,
    days: list,  # type: ignore[type-arg]
    prescriptions: dict[int, list[Prescription]],
    deload_weeks: set[int],
    totals: Totals,
) -> None:
    people = bulk_insert(
        User,
        [
            User(
                email=f"{prefix}-{n:06d}@example.test",
                display_name=f"Load {n}",
                time_zone=ZONES[n % len(ZONES)],
                country="GB",
                password=password,
            )
            for n in range(start, start + count)
        ],
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in people]
    )
    first_day = today - dt.timedelta(days=int(years * 365))
    enrollments = bulk_insert(
        Enrollment,
        [
            Enrollment(
                user=u, program=program, start_date=first_day, weekdays=list(TRAINING_WEEKDAYS)
            )
            for u in people
        ],
    )
    sessions: list[WorkoutSession] = []
    exercises: list[SessionExercise] = []
    sets: list[SetLog] = []
    checkins: list[CheckIn] = []
    questionnaires: list[QuestionnaireResponse] = []
    for user, enrollment in zip(people, enrollments, strict=True):
        zone = zoneinfo.ZoneInfo(user.time_zone)
        base_load = {
            p.exercise_id: Decimal(rng.randrange(10, 50, 5))
            for ps in prescriptions.values()
            for p in ps
        }
        mood_base = rng.uniform(3.5, 6.0)
        rotation = 0
        day = first_day
        while day < today:
            progress = (day - first_day).days / max(1, (today - first_day).days)
            mood_now = mood_base + 2.0 * progress
            if day.weekday() in TRAINING_WEEKDAYS and rng.random() < 0.85:
                workout_day = days[rotation % len(days)]
                rotation += 1
                week = ((day - first_day).days // 7) % program.length_weeks + 1
                started = dt.datetime.combine(day, dt.time(18, rng.randrange(0, 50)), zone)
                session = WorkoutSession(
                    user=user,
                    enrollment=enrollment,
                    workout_day=workout_day,
                    week_number=week,
                    name=workout_day.name,
                    date=day,
                    started_at=started,
                    finished_at=started + dt.timedelta(minutes=40),
                    duration_min=40,
                    session_rpe=Decimal(rng.randint(5, 8)),
                    is_deload=week in deload_weeks,
                )
                sessions.append(session)
                for order, p in enumerate(prescriptions[workout_day.pk], start=1):
                    load = base_load[p.exercise_id] + Decimal("2.5") * int(progress * 20)
                    se = SessionExercise(
                        session=session,
                        exercise_id=p.exercise_id,
                        prescription=p,
                        order=order,
                        planned_sets=p.sets,
                        reps_low=p.reps_low,
                        reps_high=p.reps_high,
                        seconds=p.seconds,
                        target_rpe_low=p.target_rpe_low,
                        target_rpe_high=p.target_rpe_high,
                        rest_seconds=p.rest_seconds,
                        suggested_load_kg=load,
                        suggested_reps=p.reps_low,
                    )
                    exercises.append(se)
                    for number in range(1, p.sets + 1):
                        reps = (
                            None
                            if p.reps_low is None
                            else rng.randint(p.reps_low, p.reps_high or p.reps_low)
                        )
                        sets.append(
                            SetLog(
                                user=user,
                                session_exercise=se,
                                client_id=uuid.uuid4(),
                                set_number=number,
                                reps=reps,
                                seconds=p.seconds if reps is None else None,
                                load_kg=load if reps is not None else None,
                                rpe=Decimal(rng.randint(6, 9)),
                                logged_at=started + dt.timedelta(minutes=2 * len(sets) % 38),
                            )
                        )
                if rng.random() < 0.8:
                    before = _mood(rng, mood_now)
                    checkins.append(
                        CheckIn(
                            user=user,
                            kind=CheckIn.Kind.BEFORE,
                            session=session,
                            date=day,
                            created_at=started - dt.timedelta(minutes=5),
                            mood=before,
                            energy=_mood(rng, mood_now),
                            stress=rng.randint(2, 8),
                            sleep_hours=Decimal(rng.choice(["5.5", "6.5", "7", "7.5", "8"])),
                            ate_recently=rng.random() < 0.8,
                        )
                    )
                    checkins.append(
                        CheckIn(
                            user=user,
                            kind=CheckIn.Kind.AFTER,
                            session=session,
                            date=day,
                            created_at=started + dt.timedelta(minutes=45),
                            mood=min(10, before + rng.choice([0, 1, 1, 2])),
                            energy=_mood(rng, mood_now),
                        )
                    )
            elif rng.random() < 0.3:
                noon = dt.datetime.combine(day, dt.time(12), zone)
                checkins.append(
                    CheckIn(
                        user=user,
                        kind=CheckIn.Kind.DAILY,
                        date=day,
                        created_at=noon,
                        mood=_mood(rng, mood_now),
                    )
                )
            if (day - first_day).days % 14 == 0:
                level = max(0, min(3, round(2.2 - 2 * progress + rng.uniform(-0.6, 0.6))))
                answers = [max(0, min(3, level + rng.choice([-1, 0, 0, 1]))) for _ in range(8)] + [
                    0
                ]
                questionnaires.append(
                    QuestionnaireResponse(
                        user=user,
                        kind=QuestionnaireResponse.Kind.PHQ9,
                        date=day,
                        created_at=dt.datetime.combine(day, dt.time(9), zone),
                        answers=answers,
                        total=sum(answers),
                    )
                )
            day += dt.timedelta(days=1)
    bulk_insert(WorkoutSession, sessions)
    for se in exercises:
        se.session_id = se.session.pk
    bulk_insert(SessionExercise, exercises)
    for s in sets:
        s.session_exercise_id = s.session_exercise.pk
    bulk_insert(SetLog, sets)
    for person in people:
        personal_bests_rebuild(user=person)
    for c in checkins:
        c.session_id = c.session.pk if c.session else None
    bulk_insert(CheckIn, checkins)
    bulk_insert(QuestionnaireResponse, questionnaires)
    totals.users += len(people)
    totals.sessions += len(sessions)
    totals.sets += len(sets)
    totals.checkins += len(checkins)
    totals.questionnaires += len(questionnaires)


def _mood(rng: random.Random, centre: float) -> int:
    return max(1, min(10, round(rng.gauss(centre, 1.2))))
