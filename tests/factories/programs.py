"""Factories for apps.programs.

``program_with()`` builds a complete program (weeks, days, prescriptions) of any size;
``EnrollmentFactory`` enrolls a user in one. The shipped library comes from a data
migration; tests that flush the database (browser tests, ``transactional_db``) call
``ensure_program_catalog()`` to load it again, and ``shipped_program(slug)`` fetches a
shipped template.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import factory

from apps.accounts.models import User
from apps.programs.catalog import catalog_sync_current
from apps.programs.models import (
    CalendarFeed,
    Enrollment,
    EnrollmentPause,
    Exercise,
    ExerciseAlternative,
    ExerciseSwap,
    Prescription,
    Program,
    ProgramWeek,
    WorkoutDay,
)
from tests.factories.accounts import UserFactory

__all__ = [
    "CalendarFeedFactory",
    "EnrollmentFactory",
    "EnrollmentPauseFactory",
    "ExerciseAlternativeFactory",
    "ExerciseFactory",
    "ExerciseSwapFactory",
    "PrescriptionFactory",
    "ProgramFactory",
    "ProgramWeekFactory",
    "WorkoutDayFactory",
    "ensure_program_catalog",
    "program_with",
    "shipped_program",
]


class ExerciseFactory(factory.django.DjangoModelFactory[Exercise]):
    class Meta:
        model = Exercise

    name = factory.Sequence(lambda n: f"Test exercise {n}")
    slug = factory.Sequence(lambda n: f"test-exercise-{n}")
    equipment = "machine"
    primary_muscles = factory.LazyFunction(lambda: ["quadriceps"])
    movement_pattern = "squat"
    form_cues = factory.LazyFunction(
        lambda: ["Set up steady.", "Move smoothly.", "Watch out: rushing."]
    )
    load_increment_kg = Decimal("2.5")
    measure = "load"


class ExerciseAlternativeFactory(factory.django.DjangoModelFactory[ExerciseAlternative]):
    class Meta:
        model = ExerciseAlternative

    exercise = factory.SubFactory(ExerciseFactory)
    alternative = factory.SubFactory(ExerciseFactory)
    kind = ExerciseAlternative.Kind.EASIER


class ProgramFactory(factory.django.DjangoModelFactory[Program]):
    """A bare template program (no days); ``program_with`` builds a complete one."""

    class Meta:
        model = Program

    slug = factory.Sequence(lambda n: f"test-program-{n}")
    name = factory.Sequence(lambda n: f"Test program {n}")
    summary = "A test program."
    who_for = "People in tests."
    why = "Because tests need one (ACSM 2009)."
    sources = factory.LazyFunction(lambda: ["ACSM position stand 2009"])
    level = Program.Level.BEGINNER
    setting = Program.Setting.GYM
    equipment = factory.LazyFunction(lambda: ["machine"])
    days_per_week = 3
    default_weekdays = factory.LazyFunction(lambda: [0, 2, 4])
    length_weeks = 8
    minutes_per_session = 40
    full_body = True
    is_template = True
    owner = None


class ProgramWeekFactory(factory.django.DjangoModelFactory[ProgramWeek]):
    class Meta:
        model = ProgramWeek

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: n + 1)


class WorkoutDayFactory(factory.django.DjangoModelFactory[WorkoutDay]):
    class Meta:
        model = WorkoutDay

    program = factory.SubFactory(ProgramFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Session {n}")
    focus = "Full body"


class PrescriptionFactory(factory.django.DjangoModelFactory[Prescription]):
    class Meta:
        model = Prescription

    day = factory.SubFactory(WorkoutDayFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    order = factory.Sequence(lambda n: n + 1)
    sets = 3
    reps_low = 8
    reps_high = 12
    target_rpe_low = Decimal("6")
    target_rpe_high = Decimal("7")
    rest_seconds = 90


def program_with(
    *,
    days: int = 3,
    exercises_per_day: int = 4,
    weeks: int = 8,
    deload_weeks: Iterable[int] = (5,),
    days_per_week: int | None = None,
    owner: User | None = None,
    **fields: Any,
) -> Program:
    """A complete program: ``weeks`` ProgramWeek rows (deloads as given), ``days`` workout
    days named Session A, B, C… each with ``exercises_per_day`` prescriptions."""
    per_week = days_per_week if days_per_week is not None else min(days, 3)
    default_weekdays = fields.pop("default_weekdays", [0, 2, 4, 6, 1, 3, 5][:per_week])
    program = ProgramFactory(
        days_per_week=per_week,
        default_weekdays=sorted(default_weekdays),
        length_weeks=weeks,
        owner=owner,
        is_template=owner is None,
        **fields,
    )
    deloads = set(deload_weeks)
    ProgramWeek.objects.bulk_create(
        [
            ProgramWeek(
                program=program,
                number=number,
                is_deload=number in deloads,
                set_multiplier=Decimal("0.6") if number in deloads else Decimal("1"),
                extra_reps_in_reserve=2 if number in deloads else 0,
                rpe_shift=Decimal("1") if number > max(deloads, default=weeks) else Decimal("0"),
            )
            for number in range(1, weeks + 1)
        ]
    )
    exercises = ExerciseFactory.create_batch(exercises_per_day)
    for order in range(1, days + 1):
        day = WorkoutDay.objects.create(
            program=program, order=order, name=f"Session {chr(64 + order)}", focus="Full body"
        )
        Prescription.objects.bulk_create(
            [
                Prescription(
                    day=day,
                    exercise=exercise,
                    order=position,
                    sets=3,
                    reps_low=8,
                    reps_high=12,
                    rest_seconds=90,
                )
                for position, exercise in enumerate(exercises, start=1)
            ]
        )
    return program


class EnrollmentFactory(factory.django.DjangoModelFactory[Enrollment]):
    """An active enrollment starting on the user's local today, on a complete program."""

    class Meta:
        model = Enrollment

    user = factory.SubFactory(UserFactory)
    program = factory.LazyFunction(program_with)
    start_date = factory.LazyAttribute(lambda o: o.user.local_today())
    weekdays = factory.LazyAttribute(lambda o: list(o.program.default_weekdays))
    status = Enrollment.Status.ACTIVE

    class Params:
        # EnrollmentFactory(training_today=True): a session is planned on the local today.
        training_today = factory.Trait(
            weekdays=factory.LazyAttribute(lambda o: [o.user.local_today().weekday()])
        )


