"""Project-wide fixtures: users, logged-in clients, HTML checks and the browser."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.test import Client

from apps.accounts.models import User
from tests.factories import UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls the live
# server fixtures make from that thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.browser"]

SERVICE_MARKERS = ("browser", "postgres", "redis")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
    """In CI (STEADY_FORBID_SKIPS=1) a skipped test is a failed test: no silent gaps."""
    report = yield
    if os.environ.get("STEADY_FORBID_SKIPS") == "1" and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"Skipped in CI, where every test must run: {report.longrepr}"
    return report


@pytest.fixture
def owner(db: None) -> User:
    return UserFactory()


@pytest.fixture
def stranger(db: None) -> User:
    return UserFactory()


@pytest.fixture
def owner_client(owner: User) -> Client:
    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture
def stranger_client(stranger: User) -> Client:
    client = Client()
    client.force_login(stranger)
    return client


@pytest.fixture
def htmx_headers() -> dict[str, str]:
    # Lowercase "true": HX-Request: True would silently test the non-HTMX path.
    return {"HTTP_HX_REQUEST": "true"}


def service_missing(reason: str) -> None:
    """Outside CI a missing service skips (a newcomer has none); in CI it fails."""
    if os.environ.get("STEADY_FORBID_SKIPS") == "1":
        pytest.fail(f"CI must provide this service: {reason}")
    pytest.skip(f"needs a real service: {reason}")


@pytest.fixture
def require_postgres() -> None:
    """For tests that need PostgreSQL itself (other processes sharing the test database)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        service_missing("PostgreSQL (set DATABASE_URL=postgres://…)")


@pytest.fixture
def redis_url() -> str:
    """A reachable Redis URL from REDIS_URL, for tests that need the real broker."""
    import redis

    url = os.environ.get("REDIS_URL", "")
    if not url:
        service_missing("Redis (set REDIS_URL=redis://…)")
    try:
        redis.Redis.from_url(url, socket_timeout=2).ping()
    except redis.RedisError as error:
        service_missing(f"Redis at {url} did not answer: {error}")
    return url
