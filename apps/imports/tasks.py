"""The import runs in the background: the task takes the import's id and calls the service.

A doubled message is harmless: ``services.import_run`` claims the import (QUEUED →
RUNNING) in one UPDATE, so only one run writes, and every set has a unique source key.
"""

from __future__ import annotations

from celery import shared_task
from celery.contrib.django.task import DjangoTask

from apps.imports import services


@shared_task(
    base=DjangoTask,
    name="apps.imports.tasks.run_import",
    acks_late=True,
    reject_on_worker_lost=True,
    serializer="json",
    ignore_result=True,
)
def run_import(import_id: int) -> str:
    finished = services.import_run(import_id=import_id)
    return finished.state if finished is not None else "claimed elsewhere"


@shared_task(
    base=DjangoTask,
    name="apps.imports.tasks.undo_import",
    acks_late=True,
    reject_on_worker_lost=True,
    serializer="json",
    ignore_result=True,
)
def undo_import(import_id: int) -> str:
    return "undone" if services.import_undo_run(import_id=import_id) else "nothing to undo"
