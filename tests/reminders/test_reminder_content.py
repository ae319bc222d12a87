"""What reminders say and link to: every link absolute on SITE_URL and answered by the
app, no workout reminder once today's session is done, and a "coming up" list that shows
training days only."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.urls import Resolver404, resolve
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper
from time_machine import TimeMachineFixture

from apps.reminders.content import COMPOSERS, Compose
from apps.reminders.models import Delivery, ReminderKind
from apps.reminders.selectors import upcoming_reminders_for
from apps.reminders.services import delivery_send, reminder_schedules_sync
from tests.factories import DeliveryFactory, EnrollmentFactory, WorkoutSessionFactory, reminder_user
from tests.reminders.test_reminder_kinds import every_kind_sent

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
EMAIL_TEMPLATES = ROOT / "templates" / "emails"
SITE = "https://steady.example"
URL = re.compile(r"""(?:https?|mailto):[^\s"'<>]+""")


def links_in(message: Any) -> list[str]:
    html = "".join(content for content, _ in message.alternatives)
    hrefs = re.findall(r'href="([^"]+)"', html)
    headers = re.findall(r"<([^>]+)>", message.extra_headers.get("List-Unsubscribe", ""))
    return hrefs + URL.findall(message.body) + headers


def test_every_email_template_is_sent_by_some_reminder() -> None:
    # Other emails (a crew invite) have their own folders and tests.
    folders = {
        p.name for p in EMAIL_TEMPLATES.iterdir() if p.is_dir() and p.name.startswith("reminder_")
    }
    assert folders == {f"reminder_{kind}" for kind in COMPOSERS}


def test_every_link_in_every_email_is_absolute_on_site_url_and_resolves(
    time_machine: TimeMachineFixture, settings: SettingsWrapper
) -> None:
    settings.STEADY_SITE_URL = SITE
    messages = every_kind_sent(time_machine, low_checkins=False)
    templates = {m.extra_headers["X-Steady-Reminder"].split("/")[0] for m in messages}
    assert templates == set(ReminderKind.values)
    for message in messages:
        links = [link for link in links_in(message) if not link.startswith("mailto:")]
        assert len(links) >= 4, message.subject  # the action, unsubscribe, settings, help
        for link in links:
            assert link.startswith(SITE + "/"), link
            path = urlsplit(link).path
            try:
                resolve(path)
            except Resolver404:
                pytest.fail(f"{link} in {message.subject!r} leads nowhere")
        crisis = [link for link in links if urlsplit(link).path == "/safety/help/"]
        assert crisis, f"no help link in {message.subject!r}"


def site_url_in_local_mode(**env: str) -> str:
    environment = {
        key: value for key, value in os.environ.items() if key not in ("SITE_URL", "STEADY_PORT")
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings.local")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.STEADY_SITE_URL)",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_site_url_follows_steady_port_in_local_mode_unless_set() -> None:
    assert site_url_in_local_mode(STEADY_PORT="8123") == "http://127.0.0.1:8123"
    assert site_url_in_local_mode() == "http://127.0.0.1:8000"
    assert (
        site_url_in_local_mode(STEADY_PORT="8123", SITE_URL="https://steady.example")
        == "https://steady.example"
    )
    assert settings.STEADY_SITE_URL  # the test settings have one too


def due_workout_reminder(user: Any) -> Delivery:
    due = timezone.now() - dt.timedelta(seconds=30)
    delivery: Delivery = DeliveryFactory(user=user, kind=ReminderKind.WORKOUT, scheduled_for=due)
    return delivery


def test_no_workout_reminder_once_todays_session_is_finished() -> None:
    user = reminder_user("Europe/London")
    EnrollmentFactory(user=user, training_today=True)
    WorkoutSessionFactory(
        user=user,
        started_at=timezone.now() - dt.timedelta(minutes=50),
        finished_at=timezone.now() - dt.timedelta(minutes=5),
    )
    delivery = DeliveryFactory(
        user=user,
        kind=ReminderKind.WORKOUT,
        scheduled_for=timezone.now() - dt.timedelta(seconds=30),
    )

    assert delivery_send(delivery_id=delivery.pk).state == Delivery.State.SKIPPED

    delivery.refresh_from_db()
    assert delivery.skip_reason == Delivery.SkipReason.ALREADY_DONE
    assert mail.outbox == []


def test_a_session_still_open_does_not_stop_the_reminder() -> None:
    user = reminder_user("Europe/London")
    EnrollmentFactory(user=user, training_today=True)
    WorkoutSessionFactory(user=user, started_at=timezone.now(), finished_at=None)
    delivery = DeliveryFactory(
        user=user,
        kind=ReminderKind.WORKOUT,
        scheduled_for=timezone.now() - dt.timedelta(seconds=30),
    )
    assert delivery_send(delivery_id=delivery.pk).state == Delivery.State.SENT


def test_coming_up_shows_the_workout_reminder_on_training_days_only(
    time_machine: TimeMachineFixture,
) -> None:
    time_machine.move_to(dt.datetime(2026, 3, 2, 6, tzinfo=dt.UTC), tick=False)  # Monday
    user = reminder_user("Europe/London", workout_time=dt.time(7, 30))
    EnrollmentFactory(user=user, weekdays=[3], start_date=dt.date(2026, 2, 2))  # Thursdays
    reminder_schedules_sync(user=user)

    upcoming = [item for item in upcoming_reminders_for(user) if item.kind == ReminderKind.WORKOUT]

    assert len(upcoming) == 1
    assert upcoming[0].at.astimezone(user.zone).date() == dt.date(2026, 3, 5)
    assert upcoming[0].at.astimezone(user.zone).time() == dt.time(7, 30)
    assert upcoming[0].session_name


def test_coming_up_skips_today_once_its_session_is_finished(
    time_machine: TimeMachineFixture,
) -> None:
    time_machine.move_to(dt.datetime(2026, 3, 2, 6, tzinfo=dt.UTC), tick=False)  # Monday
    user = reminder_user("Europe/London", workout_time=dt.time(19, 0))
    EnrollmentFactory(user=user, weekdays=[0, 3], start_date=dt.date(2026, 2, 2))
    reminder_schedules_sync(user=user)
    first = next(i for i in upcoming_reminders_for(user) if i.kind == ReminderKind.WORKOUT)
    assert first.at.astimezone(user.zone).date() == dt.date(2026, 3, 2)

    WorkoutSessionFactory(
        user=user,
        started_at=dt.datetime(2026, 3, 2, 5, tzinfo=dt.UTC),
        finished_at=dt.datetime(2026, 3, 2, 5, 45, tzinfo=dt.UTC),
    )
    later = next(i for i in upcoming_reminders_for(user) if i.kind == ReminderKind.WORKOUT)
    assert later.at.astimezone(user.zone).date() == dt.date(2026, 3, 5)


def test_the_workout_composer_is_plain_data() -> None:
    """Compose results carry no mood: the context keys are training facts and links."""
    user = reminder_user("Europe/London")
    EnrollmentFactory(user=user, training_today=True)
    delivery = DeliveryFactory(user=user, kind=ReminderKind.WORKOUT, scheduled_for=timezone.now())
    composed = COMPOSERS[ReminderKind.WORKOUT](delivery, timezone.now())
    assert isinstance(composed, Compose)
    assert not {key for key in composed.context if "mood" in key or "gentle" in key}