class EnrollmentPauseFactory(factory.django.DjangoModelFactory[EnrollmentPause]):
    class Meta:
        model = EnrollmentPause

    enrollment = factory.SubFactory(EnrollmentFactory)
    start_date = factory.LazyAttribute(lambda o: o.enrollment.start_date + dt.timedelta(days=7))
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=7))


class ExerciseSwapFactory(factory.django.DjangoModelFactory[ExerciseSwap]):
    class Meta:
        model = ExerciseSwap

    enrollment = factory.SubFactory(EnrollmentFactory)
    prescription = factory.LazyAttribute(
        lambda o: (
            Prescription.objects.filter(day__program=o.enrollment.program)
            .order_by("day__order", "order")
            .first()
        )
    )
    replacement = factory.SubFactory(ExerciseFactory)
    scope = ExerciseSwap.Scope.ONCE
    day = factory.LazyAttribute(lambda o: o.enrollment.start_date)


class CalendarFeedFactory(factory.django.DjangoModelFactory[CalendarFeed]):
    class Meta:
        model = CalendarFeed

    user = factory.SubFactory(UserFactory)
    token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))


def ensure_program_catalog() -> None:
    """Load the shipped exercises and templates again (idempotent; after a DB flush)."""
    catalog_sync_current()


def shipped_program(slug: str) -> Program:
    """A shipped template, e.g. ``shipped_program("machine-foundation")``."""
    program = Program.objects.filter(slug=slug, owner__isnull=True).first()
    if program is None:
        ensure_program_catalog()
        program = Program.objects.get(slug=slug, owner__isnull=True)
    return program
