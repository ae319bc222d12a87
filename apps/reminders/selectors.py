"""Reads for reminders: preferences, what is coming up, facts an email may mention.

Nothing here returns mood values, tags or notes. ``gentle_tone_for`` looks at recent
moods and returns only a yes/no, so a template can never print a mood by accident.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Max, QuerySet

from apps.accounts.models import User
from apps.journal.models import CheckIn, QuestionnaireResponse
from apps.reminders.models import Delivery, ReminderKind, ReminderPreferences, ReminderSchedule
from apps.workouts.models import SetLog, WorkoutSession

if TYPE_CHECKING:
    from apps.programs.schedule import PlannedSession

# DOMAIN.md treats a mood of 4 or lower (1–10) as low; a week is "recent".
LOW_MOOD_AT_MOST = 4
GENTLE_TONE_WINDOW = dt.timedelta(days=7)
USUAL_TIME_SAMPLE = 10


def preferences_of(user: User) -> ReminderPreferences | None:
    return ReminderPreferences.objects.filter(user=user).first()


def upcoming_reminders_for(user: User) -> QuerySet[ReminderSchedule]:
    return ReminderSchedule.objects.filter(user=user, next_fire_at__isnull=False).order_by(
        "next_fire_at"
    )


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


def gentle_tone_for(user: User, now: dt.datetime) -> bool:
    """True after a low-mood check-in in the last 7 days: emails then soften."""
    return CheckIn.objects.filter(
        user=user, created_at__gte=now - GENTLE_TONE_WINDOW, mood__lte=LOW_MOOD_AT_MOST
    ).exists()


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

    A personal record is an exercise whose heaviest logged load this week beats every
    load logged for it before the week (the first time an exercise is logged is not
    counted: there is nothing to beat yet).
    """
    sessions = WorkoutSession.objects.filter(
        user=user, finished_at__isnull=False, date__range=(start, end)
    ).values_list("duration_min", flat=True)
    durations = list(sessions)
    live_sets = SetLog.objects.filter(user=user, deleted_at__isnull=True, load_kg__isnull=False)
    this_week = dict(
        live_sets.filter(session_exercise__session__date__range=(start, end))
        .order_by()
        .values_list("session_exercise__exercise_id")
        .annotate(best=Max("load_kg"))
        .values_list("session_exercise__exercise_id", "best")
    )
    before = (
        dict(
            live_sets.filter(
                session_exercise__session__date__lt=start,
                session_exercise__exercise_id__in=list(this_week),
            )
            .order_by()
            .values_list("session_exercise__exercise_id")
            .annotate(best=Max("load_kg"))
            .values_list("session_exercise__exercise_id", "best")
        )
        if this_week
        else {}
    )
    records = sum(
        1 for exercise, best in this_week.items() if exercise in before and best > before[exercise]
    )
    return WeekInNumbers(
        start=start,
        end=end,
        done=len(durations),
        planned=len(planned_sessions_in(user, start, end)),
        records=records,
        minutes=sum(d or 0 for d in durations),
    )


def kinds_with_labels() -> list[tuple[str, str]]:
    return [(kind.value, kind.label) for kind in ReminderKind]
