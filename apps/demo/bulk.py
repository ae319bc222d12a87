"""Fast inserts for generated data: PostgreSQL COPY with pre-allocated ids.

``bulk_insert`` takes unsaved model instances (so every field's Python default applies,
including fields added later) and writes them with COPY on PostgreSQL, or
``bulk_create`` elsewhere. Ids are allocated up front from the table's sequence so
children can point at parents before either is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Model

M = TypeVar("M", bound=Model)


def allocate_ids(model: type[Model], count: int) -> list[int]:
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def bulk_insert(model: type[M], instances: Sequence[M]) -> Sequence[M]:
    """Insert ``instances`` and return them with primary keys set."""
    if not instances:
        return instances
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_create(instances, batch_size=1000)
    for instance, pk in zip(instances, allocate_ids(model, len(instances)), strict=True):
        instance.pk = pk
    fields = model._meta.concrete_fields
    # The wrapper itself, not the ``django.db.connection`` proxy: every field of every row
    # needs it, and each proxy access is a context-local lookup (half the generator's time).
    wrapper = connections[DEFAULT_DB_ALIAS]
    columns = ", ".join(wrapper.ops.quote_name(f.column) for f in fields)
    table = wrapper.ops.quote_name(model._meta.db_table)
    with wrapper.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor, for COPY
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for instance in instances:
                copy.write_row(
                    # pre_save fills auto_now(_add) fields, as a normal save would.
                    [f.get_db_prep_save(f.pre_save(instance, True), wrapper) for f in fields]
                )
    return instances
