"""Workout sessions and the sets logged in them.

Each session copies its prescriptions into ``SessionExercise`` rows, so editing a program
never rewrites history. Every set carries a client-generated UUID: a retried or doubled
request can only ever create one row.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class WorkoutSession(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workout_sessions"
    )
    enrollment = models.ForeignKey(
        "programs.Enrollment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    workout_day = models.ForeignKey(
        "programs.WorkoutDay", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    week_number = models.PositiveSmallIntegerField(null=True, blank=True)
    name = models.CharField(max_length=100)
    date = models.DateField(help_text="The person's local date of the session.")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_min = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    session_rpe = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text="Foster's session RPE, CR-10.",
    )
    notes = models.TextField(blank=True, max_length=2000)
    is_deload = models.BooleanField(default=False)
    is_minimum = models.BooleanField(default=False, help_text="The 15-minute bad-day session.")
    is_imported = models.BooleanField(
        default=False,
        help_text="Brought in from another app's log: nobody is asked about it afterwards "
        "(no check-in prompt).",
    )
    progression_holds = models.JSONField(
        default=list,
        blank=True,
        help_text="Why load increases were held when the suggestions were made.",
    )
    # Made by the phone when a session is started with no signal: the queued "start" is
    # replayed until the server answers, and every replay finds this session.
    client_id = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-date", "-started_at"]
        indexes: ClassVar = [
            models.Index(fields=["user", "-date"], name="session_user_date"),
            # The reminders' check-in prompt scan looks at recently finished sessions.
            models.Index(
                fields=["finished_at"],
                condition=Q(finished_at__isnull=False),
                name="session_finished",
            ),
        ]
        constraints: ClassVar = [
            # One unfinished session at a time: starting again resumes it.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(finished_at__isnull=True),
                name="one_unfinished_session",
            ),
            models.UniqueConstraint(
                fields=["user", "client_id"],
                condition=Q(client_id__isnull=False),
                name="one_session_per_client_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} on {self.date}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class SessionExercise(models.Model):
    session = models.ForeignKey(WorkoutSession, on_delete=models.CASCADE, related_name="exercises")
    # RESTRICT: a logged exercise cannot be deleted on its own, but a person's own exercise
    # goes with their account, sessions and all.
    exercise = models.ForeignKey("programs.Exercise", on_delete=models.RESTRICT, related_name="+")
    prescription = models.ForeignKey(
        "programs.Prescription", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.PositiveSmallIntegerField()
    planned_sets = models.PositiveSmallIntegerField(default=3)
    reps_low = models.PositiveSmallIntegerField(null=True, blank=True)
    reps_high = models.PositiveSmallIntegerField(null=True, blank=True)
    seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    target_rpe_low = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    target_rpe_high = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    rest_seconds = models.PositiveSmallIntegerField(default=90)
    suggested_load_kg = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    suggested_reps = models.PositiveSmallIntegerField(null=True, blank=True)
    suggestion_reason = models.CharField(max_length=200, blank=True)
    suggestion_held = models.BooleanField(default=False)
    suggestion_change = models.CharField(
        max_length=10, blank=True, help_text="increase, same, decrease, held, deload or first."
    )
    swapped_from = models.ForeignKey(
        "programs.Exercise", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    superset_group = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Exercises of the session with the same value are a superset: the page "
        "alternates them and rests after each round. Copied from the plan at the start.",
    )

    class Meta:
        ordering = ["session", "order"]

    def __str__(self) -> str:
        return f"{self.exercise} in {self.session}"


class SetLog(models.Model):
    class Kind(models.TextChoices):
        """Set types other apps record (imports keep them). Warm-ups never count for
        progression, records or volume."""

        NORMAL = "normal", "Working set"
        WARMUP = "warmup", "Warm-up"
        DROP = "drop", "Drop set"
        FAILURE = "failure", "To failure"

    # No index of its own: ``set_user_logged`` (user, logged_at) serves every lookup by
    # person, and one index fewer is less work on every logged set.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="set_logs",
        db_index=False,
    )
    session_exercise = models.ForeignKey(
        SessionExercise, on_delete=models.CASCADE, related_name="sets"
    )
    client_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    set_number = models.PositiveSmallIntegerField()
    reps = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    load_kg = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
    )
    seconds = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(3600)]
    )
    rpe = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    # Warm-ups never count for progression, records or volume.
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.NORMAL)
    logged_at = models.DateTimeField()
    deleted_at = models.DateTimeField(null=True, blank=True, help_text="Soft delete, for undo.")

    class Meta:
        ordering = ["session_exercise", "set_number", "logged_at"]
        indexes: ClassVar = [
            models.Index(fields=["user", "logged_at"], name="set_user_logged"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(reps__isnull=False) | Q(seconds__isnull=False),
                name="set_has_reps_or_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Set {self.set_number}: {self.reps} × {self.load_kg} kg"


class PersonalBest(models.Model):
    """A person's best figures for one exercise, over the live sets of their finished
    sessions: a read model kept by ``services.personal_bests_rebuild``.

    Each figure remembers the set that first reached it and that session's date. The
    open session's sets join in only when it is finished (until then the session page
    compares them with this row in Python); a set logged into an already finished
    session counts at once.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_bests"
    )
    exercise = models.ForeignKey("programs.Exercise", on_delete=models.CASCADE, related_name="+")
    e1rm_kg = models.FloatField(
        null=True, blank=True, help_text="Best Epley estimated 1RM, from sets of 1–10 reps."
    )
    e1rm_set = models.ForeignKey(
        SetLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    e1rm_on = models.DateField(null=True, blank=True)
    heaviest_kg = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    heaviest_set = models.ForeignKey(
        SetLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    heaviest_on = models.DateField(null=True, blank=True)
    most_reps = models.PositiveSmallIntegerField(null=True, blank=True)
    most_reps_set = models.ForeignKey(
        SetLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    most_reps_on = models.DateField(null=True, blank=True)
    longest_seconds = models.PositiveIntegerField(null=True, blank=True)
    longest_set = models.ForeignKey(
        SetLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    longest_on = models.DateField(null=True, blank=True)
    session_count = models.PositiveIntegerField(
        default=0, help_text="Finished sessions with a live set of the exercise."
    )
    last_done_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "exercise"], name="one_best_per_exercise"),
        ]

    def __str__(self) -> str:
        return f"Bests of {self.user_id} on {self.exercise_id}"


class ExerciseNote(models.Model):
    """A person's own note on an exercise ("seat 4, pin 6"), shown on its card each time.

    One per person and exercise: it carries over from session to session until they change
    it, so the machine settings they found last time are there the next time.
    """

    MAX_LENGTH = 200

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exercise_notes"
    )
    exercise = models.ForeignKey("programs.Exercise", on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=MAX_LENGTH)
    updated_at = models.DateTimeField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "exercise"], name="one_note_per_exercise"),
        ]

    def __str__(self) -> str:
        return f"Note of {self.user_id} on {self.exercise_id}"
