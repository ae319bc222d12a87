"""Demo reminders: sensible defaults and six weeks of plausible email history.

Workout-day reminders at 07:30 local, the after-workout prompt, and a weekly summary on
Sunday. History mirrors the demo's own sessions (seeded earlier by the workouts app):
a workout reminder on each training morning and a summary every Sunday evening.
Idempotent: preferences are set, not added, and deliveries are unique per instant.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from apps.accounts.models import User
from apps.reminders.models import Delivery, ReminderKind, Weekday
from apps.reminders.services import WEEKLY_SUMMARY_TIME, reminder_preferences_update
from apps.reminders.timing import resolve_local
from apps.workouts.models import WorkoutSession

DEMO_WORKOUT_TIME = dt.time(7, 30)
HISTORY_DAYS = 42


def seed_demo(user: User) -> None:
    reminder_preferences_update(
        user=user,
        changes={
            "enabled": True,
            "workout_enabled": True,
            "workout_time": DEMO_WORKOUT_TIME,
            "checkin_prompt_enabled": True,
            "weekly_summary_enabled": True,
            "weekly_summary_day": Weekday.SUNDAY,
        },
    )
    now = timezone.now()
    zone = user.zone
    today = user.local_today()
    start = today - dt.timedelta(days=HISTORY_DAYS)
    session_days = set(
        WorkoutSession.objects.filter(user=user, date__gte=start, date__lt=today).values_list(
            "date", flat=True
        )
    )
    if not session_days:
        # No training history from the workouts demo: a Monday/Wednesday/Friday rhythm.
        session_days = {
            start + dt.timedelta(days=n)
            for n in range(HISTORY_DAYS)
            if (start + dt.timedelta(days=n)).weekday() in (0, 2, 4)
        }
    history: list[Delivery] = []
    for day in sorted(session_days):
        fire = resolve_local(day, DEMO_WORKOUT_TIME, zone)
        if fire < now:
            history.append(_sent(user, ReminderKind.WORKOUT, fire))
    for n in range(HISTORY_DAYS):
        day = start + dt.timedelta(days=n)
        fire = resolve_local(day, WEEKLY_SUMMARY_TIME, zone)
        if day.weekday() == Weekday.SUNDAY and fire < now:
            history.append(_sent(user, ReminderKind.WEEKLY_SUMMARY, fire))
    Delivery.objects.bulk_create(history, ignore_conflicts=True)


def _sent(user: User, kind: str, instant: dt.datetime) -> Delivery:
    sent_at = instant + dt.timedelta(seconds=4)
    return Delivery(
        user=user,
        kind=kind,
        scheduled_for=instant,
        state=Delivery.State.SENT,
        attempts=1,
        enqueued_at=instant,
        claimed_at=sent_at,
        finished_at=sent_at,
    )
