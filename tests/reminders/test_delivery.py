"""Sending one outbox row through a real SMTP server on 127.0.0.1 (aiosmtpd).

The claim, the state machine (retry on 4xx until the reminder is no longer useful, then
EXPIRED; FAILED on 5xx), the stable Message-ID, skips when a reminder is no longer
needed, and the sweeper that rescues stuck rows. Long waits move the task's own clock.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections import deque
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
    reminders_dispatch_due,
)
from apps.reminders.tokens import unsubscribe_claim_from
from tests.factories import DeliveryFactory, EnrollmentFactory, reminder_user
from tests.reminders.smtp_server import RunningSmtp, free_port

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
    assert "Session A is today" in text
    assert "Rest days count too." in text
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
    assert delivery.last_error == ""  # the earlier 451 is not kept on a SENT row
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


def test_an_outage_longer_than_thirty_minutes_delivers_what_is_still_useful(
    smtp: RunningSmtp, settings: Any, time_machine: Any
) -> None:
    """Connections refused for 45 minutes (the clock moved from attempt to attempt).

    A workout reminder due at the start is delivered when the server is back; one that
    was due 2½ hours earlier stops being useful after 30 minutes and is EXPIRED, not
    FAILED; a 550 once the server answers is FAILED at once.
    """
    start = dt.datetime(2026, 6, 3, 11, 0, tzinfo=dt.UTC)
    time_machine.move_to(start, tick=False)
    fresh, stale, refused = (workout_day_user() for _ in range(3))
    rows = {
        fresh: DeliveryFactory(user=fresh, scheduled_for=start),
        stale: DeliveryFactory(user=stale, scheduled_for=start - dt.timedelta(hours=2.5)),
        refused: DeliveryFactory(user=refused, scheduled_for=start),
    }
    smtp.handler.replies_for[refused.email] = deque(["550 5.1.1 No such mailbox"])
    server_port, settings.EMAIL_PORT = settings.EMAIL_PORT, free_port()
    back_at = start + dt.timedelta(minutes=45)

    clock, due_ids = start, [row.pk for row in rows.values()]
    while due_ids:
        time_machine.move_to(clock, tick=False)
        if clock >= back_at:
            settings.EMAIL_PORT = server_port
        for delivery_id in due_ids:
            delivery_send(delivery_id=delivery_id, now=clock, jitter=0)
        waiting = Delivery.objects.filter(state=Delivery.State.RETRY).order_by("next_attempt_at")
        first = waiting.first()
        if first is None:
            break
        assert first.next_attempt_at is not None
        clock = first.next_attempt_at
        due_ids = [row.pk for row in waiting if row.next_attempt_at == clock]

    for row in rows.values():
        row.refresh_from_db()
    assert (rows[fresh].state, rows[fresh].finished_at) == (Delivery.State.SENT, back_at)
    assert rows[fresh].attempts == 7  # 0, 1, 3, 7, 15, 30, 45 minutes: more than the old 6
    assert rows[stale].state == Delivery.State.EXPIRED
    assert rows[stale].finished_at == start + dt.timedelta(minutes=30)
    assert rows[stale].last_error == "ConnectionRefusedError"
    assert (rows[refused].state, rows[refused].last_error) == (
        Delivery.State.FAILED,
        "SMTPDataError 550",
    )
    assert smtp.handler.attempts_by_recipient == {fresh.email: 1, refused.email: 1}
    assert smtp.handler.recipients() == [fresh.email]


def test_a_retry_that_would_come_too_late_expires_instead(smtp: RunningSmtp) -> None:
    smtp.handler.replies.append("421 4.7.0 Busy")
    delivery = DeliveryFactory(
        user=workout_day_user(),
        scheduled_for=timezone.now() - dt.timedelta(hours=3) + dt.timedelta(seconds=30),
    )
    assert delivery_send(delivery_id=delivery.pk, jitter=0).state == Delivery.State.EXPIRED
    delivery.refresh_from_db()
    assert delivery.last_error == "SMTPDataError 421"
    assert delivery_send(delivery_id=delivery.pk).state == "ignored"
    assert delivery.status_for_person() == "Not sent: email was down for too long"


def test_every_attempt_carries_the_same_message_id_on_the_site_domain(
    smtp: RunningSmtp, settings: Any
) -> None:
    settings.STEADY_SITE_URL = "https://steady.example"
    delivery = due_now(workout_day_user())
    delivery_send(delivery_id=delivery.pk)
    # As if SENT had never been recorded and the sweeper sent it again.
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.QUEUED)
    delivery_send(delivery_id=delivery.pk)

    ids = [received.parsed()["Message-ID"] for received in smtp.handler.received]
    assert len(ids) == 2
    assert ids[0] == ids[1]
    assert ids[0].startswith(f"<reminder.{delivery.pk}.workout.")
    assert ids[0].endswith("@steady.example>")
    other = due_now(workout_day_user())
    delivery_send(delivery_id=other.pk)
    assert smtp.handler.received[-1].parsed()["Message-ID"] != ids[0]


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


def test_a_send_that_drifts_into_quiet_hours_goes_out_in_the_first_sweep_after_them(
    smtp: RunningSmtp, django_capture_on_commit_callbacks: Any
) -> None:
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

    quiet_end = delivery.next_attempt_at
    with django_capture_on_commit_callbacks() as callbacks:
        assert reminders_dispatch_due(now=quiet_end - dt.timedelta(seconds=1)).enqueued == 0
        assert deliveries_requeue_stuck(now=quiet_end - dt.timedelta(seconds=1)).enqueued == 0
    assert callbacks == []
    with django_capture_on_commit_callbacks() as callbacks:
        # The sweep at the minute quiet hours end.
        assert reminders_dispatch_due(now=quiet_end).enqueued == 1
    assert len(callbacks) == 1
    assert delivery_send(delivery_id=delivery.pk, now=quiet_end).state == Delivery.State.SENT
    assert smtp.handler.recipients() == [user.email]


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
    lost = due_now(reminder_user(), enqueued_at=now - dt.timedelta(seconds=61))
    fresh = due_now(reminder_user(), enqueued_at=now - dt.timedelta(seconds=30))
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


def test_queued_rows_wait_for_a_backlog_in_the_broker_instead_of_being_sent_again(
    django_capture_on_commit_callbacks: Any,
) -> None:
    now = timezone.now()
    in_line = due_now(reminder_user(), enqueued_at=now - dt.timedelta(minutes=5))
    with django_capture_on_commit_callbacks() as callbacks:
        report = deliveries_requeue_stuck(now=now, broker_queue_empty=False)
    assert (report.lost_queued, report.enqueued, callbacks) == (0, 0, [])
    with django_capture_on_commit_callbacks() as callbacks:
        report = deliveries_requeue_stuck(now=now, broker_queue_empty=True)
    assert (report.lost_queued, report.enqueued, len(callbacks)) == (1, 1, 1)
    in_line.refresh_from_db()
    assert in_line.enqueued_at == now


def test_the_sweeper_reads_the_broker_queue_length() -> None:
    """On the settings' own broker (Redis in CI, kombu's filesystem transport otherwise),
    in a queue of this test's own so no worker takes the message."""
    from celery import current_app

    from apps.reminders.tasks import broker_queue_is_empty, deliver_reminder

    queue = f"reminders-test-{secrets.token_hex(4)}"
    assert broker_queue_is_empty(queue) is True
    deliver_reminder.apply_async(args=[0], queue=queue, expires=60)
    try:
        assert broker_queue_is_empty(queue) is False
    finally:
        with current_app.connection_for_write() as connection:
            connection.default_channel.queue_purge(queue)  # type: ignore[attr-defined]
    assert broker_queue_is_empty(queue) is True


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
