"""The opt-in daily cheers digest, through the reminders outbox and a real SMTP server:
exactly one email per day with cheers, none without, muted senders left out, the same
one-click unsubscribe, and never any mood data."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from apps.accounts.models import User
from apps.journal.models import CheckIn
from apps.reminders.models import Delivery, ReminderKind, ReminderPreferences, ReminderSchedule
from apps.reminders.services import delivery_send, reminders_dispatch_due
from apps.reminders.tokens import unsubscribe_claim_from
from apps.together.models import Crew
from apps.together.services import cheer_send, mute_set
from tests.factories import CheckInFactory, UserFactory, reminder_user
from tests.reminders.smtp_server import RunningSmtp
from tests.together.builders import crew_with

pytestmark = pytest.mark.django_db

SECRET_NOTE = "platypus-note-2207"
SECRET_TAG = "tag-axolotl-19"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def digest_person(time_machine: TimeMachineFixture) -> tuple[User, User, Crew]:
    """Ana (London, digest on) and Ben in a crew; both have private low check-ins."""
    time_machine.move_to(utc(2026, 3, 4, 9), tick=False)  # Wednesday, GMT
    ana = reminder_user("Europe/London", cheers_digest_enabled=True)
    ben = UserFactory(display_name="Ben", time_zone="America/New_York")
    crew = crew_with(ana, ben, name="Lunch lifters")
    for person in (ana, ben):
        CheckInFactory(
            user=person, kind=CheckIn.Kind.DAILY, mood=2, note=SECRET_NOTE, tags=[SECRET_TAG]
        )
    return ana, ben, crew


def sweep_and_send() -> list[Delivery]:
    reminders_dispatch_due()
    for row in Delivery.objects.filter(state=Delivery.State.QUEUED):
        delivery_send(delivery_id=row.pk)
    return list(Delivery.objects.filter(kind=ReminderKind.CHEERS_DIGEST))


def test_the_digest_is_opt_in() -> None:
    user = reminder_user("Europe/London", workout_enabled=True)
    assert not ReminderPreferences.objects.get(user=user).cheers_digest_enabled
    row = ReminderSchedule.objects.get(user=user, kind=ReminderKind.CHEERS_DIGEST)
    assert row.next_fire_at is None


def test_one_digest_per_day_exactly_once_without_mood(
    smtp: RunningSmtp, time_machine: TimeMachineFixture
) -> None:
    ana, ben, crew = digest_person(time_machine)
    time_machine.move_to(utc(2026, 3, 4, 12), tick=False)
    cheer_send(crew=crew, sender=ben, recipient=ana, message="showing_up", emoji="💪")

    time_machine.move_to(utc(2026, 3, 4, 19, 0, 5), tick=False)
    first = sweep_and_send()
    # A second beat by mistake, a redelivered task, the rescue sweep: nothing more.
    again = sweep_and_send()
    delivery_send(delivery_id=first[0].pk)

    assert len(first) == len(again) == 1
    assert first[0].state == Delivery.State.SENT
    assert smtp.handler.recipients() == [ana.email]
    message = smtp.handler.received[0].parsed()
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
    everything = "\n".join([str(message["Subject"]), text, html])
    assert message["Subject"] == "Your crew sent you 1 cheer today"
    assert "Proud of you for showing up" in text
    assert "Ben" in text
    assert "Lunch lifters" in html
    for secret in (SECRET_NOTE, SECRET_TAG):
        assert secret not in everything
    assert not re.search(r"mood\W{0,3}\d", everything, re.I)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.findall(r"<([^>]+)>", message["List-Unsubscribe"])[0]
    claim = unsubscribe_claim_from(url.rstrip("/").rsplit("/", 1)[-1])
    assert claim is not None
    assert (claim.user_id, claim.kind) == (ana.pk, ReminderKind.CHEERS_DIGEST)

    # The one-click link turns off this kind only.
    assert Client().post(urlsplit(url).path).status_code == 200
    prefs = ReminderPreferences.objects.get(user=ana)
    assert not prefs.cheers_digest_enabled
    assert prefs.weekly_summary_enabled


def test_a_day_without_cheers_sends_nothing(
    smtp: RunningSmtp, time_machine: TimeMachineFixture
) -> None:
    ana, ben, crew = digest_person(time_machine)
    time_machine.move_to(utc(2026, 3, 3, 12), tick=False)  # the day before: not today's
    cheer_send(crew=crew, sender=ben, recipient=ana, message="rest_well")

    time_machine.move_to(utc(2026, 3, 4, 19, 0, 5), tick=False)
    rows = sweep_and_send()

    assert [(row.state, row.skip_reason) for row in rows] == [
        (Delivery.State.SKIPPED, Delivery.SkipReason.NOTHING_TO_SAY)
    ]
    assert smtp.handler.received == []


def test_cheers_from_a_muted_member_are_left_out(
    smtp: RunningSmtp, time_machine: TimeMachineFixture
) -> None:
    ana, ben, crew = digest_person(time_machine)
    time_machine.move_to(utc(2026, 3, 4, 12), tick=False)
    cheer_send(crew=crew, sender=ben, recipient=ana, message="thinking")
    mute_set(user=ana, muted_user=ben, muted=True)

    time_machine.move_to(utc(2026, 3, 4, 19, 0, 5), tick=False)
    rows = sweep_and_send()

    assert rows[0].state == Delivery.State.SKIPPED
    assert smtp.handler.received == []
