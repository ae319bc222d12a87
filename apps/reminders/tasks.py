"""Celery tasks for reminders. They take ids and call services; JSON arguments only.

Delivery is idempotent by a database claim (``services.delivery_send``), never by hope:
``acks_late`` + ``reject_on_worker_lost`` mean a message may be delivered twice, and the
claim makes the second delivery a no-op.
"""

from __future__ import annotations

import dataclasses

from celery import Task, shared_task
from celery.contrib.django.task import DjangoTask

from apps.reminders import services


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
    return dataclasses.asdict(services.deliveries_requeue_stuck())


@shared_task(name="apps.reminders.tasks.prune_old_deliveries", ignore_result=True)
def prune_old_deliveries() -> int:
    return services.deliveries_prune()
