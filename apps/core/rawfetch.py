"""Model instances from hand-written SQL, loaded exactly as the ORM loads them.

For the few lookups that run on nearly every request, where building the ORM query costs
more Python than the database spends answering it (see the callers). The caller writes
the FROM and WHERE; the column list and the conversion of each value (the database
backend's converters, then the field's) come from the models, so a new field is picked up
without touching the SQL.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Model

# A model and the alias its table has in the caller's SQL.
Part = tuple[type[Model], str]


@functools.cache
def _fields(
    model: type[Model], alias: str, vendor: str
) -> tuple[tuple[str, str, Any, tuple[Any, ...]], ...]:
    """Per concrete field: its aliased column, attname, Col and converters (per vendor)."""
    found = []
    for field in model._meta.concrete_fields:
        col = field.get_col(alias)
        converters = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        column = f"{alias}.{connection.ops.quote_name(field.column)}"
        found.append((column, field.attname, col, tuple(converters)))
    return tuple(found)


def table(model: type[Model]) -> str:
    """The model's table name, quoted for the database."""
    return connection.ops.quote_name(model._meta.db_table)


def column(model: type[Model], name: str) -> str:
    """The column of the model's field ``name`` (``"user"`` gives ``user_id``), quoted."""
    found = next(field.column for field in model._meta.concrete_fields if field.name == name)
    return connection.ops.quote_name(found)


def select_list(parts: Sequence[Part]) -> str:
    """The SELECT list for ``load``: every concrete column of each part, in order."""
    return ", ".join(
        column
        for model, alias in parts
        for column, _attname, _col, _converters in _fields(model, alias, connection.vendor)
    )


def load(parts: Sequence[Part], sql: str, params: Sequence[Any]) -> list[Model] | None:
    """Run ``sql`` (selecting ``select_list(parts)``) and build one instance per part from
    its first row, or None when there is no row."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = iter(row)
    instances = []
    for model, alias in parts:
        fields = _fields(model, alias, connection.vendor)
        converted = []
        for _column, _attname, col, converters in fields:
            value = next(values)
            for converter in converters:
                value = converter(value, col, connection)
            converted.append(value)
        names = [attname for _column, attname, _col, _converters in fields]
        instances.append(model.from_db(connection.alias, names, converted))
    return instances
