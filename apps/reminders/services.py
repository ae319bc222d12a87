"""Writes for reminders: preferences, schedules, the outbox and its delivery.

How a reminder travels:

1. ``reminder_schedules_sync`` stores each reminder's next UTC instant (``timing``).
2. Every minute, exactly one beat runs ``reminders_dispatch_due``: one indexed range query
   finds due schedule rows (locked with SKIP LOCKED, so a second sweeper started by
   mistake takes other rows or none), writes one ``Delivery`` per reminder (unique on
   user, kind, instant: a duplicate insert is ignored) and moves each row to its next
   instant in the same transaction. No periodic task per person.
3. The outbox relay hands rows to Celery only after the transaction commits; a row the
   broker refuses (Redis down) goes back to waiting for the next sweep.
4. ``delivery_send`` claims a row with a conditional UPDATE (QUEUED/RETRY → SENDING,
   healthchecks' optimistic claim): a redelivered task for a row someone else claimed,
   or already SENT, changes nothing and sends nothing. It then walks the row to SENT
   (recorded the moment the mail server accepts, before QUIT), RETRY (temporary SMTP
   error, capped exponential backoff), EXPIRED (temporary errors lasted past the time the
   reminder was useful) or FAILED (a permanent 5xx refusal), like pretix's mail outbox.
   Every attempt carries the same Message-ID, taken from the row.
5. ``deliveries_requeue_stuck`` (every minute) rescues rows whose worker died mid-send,
   rows whose broker message was lost and retries whose countdown message was lost.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import get_connection
from django.db import DatabaseError, transaction
from django.db import connection as db_connection
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from apps.accounts.models import User
from apps.core.emails import OutgoingEmail, Unsubscribe, email_build
from apps.journal.models import CheckIn
from apps.reminders import selectors
from apps.reminders.acceptances import acceptance_record, acceptances_for, acceptances_forget
from apps.reminders.content import Compose, compose_reminder, unsubscribe_mailto, unsubscribe_url
from apps.reminders.models import (
    FINAL_STATES,
    SCHEDULED_KINDS,
    Delivery,
    ReminderKind,
    ReminderPreferences,
    ReminderSchedule,
)
from apps.reminders.smtp_errors import classify_smtp_error
from apps.reminders.timing import (
    Decision,
    QuietHours,
    decide_lapse,
    decide_phq9,
    default_workout_time,
    is_too_late,
    local_day_of,
    next_fire_after,
    outside_quiet_hours,
    retry_delay,
    useful_until,
)
from apps.workouts.models import WorkoutSession

logger = logging.getLogger(__name__)

# Fixed local send times for reminders without a chosen time. Mid-morning for the
# questionnaire and the lapse note (not first thing, not late at night); early evening
# for the weekly summary so the week's last session is counted.
WEEKLY_SUMMARY_TIME = dt.time(18, 0)
PHQ9_TIME = dt.time(10, 0)
LAPSE_NOTE_TIME = dt.time(10, 0)
# The cheers digest goes out in the early evening, after most people's training.
CHEERS_DIGEST_TIME = dt.time(19, 0)
# A finished session with no after check-in within this gets a prompt (issue #7).
CHECKIN_PROMPT_AFTER = dt.timedelta(hours=2)
# Sessions looked at by the prompt scan: long enough to cover quiet hours and downtime.
CHECKIN_PROMPT_LOOKBACK = dt.timedelta(hours=26)
# A RETRY whose countdown message should have run by now was lost with it.
REQUEUE_RETRY_GRACE = dt.timedelta(minutes=1)


# --- Preferences and schedules ------------------------------------------------------


def reminder_preferences_get_or_create(*, user: User) -> ReminderPreferences:
    prefs, created = ReminderPreferences.objects.get_or_create(user=user)
    if created:
        reminder_schedules_sync(user=user, prefs=prefs)
    return prefs


def reminder_preferences_update(
    *, user: User, changes: Mapping[str, Any], now: dt.datetime | None = None
) -> ReminderPreferences:
    """Save the person's choices and re-plan every reminder from them."""
    prefs = reminder_preferences_get_or_create(user=user)
    for name, value in changes.items():
        setattr(prefs, name, value)
    prefs.full_clean()
    with transaction.atomic():
        prefs.save()
        reminder_schedules_sync(user=user, prefs=prefs, now=now)
    return prefs


