"""Reads for the clinician summary and its share links.

``summary_for`` gathers a person's records for a date range in a constant number of
queries, whatever the length of their history: enrollments with their schedules (four),
finished sessions, check-ins and questionnaires (one each), plus one for each optional
section chosen. The numbers themselves come from ``apps.summary.figures``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.db.models import F, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from apps.accounts.models import User
from apps.journal.models import CheckIn as CheckInRow
from apps.journal.models import QuestionnaireResponse
from apps.programs.models import Enrollment
from apps.programs.selectors import enrollment_plan
from apps.safety.forms import PLAN_LABELS
from apps.safety.guidance import CheckIn, Questionnaire
from apps.safety.guidance.data import CheckInKind, QuestionnaireKind
from apps.safety.guidance.rules import HARD_SESSION_STREAK
from apps.safety.models import SafetyPlan
from apps.safety.selectors import engine_sessions, safety_plan_for
from apps.summary import charts, tokens
from apps.summary.figures import (
    CHECKIN_LOOKBACK_DAYS,
    QUESTIONNAIRE_LOOKBACK_DAYS,
    SESSION_LOOKBACK_DAYS,
    Figures,
    summary_figures,
)
from apps.summary.models import ShareLink, ShareLinkOpening
from apps.workouts.models import WorkoutSession

SHOWN_OPENINGS = 10


@dataclass(frozen=True)
class Sections:
    """The optional parts of a summary; each is off unless the person chooses it."""

    safety_plan: bool = False
    journal_notes: bool = False
    session_notes: bool = False

    @classmethod
    def of_link(cls, link: ShareLink) -> Sections:
        return cls(
            safety_plan=link.include_safety_plan,
            journal_notes=link.include_journal_notes,
            session_notes=link.include_session_notes,
        )


@dataclass(frozen=True)
class Note:
    date: dt.date
    heading: str
    text: str


@dataclass(frozen=True)
class Summary:
    figures: Figures
    person_name: str
    today: dt.date
    generated_at: dt.datetime
    sections: Sections
    safety_plan: list[tuple[str, str]]
    journal_notes: list[Note]
    session_notes: list[Note]

    @property
    def charts(self) -> list[charts.Chart]:
        f = self.figures
        return [
            charts.attendance_chart(f.weeks),
            charts.mood_chart(f.weeks),
            charts.phq9_chart(f.phq9, f.start, f.end),
            charts.who5_chart(f.who5, f.start, f.end),
        ]


def planned_dates(user: User, start: dt.date, end: dt.date) -> list[dt.date]:
    """Dates of sessions planned between ``start`` and ``end`` by any of the person's
    enrollments, the ended ones up to the day before they ended (four queries)."""
    enrollments = (
        Enrollment.objects.filter(user=user, start_date__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=start))
        .select_related("program")
        .prefetch_related("pauses", "program__days", "program__weeks")
    )
    days: set[dt.date] = set()
    for enrollment in enrollments:
        last = end
        if enrollment.ended_on is not None:
            last = min(end, enrollment.ended_on - dt.timedelta(days=1))
        days.update(p.day for p in enrollment_plan(enrollment).between(start, last))
    return sorted(days)


def _session_rows(user: User, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Finished sessions the figures read: the range and its look-back, the first
    session ever and the few just before the look-back (see figures.guidance_periods)."""
    since = start - dt.timedelta(days=SESSION_LOOKBACK_DAYS)
    finished = WorkoutSession.objects.filter(user=user, finished_at__isnull=False, date__lte=end)
    earlier = finished.filter(date__lt=since).order_by("-date", "-started_at", "-id")
    first = finished.order_by("date", "started_at", "id").values("pk")[:1]
    rows = (
        finished.filter(
            Q(date__gte=since)
            | Q(pk__in=Subquery(earlier.values("pk")[:HARD_SESSION_STREAK]))
            | Q(pk=Subquery(first))
        )
        .order_by("date", "started_at", "id")
        .values("id", "date", "name", "notes", "duration_min", "session_rpe", "is_deload")
    )
    return [dict(row) for row in rows]


