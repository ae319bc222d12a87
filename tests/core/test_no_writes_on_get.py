"""No GET handler of the app's own views writes to the app's tables.

Reading a page must never change what is stored (issue 17: the session page used to
re-apply progression holds on GET). Every GET of the authorization matrix
(``tests/authz.py`` and ``tests/*/authz_cases.py``) runs as its owner, with every SQL
statement watched; an INSERT, UPDATE or DELETE on a table of one of our apps fails the
test, unless it is listed in ``ALLOWED_WRITES`` with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from tests.authz import Case
from tests.core.test_authz_matrix import all_cases, expected, request
from tests.factories import UserFactory

GET_CASES = [case for case in all_cases() if case.method == "get"]

WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)

# Writes a GET may make, as (url name, table, statement kind): each with its reason.
# Tables outside our apps (sessions, django-axes, allauth) are not watched at all: the
# framework and the log-in machinery own them.
_SHARE_LOG = (
    "opening a shared summary is logged for the person who shared it (when, how often), "
    "which is what lets them see and revoke access to their own health summary"
)
ALLOWED_WRITES: dict[tuple[str, str, str], str] = {
    (name, table, kind): _SHARE_LOG
    for name in ("summary:shared", "summary:shared_pdf")
    for table, kind in (("summary_sharelink", "UPDATE"), ("summary_sharelinkopening", "INSERT"))
}


def app_tables() -> set[str]:
    """The tables of our own apps (``apps.*``), not Django's or third parties'."""
    return {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model.__module__.startswith("apps.")
    }


class WriteRecorder:
    def __init__(self, tables: set[str]) -> None:
        self.tables = tables
        self.writes: list[tuple[str, str, str]] = []

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        found = WRITE.match(sql)
        if found and found.group(2) in self.tables:
            kind = found.group(1).split()[0].upper()
            self.writes.append((found.group(2), kind, sql[:200]))
        return execute(sql, params, many, context)


def test_the_recorder_sees_a_write() -> None:
    """The pattern matches the statements Django writes (else the test below is empty)."""
    recorder = WriteRecorder({"accounts_user"})
    for sql in (
        'UPDATE "accounts_user" SET "last_login" = %s WHERE "accounts_user"."id" = %s',
        'INSERT INTO "accounts_user" ("email") VALUES (%s)',
        'DELETE FROM "accounts_user" WHERE "accounts_user"."id" IN (%s)',
    ):
        recorder(lambda *args: None, sql, (), False, None)
    assert [kind for _, kind, _ in recorder.writes] == ["UPDATE", "INSERT", "DELETE"]
    recorder(lambda *args: None, 'SELECT * FROM "accounts_user"', (), False, None)
    assert len(recorder.writes) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("case", GET_CASES, ids=[c.id for c in GET_CASES])
def test_a_get_writes_nothing(case: Case) -> None:
    owner = UserFactory()
    kwargs = case.make_kwargs(owner) if case.make_kwargs else {}
    client = Client()
    if case.kind != "public" or case.extra.get("logged_in", True):
        client.force_login(owner)
    recorder = WriteRecorder(app_tables())
    with connection.execute_wrapper(recorder):
        response = request(client, case, owner, kwargs)
    assert response.status_code in expected(case.owner_status)
    unexpected = [
        (table, kind, sql)
        for table, kind, sql in recorder.writes
        if (case.url_name, table, kind) not in ALLOWED_WRITES
    ]
    assert not unexpected, f"{case.url_name} wrote on GET: {unexpected}"
