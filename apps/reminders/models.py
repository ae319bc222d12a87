"""Reminder preferences, one schedule row per reminder, and the email outbox.

``ReminderSchedule.next_fire_at`` holds the next UTC instant a reminder is due; the
per-minute sweeper finds due rows with one indexed range query. Each due reminder becomes
one ``Delivery`` (the outbox), unique on (user, kind, scheduled_for), which a Celery task
claims with a conditional UPDATE and walks QUEUED → SENDING → SENT / RETRY / FAILED /
EXPIRED (pretix's outbox; healthchecks' optimistic claim).
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.reminders.timing import QuietHours


class ReminderKind(models.TextChoices):
    WORKOUT = "workout", "Workout-day reminder"
    CHECKIN_PROMPT = "checkin_prompt", "After-workout check-in prompt"
    WEEKLY_SUMMARY = "weekly_summary", "Weekly summary"
    PHQ9_DUE = "phq9_due", "PHQ-9 check-in due"
    LAPSE_NOTE = "lapse_note", "“We're here when you're ready” note"
    CHEERS_DIGEST = "cheers_digest", "Daily cheers from your crews"


# Kinds the per-minute sweeper fires from a schedule row. Check-in prompts follow a
# finished session instead (see services.checkin_prompts_dispatch).
SCHEDULED_KINDS: tuple[str, ...] = (
    ReminderKind.WORKOUT,
    ReminderKind.WEEKLY_SUMMARY,
    ReminderKind.PHQ9_DUE,
    ReminderKind.LAPSE_NOTE,
    ReminderKind.CHEERS_DIGEST,
)


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class ReminderPreferences(models.Model):
    """What a person wants to hear about, and when. Times are on their local clock."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preferences"
    )
    enabled = models.BooleanField(
        "Send me email reminders",
        default=True,
        help_text="One switch for everything. Your choices below are kept while it is off.",
    )
    workout_enabled = models.BooleanField("On workout days", default=True)
    workout_time = models.TimeField(
        "Reminder time",
        null=True,
        blank=True,
        help_text="Leave empty for one hour before you usually start, or 08:00.",
    )
    checkin_prompt_enabled = models.BooleanField(
        "A gentle prompt if I haven't done my after-workout check-in within 2 hours",
        default=True,
    )
    weekly_summary_enabled = models.BooleanField("A weekly summary", default=True)
    weekly_summary_day = models.PositiveSmallIntegerField(
        "Summary day", choices=Weekday.choices, default=Weekday.SUNDAY
    )
    phq9_enabled = models.BooleanField(
        "Tell me when a PHQ-9 check-in is due (every 14 days)", default=False
    )
    lapse_note_enabled = models.BooleanField(
        "If I haven't trained for 10 days, send one “we're here when you're ready” note",
        default=False,
    )
    cheers_digest_enabled = models.BooleanField(
        "One evening email with the cheers my crews sent me that day (only on days with cheers)",
        default=False,
    )
    quiet_start = models.TimeField("Quiet from", null=True, blank=True)
    quiet_end = models.TimeField("Quiet until", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "reminder preferences"
        verbose_name_plural = "reminder preferences"

    def __str__(self) -> str:
        return f"Reminder preferences of {self.user}"

    def quiet_hours(self) -> QuietHours | None:
        if self.quiet_start is None or self.quiet_end is None:
            return None
        return QuietHours(self.quiet_start, self.quiet_end)

    def kind_enabled(self, kind: str) -> bool:
        """Whether this kind may be sent: the main switch and the kind's own switch."""
        per_kind = {
            ReminderKind.WORKOUT: self.workout_enabled,
            ReminderKind.CHECKIN_PROMPT: self.checkin_prompt_enabled,
            ReminderKind.WEEKLY_SUMMARY: self.weekly_summary_enabled,
            ReminderKind.PHQ9_DUE: self.phq9_enabled,
            ReminderKind.LAPSE_NOTE: self.lapse_note_enabled,
            ReminderKind.CHEERS_DIGEST: self.cheers_digest_enabled,
        }
        return self.enabled and per_kind[ReminderKind(kind)]

    def set_kind_enabled(self, kind: str, value: bool) -> str:
        """Flip one kind's switch; returns the field name to save."""
        field = {
            ReminderKind.WORKOUT: "workout_enabled",
            ReminderKind.CHECKIN_PROMPT: "checkin_prompt_enabled",
            ReminderKind.WEEKLY_SUMMARY: "weekly_summary_enabled",
            ReminderKind.PHQ9_DUE: "phq9_enabled",
            ReminderKind.LAPSE_NOTE: "lapse_note_enabled",
            ReminderKind.CHEERS_DIGEST: "cheers_digest_enabled",
        }[ReminderKind(kind)]
        setattr(self, field, value)
        return field


class ReminderSchedule(models.Model):
    """The next time one kind of reminder is due for one person, in UTC.

    ``local_time`` and ``weekday`` are what the next instant is computed from, so the
    sweeper can move a row forward with pure arithmetic and no per-person queries.
    ``next_fire_at`` is NULL while the reminder is off: the partial index then only holds
    live rows.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_schedules"
    )
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    local_time = models.TimeField()
    time_zone = models.CharField(
        max_length=64, help_text="The zone next_fire_at was computed in; a change re-plans it."
    )
    weekday = models.PositiveSmallIntegerField(null=True, blank=True, choices=Weekday.choices)
    next_fire_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["next_fire_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_schedule_per_user_kind"),
        ]
        indexes: ClassVar = [
            models.Index(
                fields=["next_fire_at"],
                condition=Q(next_fire_at__isnull=False),
                name="reminder_schedule_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.user} at {self.next_fire_at}"


class Delivery(models.Model):
    """One reminder email in the outbox. Exists at most once per (user, kind, instant)."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        RETRY = "retry", "Waiting to retry"
        # The mail server refused it for good (a 5xx reply): retrying would not help.
        FAILED = "failed", "Failed"
        # Temporary failures lasted past the time the reminder was useful.
        EXPIRED = "expired", "Expired"
        SKIPPED = "skipped", "Not needed"

    class SkipReason(models.TextChoices):
        NONE = "", "—"
        REST_DAY = "rest_day", "Rest day"
        TURNED_OFF = "turned_off", "Turned off"
        ALREADY_DONE = "already_done", "Already done"
        TOO_LATE = "too_late", "Too late to be useful"
        NOTHING_TO_SAY = "nothing_to_say", "Nothing to report"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_deliveries"
    )
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    scheduled_for = models.DateTimeField()
    session = models.ForeignKey(
        "workouts.WorkoutSession",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The finished session a check-in prompt is about.",
    )
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    skip_reason = models.CharField(
        max_length=16, choices=SkipReason.choices, blank=True, default=SkipReason.NONE
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(
        null=True, blank=True, help_text="When a send task was last put on the broker."
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(
        max_length=200, blank=True, help_text="SMTP status only; never message content."
    )

    class Meta:
        ordering = ["-scheduled_for"]
        verbose_name_plural = "deliveries"
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "kind", "scheduled_for"], name="one_delivery_per_reminder"
            ),
        ]
        indexes: ClassVar = [
            # The outbox relay: rows written but not yet handed to the broker.
            models.Index(
                fields=["created_at"],
                condition=Q(enqueued_at__isnull=True),
                name="delivery_not_enqueued",
            ),
            # The stuck-row sweeper and the admin's state counts.
            models.Index(fields=["state", "claimed_at"], name="delivery_state_claimed"),
            models.Index(fields=["user", "-scheduled_for"], name="delivery_user_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.user} at {self.scheduled_for:%Y-%m-%d %H:%M}"

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    def status_for_person(self) -> str:
        """How the state reads on the person's own page: plain, never alarming."""
        if self.state == self.State.SKIPPED:
            return {
                self.SkipReason.REST_DAY: "Not sent: rest day",
                self.SkipReason.TURNED_OFF: "Not sent: turned off",
                self.SkipReason.ALREADY_DONE: "Not needed: already done",
                self.SkipReason.NOTHING_TO_SAY: "Not sent: nothing to report",
                self.SkipReason.TOO_LATE: "Not sent: too late",
            }.get(self.SkipReason(self.skip_reason), "Not sent")
        return {
            self.State.QUEUED: "On its way",
            self.State.SENDING: "On its way",
            self.State.RETRY: "Will try again soon",
            self.State.SENT: "Sent",
            self.State.FAILED: "Couldn't be delivered",
            self.State.EXPIRED: "Not sent: email was down for too long",
        }[self.State(self.state)]

    def local_scheduled_for(self) -> dt.datetime:
        return self.scheduled_for.astimezone(self.user.zone)

    def message_id_local_part(self) -> str:
        """The same on every attempt, so a mail system that sees a repeat can drop it."""
        due = self.scheduled_for.astimezone(dt.UTC)
        return f"reminder.{self.pk}.{self.kind}.{due:%Y%m%dT%H%MZ}"


# States a row never leaves on its own (staff may re-queue a FAILED row).
FINAL_STATES: tuple[str, ...] = (
    Delivery.State.SENT,
    Delivery.State.FAILED,
    Delivery.State.EXPIRED,
    Delivery.State.SKIPPED,
)
