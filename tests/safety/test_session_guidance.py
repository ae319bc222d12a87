"""Caution items show after a session, on the session summary (DOMAIN.md guidance rules)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.html_checks import assert_valid_html
from tests.safety.builders import make_drop_session

pytestmark = pytest.mark.django_db


def summary(client: Client, pk: int) -> str:
    response = client.get(reverse("workouts:session_detail", args=[pk]))
    assert response.status_code == 200
    assert_valid_html(response)
    return response.content.decode()


def test_a_session_finished_today_shows_the_caution_with_its_factor() -> None:
    user = UserFactory()
    today = user.local_today()

    for age in (4, 2):
        make_drop_session(user, today - dt.timedelta(days=age))
    latest = make_drop_session(user, today)
    client = Client()
    client.force_login(user)

    page = summary(client, latest.pk)

    assert "Worth knowing before next time" in page
    assert 'data-guidance-code="post_workout_mood_drop"' in page
    assert reverse("safety:why", kwargs={"code": "post_workout_mood_drop"}) in page


def test_older_sessions_and_calm_histories_show_no_caution() -> None:
    user = UserFactory()
    today = user.local_today()

    old = make_drop_session(user, today - dt.timedelta(days=3))
    client = Client()
    client.force_login(user)

    assert "Worth knowing before next time" not in summary(client, old.pk)
