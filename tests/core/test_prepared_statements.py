"""On PostgreSQL a statement run a few times on a connection is prepared (planned once)."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.conftest import service_missing

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def prepared_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        return int(cursor.fetchone()[0])


def test_a_repeated_query_is_prepared() -> None:
    if connection.vendor != "postgresql":
        service_missing("PostgreSQL: set DATABASE_URL")
    threshold = connection.settings_dict["OPTIONS"]["prepare_threshold"]
    assert threshold == 5
    before = prepared_count()
    for pk in range(threshold + 1):
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM accounts_user WHERE id = %s", [pk])
    assert prepared_count() > before
