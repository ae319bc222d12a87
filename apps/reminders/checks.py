"""System checks: retry backoff must stay below the broker's visibility timeout."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


@register()
def retry_cap_below_visibility_timeout(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """A Redis message not acknowledged within the visibility timeout is delivered again.

    A retry countdown longer than that would be redelivered while it still waits (Celery
    docs, "Using Redis: visibility timeout"), so the cap must stay well below it.
    """
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {}
    timeout = options.get("visibility_timeout")
    if not str(settings.CELERY_BROKER_URL).startswith(("redis://", "rediss://")) or not timeout:
        return []
    cap = settings.REMINDERS_RETRY_MAX_SECONDS
    if cap * 2 > int(timeout):
        return [
            Error(
                f"REMINDERS_RETRY_MAX_SECONDS ({cap}) must be under half the Redis "
                f"visibility_timeout ({timeout}), or retried reminders may be sent twice.",
                id="reminders.E001",
            )
        ]
    return []
