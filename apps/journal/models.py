"""Mood check-ins and questionnaire answers: the most sensitive data Steady holds.

Notes are encrypted at rest. None of this ever appears in an email, a URL or a log line.

Encryption of notes
-------------------
``CheckIn.note`` is encrypted field by field with django-fernet-encrypted-fields (Fernet:
AES-128-CBC + HMAC-SHA256). Its keys are derived with PBKDF2-HMAC-SHA256 (100,000 rounds)
from every pair of (``SECRET_KEY`` and then each of ``SECRET_KEY_FALLBACKS``) x (each salt
in ``SALT_KEY``, set from the ``FIELD_ENCRYPTION_SALTS`` environment variable). The first
pair encrypts; every pair is tried when decrypting. An empty note is stored as an empty
string (it reveals only that there is no note).

Rotating the key (e.g. after a suspected leak of ``SECRET_KEY``):

1. Generate a new secret. Deploy with ``SECRET_KEY=<new>`` and the old secret *first* in
   ``SECRET_KEY_FALLBACKS=<old>``. Every note still decrypts; new writes use the new key.
   (Django also uses the fallbacks for sessions and password-reset links.)
2. Run ``python manage.py journal_reencrypt_notes``. It rewrites every note with the new
   key in batches and reports how many it rotated and how many it could not read.
3. When it reports 0 unreadable notes, remove the old secret from ``SECRET_KEY_FALLBACKS``
   and deploy again.

Rotating the salt works the same way: put the new salt first in ``FIELD_ENCRYPTION_SALTS``
(keep the old one after it), re-encrypt, then drop the old salt. Never drop an old key or
salt before step 2 has finished: the library then hands back the unreadable token instead
of the note, and the note is lost for good. Other encrypted fields (the safety plan) need
their own re-encryption pass before the old key is dropped.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from encrypted_fields.fields import EncryptedTextField

from apps.journal import scales, scoring

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


class NoteField(EncryptedTextField):
    """An encrypted text field that stores an empty value as ``""``, never NULL.

    The library turns a falsy value into NULL, which a NOT NULL column refuses; an empty
    note must save like any other.
    """

    def get_prep_value(self, value: Any) -> Any:
        prepared = super().get_prep_value(value)
        return "" if prepared is None else prepared

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value in (None, ""):
            return ""
        return super().from_db_value(value, expression, connection)


def symptom_labels(codes: list[str], choices: list[tuple[str, str]]) -> list[str]:
    """The words for stored symptom codes (an unknown code shows as itself)."""
    labels = dict(choices)
    return [labels.get(code, code) for code in codes]


def checkin_heading(kind: str, session_name: str | None) -> str:
    """A check-in's short title: "Before Session A", "After a session", "Daily check-in"."""
    if kind == CheckIn.Kind.DAILY:
        return "Daily check-in"
    prefix = "Before" if kind == CheckIn.Kind.BEFORE else "After"
    if session_name is not None:
        return f"{prefix} {session_name}"
    return f"{prefix} a session"


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
    note = NoteField(blank=True, default="")
    client_id = models.UUIDField(
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="Generated by the form: a retried or doubled submit updates, never duplicates.",
    )

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

    @property
    def mood_word(self) -> str:
        return scales.scale_word(scales.MOOD_WORDS, self.mood)

    @property
    def energy_word(self) -> str:
        return scales.scale_word(scales.ENERGY_WORDS, self.energy)

    @property
    def stress_word(self) -> str:
        return scales.scale_word(scales.STRESS_WORDS, self.stress)

    @property
    def warning_symptom_labels(self) -> list[str]:
        return symptom_labels(self.warning_symptoms, WARNING_SYMPTOMS)

    @property
    def pelvic_symptom_labels(self) -> list[str]:
        return symptom_labels(self.pelvic_symptoms, PELVIC_SYMPTOMS)

    @property
    def heading(self) -> str:
        """A short title: "Before Session A", "After a session", "Daily check-in"."""
        name = None
        if self.kind != self.Kind.DAILY and self.session_id is not None:
            session = self.session
            name = session.name if session is not None else None
        return checkin_heading(self.kind, name)


class QuestionnaireResponse(models.Model):
    class Kind(models.TextChoices):
        PHQ9 = "phq9", "PHQ-9"
        PHQ2 = "phq2", "PHQ-2 (short)"
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

    @property
    def result(self) -> scoring.Phq9Result | scoring.Phq2Result | scoring.Who5Result:
        """The scored answers (apps.journal.scoring)."""
        if self.kind == self.Kind.PHQ9:
            return scoring.score_phq9(self.answers)
        if self.kind == self.Kind.PHQ2:
            return scoring.score_phq2(self.answers)
        return scoring.score_who5(self.answers)

    @property
    def crisis_support(self) -> bool:
        """PHQ-9 item 9 above 0: always crisis support, whatever the total (DOMAIN.md)."""
        return self.kind == self.Kind.PHQ9 and len(self.answers) == 9 and self.answers[8] > 0

    @property
    def who5_percentage(self) -> int | None:
        return self.total * 4 if self.kind == self.Kind.WHO5 else None

    @property
    def band_label(self) -> str:
        return scoring.phq9_band(self.total)[1] if self.kind == self.Kind.PHQ9 else ""
