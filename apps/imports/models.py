"""Imports of training history from other apps, and what each one added.

An ``Import`` keeps the uploaded file until it has run (the preview and the task read the
same bytes), the mapping the person confirmed, and its progress. ``ImportedSession`` and
``ImportedSet`` record every session and set an import created, under a source key that is
the same each time the same set is exported: a unique (user, source_key) makes importing
the same file twice add nothing, and undo removes exactly what one import added.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models


class Import(models.Model):
    class State(models.TextChoices):
        PREVIEW = "preview", "Waiting for you to check it"
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Could not be imported"
        UNDOING = "undoing", "Being removed"
        UNDONE = "undone", "Removed again"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imports"
    )
    format = models.CharField(max_length=10)
    filename = models.CharField(max_length=200, blank=True)
    unit = models.CharField(max_length=2, default="kg", help_text="For files that do not say.")
    content = models.BinaryField(blank=True, help_text="The uploaded file, until it has run.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEW)
    mapping = models.JSONField(
        default=dict,
        blank=True,
        help_text="Source exercise name → exercise id, null (leave out), or "
        '{"new": {"name", "measure", "equipment"}} (create as the person\'s own exercise).',
    )
    created_exercises = models.JSONField(
        default=list,
        blank=True,
        help_text="Ids of the person's own exercises this import created (removed again if "
        "it fails, or on undo when nothing else uses them).",
    )
    total_sets = models.PositiveIntegerField(default=0)
    done_sets = models.PositiveIntegerField(default=0)
    sets_added = models.PositiveIntegerField(default=0)
    sessions_added = models.PositiveIntegerField(default=0)
    sets_already_there = models.PositiveIntegerField(default=0)
    problem = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.format} import {self.pk} ({self.state})"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.total_sets:
            return 0
        return min(99, self.done_sets * 100 // self.total_sets)

    @property
    def is_working(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING, self.State.UNDOING)


class ImportedSession(models.Model):
    import_run = models.ForeignKey(Import, on_delete=models.CASCADE, related_name="sessions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session = models.OneToOneField(
        "workouts.WorkoutSession", on_delete=models.CASCADE, related_name="imported_from"
    )
    source_key = models.CharField(max_length=40)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "source_key"], name="imported_session_once_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"Session {self.session_id} from import {self.import_run_id}"


class ImportedSet(models.Model):
    import_run = models.ForeignKey(Import, on_delete=models.CASCADE, related_name="sets")
    # No index of its own: the unique (user, source_key) serves every lookup by person, and
    # one index fewer is less work for each of tens of thousands of imported sets.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # The set is the key: no id column and no index of its own to fill for each set.
    set_log = models.OneToOneField(
        "workouts.SetLog", on_delete=models.CASCADE, related_name="imported_from", primary_key=True
    )
    source_key = models.CharField(max_length=40)
    notes = models.TextField(blank=True, help_text="The set's or exercise's note in the source.")
    superset = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "source_key"], name="imported_set_once_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"Set {self.set_log_id} from import {self.import_run_id}"


class ExerciseChoice(models.Model):
    """The exercise a person chose for a name in another app, remembered for the next import:
    a library exercise, their own exercise (one an import created for them included), or
    None (leave out)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exercise_choices"
    )
    source_name = models.CharField(max_length=200, help_text="Normalised (matching.normalise).")
    exercise = models.ForeignKey(
        "programs.Exercise", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "source_name"], name="one_choice_per_name"),
        ]

    def __str__(self) -> str:
        return f"{self.source_name} → {self.exercise_id}"
