"""Reads for reminders: preferences, what is coming up, facts an email may mention.

Nothing here reads or returns mood values, tags or notes: no reminder depends on them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Max

from apps.accounts.models import User
from apps.journal.models import CheckIn, QuestionnaireResponse
from apps.reminders.models import Delivery, ReminderKind, ReminderPreferences, ReminderSchedule
from apps.reminders.timing import fire_on, local_day_of
from apps.workouts.models import WorkoutSession

if TYPE_CHECKING:
    from apps.programs.schedule import PlannedSession

USUAL_TIME_SAMPLE = 10


def preferences_of(user: User) -> ReminderPreferences | None:
    return ReminderPreferences.objects.filter(user=user).first()


# How far ahead the "coming up" list looks for the next training day.
UPCOMING_TRAINING_DAYS_AHEAD = 14


@dataclass(frozen=True)
class UpcomingReminder:
    """One line of the "coming up" list on the reminder settings page."""

    kind: str
    label: str
    at: dt.datetime
    session_name: str = ""


def upcoming_reminders_for(user: User) -> list[UpcomingReminder]:
    """The next email of each kind that is on, soonest first. The workout reminder is
    shown on the next training day only (it is never sent on a rest day, nor once that
    day's session is finished)."""
    upcoming: list[UpcomingReminder] = []
    rows = ReminderSchedule.objects.filter(user=user, next_fire_at__isnull=False)
    for row in rows:
        assert row.next_fire_at is not None
        if row.kind != ReminderKind.WORKOUT:
            upcoming.append(UpcomingReminder(row.kind, row.get_kind_display(), row.next_fire_at))
            continue
        found = _next_workout_reminder(user, row)
        if found is not None:
            at, name = found
            upcoming.append(UpcomingReminder(row.kind, row.get_kind_display(), at, name))
    return sorted(upcoming, key=lambda item: item.at)


def _next_workout_reminder(user: User, row: ReminderSchedule) -> tuple[dt.datetime, str] | None:
    assert row.next_fire_at is not None
    zone = user.zone
    prefs = preferences_of(user)
    quiet = prefs.quiet_hours() if prefs else None
    first = local_day_of(row.next_fire_at, zone)
    days = planned_sessions_in(
        user, first, first + dt.timedelta(days=UPCOMING_TRAINING_DAYS_AHEAD - 1)
    )
    for planned in days:
        at = fire_on(planned.day, row.local_time, zone, quiet)
        if at >= row.next_fire_at and not session_finished_on(user, planned.day):
            return at, planned.name
    return None


def recent_deliveries_for(user: User, *, limit: int = 10) -> list[Delivery]:
    return list(
        Delivery.objects.filter(user=user)
        .exclude(state=Delivery.State.SKIPPED, skip_reason=Delivery.SkipReason.TOO_LATE)
        .order_by("-scheduled_for")[:limit]
    )


def outbox_counts() -> dict[str, int]:
    """How many deliveries are in each state (all states listed, zero included)."""
    counts = dict(
        Delivery.objects.order_by()
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    return {state: counts.get(state, 0) for state in Delivery.State.values}


def usual_start_times(user: User) -> list[dt.time]:
    """Local start times of the person's most recent finished sessions."""
    starts = WorkoutSession.objects.filter(user=user, finished_at__isnull=False).values_list(
        "started_at", flat=True
    )[:USUAL_TIME_SAMPLE]
    zone = user.zone
    return [started.astimezone(zone).time() for started in starts]


def session_finished_on(user: User, day: dt.date) -> bool:
    """Whether the person has already finished a session on their local ``day``."""
    return WorkoutSession.objects.filter(user=user, date=day, finished_at__isnull=False).exists()


def after_checkin_exists(session_id: int) -> bool:
    return CheckIn.objects.filter(session_id=session_id, kind=CheckIn.Kind.AFTER).exists()


def last_phq9_dates(user_ids: Iterable[int]) -> dict[int, dt.date]:
    rows = (
        QuestionnaireResponse.objects.filter(
            user_id__in=list(user_ids), kind=QuestionnaireResponse.Kind.PHQ9
        )
        .order_by()
        .values("user_id")
        .annotate(last=Max("date"))
    )
    return {row["user_id"]: row["last"] for row in rows}


def last_session_dates(user_ids: Iterable[int]) -> dict[int, dt.date]:
    rows = (
        WorkoutSession.objects.filter(user_id__in=list(user_ids), finished_at__isnull=False)
        .order_by()
        .values("user_id")
        .annotate(last=Max("date"))
    )
    return {row["user_id"]: row["last"] for row in rows}


def last_delivery_instants(
    user_ids: Iterable[int], kind: str, *, exclude_id: int | None = None
) -> dict[int, dt.datetime]:
    """When each person's last non-skipped delivery of ``kind`` was due."""
    qs = Delivery.objects.filter(user_id__in=list(user_ids), kind=kind).exclude(
        state=Delivery.State.SKIPPED
    )
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    rows = qs.order_by().values("user_id").annotate(last=Max("scheduled_for"))
    return {row["user_id"]: row["last"] for row in rows}


def planned_session_on(user: User, day: dt.date) -> PlannedSession | None:
    """The workout planned for the person's local ``day``, None on a rest day."""
    from apps.programs.selectors import planned_session_for

    return planned_session_for(user, day)


def planned_sessions_in(user: User, start: dt.date, end: dt.date) -> list[PlannedSession]:
    from apps.programs.selectors import planned_sessions_between

    return list(planned_sessions_between(user, start, end))


@dataclass(frozen=True)
class WeekInNumbers:
    """What a weekly summary may say. Training facts only: no mood, no journal."""

    start: dt.date
    end: dt.date
    done: int
    planned: int
    records: int
    minutes: int


def week_in_numbers(user: User, start: dt.date, end: dt.date) -> WeekInNumbers:
    """Sessions finished vs planned and new personal bests between two local dates.

    Personal bests use the workouts app's own rule (``apps.workouts.records``: estimated
    1RM by Epley, heaviest load, most reps or longest hold, depending on the exercise),
    so the email agrees with the history page. The count is of exercises that set a new
    best this week; the first time an exercise is logged is not a record.
    """
    from apps.workouts import selectors as workout_selectors

    sessions = list(
        WorkoutSession.objects.filter(
            user=user, finished_at__isnull=False, date__range=(start, end)
        ).order_by("started_at")
    )
    improved: set[int] = set()
    for session in sessions:
        detailed = workout_selectors.session_with_sets(user, session.pk).first()
        if detailed is None:
            continue
        exercises = list(detailed.exercises.all())
        bests = workout_selectors.bests_before(user, detailed)
        record_ids = workout_selectors.record_set_ids(exercises, bests)
        improved.update(
            row.exercise_id
            for row in exercises
            if any(s.pk in record_ids for s in row.live_sets)  # type: ignore[attr-defined]
        )
    return WeekInNumbers(
        start=start,
        end=end,
        done=len(sessions),
        planned=len(planned_sessions_in(user, start, end)),
        records=len(improved),
        minutes=sum(s.duration_min or 0 for s in sessions),
    )


def kinds_with_labels() -> list[tuple[str, str]]:
    return [(kind.value, kind.label) for kind in ReminderKind]
