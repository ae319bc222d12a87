"""System checks: retry backoff below the visibility timeout, stuck threshold above a send."""

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


# One SMTP exchange: connect, EHLO, MAIL, RCPT, DATA, the message: each may take up to
# EMAIL_TIMEOUT before smtplib gives up.
SMTP_ROUND_TRIPS = 6


@register()
def stuck_threshold_above_one_send(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """The sweeper must never take a row from a worker that is still sending it."""
    email_timeout = settings.EMAIL_TIMEOUT or 0
    one_send = SMTP_ROUND_TRIPS * email_timeout + settings.REMINDERS_SENT_WRITE_RETRY_SECONDS
    stuck = settings.REMINDERS_SENDING_STUCK_SECONDS
    if stuck <= one_send:
        return [
            Error(
                f"REMINDERS_SENDING_STUCK_SECONDS ({stuck}) must exceed one send: "
                f"{SMTP_ROUND_TRIPS} × EMAIL_TIMEOUT ({email_timeout}) + "
                f"REMINDERS_SENT_WRITE_RETRY_SECONDS "
                f"({settings.REMINDERS_SENT_WRITE_RETRY_SECONDS}), or a slow send may be "
                "sent twice.",
                id="reminders.E002",
            )
        ]
    return []
