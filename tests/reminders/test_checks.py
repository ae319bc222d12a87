"""System checks on the reminder settings."""

from __future__ import annotations

from typing import Any

from apps.reminders.checks import stuck_threshold_above_one_send


def test_the_defaults_leave_the_sweeper_clear_of_a_live_send() -> None:
    assert stuck_threshold_above_one_send(None) == []


def test_a_stuck_threshold_shorter_than_one_send_is_an_error(settings: Any) -> None:
    settings.EMAIL_TIMEOUT = 10
    settings.REMINDERS_SENT_WRITE_RETRY_SECONDS = 60
    settings.REMINDERS_SENDING_STUCK_SECONDS = 120  # 6 × 10 + 60: not longer
    [error] = stuck_threshold_above_one_send(None)
    assert error.id == "reminders.E002"
    settings.REMINDERS_SENDING_STUCK_SECONDS = 121
    assert stuck_threshold_above_one_send(None) == []