def _basis(
    kind: str, prefs: ReminderPreferences, usual_starts: list[dt.time]
) -> tuple[dt.time, int | None]:
    if kind == ReminderKind.WORKOUT:
        return prefs.workout_time or default_workout_time(usual_starts), None
    if kind == ReminderKind.WEEKLY_SUMMARY:
        return WEEKLY_SUMMARY_TIME, prefs.weekly_summary_day
    if kind == ReminderKind.PHQ9_DUE:
        return PHQ9_TIME, None
    if kind == ReminderKind.CHEERS_DIGEST:
        return CHEERS_DIGEST_TIME, None
    return LAPSE_NOTE_TIME, None


def _facts_next_day(kind: str, user_id: int, today: dt.date, facts: _Facts) -> Decision | None:
    """For facts-based kinds, what the dates say; None for purely clock-based kinds."""
    if kind == ReminderKind.PHQ9_DUE:
        last_reminder = facts.last_reminders.get((user_id, kind))
        return decide_phq9(today, facts.last_phq9.get(user_id), last_reminder)
    if kind == ReminderKind.LAPSE_NOTE:
        last_note = facts.last_reminders.get((user_id, kind))
        return decide_lapse(today, facts.last_session.get(user_id), last_note)
    return None


def reminder_schedules_sync(
    *, user: User, prefs: ReminderPreferences | None = None, now: dt.datetime | None = None
) -> list[ReminderSchedule]:
    """Compute every reminder's next instant for one person from their preferences.

    A row that is already due but not yet swept keeps its instant, so saving preferences
    at 08:00:20 does not swallow the 08:00 reminder.
    """
    now = now or timezone.now()
    prefs = prefs or reminder_preferences_get_or_create(user=user)
    zone = user.zone
    quiet = prefs.quiet_hours()
    usual = selectors.usual_start_times(user) if prefs.workout_time is None else []
    facts_kinds: set[str] = {
        kind.value
        for kind in (ReminderKind.PHQ9_DUE, ReminderKind.LAPSE_NOTE)
        if prefs.kind_enabled(kind)
    }
    facts = _Facts.load([user.pk], zone_of={user.pk: zone}, kinds=facts_kinds)
    today = now.astimezone(zone).date()
    existing = {row.kind: row for row in ReminderSchedule.objects.filter(user=user)}
    rows: list[ReminderSchedule] = []
    for kind in SCHEDULED_KINDS:
        local_time, weekday = _basis(kind, prefs, usual)
        row = existing.get(kind) or ReminderSchedule(user=user, kind=kind)
        unchanged = (
            row.pk is not None
            and row.local_time == local_time
            and row.weekday == weekday
            and row.time_zone == user.time_zone
        )
        row.local_time, row.weekday, row.time_zone = local_time, weekday, user.time_zone
        if not prefs.kind_enabled(kind):
            row.next_fire_at = None
        elif unchanged and row.next_fire_at is not None and row.next_fire_at <= now:
            pass
        else:
            row.next_fire_at = _next_instant(
                kind, user.pk, now=now, today=today, zone=zone, at=local_time,
                weekday=weekday, quiet=quiet, facts=facts,
            )  # fmt: skip
        row.save()
        rows.append(row)
    return rows


def _next_instant(
    kind: str,
    user_id: int,
    *,
    now: dt.datetime,
    today: dt.date,
    zone: ZoneInfo,
    at: dt.time,
    weekday: int | None,
    quiet: QuietHours | None,
    facts: _Facts,
    just_sent: bool = False,
) -> dt.datetime:
    decision = _facts_next_day(kind, user_id, today, facts)
    not_before: dt.date | None = None
    if decision is not None:
        if just_sent:
            not_before = decision.next_day
        elif decision.send:
            not_before = today
        else:
            not_before = decision.next_day or today + dt.timedelta(days=1)
    return next_fire_after(
        now, zone=zone, at=at, quiet=quiet, weekday=weekday, not_before_day=not_before
    )


def reminder_unsubscribe(*, user: User, kind: str) -> ReminderPreferences:
    """Turn off one kind of reminder (one-click unsubscribe, RFC 8058)."""
    prefs = reminder_preferences_get_or_create(user=user)
    field_name = prefs.set_kind_enabled(kind, False)
    with transaction.atomic():
        prefs.save(update_fields=[field_name, "updated_at"])
        reminder_schedules_sync(user=user, prefs=prefs)
    return prefs


