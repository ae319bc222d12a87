"""Fixtures for reminder tests: a real SMTP server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.reminders.smtp_server import RunningSmtp, smtp_server


@pytest.fixture
def smtp(settings: SettingsWrapper) -> Iterator[RunningSmtp]:
    """A real SMTP server on 127.0.0.1 and Django's SMTP backend pointed at it."""
    with smtp_server() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = server.host
        settings.EMAIL_PORT = server.port
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        yield server
