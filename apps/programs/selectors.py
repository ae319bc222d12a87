"""Reads for programs: enrollments, planned sessions and the prescriptions they carry.

Every function runs a constant number of queries, whatever the program's length or the
person's history: schedules are computed in Python (``apps.programs.schedule``) from a
handful of prefetched rows.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils.module_loading import import_string

from apps.programs import schedule
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
from apps.programs.schedule import EffectivePrescription, PlannedSession

if TYPE_CHECKING:
    from apps.accounts.models import User

CURRENT_STATUSES = (Enrollment.Status.ACTIVE, Enrollment.Status.PAUSED)
MINIMUM_SESSION_SLUG = "minimum-session"
# Bell et al., Sports Med Open 2024: about 40% fewer sets and 2 more reps in reserve.
DELOAD_SET_MULTIPLIER = Decimal("0.6")
DELOAD_EXTRA_RIR = 2


# --- Enrollment and planned sessions ---------------------------------------------------


def current_enrollment(user: User) -> Enrollment | None:
    """The person's active or paused enrollment, program joined in (one query)."""
    if user.pk is None:
        return None
    return (
        Enrollment.objects.filter(user=user, status__in=CURRENT_STATUSES)
        .select_related("program")
        .first()
    )


def enrollments_for(user: User) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(user=user).select_related("program")


def past_enrollments(user: User) -> list[Enrollment]:
    return list(enrollments_for(user).filter(status=Enrollment.Status.ENDED)[:20])


def schedule_spec(
    enrollment: Enrollment, *, pauses: Iterable[EnrollmentPause], day_count: int
) -> schedule.ScheduleSpec:
    """The pure-Python schedule of an enrollment, its pauses and its program's number of
    workout days."""
    program = enrollment.program
    return schedule.ScheduleSpec(
        start=enrollment.start_date,
        weekdays=frozenset(int(day) for day in enrollment.weekdays),
        sessions_per_week=program.days_per_week,
        length_weeks=program.length_weeks,
        workout_day_count=day_count,
        pauses=tuple(
            schedule.Pause(start=pause.start_date, end=pause.end_date) for pause in pauses
        ),
    )


def week_plans(weeks: Iterable[ProgramWeek]) -> dict[int, schedule.WeekPlan]:
    return {
        week.number: schedule.WeekPlan(
            number=week.number,
            is_deload=week.is_deload,
            set_multiplier=week.set_multiplier,
            extra_reps_in_reserve=week.extra_reps_in_reserve,
            rpe_shift=week.rpe_shift,
            note=week.note,
        )
        for week in weeks
    }


def _planned(
    enrollment: Enrollment,
    spec: schedule.ScheduleSpec,
    slot: schedule.Slot,
    days: Sequence[WorkoutDay],
    weeks: dict[int, schedule.WeekPlan],
) -> PlannedSession:
    program = enrollment.program
    workout_day = days[slot.rotation]
    week = schedule.week_plan(weeks, slot.week_number)
    return PlannedSession(
        enrollment_id=enrollment.pk,
        program_id=program.pk,
        workout_day_id=workout_day.pk,
        day=slot.day,
        week_number=slot.week_number,
        is_deload=week.is_deload,
        name=workout_day.name,
        minutes=program.minutes_per_session,
        session_number=slot.index + 1,
        total_sessions=spec.total_sessions,
        total_weeks=program.length_weeks,
        program_name=program.name,
        focus=workout_day.focus,
        week_note=week.note,
        week=week,
    )