def reminder_resubscribe(*, user: User, kind: str) -> ReminderPreferences:
    """Undo an unsubscribe of one kind (and switch reminders back on as a whole)."""
    prefs = reminder_preferences_get_or_create(user=user)
    field_name = prefs.set_kind_enabled(kind, True)
    prefs.enabled = True
    with transaction.atomic():
        prefs.save(update_fields=[field_name, "enabled", "updated_at"])
        reminder_schedules_sync(user=user, prefs=prefs)
    return prefs


# --- The per-minute sweep -----------------------------------------------------------


@dataclass
class _Facts:
    """Dates the PHQ-9 and lapse decisions need, loaded in bulk for a batch."""

    last_phq9: dict[int, dt.date] = field(default_factory=dict)
    last_session: dict[int, dt.date] = field(default_factory=dict)
    last_reminders: dict[tuple[int, str], dt.date] = field(default_factory=dict)

    @classmethod
    def load(
        cls, user_ids: list[int], *, zone_of: Mapping[int, ZoneInfo], kinds: set[str]
    ) -> _Facts:
        facts = cls()
        if not user_ids or not kinds:
            return facts
        if ReminderKind.PHQ9_DUE in kinds:
            facts.last_phq9 = selectors.last_phq9_dates(user_ids)
        if ReminderKind.LAPSE_NOTE in kinds:
            facts.last_session = selectors.last_session_dates(user_ids)
        for kind in kinds:
            for user_id, instant in selectors.last_delivery_instants(user_ids, kind).items():
                facts.last_reminders[(user_id, kind)] = local_day_of(instant, zone_of[user_id])
        return facts


@dataclass
class DispatchReport:
    due: int = 0
    created: int = 0
    late: int = 0
    not_needed: int = 0
    enqueued: int = 0


def reminders_dispatch_due(
    *, now: dt.datetime | None = None, batch_size: int = 500
) -> DispatchReport:
    """Turn every due schedule row into an outbox row, then hand new rows to Celery.

    Runs every minute from the single beat (``expires`` under a minute). Safe to run
    twice at once: rows are locked with SKIP LOCKED and deliveries are unique.
    """
    now = now or timezone.now()
    report = DispatchReport()
    while True:
        with transaction.atomic():
            rows = list(
                ReminderSchedule.objects.filter(next_fire_at__lte=now)
                .select_related("user", "user__reminder_preferences")
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("next_fire_at")[:batch_size]
            )
            _dispatch_batch(rows, now, report)
            report.enqueued += _relay_outbox(now)
        if len(rows) < batch_size:
            break
    return report


def _dispatch_batch(rows: list[ReminderSchedule], now: dt.datetime, report: DispatchReport) -> None:
    if not rows:
        return
    report.due += len(rows)
    facts_kinds = {row.kind for row in rows} & {ReminderKind.PHQ9_DUE, ReminderKind.LAPSE_NOTE}
    facts_rows = [row for row in rows if row.kind in facts_kinds]
    facts = _Facts.load(
        sorted({row.user_id for row in facts_rows}),
        zone_of={row.user_id: row.user.zone for row in facts_rows},
        kinds=facts_kinds,
    )
    deliveries: list[Delivery] = []
    for row in rows:
        user = row.user
        prefs: ReminderPreferences | None = getattr(user, "reminder_preferences", None)
        due_at = row.next_fire_at
        assert due_at is not None
        if prefs is None or not prefs.kind_enabled(row.kind):
            row.next_fire_at = None
            continue
        zone = user.zone
        quiet = prefs.quiet_hours()
        if row.time_zone != user.time_zone:
            # The person moved zones since this was planned (a bulk update skipped the
            # signal): re-plan on the new clock instead of firing at the old one.
            row.time_zone = user.time_zone
            row.next_fire_at = next_fire_after(
                now, zone=zone, at=row.local_time, quiet=quiet, weekday=row.weekday
            )
            continue
        today = local_day_of(due_at, zone)
        decision = _facts_next_day(row.kind, row.user_id, today, facts)
        send = decision is None or decision.send
        if send and is_too_late(row.kind, due_at, now):
            deliveries.append(_skipped(row, due_at, now, Delivery.SkipReason.TOO_LATE))
            report.late += 1
        elif send:
            deliveries.append(Delivery(user_id=row.user_id, kind=row.kind, scheduled_for=due_at))
            report.created += 1
        else:
            report.not_needed += 1
        row.next_fire_at = _next_instant(
            row.kind, row.user_id, now=max(now, due_at), today=today, zone=zone,
            at=row.local_time, weekday=row.weekday, quiet=quiet, facts=facts, just_sent=send,
        )  # fmt: skip
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    _save_next_instants(rows)


