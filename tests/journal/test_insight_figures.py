"""The insights page's figures from the database equal the rules over every point."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.accounts.models import User
from apps.journal import selectors
from apps.journal.insights import (
    CheckInPoint,
    SessionPoint,
    figures_of,
    insights_from,
    sessions_without_checkins,
)
from apps.journal.models import CheckIn
from apps.workouts.models import WorkoutSession
from tests.factories import CheckInFactory, JournalSessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def every_point(user: User) -> tuple[list[CheckInPoint], list[SessionPoint]]:
    checkins = [
        CheckInPoint(day, kind, mood, session_id, float(sleep) if sleep is not None else None, ate)
        for day, kind, mood, session_id, sleep, ate in CheckIn.objects.filter(user=user)
        .order_by("date", "created_at")
        .values_list("date", "kind", "mood", "session_id", "sleep_hours", "ate_recently")
    ]
    sessions = [
        SessionPoint(pk, day, float(rpe) if rpe is not None else None, finished is not None)
        for pk, day, rpe, finished in WorkoutSession.objects.filter(user=user).values_list(
            "id", "date", "session_rpe", "finished_at"
        )
    ]
    return checkins, sessions


def varied_history(user: User) -> None:
    today = user.local_today()
    now = timezone.now()
    for i in range(14):
        day = today - dt.timedelta(days=i)
        session = JournalSessionFactory(
            user=user,
            date=day,
            session_rpe=[Decimal("6"), Decimal("8"), Decimal("9.5"), None][i % 4],
            finished_at=None if i == 13 else now,
        )
        if i % 5 != 4:
            CheckInFactory(
                user=user,
                kind="before",
                session=session,
                date=day,
                mood=1 + i % 10,
                sleep_hours=[None, Decimal("5.5"), Decimal("6.0"), Decimal("8")][i % 4],
                ate_recently=[None, True, False][i % 3],
            )
        if i % 3 != 2:
            CheckInFactory(user=user, kind="after", session=session, date=day, mood=2 + i % 9)
        if i % 2:
            CheckInFactory(user=user, date=day, mood=3 + i % 7, sleep_hours=Decimal("5"))
            CheckInFactory(user=user, date=day, mood=9, sleep_hours=Decimal("7"))
    # Not linked to a session: pairs by date, but only one before and one after.
    for i in (20, 21, 22):
        day = today - dt.timedelta(days=i)
        CheckInFactory(user=user, kind="before", date=day, mood=4, ate_recently=True)
        CheckInFactory(user=user, kind="after", date=day, mood=6 + i % 2)
    ambiguous = today - dt.timedelta(days=23)
    CheckInFactory.create_batch(2, user=user, kind="before", date=ambiguous, mood=2)
    CheckInFactory(user=user, kind="after", date=ambiguous, mood=8)
    CheckInFactory(user=user, date=today - dt.timedelta(days=20), sleep_hours=Decimal("4.5"))
    # Sessions with no check-in: one alone, one on a day with a daily check-in.
    JournalSessionFactory(user=user, date=today - dt.timedelta(days=30))
    JournalSessionFactory(user=user, date=today - dt.timedelta(days=1))


def test_the_database_figures_match_the_rules_over_every_point() -> None:
    user = UserFactory()
    varied_history(user)
    CheckInFactory(user=UserFactory(), mood=1)  # someone else's: never counted
    checkins, sessions = every_point(user)
    figures, unchecked = selectors.insight_figures(user)
    assert figures == figures_of(checkins, sessions)
    assert unchecked == sessions_without_checkins(checkins, sessions) == 1
    assert any(insight.shown for insight in insights_from(figures))


def test_no_history_gives_empty_figures() -> None:
    user = UserFactory()
    figures, unchecked = selectors.insight_figures(user)
    assert figures == figures_of([], [])
    assert unchecked == 0