@dataclass(frozen=True)
class EnrollmentPlan:
    """An enrollment with its schedule, ready to answer date questions without queries."""

    enrollment: Enrollment
    spec: schedule.ScheduleSpec
    days: list[WorkoutDay]
    weeks: dict[int, schedule.WeekPlan]

    def on(self, day: dt.date) -> PlannedSession | None:
        slot = schedule.slot_on(self.spec, day)
        return None if slot is None else self._planned(slot)

    def between(self, first: dt.date, last: dt.date) -> list[PlannedSession]:
        return [self._planned(slot) for slot in schedule.slots_between(self.spec, first, last)]

    def next_after(self, day: dt.date) -> PlannedSession | None:
        slot = schedule.next_slot_after(self.spec, day)
        return None if slot is None else self._planned(slot)

    def last_day(self) -> dt.date | None:
        return schedule.last_session_day(self.spec)

    def is_paused_on(self, day: dt.date) -> bool:
        return schedule.is_paused(day, schedule.merge_pauses(self.spec.pauses))

    def is_finished_by(self, day: dt.date) -> bool:
        """True once every session of the program lies before ``day``."""
        return schedule.sessions_before(self.spec, day) >= self.spec.total_sessions

    def week_number_on(self, day: dt.date) -> int:
        done = schedule.sessions_before(self.spec, day)
        return min(done // self.spec.sessions_per_week + 1, self.spec.length_weeks)

    def _planned(self, slot: schedule.Slot) -> PlannedSession:
        return _planned(self.enrollment, self.spec, slot, self.days, self.weeks)


def enrollment_plan(enrollment: Enrollment) -> EnrollmentPlan:
    """Needs ``pauses``, ``program__days`` and ``program__weeks`` prefetched."""
    return _plan(
        enrollment,
        pauses=enrollment.pauses.all(),
        days=enrollment.program.days.all(),
        weeks=enrollment.program.weeks.all(),
    )


def _plan(
    enrollment: Enrollment,
    *,
    pauses: Iterable[EnrollmentPause],
    days: Iterable[WorkoutDay],
    weeks: Iterable[ProgramWeek],
) -> EnrollmentPlan:
    day_list = list(days)
    return EnrollmentPlan(
        enrollment=enrollment,
        spec=schedule_spec(enrollment, pauses=pauses, day_count=len(day_list)),
        days=day_list,
        weeks=week_plans(weeks),
    )


def current_plan(user: User) -> EnrollmentPlan | None:
    """The current enrollment's plan in four small queries: the enrollment with its
    program, then its pauses, days and weeks by their own keys. (Plain queries rather
    than ``prefetch_related``, whose machinery cost more than the four queries' SQL on
    the busiest page, Today.)"""
    enrollment = current_enrollment(user)
    if enrollment is None:
        return None
    program_id = enrollment.program_id
    return _plan(
        enrollment,
        pauses=EnrollmentPause.objects.filter(enrollment=enrollment).order_by("start_date"),
        days=WorkoutDay.objects.filter(program_id=program_id).order_by("order"),
        weeks=ProgramWeek.objects.filter(program_id=program_id).order_by("number"),
    )


def plans_for_users(user_ids: Iterable[int]) -> dict[int, EnrollmentPlan]:
    """Each person's current plan, for many people at once (four queries in all)."""
    enrollments = (
        Enrollment.objects.filter(user_id__in=list(user_ids), status__in=CURRENT_STATUSES)
        .select_related("program")
        .prefetch_related("pauses", "program__days", "program__weeks")
    )
    return {enrollment.user_id: enrollment_plan(enrollment) for enrollment in enrollments}


def planned_session_for(user: User, day: dt.date) -> PlannedSession | None:
    """The workout planned on the person's local date ``day``.

    None on rest days, paused days, before the start, after the end, or without an
    enrollment. Four queries.
    """
    plan = current_plan(user)
    return None if plan is None else plan.on(day)


def planned_sessions_between(user: User, start: dt.date, end: dt.date) -> list[PlannedSession]:
    """Every planned session from ``start`` to ``end`` inclusive, in date order (four queries)."""
    plan = current_plan(user)
    return [] if plan is None else plan.between(start, end)


# --- Prescriptions ------------------------------------------------------------------------


def _base(rx: Prescription) -> EffectivePrescription:
    exercise = rx.exercise
    return EffectivePrescription(
        prescription_id=rx.pk,
        exercise_id=exercise.pk,
        order=rx.order,
        sets=rx.sets,
        reps_low=rx.reps_low,
        reps_high=rx.reps_high,
        seconds=rx.seconds,
        target_rpe_low=rx.target_rpe_low,
        target_rpe_high=rx.target_rpe_high,
        rest_seconds=rx.rest_seconds,
        notes=rx.notes,
        exercise_name=exercise.name,
        exercise_slug=exercise.slug,
        measure=exercise.measure,
        equipment=exercise.equipment,
        load_increment_kg=exercise.load_increment_kg,
        movement_pattern=exercise.movement_pattern,
        superset_group=rx.superset_group,
    )


def _with_swap(rx: EffectivePrescription, swap: ExerciseSwap | None) -> EffectivePrescription:
    if swap is None:
        return rx
    replacement = swap.replacement
    swapped = replace(
        rx,
        exercise_id=replacement.pk,
        exercise_name=replacement.name,
        exercise_slug=replacement.slug,
        measure=replacement.measure,
        equipment=replacement.equipment,
        load_increment_kg=replacement.load_increment_kg,
        movement_pattern=replacement.movement_pattern,
        swapped_from_exercise_id=rx.exercise_id,
        swapped_from_name=rx.exercise_name,
        swap_id=swap.pk,
        swap_scope=swap.scope,
    )
    return schedule.fit_to_measure(swapped, replacement.measure)


def applicable_swap(swaps: Iterable[ExerciseSwap], day: dt.date) -> ExerciseSwap | None:
    """The swap in force on ``day``: the most recent one-off for that day or onward swap."""
    chosen = None
    for swap in swaps:
        applies = swap.day == day if swap.scope == ExerciseSwap.Scope.ONCE else swap.day <= day
        if applies and (
            chosen is None or (swap.created_at, swap.pk) > (chosen.created_at, chosen.pk)
        ):
            chosen = swap
    return chosen


def effective_prescriptions(planned: PlannedSession) -> list[EffectivePrescription]:
    """The planned session's prescriptions with its week's modifiers and swaps applied.

    Deload weeks cut sets by about 40% and add 2 reps in reserve (target RPE − 2), and
    other weeks move the target RPE by their ``rpe_shift`` (Bell et al., Sports Med Open
    2024; DOMAIN.md). Two queries, three when ``planned`` does not carry its week.
    """
    week = planned.week
    if week is None:
        week_row = ProgramWeek.objects.filter(
            program_id=planned.program_id, number=planned.week_number
        ).first()
        week = schedule.week_plan(
            week_plans([week_row]) if week_row is not None else {}, planned.week_number
        )
    if planned.is_deload and not week.is_deload:
        # A deload asked for outside a deload week (no week row, or the person took the
        # deload version a ``deload_due`` guidance item offers): the standard deload.
        week = schedule.WeekPlan(
            number=planned.week_number,
            is_deload=True,
            set_multiplier=DELOAD_SET_MULTIPLIER,
            extra_reps_in_reserve=DELOAD_EXTRA_RIR,
        )
    prescriptions = Prescription.objects.filter(day_id=planned.workout_day_id).select_related(
        "exercise"
    )
    swaps_by_rx: dict[int, list[ExerciseSwap]] = defaultdict(list)
    for swap in ExerciseSwap.objects.filter(
        enrollment_id=planned.enrollment_id,
        prescription__day_id=planned.workout_day_id,
        day__lte=planned.day,
    ).select_related("replacement"):
        swaps_by_rx[swap.prescription_id].append(swap)
    return [
        schedule.apply_week(
            _with_swap(_base(rx), applicable_swap(swaps_by_rx[rx.pk], planned.day)), week
        )
        for rx in prescriptions
    ]


def minimum_session_program() -> Program:
    """The shipped 15-minute minimum session template (one query)."""
    return Program.objects.get(slug=MINIMUM_SESSION_SLUG, owner__isnull=True)


def minimum_session_prescriptions() -> list[EffectivePrescription]:
    """The minimum session's exercises, as prescribed (one query)."""
    prescriptions = (
        Prescription.objects.filter(
            day__program__slug=MINIMUM_SESSION_SLUG, day__program__owner__isnull=True
        )
        .select_related("exercise")
        .order_by("day__order", "order")
    )
    return [_base(rx) for rx in prescriptions]


# --- Programs -------------------------------------------------------------------------------


def programs_visible_to(user: User) -> QuerySet[Program]:
    """Templates plus the person's own copies; another person's copy is never visible."""
    return Program.objects.filter(Q(owner__isnull=True) | Q(owner=user))


def custom_programs_for(user: User) -> QuerySet[Program]:
    return Program.objects.filter(owner=user)


def browsable_programs(user: User) -> list[Program]:
    """Programs someone can enroll in: templates (not the minimum session) and own copies."""
    return list(programs_visible_to(user).filter(is_minimum_session=False))


@dataclass(frozen=True)
class DayPlan:
    day: WorkoutDay
    prescriptions: list[EffectivePrescription]

    @property
    def builder_rows(self) -> list[BuilderRow]:
        """Each entry with its superset partner and whether it can pair with the next."""
        rows = []
        items = self.prescriptions
        for index, rx in enumerate(items):
            after = items[index + 1] if index + 1 < len(items) else None
            partner = next(
                (
                    other
                    for other in items
                    if other is not rx
                    and rx.superset_group is not None
                    and other.superset_group == rx.superset_group
                ),
                None,
            )
            can_pair = (
                after is not None and rx.superset_group is None and after.superset_group is None
            )
            rows.append(BuilderRow(rx, partner, can_pair))
        return rows


@dataclass(frozen=True)
class BuilderRow:
    """One entry of a custom program's day in the builder."""

    rx: EffectivePrescription
    superset_partner: EffectivePrescription | None
    can_pair_with_next: bool


@dataclass(frozen=True)
class WeekOfProgram:
    week: schedule.WeekPlan
    days: list[DayPlan]

    @property
    def total_sets(self) -> int:
        return sum(rx.sets for day in self.days for rx in day.prescriptions)


@dataclass(frozen=True)
class ProgramPlan:
    program: Program
    days: list[WorkoutDay]
    base: list[DayPlan]
    weeks: list[WeekOfProgram] = field(default_factory=list)

    @property
    def deload_weeks(self) -> list[int]:
        return [week.week.number for week in self.weeks if week.week.is_deload]


def program_plan(program: Program) -> ProgramPlan:
    """Every week of a program with its effective prescriptions (three queries)."""
    weeks = week_plans(ProgramWeek.objects.filter(program=program))
    days = list(
        WorkoutDay.objects.filter(program=program).prefetch_related(
            Prefetch(
                "prescriptions",
                queryset=Prescription.objects.select_related("exercise").order_by("order"),
            )
        )
    )
    base = [DayPlan(day, [_base(rx) for rx in day.prescriptions.all()]) for day in days]
    return ProgramPlan(
        program=program,
        days=days,
        base=base,
        weeks=[
            WeekOfProgram(
                week=schedule.week_plan(weeks, number),
                days=[
                    DayPlan(
                        day_plan.day,
                        [
                            schedule.apply_week(rx, schedule.week_plan(weeks, number))
                            for rx in day_plan.prescriptions
                        ],
                    )
                    for day_plan in base
                ],
            )
            for number in range(1, program.length_weeks + 1)
        ],
    )


def program_for_editing(user: User, pk: int) -> Program | None:
    return custom_programs_for(user).filter(pk=pk).first()


# --- Exercises -----------------------------------------------------------------------------


def exercises_matching(
    user: User, query: str = "", equipment: str = "", pattern: str = ""
) -> QuerySet[Exercise]:
    exercises = Exercise.objects.visible_to(user)
    for word in query.split():
        exercises = exercises.filter(
            Q(name__icontains=word)
            | Q(slug__icontains=word)
            | Q(movement_pattern__icontains=word)
            | Q(primary_muscles__icontains=word)
        )
    if equipment:
        exercises = exercises.filter(equipment=equipment)
    if pattern:
        exercises = exercises.filter(movement_pattern=pattern)
    return exercises.order_by("name")


@dataclass(frozen=True)
class Alternatives:
    easier: list[Exercise]
    harder: list[Exercise]
    equipment: list[Exercise]

    def all(self) -> list[tuple[str, list[Exercise]]]:
        return [
            ("Easier", self.easier),
            ("Harder", self.harder),
            ("Other equipment", self.equipment),
        ]

    def unique_groups(self) -> list[tuple[str, list[Exercise]]]:
        """The groups with each exercise listed once (first group wins), for a chooser."""
        seen: set[int] = set()
        groups = []
        for label, items in self.all():
            fresh = [item for item in items if item.pk not in seen]
            seen.update(item.pk for item in fresh)
            groups.append((label, fresh))
        return groups

    @property
    def ids(self) -> set[int]:
        return {e.pk for e in [*self.easier, *self.harder, *self.equipment]}


def alternatives_for(exercise_id: int, *, allow_high_impact: bool = True) -> Alternatives:
    """An exercise's easier, harder and other-equipment alternatives (one query)."""
    links = ExerciseAlternative.objects.filter(exercise_id=exercise_id).select_related(
        "alternative"
    )
    grouped: dict[str, list[Exercise]] = defaultdict(list)
    for link in links.order_by("kind", "alternative__name"):
        if allow_high_impact or not link.alternative.is_high_impact:
            grouped[link.kind].append(link.alternative)
    return Alternatives(
        easier=grouped[ExerciseAlternative.Kind.EASIER],
        harder=grouped[ExerciseAlternative.Kind.HARDER],
        equipment=grouped[ExerciseAlternative.Kind.EQUIPMENT],
    )


def exercise_with_alternatives(user: User, slug: str) -> tuple[Exercise, Alternatives] | None:
    exercise = Exercise.objects.visible_to(user).filter(slug=slug).first()
    if exercise is None:
        return None
    return exercise, alternatives_for(exercise.pk)


# --- Swaps ---------------------------------------------------------------------------------


def swaps_for(user: User) -> QuerySet[ExerciseSwap]:
    return ExerciseSwap.objects.filter(enrollment__user=user)


def prescription_in_plan(plan: EnrollmentPlan, prescription_id: int) -> Prescription | None:
    """A prescription of the person's current program, or None (someone else's, or gone)."""
    day_ids = [day.pk for day in plan.days]
    return (
        Prescription.objects.filter(pk=prescription_id, day_id__in=day_ids)
        .select_related("exercise", "day")
        .first()
    )


# --- Calendar ----------------------------------------------------------------------------


def live_feed(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_by_token(token: str) -> CalendarFeed | None:
    if not token:
        return None
    return (
        CalendarFeed.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("user")
        .first()
    )


def prescriptions_for_sessions(
    plan: EnrollmentPlan, sessions: Sequence[PlannedSession]
) -> dict[dt.date, list[EffectivePrescription]]:
    """Each planned session's effective prescriptions, by date (two queries in all)."""
    by_day: dict[int, list[Prescription]] = defaultdict(list)
    for rx in (
        Prescription.objects.filter(day_id__in=[day.pk for day in plan.days])
        .select_related("exercise")
        .order_by("day_id", "order")
    ):
        by_day[rx.day_id].append(rx)
    swaps: dict[int, list[ExerciseSwap]] = defaultdict(list)
    for swap in ExerciseSwap.objects.filter(enrollment=plan.enrollment).select_related(
        "replacement"
    ):
        swaps[swap.prescription_id].append(swap)
    result: dict[dt.date, list[EffectivePrescription]] = {}
    for planned in sessions:
        week = schedule.week_plan(plan.weeks, planned.week_number)
        result[planned.day] = [
            schedule.apply_week(
                _with_swap(_base(rx), applicable_swap(swaps[rx.pk], planned.day)), week
            )
            for rx in by_day[planned.workout_day_id]
        ]
    return result


@dataclass(frozen=True)
class DoneSession:
    pk: int
    day: dt.date
    name: str
    finished: bool
    is_minimum: bool


@dataclass(frozen=True)
class CalendarDay:
    day: dt.date
    planned: PlannedSession | None
    done: list[DoneSession]
    is_today: bool
    in_month: bool = True
    paused: bool = False

    @property
    def is_rest(self) -> bool:
        return self.planned is None and not self.done


def readiness_answered(user: User) -> bool:
    """Whether the person has answered the readiness questions, which come before a first
    program (DOMAIN.md). The safety app asks them and sits above programs, so the function
    is named in ``settings.STEADY_READINESS_ANSWERED`` instead of imported."""
    answer = import_string(settings.STEADY_READINESS_ANSWERED)
    answered: bool = answer(user)
    return answered


def done_sessions_between(
    user: User, first: dt.date, last: dt.date
) -> dict[dt.date, list[DoneSession]]:
    """The person's logged sessions by local date, from ``first`` to ``last``.

    Workouts keeps the sessions and sits above programs, so the function that reads them
    is named in ``settings.STEADY_DONE_SESSIONS`` instead of imported. One query.
    """
    answer = import_string(settings.STEADY_DONE_SESSIONS)
    done: dict[dt.date, list[DoneSession]] = answer(user, first, last)
    return done


def calendar_days(
    user: User, plan: EnrollmentPlan | None, first: dt.date, last: dt.date, today: dt.date
) -> list[CalendarDay]:
    """Planned and done sessions for each date from ``first`` to ``last`` (one query)."""
    planned = {p.day: p for p in plan.between(first, last)} if plan is not None else {}
    done = done_sessions_between(user, first, last)
    days = []
    day = first
    while day <= last:
        days.append(
            CalendarDay(
                day=day,
                planned=planned.get(day),
                done=done.get(day, []),
                is_today=day == today,
                paused=plan.is_paused_on(day) if plan is not None else False,
            )
        )
        day += dt.timedelta(days=1)
    return days


def month_grid(
    user: User, plan: EnrollmentPlan | None, year: int, month: int, today: dt.date
) -> list[list[CalendarDay]]:
    """A month as weeks of seven days, starting on the person's week start."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    grid_first = schedule.week_start_for(first, user.week_start)
    grid_last = schedule.week_start_for(last, user.week_start) + dt.timedelta(days=6)
    days = [
        CalendarDay(
            day=cell.day,
            planned=cell.planned,
            done=cell.done,
            is_today=cell.is_today,
            in_month=cell.day.month == month,
            paused=cell.paused,
        )
        for cell in calendar_days(user, plan, grid_first, grid_last, today)
    ]
    return [days[i : i + 7] for i in range(0, len(days), 7)]
