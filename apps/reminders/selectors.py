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
from apps.workouts.models import WorkoutSession

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
