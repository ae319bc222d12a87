"""The timeline and insights run the same number of SQL queries for 10 or 1,000 check-ins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.journal.models import CheckIn, QuestionnaireResponse
from apps.workouts.models import WorkoutSession
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
MAX_QUERIES = 15


def history(user: User, checkins: int, *, questionnaires: int = 3) -> None:
    """``checkins`` check-ins over the last six weeks: before/after pairs on sessions,
    daily ones in between, every fifth with a note; and PHQ-9s every 14 days."""
    today = user.local_today()
    now = timezone.now()
    pairs = checkins // 4
    sessions = WorkoutSession.objects.bulk_create(
        WorkoutSession(
            user=user,
            name="Session A",
            date=today - dt.timedelta(days=i % 42),
            started_at=now - dt.timedelta(days=i % 42, minutes=i),
            finished_at=now - dt.timedelta(days=i % 42),
            duration_min=40,
            session_rpe=7 + i % 3,
        )
        for i in range(pairs)
    )
    rows = []
    for i, session in enumerate(sessions):
        for kind, mood in (("before", 4 + i % 3), ("after", 6 + i % 3)):
            rows.append(
                CheckIn(
                    user=user,
                    kind=kind,
                    session=session,
                    date=session.date,
                    created_at=session.started_at,
                    mood=mood,
                    sleep_hours=5 + i % 4,
                    ate_recently=i % 2 == 0 if kind == "before" else None,
                    tags=["proud"],
                )
            )
    for i in range(checkins - len(rows)):
        rows.append(
            CheckIn(
                user=user,
                kind="daily",
                date=today - dt.timedelta(days=i % 42),
                created_at=now - dt.timedelta(days=i % 42, minutes=i),
                mood=1 + i % 10,
                note="a private note" if i % 5 == 0 else "",
            )
        )
    CheckIn.objects.bulk_create(rows)
    QuestionnaireResponse.objects.bulk_create(
        QuestionnaireResponse(
            user=user,
            kind="phq9",
            date=today - dt.timedelta(days=14 * i),
            created_at=now - dt.timedelta(days=14 * i),
            answers=[1] * 8 + [0],
            total=8,
        )
        for i in range(questionnaires)
    )


def count_queries(user: User, request: Callable[[Client], Any]) -> int:
    client = Client()
    client.force_login(user)
    request(client)  # warm up: session, content types
    with CaptureQueriesContext(connection) as captured:
        response = request(client)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("request_page", "few"),
    [
        pytest.param(lambda c: c.get(reverse("journal:timeline")), 10, id="timeline"),
        pytest.param(
            lambda c: c.get(reverse("journal:timeline") + "?range=1y"), 10, id="timeline-1y"
        ),
        # A later page loaded by HTMX: both histories fill page 2 (20 entries a page)
        # with check-ins only, so the pages hold the same mix of entry types.
        pytest.param(
            lambda c: c.get(reverse("journal:timeline") + "?page=2", HTTP_HX_REQUEST="true"),
            40,
            id="timeline-page-2-htmx",
        ),
        pytest.param(lambda c: c.get(reverse("journal:insights")), 10, id="insights"),
    ],
)
def test_constant_queries_for_10_or_1000_check_ins(
    request_page: Callable[[Client], Any], few: int, django_assert_num_queries: Any
) -> None:
    small, large = UserFactory(), UserFactory()
    questionnaires = 0 if few > 10 else 3
    history(small, few, questionnaires=questionnaires)
    history(large, 1000, questionnaires=questionnaires)
    assert CheckIn.objects.filter(user=large).count() == 1000
    small_count = count_queries(small, request_page)
    assert small_count <= MAX_QUERIES
    client = Client()
    client.force_login(large)
    request_page(client)
    with django_assert_num_queries(small_count):
        response = request_page(client)
    assert response.status_code == 200
