"""Redis is not a single point of failure for the web app.

A Redis server of the test's own (a spare port, nothing saved) serves as cache and Celery
broker; the test stops it in the middle. Every page still opens with the status it had,
a set is logged, a person logs in, and a reminder that cannot be put on the broker stays
in the outbox until the next sweep relays it, once Redis is back.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import redis
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.reminders.models import Delivery
from apps.reminders.services import reminders_dispatch_due
from apps.workouts.models import SetLog
from config.celery import app as celery_app
from config.settings import base as base_settings
from tests.conftest import service_missing
from tests.core.test_authz_matrix import CASES
from tests.factories import DEFAULT_PASSWORD, DeliveryFactory, SessionExerciseFactory, UserFactory

pytestmark = pytest.mark.django_db


@dataclass
class OwnRedis:
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                str(shutil.which("redis-server")),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                redis.Redis.from_url(self.url, socket_timeout=0.2).ping()
                return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def queued_messages(self) -> int:
        return int(redis.Redis.from_url(self.url).llen("celery"))


def spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def use_broker(url: str) -> None:
    celery_app.conf.broker_url = url
    # Celery keeps its connection and producer pools; let them be made for this URL.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def own_redis(settings: Any) -> Iterator[OwnRedis]:
    if shutil.which("redis-server") is None:
        service_missing("the redis-server program (apt install redis-server)")
    server = OwnRedis(port=spare_port())
    server.start()
    settings.CACHES = {"default": {**base_settings.REDIS_CACHE, "LOCATION": server.url}}
    # The per-person page cache is on its way out; this test is about the cache backend.
    settings.STEADY_PAGE_CACHE = False
    original_broker = celery_app.conf.broker_url
    use_broker(server.url)
    try:
        yield server
    finally:
        server.stop()
        use_broker(original_broker)


def page_statuses(
    client: Client, user: User, kwargs_for: dict[str, dict[str, Any]]
) -> dict[str, int]:
    statuses = {}
    for case in CASES:
        if case.method != "get" or case.kind == "token":
            continue
        url = reverse(case.url_name, kwargs=kwargs_for[case.id + case.query]) + case.query
        headers = {"HTTP_HX_REQUEST": "true"} if case.htmx else {}
        statuses[f"{url} {headers}"] = client.get(url, **headers).status_code
    return statuses


def test_with_redis_gone_pages_open_sets_are_logged_and_reminders_wait_in_the_outbox(
    own_redis: OwnRedis,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    owner = UserFactory()
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    kwargs_for = {
        case.id + case.query: case.make_kwargs(owner) if case.make_kwargs else {} for case in CASES
    }
    row = SessionExerciseFactory(session__user=owner)
    statuses_with_redis = page_statuses(client, owner, kwargs_for)
    assert all(status < 500 for status in statuses_with_redis.values())

    own_redis.stop()

    assert page_statuses(client, owner, kwargs_for) == statuses_with_redis
    logged = client.post(
        reverse("workouts:set_log", args=[row.pk]),
        {"client_id": "6d3c1d53-93a4-4f1c-9a4e-0d6c8b1d7a11", "reps": "8", "load": "40"},
        HTTP_HX_REQUEST="true",
    )
    assert logged.status_code == 200, logged.content[:300]
    assert SetLog.objects.filter(session_exercise=row).count() == 1
    someone = UserFactory()
    login = Client().post(
        reverse("account_login"), {"login": someone.email, "password": DEFAULT_PASSWORD}
    )
    assert login.status_code == 302

    # A request that enqueues (an admin sends failed reminders again) still succeeds.
    admin = User.objects.create_superuser(email="admin@example.org", password=DEFAULT_PASSWORD)
    failed = [
        DeliveryFactory(user=owner, state=Delivery.State.FAILED, enqueued_at=None) for _ in range(2)
    ]
    admin_client = Client(raise_request_exception=False)
    admin_client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:reminders_delivery_changelist"),
            {"action": "requeue_failed", "_selected_action": [d.pk for d in failed]},
        )
    assert response.status_code == 302
    waiting = Delivery.objects.filter(state=Delivery.State.QUEUED, enqueued_at__isnull=True)
    assert set(waiting.values_list("pk", flat=True)) == {d.pk for d in failed}
    # The beat's per-minute sweep carries on too, and the rows keep waiting.
    with django_capture_on_commit_callbacks(execute=True):
        reminders_dispatch_due()
    assert waiting.count() == 2

    own_redis.start()
    with django_capture_on_commit_callbacks(execute=True):
        reminders_dispatch_due()

    assert not waiting.exists()
    assert own_redis.queued_messages() == 2
