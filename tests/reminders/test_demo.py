"""Demo data: sensible defaults and six weeks of email history, safe to seed again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from apps.demo.seed import demo_user_get_or_create
from apps.reminders.demo import seed_demo
from apps.reminders.models import Delivery, ReminderKind, ReminderPreferences, ReminderSchedule

pytestmark = pytest.mark.django_db


def test_demo_preferences_and_history_are_idempotent() -> None:
    user, _ = demo_user_get_or_create()
    seed_demo(user)
    first = Delivery.objects.filter(user=user).count()
    seed_demo(user)
    assert Delivery.objects.filter(user=user).count() == first
    assert first >= 6  # six Sundays at least
    prefs = ReminderPreferences.objects.get(user=user)
    assert prefs.workout_enabled
    assert prefs.workout_time == dt.time(7, 30)
    assert prefs.weekly_summary_enabled
    assert prefs.weekly_summary_day == 6
    workout = ReminderSchedule.objects.get(user=user, kind=ReminderKind.WORKOUT)
    assert workout.next_fire_at is not None
    assert workout.next_fire_at.astimezone(user.zone).time() == dt.time(7, 30)
    assert not Delivery.objects.filter(user=user, enqueued_at__isnull=True).exists()


def test_demo_page_is_not_empty() -> None:
    user, _ = demo_user_get_or_create()
    seed_demo(user)
    client = Client()
    client.force_login(user)
    html = client.get(reverse("reminders:preferences")).content.decode()
    assert "No reminder emails yet" not in html
    assert "Weekly summary" in html
    assert "Sent" in html