def _checkins(user: User, start: dt.date, end: dt.date) -> list[CheckIn]:
    since = start - dt.timedelta(days=CHECKIN_LOOKBACK_DAYS)
    rows = (
        CheckInRow.objects.filter(user=user, date__range=(since, end))
        .order_by("date", "created_at", "id")
        .values(
            "date",
            "kind",
            "mood",
            "session_id",
            "stress",
            "sleep_hours",
            "ate_recently",
            "self_harm_thoughts",
        )
    )
    return [
        CheckIn(
            date=row["date"],
            kind=cast(CheckInKind, row["kind"]),
            mood=row["mood"],
            session=str(row["session_id"]) if row["session_id"] is not None else None,
            stress=row["stress"],
            sleep_hours=Decimal(row["sleep_hours"]) if row["sleep_hours"] is not None else None,
            ate_recently=row["ate_recently"],
            self_harm_thoughts=row["self_harm_thoughts"],
        )
        for row in rows
    ]


def _questionnaires(user: User, start: dt.date, end: dt.date) -> list[Questionnaire]:
    since = start - dt.timedelta(days=QUESTIONNAIRE_LOOKBACK_DAYS)
    rows = (
        QuestionnaireResponse.objects.filter(
            user=user,
            kind__in=(QuestionnaireResponse.Kind.PHQ9, QuestionnaireResponse.Kind.WHO5),
            date__range=(since, end),
        )
        .order_by("date", "created_at", "id")
        .values_list("date", "kind", "answers")
    )
    return [
        Questionnaire(date=day, kind=cast(QuestionnaireKind, kind), answers=tuple(answers))
        for day, kind, answers in rows
    ]


def _journal_notes(user: User, start: dt.date, end: dt.date) -> list[Note]:
    rows = (
        CheckInRow.objects.filter(user=user, date__range=(start, end))
        .exclude(note="")
        .select_related("session")
        .order_by("date", "created_at", "id")
    )
    return [Note(row.date, row.heading, row.note) for row in rows if row.note.strip()]


def _plan_sections(plan: SafetyPlan | None) -> list[tuple[str, str]]:
    if plan is None:
        return []
    found = [(PLAN_LABELS[name], getattr(plan, name).strip()) for name in SafetyPlan.FIELDS]
    return [(label, text) for label, text in found if text]


def summary_for(user: User, *, start: dt.date, end: dt.date, sections: Sections) -> Summary:
    """The clinician summary of ``user`` from ``start`` to ``end``."""
    today = user.local_today()
    session_rows = _session_rows(user, start, end)
    sessions = engine_sessions(session_rows)
    figures = summary_figures(
        start=start,
        end=end,
        today=today,
        planned=planned_dates(user, start, end),
        sessions=sessions,
        checkins=_checkins(user, start, end),
        questionnaires=_questionnaires(user, start, end),
    )
    session_notes = [
        Note(row["date"], row["name"], row["notes"].strip())
        for row in session_rows
        if sections.session_notes and start <= row["date"] <= end and row["notes"].strip()
    ]
    return Summary(
        figures=figures,
        person_name=user.display_name,
        today=today,
        generated_at=timezone.now(),
        sections=sections,
        safety_plan=_plan_sections(safety_plan_for(user)) if sections.safety_plan else [],
        journal_notes=_journal_notes(user, start, end) if sections.journal_notes else [],
        session_notes=session_notes,
    )


# --- share links ----------------------------------------------------------------------
def share_links_for(user: User) -> QuerySet[ShareLink]:
    return ShareLink.objects.filter(user=user)


def openings_for(links: list[ShareLink]) -> dict[int, list[ShareLinkOpening]]:
    """The latest openings of each link (one query)."""
    found: dict[int, list[ShareLinkOpening]] = {link.pk: [] for link in links}
    newest_first = ("-opened_at", "-id")
    rows = (
        ShareLinkOpening.objects.filter(link__in=links)
        .annotate(position=Window(RowNumber(), partition_by=F("link_id"), order_by=newest_first))
        .filter(position__lte=SHOWN_OPENINGS)
        .order_by("link_id", *newest_first)
    )
    for opening in rows:
        found[opening.link_id].append(opening)
    return found


def open_link_for_token(token: str) -> ShareLink | None:
    """The unexpired, unrevoked link this token opens, or None for anything else
    (malformed, unknown, altered, expired or revoked), all alike."""
    if not tokens.looks_like_token(token):
        return None
    hashed = tokens.token_hash(token)
    link = ShareLink.objects.filter(token_hash=hashed).select_related("user").first()
    if link is None or not tokens.hash_matches(token, link.token_hash) or not link.is_open:
        return None
    return link
