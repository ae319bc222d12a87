"""What each reminder says, decided when it is sent (facts may have changed since).

Each composer returns the email to send or the reason none is needed. Contexts are
built field by field from training facts and names only: a CheckIn or questionnaire
object never enters a template context, so mood values, tags and notes cannot leak, and
no wording depends on mood. Every link is absolute, on ``SITE_URL``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse

from apps.accounts.models import User
from apps.reminders import selectors
from apps.reminders.models import Delivery, ReminderKind
from apps.reminders.timing import decide_lapse, decide_phq9, local_day_of, usual_start_time
from apps.reminders.tokens import unsubscribe_token_for
from apps.reminders.wording import KIND_PHRASES, summary_encouragement
from apps.together.selectors import cheers_for_digest


@dataclass(frozen=True)
class Compose:
    template: str
    context: dict[str, Any]


@dataclass(frozen=True)
class Skip:
    reason: str


def absolute_url(path: str) -> str:
    base: str = settings.STEADY_SITE_URL
    return base.rstrip("/") + path


def unsubscribe_url(user_id: int, kind: str) -> str:
    return absolute_url(
        reverse("reminders:unsubscribe", args=[unsubscribe_token_for(user_id, kind)])
    )


def unsubscribe_mailto(user_id: int, kind: str) -> str:
    address = settings.REMINDERS_UNSUBSCRIBE_MAILTO
    if not address:
        return ""
    return f"mailto:{address}?subject=unsubscribe%20{unsubscribe_token_for(user_id, kind)}"


def _common(user: User, kind: str) -> dict[str, Any]:
    return {
        "greeting_name": user.greeting_name,
        "kind_phrase": KIND_PHRASES[kind],
        "unsubscribe_url": unsubscribe_url(user.pk, kind),
        "preferences_url": absolute_url(reverse("reminders:preferences")),
        "crisis_url": absolute_url(reverse("safety:crisis")),
    }


def _workout(delivery: Delivery, now: dt.datetime) -> Compose | Skip:
    user = delivery.user
    day = local_day_of(delivery.scheduled_for, user.zone)
    planned = selectors.planned_session_on(user, day)
    if planned is None:
        return Skip(Delivery.SkipReason.REST_DAY)
    if selectors.session_finished_on(user, day):
        # Trained already (earlier than the reminder time): nothing left to remind of.
        return Skip(Delivery.SkipReason.ALREADY_DONE)
    usual = usual_start_time(selectors.usual_start_times(user))
    return Compose(
        "reminder_workout",
        {
            **_common(user, delivery.kind),
            "session_name": planned.name,
            "minutes": planned.minutes,
            "is_deload": planned.is_deload,
            "usual_time": f"{usual:%H:%M}" if usual else "",
            "today_url": absolute_url(reverse("programs:today")),
        },
    )


def _checkin_prompt(delivery: Delivery, now: dt.datetime) -> Compose | Skip:
    session = delivery.session
    if session is None or session.is_imported:
        return Skip(Delivery.SkipReason.NOTHING_TO_SAY)
    if selectors.after_checkin_exists(session.pk):
        return Skip(Delivery.SkipReason.ALREADY_DONE)
    return Compose(
        "reminder_checkin_prompt",
        {
            **_common(delivery.user, delivery.kind),
            "session_name": session.name,
            "journal_url": absolute_url(
                reverse("journal:checkin_create") + f"?kind=after&session={session.pk}"
            ),
        },
    )


def _weekly_summary(delivery: Delivery, now: dt.datetime) -> Compose | Skip:
    user = delivery.user
    end = local_day_of(delivery.scheduled_for, user.zone)
    week = selectors.week_in_numbers(user, end - dt.timedelta(days=6), end)
    if week.planned == 0 and week.done == 0:
        return Skip(Delivery.SkipReason.NOTHING_TO_SAY)
    return Compose(
        "reminder_weekly_summary",
        {
            **_common(user, delivery.kind),
            "week_start": week.start,
            "week_end": week.end,
            "done": week.done,
            "planned": week.planned,
            "records": week.records,
            "minutes": week.minutes,
            "encouragement": summary_encouragement(
                done=week.done, planned=week.planned, records=week.records
            ),
            "today_url": absolute_url(reverse("programs:today")),
        },
    )


def _previous_reminder_day(delivery: Delivery) -> dt.date | None:
    """The local date of this person's previous reminder of the same kind, if any."""
    user = delivery.user
    earlier = selectors.last_delivery_instants([user.pk], delivery.kind, exclude_id=delivery.pk)
    instant = earlier.get(user.pk)
    return local_day_of(instant, user.zone) if instant else None


def _phq9_due(delivery: Delivery, now: dt.datetime) -> Compose | Skip:
    user = delivery.user
    today = local_day_of(delivery.scheduled_for, user.zone)
    last_phq9 = selectors.last_phq9_dates([user.pk]).get(user.pk)
    decision = decide_phq9(today, last_phq9, _previous_reminder_day(delivery))
    if not decision.send:
        return Skip(Delivery.SkipReason.ALREADY_DONE)
    return Compose(
        "reminder_phq9_due",
        {
            **_common(user, delivery.kind),
            "first_time": last_phq9 is None,
            "journal_url": absolute_url(reverse("journal:questionnaire_create", args=["phq9"])),
        },
    )


def _lapse_note(delivery: Delivery, now: dt.datetime) -> Compose | Skip:
    user = delivery.user
    today = local_day_of(delivery.scheduled_for, user.zone)
    last_session = selectors.last_session_dates([user.pk]).get(user.pk)
    decision = decide_lapse(today, last_session, _previous_reminder_day(delivery))
    if not decision.send:
        return Skip(Delivery.SkipReason.ALREADY_DONE)
    return Compose(
        "reminder_lapse_note",
        {
            **_common(user, delivery.kind),
            "today_url": absolute_url(reverse("programs:today")),
        },
    )


def _cheers_digest(delivery: Delivery, now: dt.datetime) -> Compose | Skip:
    """The cheers received in the day before this digest's time (daily, so the windows
    tile): senders' names, crew names and the fixed messages only. Nothing on a day
    without cheers."""
    user = delivery.user
    end = delivery.scheduled_for
    lines = cheers_for_digest(user, end - dt.timedelta(days=1), end)
    if not lines:
        return Skip(Delivery.SkipReason.NOTHING_TO_SAY)
    return Compose(
        "reminder_cheers_digest",
        {
            **_common(user, delivery.kind),
            "cheers": lines,
            "count": len(lines),
            "crews_url": absolute_url(reverse("together:crews")),
        },
    )


COMPOSERS: dict[str, Callable[[Delivery, dt.datetime], Compose | Skip]] = {
    ReminderKind.WORKOUT: _workout,
    ReminderKind.CHECKIN_PROMPT: _checkin_prompt,
    ReminderKind.WEEKLY_SUMMARY: _weekly_summary,
    ReminderKind.PHQ9_DUE: _phq9_due,
    ReminderKind.LAPSE_NOTE: _lapse_note,
    ReminderKind.CHEERS_DIGEST: _cheers_digest,
}


def compose_reminder(delivery: Delivery, now: dt.datetime) -> Compose | Skip:
    """The email for ``delivery``, or why it is no longer needed.

    The wording is the same for everyone, whatever their check-ins say: a subject line
    shows on a lock screen, to anyone holding the phone, so it must never hint at mood.
    """
    return COMPOSERS[delivery.kind](delivery, now)