def _save_next_instants(rows: list[ReminderSchedule]) -> None:
    """One UPDATE per distinct (next instant, zone): people due together mostly share one.

    Much cheaper than ``bulk_update``'s CASE expression per row (measured with
    scripts/bench_reminders.py).
    """
    groups: dict[tuple[dt.datetime | None, str], list[int]] = defaultdict(list)
    for row in rows:
        groups[(row.next_fire_at, row.time_zone)].append(row.pk)
    for (next_fire_at, time_zone), ids in groups.items():
        ReminderSchedule.objects.filter(pk__in=ids).update(
            next_fire_at=next_fire_at, time_zone=time_zone, updated_at=timezone.now()
        )


def _skipped(row: ReminderSchedule, due_at: dt.datetime, now: dt.datetime, reason: str) -> Delivery:
    return Delivery(
        user_id=row.user_id,
        kind=row.kind,
        scheduled_for=due_at,
        state=Delivery.State.SKIPPED,
        skip_reason=reason,
        enqueued_at=now,
        finished_at=now,
    )


def _relay_outbox(now: dt.datetime, limit: int = 5000) -> int:
    """Hand rows not yet on the broker to Celery once this transaction commits."""
    from apps.reminders.tasks import deliver_reminder

    ids = list(
        Delivery.objects.filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
            enqueued_at__isnull=True,
            state__in=(Delivery.State.QUEUED, Delivery.State.RETRY),
        )
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("created_at")
        .values_list("id", flat=True)[:limit]
    )
    if not ids:
        return 0
    Delivery.objects.filter(id__in=ids).update(enqueued_at=now)
    for delivery_id in ids:
        transaction.on_commit(partial(_enqueue, deliver_reminder, delivery_id), robust=True)
    return len(ids)


def _enqueue(task: Any, delivery_id: int) -> None:
    """Put one outbox row on the broker. With the broker down, the row goes back to
    waiting for the next sweep (nothing is lost) and the caller carries on: a request
    never fails because Redis does."""
    try:
        task.delay(delivery_id)
    except (KombuError, RedisError, OSError):
        logger.warning("Broker unreachable; delivery #%s waits for the next sweep", delivery_id)
        waiting = (Delivery.State.QUEUED, Delivery.State.RETRY)
        Delivery.objects.filter(pk=delivery_id, state__in=waiting).update(enqueued_at=None)


def checkin_prompts_dispatch(*, now: dt.datetime | None = None) -> int:
    """Outbox rows for finished sessions without an after check-in 2 hours later
    (never for an imported session).

    The prompt goes out 2 hours after the session ends, or when quiet hours end. Run
    every few minutes by beat; the delivery's unique key makes overlapping runs harmless.
    """
    now = now or timezone.now()
    after_checkin = CheckIn.objects.filter(session=OuterRef("pk"), kind=CheckIn.Kind.AFTER)
    prompted = Delivery.objects.filter(session=OuterRef("pk"), kind=ReminderKind.CHECKIN_PROMPT)
    candidates = (
        WorkoutSession.objects.filter(
            finished_at__gte=now - CHECKIN_PROMPT_LOOKBACK,
            finished_at__lte=now - CHECKIN_PROMPT_AFTER,
            # A session brought in from another app's log was not just done: asking how
            # the person feels after it would be asking about an old workout.
            is_imported=False,
            user__reminder_preferences__enabled=True,
            user__reminder_preferences__checkin_prompt_enabled=True,
        )
        .exclude(Exists(after_checkin))
        .exclude(Exists(prompted))
        .select_related("user", "user__reminder_preferences")
    )
    with transaction.atomic():
        deliveries = []
        for session in candidates:
            assert session.finished_at is not None
            user = session.user
            fire_at = outside_quiet_hours(
                session.finished_at + CHECKIN_PROMPT_AFTER,
                user.zone,
                user.reminder_preferences.quiet_hours(),
            )
            if fire_at > now or is_too_late(ReminderKind.CHECKIN_PROMPT, fire_at, now):
                continue
            deliveries.append(
                Delivery(
                    user=user,
                    kind=ReminderKind.CHECKIN_PROMPT,
                    scheduled_for=fire_at,
                    session=session,
                )
            )
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        _relay_outbox(now)
    return len(deliveries)


