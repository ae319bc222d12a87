"""Sending one outbox row through a real SMTP server on 127.0.0.1 (aiosmtpd).

The claim, the state machine, retry on 4xx, FAILED on 5xx, skips when a reminder is no
longer needed, and the sweeper that rescues rows stuck in SENDING.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.reminders.models import Delivery, ReminderKind
from apps.reminders.services import (
    deliveries_requeue_failed,
    deliveries_requeue_stuck,
    delivery_send,
    reminder_preferences_update,
)
from apps.reminders.tokens import unsubscribe_claim_from
from tests.factories import DeliveryFactory, EnrollmentFactory, reminder_user
from tests.reminders.smtp_server import RunningSmtp

pytestmark = pytest.mark.django_db


def workout_day_user(**preferences: Any) -> User:
    user = reminder_user("Europe/London", **preferences)
    EnrollmentFactory(user=user, training_today=True)
    return user


def rest_day_user() -> User:
    user = reminder_user("Europe/London")
    tomorrow = (user.local_today().weekday() + 1) % 7
    EnrollmentFactory(user=user, weekdays=[tomorrow])
    return user


def due_now(user: User, kind: str = ReminderKind.WORKOUT, **fields: Any) -> Delivery:
    return DeliveryFactory(
        user=user, kind=kind, scheduled_for=timezone.now() - dt.timedelta(seconds=30), **fields
    )


def test_workout_day_reminder_is_sent_once_as_multipart_with_unsubscribe_headers(
    smtp: RunningSmtp,
) -> None:
    user = workout_day_user()
    delivery = due_now(user)

    outcome = delivery_send(delivery_id=delivery.pk)

    assert outcome.state == Delivery.State.SENT
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENT
    assert delivery.attempts == 1
    assert smtp.handler.recipients() == [user.email]
    message = smtp.handler.received[0].parsed()
    assert message.get_content_type() == "multipart/alternative"
    parts = [part.get_content_type() for part in message.iter_parts()]
    assert parts == ["text/plain", "text/html"]
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
    assert "Session A is on your plan for today" in text
    assert "a shorter session counts, and so does rest" in text
    assert "Session A" in html
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    urls = re.findall(r"<([^>]+)>", message["List-Unsubscribe"])
    assert urls
    assert urls[0].startswith("http")
    path = urls[0].split("://", 1)[1].split("/", 1)[1]
    token = path.removeprefix("reminders/unsubscribe/").rstrip("/")
    claim = unsubscribe_claim_from(token)
    assert claim is not None
    assert (claim.user_id, claim.kind) == (user.pk, ReminderKind.WORKOUT)
    assert "/" + path == reverse("reminders:unsubscribe", args=[token])
    assert urls[0] in text


def test_redelivered_task_for_a_sent_row_sends_nothing(smtp: RunningSmtp) -> None:
    delivery = due_now(workout_day_user())
    delivery_send(delivery_id=delivery.pk)
    for _ in range(3):
        assert delivery_send(delivery_id=delivery.pk).state == "ignored"
    assert len(smtp.handler.received) == 1
    assert smtp.handler.attempts == 1


def test_a_row_another_worker_holds_is_not_sent_twice(smtp: RunningSmtp) -> None:
    delivery = due_now(workout_day_user(), state=Delivery.State.SENDING)
    assert delivery_send(delivery_id=delivery.pk).state == "ignored"
    assert smtp.handler.attempts == 0


def test_no_workout_reminder_on_a_rest_day(smtp: RunningSmtp) -> None:
    delivery = due_now(rest_day_user())
    assert delivery_send(delivery_id=delivery.pk).state == Delivery.State.SKIPPED
    delivery.refresh_from_db()
    assert delivery.skip_reason == Delivery.SkipReason.REST_DAY
    assert smtp.handler.attempts == 0


def test_no_workout_reminder_without_a_program(smtp: RunningSmtp) -> None:
    delivery = due_now(reminder_user())
    assert delivery_send(delivery_id=delivery.pk).state == Delivery.State.SKIPPED
    assert smtp.handler.attempts == 0


def test_temporary_451_then_250_is_delivered_after_a_retry(smtp: RunningSmtp) -> None:
    smtp.handler.replies.append("451 4.3.0 Try again later")
    delivery = due_now(workout_day_user())

    first = delivery_send(delivery_id=delivery.pk, jitter=0)
    delivery.refresh_from_db()
    assert first.state == Delivery.State.RETRY
    assert first.retry_in == 60
    assert delivery.state == Delivery.State.RETRY
    assert delivery.last_error == "SMTPDataError 451"
    assert delivery.next_attempt_at is not None

    second = delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert second.state == Delivery.State.SENT
    assert delivery.attempts == 2
    assert smtp.handler.attempts == 2
    assert len(smtp.handler.received) == 1


def test_permanent_550_fails_at_once_without_retrying(smtp: RunningSmtp) -> None:
    smtp.handler.replies.append("550 5.1.1 No such mailbox")
    delivery = due_now(workout_day_user())

    outcome = delivery_send(delivery_id=delivery.pk)

    assert outcome == type(outcome)(Delivery.State.FAILED, None)
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.FAILED
    assert delivery.last_error == "SMTPDataError 550"
    assert delivery_send(delivery_id=delivery.pk).state == "ignored"
    assert smtp.handler.attempts == 1


def test_temporary_failures_stop_after_the_attempt_limit(smtp: RunningSmtp, settings: Any) -> None:
    settings.REMINDERS_MAX_ATTEMPTS = 3
    smtp.handler.replies.extend(["421 4.7.0 Busy"] * 10)
    delivery = due_now(workout_day_user())
    delays = [delivery_send(delivery_id=delivery.pk, jitter=0).retry_in for _ in range(4)]
    assert delays == [60, 120, None, None]  # the 4th call finds a FAILED row
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.FAILED
    assert smtp.handler.attempts == 3


def test_unreachable_server_is_temporary(settings: Any) -> None:
    from tests.reminders.smtp_server import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    delivery = due_now(workout_day_user())
    assert delivery_send(delivery_id=delivery.pk).state == Delivery.State.RETRY


def test_turned_off_after_queueing_is_skipped(smtp: RunningSmtp) -> None:
    user = workout_day_user()
    delivery = due_now(user)
    reminder_preferences_update(user=user, changes={"enabled": False})
    assert delivery_send(delivery_id=delivery.pk).state == Delivery.State.SKIPPED
    delivery.refresh_from_db()
    assert delivery.skip_reason == Delivery.SkipReason.TURNED_OFF
    assert smtp.handler.attempts == 0


def test_too_late_to_be_useful_is_skipped(smtp: RunningSmtp) -> None:
    delivery = DeliveryFactory(
        user=workout_day_user(), scheduled_for=timezone.now() - dt.timedelta(hours=4)
    )
    assert delivery_send(delivery_id=delivery.pk).state == Delivery.State.SKIPPED
    assert smtp.handler.attempts == 0


def test_a_send_that_drifts_into_quiet_hours_waits_for_them_to_end(smtp: RunningSmtp) -> None:
    now = timezone.now()
    local = now.astimezone(dt.UTC)
    start = (local - dt.timedelta(hours=1)).time().replace(second=0, microsecond=0)
    end = (local + dt.timedelta(hours=1)).time().replace(second=0, microsecond=0)
    user = reminder_user("UTC", quiet_start=start, quiet_end=end)
    EnrollmentFactory(user=user, training_today=True)
    delivery = due_now(user)

    assert delivery_send(delivery_id=delivery.pk, now=now).state == Delivery.State.RETRY
    delivery.refresh_from_db()
    assert delivery.attempts == 0
    assert delivery.next_attempt_at is not None
    assert delivery.next_attempt_at.astimezone(dt.UTC).time() == end
    assert smtp.handler.attempts == 0


def test_stuck_sending_rows_are_requeued_and_sent_once(
    smtp: RunningSmtp, django_capture_on_commit_callbacks: Any
) -> None:
    now = timezone.now()
    stuck = due_now(
        workout_day_user(),
        state=Delivery.State.SENDING,
        claimed_at=now - dt.timedelta(minutes=30),
        attempts=1,
    )
    busy = due_now(
        workout_day_user(), state=Delivery.State.SENDING, claimed_at=now - dt.timedelta(seconds=5)
    )
    with django_capture_on_commit_callbacks() as callbacks:
        report = deliveries_requeue_stuck(now=now)
    assert (report.stuck_sending, report.enqueued) == (1, 1)
    assert len(callbacks) == 1
    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert stuck.state == Delivery.State.QUEUED
    assert busy.state == Delivery.State.SENDING  # a live worker is never overtaken
    assert delivery_send(delivery_id=stuck.pk).state == Delivery.State.SENT
    assert smtp.handler.recipients() == [stuck.user.email]


def test_lost_queue_messages_and_due_retries_are_enqueued_again(
    django_capture_on_commit_callbacks: Any,
) -> None:
    now = timezone.now()
    lost = due_now(reminder_user(), enqueued_at=now - dt.timedelta(minutes=15))
    fresh = due_now(reminder_user(), enqueued_at=now - dt.timedelta(minutes=1))
    retry = due_now(
        reminder_user(),
        state=Delivery.State.RETRY,
        next_attempt_at=now - dt.timedelta(minutes=5),
        enqueued_at=now - dt.timedelta(minutes=20),
    )
    waiting = due_now(
        reminder_user(),
        state=Delivery.State.RETRY,
        next_attempt_at=now + dt.timedelta(minutes=5),
        enqueued_at=now - dt.timedelta(minutes=1),
    )
    with django_capture_on_commit_callbacks() as callbacks:
        report = deliveries_requeue_stuck(now=now)
    assert (report.lost_queued, report.due_retries, report.enqueued) == (1, 1, 2)
    assert len(callbacks) == 2
    for row, requeued in ((lost, True), (fresh, False), (retry, True), (waiting, False)):
        row.refresh_from_db()
        assert (row.enqueued_at == now) is requeued


def test_failed_rows_can_be_sent_again_by_staff(
    smtp: RunningSmtp, django_capture_on_commit_callbacks: Any
) -> None:
    failed = due_now(workout_day_user(), state=Delivery.State.FAILED, attempts=6)
    with django_capture_on_commit_callbacks():
        assert deliveries_requeue_failed(ids=[failed.pk]) == 1
    assert delivery_send(delivery_id=failed.pk).state == Delivery.State.SENT


def test_the_task_retries_through_celery_on_a_temporary_error(
    smtp: RunningSmtp, monkeypatch: pytest.MonkeyPatch
) -> None:
    from celery.exceptions import Retry

    from apps.reminders.tasks import deliver_reminder

    smtp.handler.replies.append("451 4.3.0 Try again later")
    delivery = due_now(workout_day_user())
    countdowns: list[int] = []

    def fake_retry(**kwargs: Any) -> Retry:
        countdowns.append(kwargs["countdown"])
        return Retry()

    monkeypatch.setattr(deliver_reminder, "retry", fake_retry)
    with pytest.raises(Retry):
        deliver_reminder.run(delivery.pk)
    assert len(countdowns) == 1
    assert 0 < countdowns[0] <= 60
    assert deliver_reminder.run(delivery.pk) == Delivery.State.SENT


def test_task_options_make_redelivery_safe() -> None:
    from apps.reminders.tasks import deliver_reminder

    assert deliver_reminder.acks_late is True
    assert deliver_reminder.reject_on_worker_lost is True
    assert deliver_reminder.serializer == "json"
    assert hasattr(deliver_reminder, "delay_on_commit")
