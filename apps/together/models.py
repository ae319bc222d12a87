"""Crews: small private groups of 2 to 8 people who see each other's attendance.

Nothing here holds mood, check-ins, questionnaires or guidance, and this app may not
import the journal or safety apps (import-linter's ``forbidden`` contract): what a crew
shows is built from planned and done sessions and, by each member's choice, personal
records. A cheer is one of a fixed list of kind messages, so nothing hurtful can be sent.

``personal_data_paths`` tells the data export (apps.accounts.personal_data) every way a
row belongs to a person: a crew is the person's if they made it or are in it, a cheer if
they sent or received it. A mute is only its author's: the muted person never learns of it.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

MAX_MEMBERS = 8
INVITE_DAYS_DEFAULT = 7


class CheerMessage(models.TextChoices):
    """The only words a cheer can carry, in one place."""

    NICE_WORK = "nice_work", "Nice work today"
    SHOWING_UP = "showing_up", "Proud of you for showing up"
    REST_WELL = "rest_well", "Rest well"
    THINKING = "thinking", "Thinking of you"
    ONE_STEP = "one_step", "One step at a time"


class CheerEmoji(models.TextChoices):
    NONE = "", "No emoji"
    STRONG = "💪", "💪 Strong arm"
    SEEDLING = "🌱", "🌱 Seedling"
    SUN = "☀️", "☀️ Sun"
    CLAP = "👏", "👏 Clapping hands"
    HEART = "💙", "💙 Blue heart"


class Crew(models.Model):
    name = models.CharField("Crew name", max_length=60)
    # The keeper: who made the crew, or who it was handed over to. Removes members and
    # manages invites. Never empty while the crew has members (services hand it over).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="crews_created",
    )
    created_at = models.DateTimeField(default=timezone.now)

    personal_data_paths: ClassVar[tuple[str, ...]] = ("created_by", "memberships__user")

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    crew = models.ForeignKey(Crew, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="crew_memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    sharing_paused = models.BooleanField(
        "Take a break from sharing",
        default=False,
        help_text="Your crew sees “taking a break” instead of your week.",
    )
    share_records = models.BooleanField(
        "Share my new personal records", default=False, help_text="Only the exercise's name."
    )

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["crew", "user"], name="one_membership_per_crew"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.crew}"


class Invite(models.Model):
    """An invite link. Only the SHA-256 hash of its 256-bit token is stored."""

    crew = models.ForeignKey(Crew, on_delete=models.CASCADE, related_name="invites")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="crew_invites"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    email = models.EmailField(blank=True, help_text="Set when the invite was sent by email.")
    single_use = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    use_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Invite to {self.crew}"

    def is_open_at(self, moment: dt.datetime) -> bool:
        used_up = self.single_use and self.use_count >= 1
        return self.revoked_at is None and self.expires_at > moment and not used_up

    @property
    def is_open(self) -> bool:
        return self.is_open_at(timezone.now())


class Cheer(models.Model):
    crew = models.ForeignKey(Crew, on_delete=models.CASCADE, related_name="cheers")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cheers_sent"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cheers_received"
    )
    message = models.CharField(max_length=16, choices=CheerMessage.choices)
    emoji = models.CharField(max_length=4, choices=CheerEmoji.choices, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)

    personal_data_paths: ClassVar[tuple[str, ...]] = ("recipient", "sender")

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes: ClassVar = [
            models.Index(fields=["recipient", "-sent_at"], name="cheer_recipient_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_message_display()} to {self.recipient}"


class Mute(models.Model):
    """A person no longer sees cheers from ``muted_user``. Only ``user`` knows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="crew_mutes"
    )
    muted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    personal_data_paths: ClassVar[tuple[str, ...]] = ("user",)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "muted_user"], name="one_mute_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.user} muted {self.muted_user}"


class CrewSession(models.Model):
    """A shared session time: one instant, shown on each member's own clock."""

    crew = models.ForeignKey(Crew, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=45)
    created_at = models.DateTimeField(default=timezone.now)

    personal_data_paths: ClassVar[tuple[str, ...]] = ("crew__created_by", "crew__memberships__user")

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes: ClassVar = [models.Index(fields=["crew", "starts_at"], name="crewsession_when")]

    def __str__(self) -> str:
        return f"{self.crew} at {self.starts_at:%Y-%m-%d %H:%M}"


class SessionPlace(models.Model):
    """“I'm in”: a member plans to join a shared session."""

    session = models.ForeignKey(CrewSession, on_delete=models.CASCADE, related_name="places")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="crew_session_places"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["session", "user"], name="one_place_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.user} is in for {self.session}"
