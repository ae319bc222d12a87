"""Demo data: the demo person follows the machine foundation, started about 5 weeks ago."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from apps.demo.seed import demo_user_get_or_create
from apps.programs import selectors
from apps.programs.demo import seed_demo
from apps.programs.models import CalendarFeed, Enrollment, EnrollmentPause

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_fills_every_page() -> None:
    user, _ = demo_user_get_or_create()
    seed_demo(user)
    seed_demo(user)
    enrollment = Enrollment.objects.get(user=user)
    assert enrollment.program.slug == "machine-foundation"
    days_ago = (user.local_today() - enrollment.start_date).days
    assert 35 <= days_ago <= 41
    assert EnrollmentPause.objects.filter(enrollment=enrollment).count() == 1
    assert CalendarFeed.objects.filter(user=user).count() == 1
    today = user.local_today()
    assert selectors.planned_sessions_between(user, today - dt.timedelta(days=42), today)
    assert selectors.planned_sessions_between(user, today, today + dt.timedelta(days=14))
    client = Client()
    client.force_login(user)
    today_page = client.get(reverse("programs:today")).content.decode()
    assert "Machine foundation" in today_page or "Rest day" in today_page
    month = client.get(reverse("programs:month")).content.decode()
    assert "Session" in month
    feed = CalendarFeed.objects.get(user=user)
    assert b"BEGIN:VEVENT" in Client().get(reverse("programs:feed", args=[feed.token])).content