# --- Sending one delivery -----------------------------------------------------------


@dataclass(frozen=True)
class SendOutcome:
    state: str  # the row's state afterwards, or "ignored" when this call did not own it
    retry_in: int | None = None


def delivery_send(
    *, delivery_id: int, now: dt.datetime | None = None, jitter: float | None = None
) -> SendOutcome:
    """Claim one outbox row and send it, at most once per claim.

    The claim is a conditional UPDATE: only a QUEUED or RETRY row becomes SENDING, so a
    redelivered or duplicated task for a row in any other state returns "ignored"
    without sending. A permanent refusal (5xx) fails at once, so a refusing server never
    sees a retry storm; temporary failures (4xx, network) retry with capped exponential
    backoff for as long as the reminder is still useful, then the row is EXPIRED.
    """
    now = now or timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery_id, state__in=(Delivery.State.QUEUED, Delivery.State.RETRY)
    ).update(
        state=Delivery.State.SENDING,
        claimed_at=now,
        attempts=F("attempts") + 1,
        next_attempt_at=None,
    )
    if not claimed:
        return SendOutcome("ignored")
    delivery = Delivery.objects.select_related("user", "user__reminder_preferences", "session").get(
        pk=delivery_id
    )
    user = delivery.user
    prefs: ReminderPreferences | None = getattr(user, "reminder_preferences", None)

    if prefs is None or not prefs.kind_enabled(delivery.kind):
        return _finish(delivery, now, Delivery.State.SKIPPED, skip=Delivery.SkipReason.TURNED_OFF)
    if is_too_late(delivery.kind, delivery.scheduled_for, now):
        if delivery.attempts > 1:  # earlier attempts failed: it never got through
            return _finish(delivery, now, Delivery.State.EXPIRED)
        return _finish(delivery, now, Delivery.State.SKIPPED, skip=Delivery.SkipReason.TOO_LATE)
    quiet_until = outside_quiet_hours(now, user.zone, prefs.quiet_hours())
    if quiet_until > now:
        # A retry or a backlog drifted into quiet hours: not an attempt. The row waits,
        # off the broker, and the first sweep after quiet hours end relays it.
        _update_claimed(
            delivery,
            state=Delivery.State.RETRY,
            next_attempt_at=quiet_until,
            attempts=F("attempts") - 1,
            enqueued_at=None,
        )
        return SendOutcome(Delivery.State.RETRY)

    composed = compose_reminder(delivery, now)
    if not isinstance(composed, Compose):
        outcome = _finish(delivery, now, Delivery.State.SKIPPED, skip=composed.reason)
        _after_workout_reminder(delivery, now)
        return outcome

    message = email_build(
        OutgoingEmail(
            template=composed.template,
            to=user.email,
            context=composed.context,
            unsubscribe=Unsubscribe(
                url=unsubscribe_url(user.pk, delivery.kind),
                mailto=unsubscribe_mailto(user.pk, delivery.kind),
            ),
            extra_headers={"X-Steady-Reminder": f"{delivery.kind}/{delivery.pk}"},
            message_id=delivery.message_id_local_part(),
        )
    )
    smtp = get_connection(fail_silently=False)
    try:
        smtp.open()
        smtp.send_messages([message])
    except Exception as error:  # every SMTP/network failure is sorted below
        _close_quietly(smtp)
        return _after_failed_attempt(delivery, now, error, jitter)
    try:
        # The server has the message: record that before anything else, QUIT included,
        # so a crash or a dropped link from here on cannot make it send again.
        outcome = _record_sent(delivery, now)
    finally:
        _close_quietly(smtp)
    if outcome.state == Delivery.State.SENT:
        _after_workout_reminder(delivery, now)
    return outcome


