from __future__ import annotations

import os

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

pytestmark = pytest.mark.django_db


def test_healthy_when_database_and_broker_answer(client: Client) -> None:
    response = client.get(reverse("core:healthz"))

    assert response.status_code == 200, response.json()
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.redis
def test_uses_the_real_redis_broker_when_configured(client: Client) -> None:
    from django.conf import settings

    if os.environ.get("REDIS_URL"):
        assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert client.get(reverse("core:healthz")).status_code == 200


def test_unavailable_when_broker_is_unreachable(client: Client, settings: SettingsWrapper) -> None:
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}

    response = client.get(reverse("core:healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "broker": "unavailable"}


def test_unavailable_when_database_fails(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_cursor(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database is down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get(reverse("core:healthz"))

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
