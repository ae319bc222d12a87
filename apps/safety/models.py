"""What the safety app stores: readiness answers, clearances, responses to guidance and a
personal safety plan.

The safety plan is written in the person's own words and encrypted at rest, like journal
notes (see apps.journal.models for the key-rotation steps; the plan needs its own
re-encryption pass, ``safety_plan_reencrypt`` in services).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from encrypted_fields.fields import EncryptedTextField

from apps.safety.guidance.data import READINESS_TOPICS
from apps.safety.guidance.engine import CODES

# Readiness and clearance stay valid for 12 months (PAR-Q+ guidance).
VALID_FOR_YEARS = 1


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar date ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class PlanTextField(EncryptedTextField):
    """Encrypted text that stores an empty answer as ``""`` rather than NULL."""

    def get_prep_value(self, value: Any) -> Any:
        prepared = super().get_prep_value(value)
        return "" if prepared is None else prepared

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value in (None, ""):
            return ""
        return super().from_db_value(value, expression, connection)


class ReadinessScreen(models.Model):
    """Answers to the readiness questions, asked before a first program (our own words;
    the official PAR-Q+ is linked, never copied). One boolean per DOMAIN.md topic."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="readiness_screens"
    )
    date = models.DateField(help_text="The person's local date when they answered.")
    created_at = models.DateTimeField(default=timezone.now)
    heart = models.BooleanField()
    chest_pain = models.BooleanField()
    dizziness = models.BooleanField()
    chronic_condition = models.BooleanField()
    medication = models.BooleanField()
    bone_joint = models.BooleanField()
    supervised_only = models.BooleanField()
    pregnancy_postpartum = models.BooleanField()
    gentle_start_chosen_on = models.DateField(
        null=True,
        blank=True,
        help_text="The person chose to start with the gentlest program before clearance.",
    )

    class Meta:
        ordering = ["-date", "-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["user", "-date"], name="readiness_user_date")]

    def __str__(self) -> str:
        return f"Readiness screen on {self.date}"

    @property
    def yes_topics(self) -> tuple[str, ...]:
        return tuple(topic for topic in READINESS_TOPICS if getattr(self, topic))

    @property
    def expires_on(self) -> dt.date:
        return add_years(self.date, VALID_FOR_YEARS)


class MedicalClearance(models.Model):
    """The person's own record that a doctor or qualified exercise professional cleared
    them for the answers on one readiness screen. Valid for 12 months from ``cleared_on``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="medical_clearances"
    )
    screen = models.ForeignKey(ReadinessScreen, on_delete=models.CASCADE, related_name="clearances")
    cleared_on = models.DateField()
    cleared_by = models.CharField(max_length=120)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-cleared_on", "-created_at"]

    def __str__(self) -> str:
        return f"Cleared on {self.cleared_on}"

    @property
    def expires_on(self) -> dt.date:
        return add_years(self.cleared_on, VALID_FOR_YEARS)

    def is_valid_on(self, day: dt.date) -> bool:
        return self.cleared_on <= day < self.expires_on


class GuidanceResponse(models.Model):
    """A person's answer to one trigger of a guidance item: they acknowledged an urgent
    banner, or confirmed they have been checked by a professional. ``ref`` names the
    record that triggered it ("checkin:42"), so a new trigger shows the banner again."""

    class Kind(models.TextChoices):
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        CHECKED = "checked", "Confirmed they have been checked"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guidance_responses"
    )
    code = models.CharField(max_length=40, choices=[(c, c) for c in CODES])
    kind = models.CharField(max_length=12, choices=Kind.choices)
    ref = models.CharField(max_length=40)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "code", "kind", "ref"], name="one_response_per_trigger"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.kind}"


class SafetyPlan(models.Model):
    """A personal safety plan (the Stanley–Brown steps), encrypted at rest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_plan"
    )
    warning_signs = PlanTextField(blank=True, default="")
    things_that_help = PlanTextField(blank=True, default="")
    people = PlanTextField(blank=True, default="")
    professionals = PlanTextField(blank=True, default="")
    safer_environment = PlanTextField(blank=True, default="")
    updated_at = models.DateTimeField(default=timezone.now)

    FIELDS: ClassVar[tuple[str, ...]] = (
        "warning_signs",
        "things_that_help",
        "people",
        "professionals",
        "safer_environment",
    )

    def __str__(self) -> str:
        return "Safety plan"

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name).strip() for name in self.FIELDS)