def _after_failed_attempt(
    delivery: Delivery, now: dt.datetime, error: Exception, jitter: float | None
) -> SendOutcome:
    failure = classify_smtp_error(error)
    logger.warning(
        "Reminder delivery %s attempt %s failed: %s (%s)",
        delivery.pk,
        delivery.attempts,
        failure.summary,
        failure.verdict,
    )
    if failure.verdict == "permanent":
        return _finish(delivery, now, Delivery.State.FAILED, error=failure.summary)
    delay = retry_delay(
        delivery.attempts,
        base_seconds=settings.REMINDERS_RETRY_BASE_SECONDS,
        cap_seconds=settings.REMINDERS_RETRY_MAX_SECONDS,
        jitter=secrets.randbelow(1000) / 1000 if jitter is None else jitter,
    )
    next_attempt_at = now + dt.timedelta(seconds=delay)
    if next_attempt_at > useful_until(delivery.kind, delivery.scheduled_for):
        return _finish(delivery, now, Delivery.State.EXPIRED, error=failure.summary)
    _update_claimed(
        delivery,
        state=Delivery.State.RETRY,
        next_attempt_at=next_attempt_at,
        enqueued_at=now,
        last_error=failure.summary,
    )
    return SendOutcome(Delivery.State.RETRY, retry_in=delay)


def _record_sent(delivery: Delivery, now: dt.datetime) -> SendOutcome:
    """Write SENT, retrying on a fresh connection if the database link just dropped.

    Bounded by REMINDERS_SENT_WRITE_RETRY_SECONDS, which the stuck-row threshold exceeds
    (apps.reminders.checks), so the sweeper never re-sends while this still tries. After
    that the acceptance is kept in Redis (apps.reminders.acceptances) for the sweeper.
    """
    deadline = time.monotonic() + settings.REMINDERS_SENT_WRITE_RETRY_SECONDS
    pause = 0.2
    while True:
        try:
            return _finish(delivery, now, Delivery.State.SENT)
        except DatabaseError as error:
            if time.monotonic() + pause > deadline:
                assert delivery.claimed_at is not None
                kept = acceptance_record(delivery_id=delivery.pk, claimed_at=delivery.claimed_at)
                logger.error(
                    "Reminder delivery %s was accepted by the mail server but SENT could "
                    "not be recorded (%s); %s",
                    delivery.pk,
                    type(error).__name__,
                    "kept in Redis for the sweeper"
                    if kept
                    else "the sweeper will send it again with the same Message-ID",
                )
                if not kept:
                    raise
                return SendOutcome(Delivery.State.SENDING)
            logger.warning(
                "Recording reminder delivery %s as SENT failed (%s); retrying on a fresh "
                "database connection",
                delivery.pk,
                type(error).__name__,
            )
            _close_quietly_db()
            time.sleep(pause)
            pause = min(pause * 2, 5.0)


def _close_quietly(smtp: Any) -> None:
    """QUIT and close; a failure here changes nothing about the message."""
    try:
        smtp.close()
    except Exception as error:  # the outcome is already decided and recorded
        logger.info("Closing the SMTP connection failed: %s", type(error).__name__)


def _close_quietly_db() -> None:
    try:
        db_connection.close()
    except DatabaseError:
        logger.info("Closing a broken database connection failed; it is dropped anyway")


def _update_claimed(delivery: Delivery, **values: Any) -> bool:
    """Write to the row only if this call still holds the claim."""
    updated = Delivery.objects.filter(
        pk=delivery.pk, state=Delivery.State.SENDING, claimed_at=delivery.claimed_at
    ).update(**values)
    if not updated:
        logger.warning("Reminder delivery %s was re-queued while this worker held it", delivery.pk)
    return bool(updated)


def _finish(
    delivery: Delivery, now: dt.datetime, state: str, *, skip: str = "", error: str = ""
) -> SendOutcome:
    values: dict[str, Any] = {"state": state, "finished_at": now, "skip_reason": skip}
    if state == Delivery.State.SENT:
        values["last_error"] = ""  # an earlier 451 is history once the message is out
    elif error:
        values["last_error"] = error
    _update_claimed(delivery, **values)
    return SendOutcome(state)


