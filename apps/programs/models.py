"""Exercises and programs.

A program is data, not code: workout days (A, B, C…) hold the prescriptions, and
``ProgramWeek`` rows say how each week modifies them (deload weeks cut sets and add reps
in reserve; later weeks can raise the target effort). Templates ship in data migrations;
a person's custom program is a copy with ``owner`` set.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q


class Equipment(models.TextChoices):
    MACHINE = "machine", "Machine"
    CABLE = "cable", "Cable"
    DUMBBELL = "dumbbell", "Dumbbells"
    BARBELL = "barbell", "Barbell"
    BAND = "band", "Resistance band"
    BODYWEIGHT = "bodyweight", "Bodyweight"
    NONE = "none", "No equipment"


class MovementPattern(models.TextChoices):
    SQUAT = "squat", "Squat"
    HINGE = "hinge", "Hinge"
    LUNGE = "lunge", "Lunge"
    HORIZONTAL_PUSH = "horizontal_push", "Horizontal push"
    VERTICAL_PUSH = "vertical_push", "Vertical push"
    HORIZONTAL_PULL = "horizontal_pull", "Horizontal pull"
    VERTICAL_PULL = "vertical_pull", "Vertical pull"
    CARRY = "carry", "Carry"
    CORE = "core", "Core"
    PELVIC_FLOOR = "pelvic_floor", "Pelvic floor"
    ISOLATION = "isolation", "Single joint"
    CARDIO = "cardio", "Walking and cardio"
    MOBILITY = "mobility", "Mobility"


class Measure(models.TextChoices):
    LOAD = "load", "Weight and reps"
    BODYWEIGHT = "bodyweight", "Reps (bodyweight or band)"
    TIMED = "timed", "Timed"


class Exercise(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    equipment = models.CharField(max_length=12, choices=Equipment.choices)
    primary_muscles = models.JSONField(default=list)
    movement_pattern = models.CharField(max_length=20, choices=MovementPattern.choices)
    form_cues = models.JSONField(default=list, help_text="3–5 short cues, in our own words.")
    load_increment_kg = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("2.5"),
        help_text="The smallest sensible jump for this lift (NSCA/ACSM 2.5–5%).",
    )
    measure = models.CharField(max_length=10, choices=Measure.choices, default=Measure.LOAD)
    is_compound = models.BooleanField(default=True)
    is_high_impact = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def takes_warmups(self) -> bool:
        """A heavy compound lift, worth a few lighter sets first (see workouts/warmups.py):
        the barbell lifts (squat, deadlifts, bench press, overhead press, row). Machines
        and dumbbells start light enough in our programs to need none. The one place that
        decides it."""
        return (
            self.is_compound
            and self.measure == Measure.LOAD
            and self.equipment == Equipment.BARBELL
        )

    @property
    def is_barbell(self) -> bool:
        """Loaded with plates on a bar: the plate calculator applies."""
        return self.equipment == Equipment.BARBELL and self.measure == Measure.LOAD


class ExerciseAlternative(models.Model):
    class Kind(models.TextChoices):
        EASIER = "easier", "Easier"
        HARDER = "harder", "Harder"
        EQUIPMENT = "equipment", "Other equipment"

    exercise = models.ForeignKey(
        Exercise, on_delete=models.CASCADE, related_name="alternative_links"
    )
    alternative = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["exercise", "alternative", "kind"], name="unique_exercise_alternative"
            ),
            models.CheckConstraint(
                condition=~Q(exercise=F("alternative")), name="alternative_not_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} → {self.alternative} ({self.kind})"


class Program(models.Model):
    class Level(models.TextChoices):
        STARTING = "starting", "Just starting"
        BEGINNER = "beginner", "Beginner"
        NOVICE = "novice", "Some experience"

    class Setting(models.TextChoices):
        GYM = "gym", "Gym (machines)"
        HOME = "home", "Home (dumbbells and bands)"
        ANYWHERE = "anywhere", "Anywhere (little or no equipment)"

    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=100)
    summary = models.CharField(max_length=200)
    who_for = models.TextField(help_text="Plain words: who this program suits.")
    why = models.TextField(help_text="Plain words: why it is built this way.")
    sources = models.JSONField(default=list, help_text="Citations from DOMAIN.md.")
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.BEGINNER)
    setting = models.CharField(max_length=10, choices=Setting.choices, default=Setting.GYM)
    equipment = models.JSONField(default=list, help_text="Equipment values needed.")
    days_per_week = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    default_weekdays = models.JSONField(default=list, help_text="0 = Monday … 6 = Sunday.")
    length_weeks = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    minutes_per_session = models.PositiveSmallIntegerField()
    full_body = models.BooleanField(
        default=True, help_text="Full-body sessions need a rest day between them (ACSM 48 h)."
    )
    requires_postpartum = models.BooleanField(default=False)
    is_minimum_session = models.BooleanField(default=False)
    is_template = models.BooleanField(default=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="custom_programs",
    )
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["days_per_week", "minutes_per_session", "name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["slug"], condition=Q(owner__isnull=True), name="unique_template_slug"
            ),
            models.CheckConstraint(
                condition=Q(is_template=True, owner__isnull=True)
                | Q(is_template=False, owner__isnull=False),
                name="template_xor_owned",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProgramWeek(models.Model):
    """How one week changes the program's prescriptions (Bell et al. 2024 for deloads)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="weeks")
    number = models.PositiveSmallIntegerField()
    is_deload = models.BooleanField(default=False)
    set_multiplier = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        help_text="Deload weeks use about 0.6 (≈40% fewer sets).",
    )
    extra_reps_in_reserve = models.PositiveSmallIntegerField(
        default=0, help_text="Deload weeks add 2 reps in reserve (target RPE − 2)."
    )
    rpe_shift = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        default=Decimal("0"),
        help_text="Later weeks may raise the target effort toward RPE 7–8.",
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["program", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["program", "number"], name="unique_program_week"),
        ]

    def __str__(self) -> str:
        return f"{self.program} week {self.number}"


