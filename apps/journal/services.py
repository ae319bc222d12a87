"""Writes for the journal: check-ins, questionnaires and note re-encryption.

Mood data never goes to a log line: these functions log nothing, and they are marked with
``sensitive_variables`` so an error report shows none of their local values.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from apps.accounts.models import User
from apps.journal import scoring
from apps.journal.models import CheckIn, NoteField, QuestionnaireResponse
from apps.journal.signals import checkin_saved
from apps.workouts.models import WorkoutSession


@dataclass
class CheckInAnswers:
    """What the person answered. Only ``mood`` is required (issue 5)."""

    mood: int
    energy: int | None = None
    stress: int | None = None
    sleep_hours: Decimal | None = None
    ate_recently: bool | None = None
    warning_symptoms: list[str] = field(default_factory=list)
    pelvic_symptoms: list[str] = field(default_factory=list)
    self_harm_thoughts: bool = False
    tags: list[str] = field(default_factory=list)
    note: str = ""
    date: dt.date | None = None


ANSWER_FIELDS = (
    "mood",
    "energy",
    "stress",
    "sleep_hours",
    "ate_recently",
    "warning_symptoms",
    "pelvic_symptoms",
    "self_harm_thoughts",
    "tags",
    "note",
)


def _apply(checkin: CheckIn, answers: CheckInAnswers) -> None:
    for name in ANSWER_FIELDS:
        setattr(checkin, name, getattr(answers, name))
    if answers.date is not None:
        checkin.date = answers.date
    # Kind-specific questions never hold answers for another kind.
    if checkin.kind != CheckIn.Kind.BEFORE:
        checkin.ate_recently = None
    if checkin.kind == CheckIn.Kind.DAILY:
        checkin.warning_symptoms = []


@sensitive_variables()
def checkin_update(*, checkin: CheckIn, answers: CheckInAnswers) -> CheckIn:
    """Replace a check-in's answers (its kind and session stay as they were)."""
    _apply(checkin, answers)
    checkin.full_clean(exclude=["user", "session", "client_id"])
    checkin.save()
    checkin_saved.send(sender=CheckIn, checkin=checkin)
    return checkin


@sensitive_variables()
def checkin_create(
    *,
    user: User,
    kind: str,
    answers: CheckInAnswers,
    session: WorkoutSession | None = None,
    client_id: uuid.UUID | None = None,
) -> tuple[CheckIn, bool]:
    """Save a check-in; returns ``(checkin, created)``.

    Never makes a duplicate: a retried submit (same ``client_id``) or a second check-in of
    the same kind for the same session updates the existing one instead (one per session
    and kind, as the model's unique constraint demands).
    """
    if kind == CheckIn.Kind.DAILY:
        session = None
    existing = None
    if client_id is not None:
        existing = CheckIn.objects.filter(user=user, client_id=client_id).first()
    if existing is None and session is not None:
        existing = CheckIn.objects.filter(user=user, session=session, kind=kind).first()
    if existing is not None:
        return checkin_update(checkin=existing, answers=answers), False

    now = timezone.now()
    checkin = CheckIn(
        user=user,
        kind=kind,
        session=session,
        date=session.date if session is not None else user.local_today(),
        created_at=now,
        client_id=client_id,
    )
    _apply(checkin, answers)
    checkin.full_clean(exclude=["user", "session", "client_id"], validate_unique=False)
    try:
        with transaction.atomic():
            checkin.save()
    except IntegrityError:
        # A parallel request won the race for this session+kind or client id: update it.
        winner = CheckIn.objects.filter(user=user, session=session, kind=kind).first()
        if winner is None and client_id is not None:
            winner = CheckIn.objects.filter(user=user, client_id=client_id).first()
        if winner is None:
            # The client id belongs to someone else's row: save without it.
            checkin.client_id = None
            checkin.save()
            checkin_saved.send(sender=CheckIn, checkin=checkin)
            return checkin, True
        return checkin_update(checkin=winner, answers=answers), False
    checkin_saved.send(sender=CheckIn, checkin=checkin)
    return checkin, True


def checkin_delete(*, checkin: CheckIn) -> None:
    checkin.delete()
    checkin_saved.send(sender=CheckIn, checkin=checkin)


@sensitive_variables()
def questionnaire_submit(
    *,
    user: User,
    kind: str,
    answers: list[int],
    replaces: QuestionnaireResponse | None = None,
) -> QuestionnaireResponse:
    """Score and store a PHQ-9, PHQ-2 or WHO-5 (scoring rules: apps.journal.scoring).

    ``replaces`` is a PHQ-2 screen the person extended to the full PHQ-9: the PHQ-9 holds
    the same two answers, so the screen is removed in the same transaction.
    """
    if kind == QuestionnaireResponse.Kind.PHQ9:
        total = scoring.score_phq9(answers).total
    elif kind == QuestionnaireResponse.Kind.PHQ2:
        total = scoring.score_phq2(answers).total
    elif kind == QuestionnaireResponse.Kind.WHO5:
        total = scoring.score_who5(answers).raw
    else:
        raise scoring.InvalidAnswers(f"Unknown questionnaire {kind!r}.")
    with transaction.atomic():
        response = QuestionnaireResponse.objects.create(
            user=user,
            kind=kind,
            date=user.local_today(),
            created_at=timezone.now(),
            answers=list(answers),
            total=total,
        )
        if (
            replaces is not None
            and replaces.user_id == user.pk
            and replaces.kind == QuestionnaireResponse.Kind.PHQ2
        ):
            replaces.delete()
    return response


def questionnaire_delete(*, response: QuestionnaireResponse) -> None:
    response.delete()


@dataclass(frozen=True)
class ReencryptReport:
    rotated: int
    unreadable: int
    empty: int


@sensitive_variables()
def notes_reencrypt(*, batch_size: int = 500) -> ReencryptReport:
    """Rewrite every encrypted note with the current primary key (key rotation, step 2).

    Reads the stored tokens directly, so nothing is decrypted into model instances, and
    uses Fernet's own ``MultiFernet.rotate``. A token no current key can read is left
    untouched and counted as unreadable: rewriting it would destroy the note.
    """
    note_field = CheckIn._meta.get_field("note")
    assert isinstance(note_field, NoteField)
    fernet = MultiFernet([Fernet(key) for key in note_field.keys])
    table = connection.ops.quote_name(CheckIn._meta.db_table)
    column = connection.ops.quote_name(note_field.column)
    rotated = unreadable = empty = 0
    last_id = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, {column} FROM {table} WHERE id > %s ORDER BY id LIMIT %s",  # noqa: S608 (quoted identifiers from _meta)
                [last_id, batch_size],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            updates = []
            for pk, token in rows:
                last_id = pk
                if not token:
                    empty += 1
                    continue
                try:
                    updates.append((fernet.rotate(token.encode()).decode(), pk))
                except InvalidToken:
                    unreadable += 1
            if updates:
                cursor.executemany(
                    f"UPDATE {table} SET {column} = %s WHERE id = %s",  # noqa: S608 (quoted identifiers from _meta)
                    updates,
                )
                rotated += len(updates)
    return ReencryptReport(rotated=rotated, unreadable=unreadable, empty=empty)
