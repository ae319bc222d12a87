"""Reads for the journal. Every query is scoped to its owner and runs a constant number
of SQL statements however long the person's history is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.db.models import CharField, F, IntegerField, Q, QuerySet, Value

from apps.accounts.models import User
from apps.journal.insights import CheckInPoint, SessionPoint
from apps.journal.models import (
    PELVIC_SYMPTOMS,
    WARNING_SYMPTOMS,
    CheckIn,
    QuestionnaireResponse,
    checkin_heading,
    symptom_labels,
)
from apps.journal.scales import MOOD_WORDS, scale_word
from apps.journal.scoring import phq9_band
from apps.journal.scoring import phq9_due as phq9_due_rule
from apps.workouts.models import WorkoutSession
from apps.workouts.selectors import LOW_CHECKIN_MAX

TIMELINE_PAGE_SIZE = 20


def checkins_for(user: User) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(user=user)


def questionnaires_for(user: User) -> QuerySet[QuestionnaireResponse]:
    return QuestionnaireResponse.objects.filter(user=user)


def sessions_for(user: User) -> QuerySet[WorkoutSession]:
    """The person's workout sessions (read-only use of the workouts model)."""
    return WorkoutSession.objects.filter(user=user)


def checkin_for_session(user: User, session: WorkoutSession, kind: str) -> CheckIn | None:
    return checkins_for(user).filter(session=session, kind=kind).first()


def before_checkin_is_low(session: WorkoutSession) -> bool:
    """Whether the session's before check-in has mood or energy at or below the level
    that holds increases (``settings.STEADY_LOW_BEFORE_CHECKIN``: workouts asks)."""
    return (
        CheckIn.objects.filter(session=session, kind=CheckIn.Kind.BEFORE)
        .filter(Q(mood__lte=LOW_CHECKIN_MAX) | Q(energy__lte=LOW_CHECKIN_MAX))
        .exists()
    )


def session_moods(session: WorkoutSession) -> tuple[int | None, int | None]:
    """The mood before and after a session, for its summary (``settings.STEADY_SESSION_MOODS``:
    workouts asks). One query: a session has at most one check-in of each kind."""
    moods: dict[str, int] = {}
    rows = (
        CheckIn.objects.filter(session=session, kind__in=[CheckIn.Kind.BEFORE, CheckIn.Kind.AFTER])
        .order_by()
        .values_list("kind", "mood")
    )
    for kind, mood in rows:
        moods[kind] = mood
    return moods.get(CheckIn.Kind.BEFORE), moods.get(CheckIn.Kind.AFTER)


@dataclass(frozen=True)
class TimelineEntry:
    """One timeline entry, with only what the timeline shows of it.

    A check-in fills the mood fields; a questionnaire result only ``score``.
    """

    type: Literal["checkin", "questionnaire"]
    pk: int
    date: dt.date
    heading: str
    score: str = ""
    mood: int | None = None
    mood_word: str = ""
    energy: int | None = None
    stress: int | None = None
    sleep_hours: Decimal | None = None
    symptoms: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    note: str = ""

    @property
    def sleep_text(self) -> str:
        """The hours as ``floatformat:"-1"`` writes them: "7", "6.5"."""
        if self.sleep_hours is None:
            return ""
        return f"{self.sleep_hours:.1f}".removesuffix(".0")


@dataclass(frozen=True)
class TimelinePage:
    entries: list[TimelineEntry]
    number: int
    has_next: bool

    @property
    def next_number(self) -> int:
        return self.number + 1


CHECKIN_COLUMNS = (
    "pk",
    "kind",
    "session__name",
    "mood",
    "energy",
    "stress",
    "sleep_hours",
    "warning_symptoms",
    "pelvic_symptoms",
    "tags",
    "note",
)


def _checkin_entry(day: dt.date, row: tuple[Any, ...]) -> TimelineEntry:
    pk, kind, session_name, mood, energy, stress, sleep, warning, pelvic, tags, note = row
    return TimelineEntry(
        "checkin",
        pk,
        day,
        checkin_heading(kind, session_name),
        mood=mood,
        mood_word=scale_word(MOOD_WORDS, mood),
        energy=energy,
        stress=stress,
        sleep_hours=sleep,
        symptoms=(
            *symptom_labels(warning, WARNING_SYMPTOMS),
            *symptom_labels(pelvic, PELVIC_SYMPTOMS),
        ),
        tags=tuple(tags),
        note=note,
    )


def _questionnaire_score(kind: str, total: int) -> str:
    if kind == QuestionnaireResponse.Kind.PHQ9:
        return f"{total} of 27 · {phq9_band(total)[1]}"
    if kind == QuestionnaireResponse.Kind.PHQ2:
        return f"{total} of 6"
    return f"{total * 4} of 100"


