"""In CI the suite must run against the real services, never silently on fallbacks."""

from __future__ import annotations

import os

import pytest
import redis
from django.conf import settings
from django.db import connection

IN_CI = os.environ.get("STEADY_FORBID_SKIPS") == "1"


@pytest.mark.django_db
def test_ci_runs_on_postgresql() -> None:
    if IN_CI or os.environ.get("DATABASE_URL", "").startswith("postgres"):
        assert connection.vendor == "postgresql"
    else:
        assert connection.vendor == "sqlite"


@pytest.mark.redis
def test_ci_has_a_real_redis() -> None:
    url = os.environ.get("REDIS_URL")
    if IN_CI:
        assert url, "CI must set REDIS_URL"
    if url:
        assert redis.Redis.from_url(url, socket_timeout=2).ping() is True
        assert settings.CELERY_BROKER_URL == url
    else:
        assert settings.CELERY_BROKER_URL == "filesystem://"
