"""The PostgreSQL health check asks the socket first and the server only when in doubt."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, connections

from apps.core.postgresql.base import DatabaseWrapper, has_pending_input
from tests.conftest import service_missing

on_postgres = (pytest.mark.django_db, pytest.mark.postgres)


def test_pending_input_is_data_or_the_end_of_the_stream() -> None:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        assert not has_pending_input(ours.fileno())
        theirs.sendall(b"N")
        assert has_pending_input(ours.fileno())
        ours.recv(1)
        assert not has_pending_input(ours.fileno())
        theirs.close()
        assert has_pending_input(ours.fileno())


@pytest.fixture
def second() -> Iterator[DatabaseWrapper]:
    """A connection of its own (the test's connection sits in the test's transaction)."""
    if connection.vendor != "postgresql":
        service_missing("PostgreSQL: set DATABASE_URL")
    wrapper = connections.create_connection("default")
    assert isinstance(wrapper, DatabaseWrapper)
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def _refuse_queries(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("the health check ran a query on a healthy connection")


@on_postgres[0]
@on_postgres[1]
def test_a_healthy_connection_is_usable_without_a_query(
    second: DatabaseWrapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    with second.cursor() as cursor:
        cursor.execute("SELECT 1")
    monkeypatch.setattr(second.connection, "cursor", _refuse_queries)
    monkeypatch.setattr(second.connection, "execute", _refuse_queries)
    assert second.is_usable()


@on_postgres[0]
@on_postgres[1]
def test_a_terminated_connection_is_replaced_before_the_next_query(
    second: DatabaseWrapper,
) -> None:
    pid = second.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert cursor.fetchone()[0] is True
    fd = second.connection.fileno()
    deadline = time.monotonic() + 5
    while not has_pending_input(fd) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not second.is_usable()

    # What Django does before the first query of each request.
    second.health_check_enabled = True
    second.health_check_done = False
    second.close_if_health_check_failed()
    assert second.connection is None
    with second.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


@on_postgres[0]
@on_postgres[1]
def test_a_closed_connection_is_not_usable(second: DatabaseWrapper) -> None:
    second.connection.close()
    assert not second.is_usable()


@on_postgres[0]
@on_postgres[1]
def test_postgresql_settings_use_this_backend() -> None:
    if connection.vendor != "postgresql":
        service_missing("PostgreSQL: set DATABASE_URL")
    assert connection.settings_dict["ENGINE"] == "apps.core.postgresql"
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