def timeline_page(user: User, number: int, *, page_size: int = TIMELINE_PAGE_SIZE) -> TimelinePage:
    """Check-ins and questionnaire results, newest first, one page at a time.

    Two queries: a UNION of both tables' keys sliced to the page (one row more, to know
    whether another page follows), which carries a questionnaire's kind and total too,
    then the shown columns of the page's check-ins by id. Only the page's notes are
    decrypted.
    """
    number = max(1, number)
    offset = (number - 1) * page_size
    keys = ("entry_type", "id", "date", "created_at", "kind", "score")
    checkin_keys = (
        checkins_for(user)
        .annotate(
            entry_type=Value("checkin", output_field=CharField()),
            score=Value(None, output_field=IntegerField()),
        )
        .order_by()
        .values_list(*keys)
    )
    questionnaire_keys = (
        questionnaires_for(user)
        .annotate(entry_type=Value("questionnaire", output_field=CharField()), score=F("total"))
        .order_by()
        .values_list(*keys)
    )
    rows = list(
        checkin_keys.union(questionnaire_keys, all=True).order_by("-date", "-created_at", "-id")[
            offset : offset + page_size + 1
        ]
    )
    has_next = len(rows) > page_size
    rows = rows[:page_size]
    checkin_ids = [row[1] for row in rows if row[0] == "checkin"]
    checkins = (
        {
            row[0]: row
            for row in checkins_for(user)
            .filter(pk__in=checkin_ids)
            .order_by()
            .values_list(*CHECKIN_COLUMNS)
        }
        if checkin_ids
        else {}
    )
    entries = []
    for entry_type, pk, day, _created, kind, total in rows:
        if entry_type == "checkin" and pk in checkins:
            entries.append(_checkin_entry(day, checkins[pk]))
        elif entry_type == "questionnaire":
            entries.append(
                TimelineEntry(
                    "questionnaire",
                    pk,
                    day,
                    QuestionnaireResponse.Kind(kind).label,
                    score=_questionnaire_score(kind, total),
                )
            )
    return TimelinePage(entries=entries, number=number, has_next=has_next)


def checkin_points(user: User, *, since: dt.date | None = None) -> list[CheckInPoint]:
    """Check-ins as plain points for charts and insights (one query, notes never read)."""
    rows = checkins_for(user)
    if since is not None:
        rows = rows.filter(date__gte=since)
    return [
        CheckInPoint(
            date=day,
            kind=kind,
            mood=mood,
            session_id=session_id,
            sleep_hours=_as_float(sleep),
            ate_recently=ate,
        )
        for day, kind, mood, session_id, sleep, ate in rows.order_by(
            "date", "created_at"
        ).values_list("date", "kind", "mood", "session_id", "sleep_hours", "ate_recently")
    ]


def session_points(user: User) -> list[SessionPoint]:
    """Finished and unfinished sessions as plain points (one query, no timestamps read)."""
    return [
        SessionPoint(id=pk, date=day, session_rpe=_as_float(rpe), finished=finished)
        for pk, day, rpe, finished in sessions_for(user)
        .annotate(finished=Q(finished_at__isnull=False))
        .order_by()
        .values_list("id", "date", "session_rpe", "finished")
    ]


# The screens that count as a depression check (a PHQ-2 screen too: phq9_due).
DEPRESSION_SCREENS = (QuestionnaireResponse.Kind.PHQ9, QuestionnaireResponse.Kind.PHQ2)


def depression_checks(user: User) -> tuple[list[tuple[dt.date, int]], dt.date | None]:
    """(date, total) of every PHQ-9, oldest first, and the date of the latest PHQ-9 or
    PHQ-2 screen, if any (one query)."""
    rows = list(
        questionnaires_for(user)
        .filter(kind__in=DEPRESSION_SCREENS)
        .order_by("date", "created_at")
        .values_list("kind", "date", "total")
    )
    phq9 = [(day, total) for kind, day, total in rows if kind == QuestionnaireResponse.Kind.PHQ9]
    return phq9, rows[-1][1] if rows else None


def last_depression_check(user: User) -> dt.date | None:
    """Date of the latest PHQ-9 or PHQ-2 screen, if any (one query)."""
    latest = (
        questionnaires_for(user)
        .filter(kind__in=DEPRESSION_SCREENS)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    return latest


def _as_float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def phq9_due(user: User, today: dt.date) -> bool:
    """At the start and every 14 days (DOMAIN.md cadence); a PHQ-2 screen counts too."""
    return phq9_due_rule(last_depression_check(user), today)


def previous_questionnaire(response: QuestionnaireResponse) -> QuestionnaireResponse | None:
    """The same person's previous answer to the same questionnaire, for comparison."""
    return (
        QuestionnaireResponse.objects.filter(
            user_id=response.user_id, kind=response.kind, created_at__lt=response.created_at
        )
        .order_by("-created_at")
        .first()
    )


def has_checkin_on(user: User, day: dt.date) -> bool:
    return checkins_for(user).filter(date=day).exists()