def _after_workout_reminder(delivery: Delivery, now: dt.datetime) -> None:
    """Follow the person's usual training time when they have not chosen one."""
    if delivery.kind != ReminderKind.WORKOUT:
        return
    prefs = delivery.user.reminder_preferences
    if prefs.workout_time is not None:
        return
    wanted = default_workout_time(selectors.usual_start_times(delivery.user))
    row = ReminderSchedule.objects.filter(user=delivery.user, kind=ReminderKind.WORKOUT).first()
    if row is None or row.local_time == wanted:
        return
    row.local_time = wanted
    if row.next_fire_at is not None:
        row.next_fire_at = next_fire_after(
            now, zone=delivery.user.zone, at=wanted, quiet=prefs.quiet_hours()
        )
    row.save(update_fields=["local_time", "next_fire_at", "updated_at"])


# --- Sweepers -----------------------------------------------------------------------


@dataclass
class RequeueReport:
    accepted_sending: int = 0
    stuck_sending: int = 0
    lost_queued: int = 0
    due_retries: int = 0
    enqueued: int = 0


def deliveries_requeue_stuck(
    *, now: dt.datetime | None = None, broker_queue_empty: bool = True
) -> RequeueReport:
    """Put rows back on the broker that would otherwise wait forever. Runs every minute.

    - SENDING for longer than REMINDERS_SENDING_STUCK_SECONDS: the worker died mid-send
      (SIGKILL, OOM). Longer than one SMTP exchange and the SENT write's retries, so a
      live worker is never overtaken. A row whose acceptance the worker could keep only
      in Redis (the database was down) is recorded SENT instead of being sent again.
    - QUEUED, handed to the broker more than REMINDERS_QUEUED_LOST_SECONDS ago, while
      the broker's queue is empty: the message cannot still be waiting in line, so
      Redis lost it (restarted) or a killed worker took it along. With a backlog in the
      queue such rows wait for it, instead of being published again every minute.
    - RETRY whose next attempt is past: the countdown message was lost.
    """
    now = now or timezone.now()
    stuck_after = dt.timedelta(seconds=settings.REMINDERS_SENDING_STUCK_SECONDS)
    lost_after = dt.timedelta(seconds=settings.REMINDERS_QUEUED_LOST_SECONDS)
    report = RequeueReport()
    with transaction.atomic():
        stuck = Delivery.objects.filter(
            state=Delivery.State.SENDING, claimed_at__lt=now - stuck_after
        )
        accepted = acceptances_for(stuck.values_list("id", flat=True))
        for delivery_id, claimed_at in accepted.items():
            report.accepted_sending += stuck.filter(pk=delivery_id, claimed_at=claimed_at).update(
                state=Delivery.State.SENT, finished_at=now, last_error=""
            )
        if accepted:
            transaction.on_commit(lambda: acceptances_forget(accepted))
        report.stuck_sending = stuck.update(state=Delivery.State.QUEUED, enqueued_at=None)
        if broker_queue_empty:
            report.lost_queued = Delivery.objects.filter(
                state=Delivery.State.QUEUED, enqueued_at__lt=now - lost_after
            ).update(enqueued_at=None)
        report.due_retries = Delivery.objects.filter(
            state=Delivery.State.RETRY,
            enqueued_at__isnull=False,
            next_attempt_at__lt=now - REQUEUE_RETRY_GRACE,
        ).update(enqueued_at=None)
        report.enqueued = _relay_outbox(now)
    if report.stuck_sending:
        logger.warning("Re-queued %s reminder deliveries stuck in SENDING", report.stuck_sending)
    return report


def deliveries_prune(*, now: dt.datetime | None = None, keep_days: int = 90) -> int:
    """Delete finished outbox rows older than ``keep_days`` (the unique key has done its job)."""
    now = now or timezone.now()
    deleted, _ = Delivery.objects.filter(
        state__in=FINAL_STATES, scheduled_for__lt=now - dt.timedelta(days=keep_days)
    ).delete()
    return deleted


def deliveries_requeue_failed(*, ids: list[int]) -> int:
    """Give FAILED rows (say, after fixing SMTP settings) a fresh set of attempts."""
    with transaction.atomic():
        count = Delivery.objects.filter(id__in=ids, state=Delivery.State.FAILED).update(
            state=Delivery.State.QUEUED,
            attempts=0,
            enqueued_at=None,
            finished_at=None,
            last_error="",
        )
        _relay_outbox(timezone.now())
    return count
