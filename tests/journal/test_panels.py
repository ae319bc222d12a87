"""The journal's Today panel: a quick check-in and the PHQ-9 when due; nothing otherwise."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from apps.accounts.models import User
from apps.journal.panels import today_panel
from tests.factories import CheckInFactory, QuestionnaireResponseFactory
from tests.html_checks import assert_valid_html

pytestmark = pytest.mark.django_db


def render(user: User) -> str | None:
    request = RequestFactory().get("/")
    request.user = user
    panel = today_panel(request, user, user.local_today(), None)
    if panel is None:
        return None
    html = render_to_string(panel.template, panel.context, request=request)
    assert_valid_html(html, fragment=True)
    return html


def test_first_visit_offers_a_check_in_and_the_phq9(owner: User) -> None:
    html = render(owner)
    assert html is not None
    assert "Check in" in html
    assert "?kind=daily" in html
    assert "starting point" in html


def test_nothing_to_offer_means_no_panel(owner: User) -> None:
    CheckInFactory(user=owner)
    QuestionnaireResponseFactory(user=owner, date=owner.local_today() - dt.timedelta(days=3))
    assert render(owner) is None


def test_phq9_due_again_after_14_days(owner: User) -> None:
    CheckInFactory(user=owner)
    QuestionnaireResponseFactory(user=owner, date=owner.local_today() - dt.timedelta(days=14))
    html = render(owner)
    assert html is not None
    assert "It's been two weeks" in html
    assert "?kind=daily" not in html


def test_panel_runs_two_queries(owner: User, django_assert_num_queries: object) -> None:
    request = RequestFactory().get("/")
    with django_assert_num_queries(2):  # type: ignore[operator]
        today_panel(request, owner, owner.local_today(), None)
