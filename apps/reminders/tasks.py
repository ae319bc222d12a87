"""Celery tasks for reminders. They take ids and call services; JSON arguments only.

Delivery is idempotent by a database claim (``services.delivery_send``), never by hope:
``acks_late`` + ``reject_on_worker_lost`` mean a message may be delivered twice, and the
claim makes the second delivery a no-op.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from celery import Task, current_app, shared_task
from celery.contrib.django.task import DjangoTask

from apps.reminders import services

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    base=DjangoTask,
    name="apps.reminders.tasks.deliver_reminder",
    acks_late=True,
    reject_on_worker_lost=True,
    serializer="json",
    ignore_result=True,
    max_retries=None,
)
def deliver_reminder(self: Task[[int], str], delivery_id: int) -> str:
    outcome = services.delivery_send(delivery_id=delivery_id)
    if outcome.retry_in is not None:
        # The row is already RETRY in the database; this schedules the next attempt.
        # The countdown is capped far below the Redis visibility timeout.
        raise self.retry(countdown=outcome.retry_in)
    return outcome.state


@shared_task(name="apps.reminders.tasks.dispatch_due_reminders", ignore_result=True)
def dispatch_due_reminders() -> dict[str, int]:
    """The per-minute sweeper; beat sends it with ``expires`` under a minute."""
    return dataclasses.asdict(services.reminders_dispatch_due())


@shared_task(name="apps.reminders.tasks.scan_checkin_prompts", ignore_result=True)
def scan_checkin_prompts() -> int:
    return services.checkin_prompts_dispatch()


@shared_task(name="apps.reminders.tasks.requeue_stuck_deliveries", ignore_result=True)
def requeue_stuck_deliveries() -> dict[str, int]:
    """The every-minute rescue sweep; beat sends it with ``expires`` under a minute."""
    report = services.deliveries_requeue_stuck(broker_queue_empty=broker_queue_is_empty())
    return dataclasses.asdict(report)


def broker_queue_is_empty(queue: str | None = None) -> bool:
    """Whether no send task waits in the broker's queue (Celery FAQ: "How can I get the
    number of tasks in a queue?"). On doubt, True: a message published twice is
    harmless (the claim), a message never published again is a lost reminder."""
    # No task routes: every send task goes to the default queue.
    queue = queue or current_app.conf.task_default_queue
    try:
        with current_app.connection_for_read() as connection:
            channel: Any = connection.default_channel  # kombu's stubs omit queue_declare
            declared = channel.queue_declare(queue=queue, passive=False)
    except Exception as error:  # the sweep must go on without the broker's answer
        logger.warning("Could not read the length of queue %s: %s", queue, error)
        return True
    return int(declared.message_count) == 0


@shared_task(name="apps.reminders.tasks.prune_old_deliveries", ignore_result=True)
def prune_old_deliveries() -> int:
    return services.deliveries_prune()
