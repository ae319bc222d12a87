"""Mood check-ins and questionnaire answers: the most sensitive data Steady holds.

Notes are encrypted at rest. None of this ever appears in an email, a URL or a log line.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from encrypted_fields.fields import EncryptedTextField

WARNING_SYMPTOMS: list[tuple[str, str]] = [
    ("chest_pain", "Chest pain or pressure"),
    ("fainting", "Fainting or nearly fainting"),
    ("dizziness", "Dizziness"),
    ("breathlessness", "Severe breathlessness"),
    ("palpitations", "A racing or irregular heartbeat"),
]
PELVIC_SYMPTOMS: list[tuple[str, str]] = [
    ("bleeding", "Vaginal bleeding"),
    ("leaking", "Leaking or sudden urgency"),
    ("heaviness", "Heaviness or dragging in the pelvis"),
    ("doming", "Doming or bulging along the middle of the tummy"),
    ("pelvic_pain", "Pelvic or low-back pain"),
]


def _one_to_ten() -> list[MinValueValidator | MaxValueValidator]:
    return [MinValueValidator(1), MaxValueValidator(10)]


class CheckIn(models.Model):
    class Kind(models.TextChoices):
        BEFORE = "before", "Before a session"
        AFTER = "after", "After a session"
        DAILY = "daily", "Daily"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    kind = models.CharField(max_length=6, choices=Kind.choices)
    session = models.ForeignKey(
        "workouts.WorkoutSession",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checkins",
    )
    date = models.DateField(help_text="The person's local date.")
    created_at = models.DateTimeField()
    mood = models.PositiveSmallIntegerField(validators=_one_to_ten())
    energy = models.PositiveSmallIntegerField(null=True, blank=True, validators=_one_to_ten())
    stress = models.PositiveSmallIntegerField(null=True, blank=True, validators=_one_to_ten())
    sleep_hours = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    ate_recently = models.BooleanField(null=True, blank=True)
    warning_symptoms = models.JSONField(default=list, blank=True)
    pelvic_symptoms = models.JSONField(default=list, blank=True)
    self_harm_thoughts = models.BooleanField(default=False)
    tags = models.JSONField(default=list, blank=True)
    note = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["-created_at"]
        indexes: ClassVar = [models.Index(fields=["user", "-date"], name="checkin_user_date")]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["session", "kind"],
                condition=Q(session__isnull=False),
                name="one_checkin_per_session_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} check-in on {self.date}"


class QuestionnaireResponse(models.Model):
    class Kind(models.TextChoices):
        PHQ9 = "phq9", "PHQ-9"
        WHO5 = "who5", "WHO-5"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questionnaires"
    )
    kind = models.CharField(max_length=4, choices=Kind.choices)
    date = models.DateField(help_text="The person's local date.")
    created_at = models.DateTimeField()
    answers = models.JSONField()
    total = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-created_at"]
        indexes: ClassVar = [
            models.Index(fields=["user", "kind", "-date"], name="questionnaire_user_kind_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date}"