class WorkoutDay(models.Model):
    """One of a program's rotating sessions ("Session A"), repeated across weeks."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="days")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=60)
    focus = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["program", "order"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["program", "order"], name="unique_program_day"),
        ]

    def __str__(self) -> str:
        return f"{self.program}: {self.name}"


class Prescription(models.Model):
    day = models.ForeignKey(WorkoutDay, on_delete=models.CASCADE, related_name="prescriptions")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField()
    sets = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    reps_low = models.PositiveSmallIntegerField(null=True, blank=True)
    reps_high = models.PositiveSmallIntegerField(null=True, blank=True)
    seconds = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Timed work.")
    target_rpe_low = models.DecimalField(max_digits=3, decimal_places=1, default=Decimal("6"))
    target_rpe_high = models.DecimalField(max_digits=3, decimal_places=1, default=Decimal("7"))
    rest_seconds = models.PositiveSmallIntegerField(default=90)
    notes = models.CharField(max_length=200, blank=True)
    superset_group = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Two adjacent exercises of a day with the same value are a superset "
        "(custom programs only): done alternately, resting after each pair.",
    )

    class Meta:
        ordering = ["day", "order"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(reps_low__isnull=False, reps_high__gte=F("reps_low"))
                | Q(reps_low__isnull=True, seconds__isnull=False),
                name="prescription_reps_or_time",
            ),
            models.CheckConstraint(
                condition=Q(target_rpe_high__gte=F("target_rpe_low")),
                name="prescription_rpe_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} {self.sets}×{self.reps_low}–{self.reps_high}"


class Enrollment(models.Model):
    """A person following a program. One active at a time; history is kept."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        ENDED = "ended", "Ended"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    # RESTRICT, not PROTECT: a followed program cannot be deleted on its own, but deleting
    # the person removes their enrollments and their own copies together.
    program = models.ForeignKey(Program, on_delete=models.RESTRICT, related_name="enrollments")
    start_date = models.DateField()
    weekdays = models.JSONField(help_text="Training weekdays, 0 = Monday … 6 = Sunday.")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_on = models.DateField(null=True, blank=True)
    postpartum_clearance_confirmed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the person confirmed a doctor or midwife cleared them to exercise.",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status__in=["active", "paused"]),
                name="one_current_enrollment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.program}"


class EnrollmentPause(models.Model):
    """A pause shifts the schedule forward; paused days are never 'missed'."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="pauses")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="Empty while still paused.")

    class Meta:
        ordering = ["start_date"]

    def __str__(self) -> str:
        return f"Pause from {self.start_date}"


class ExerciseSwap(models.Model):
    """One exercise swapped for another, for a single session or from a date onward.

    The program itself is untouched: ``selectors.effective_prescriptions`` applies swaps
    when it builds a day's plan, so a swap can be undone at any time.
    """

    class Scope(models.TextChoices):
        ONCE = "once", "Just this session"
        ONWARD = "onward", "For the rest of the program"

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="swaps")
    prescription = models.ForeignKey(Prescription, on_delete=models.CASCADE, related_name="+")
    replacement = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=6, choices=Scope.choices, default=Scope.ONCE)
    day = models.DateField(help_text="The session's date, or the first date for 'onward'.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes: ClassVar = [models.Index(fields=["enrollment", "day"], name="swap_enrollment_day")]

    def __str__(self) -> str:
        return f"{self.prescription} → {self.replacement} ({self.scope} from {self.day})"


class CalendarFeed(models.Model):
    """A private calendar address. The token is the only key, so it can be revoked.

    The feed holds the training plan only (names, dates, exercises), never mood data.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="one_live_feed"
            ),
        ]

    def __str__(self) -> str:
        return f"Calendar feed for {self.user}"
