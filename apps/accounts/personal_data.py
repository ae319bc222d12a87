"""Everything Steady holds about one person: found generically, exported, deleted.

Rather than each app remembering to register its models, every model in Steady's own
apps is searched for a foreign-key path to the user (``user``, ``owner``, or a chain like
``session_exercise__session__user``). A new model with user data is therefore exported
and deleted automatically, and ``tests/accounts/test_personal_data.py`` fails if a model
has user data that no path reaches.

A model shared between people (a crew, a cheer) names every way a row belongs to a
person in ``personal_data_paths``; the first is its owner path for deletion checks.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import deque
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apps.accounts.models import User
from apps.core.spreadsheet import spreadsheet_text

MAX_PATH_DEPTH = 4
# Never exported: secrets that would let someone act as the person (or, for a share
# link's or crew invite's token hash, recognise its token), and an uploaded import file kept only
# until it runs (the person has the file; its rows are exported).
EXCLUDED_FIELDS = {
    ("accounts", "user"): {"password"},
    ("summary", "sharelink"): {"token_hash"},
    ("together", "invite"): {"token_hash"},
    ("imports", "import"): {"content"},
}


def steady_models() -> list[type[models.Model]]:
    """Every model of Steady's own apps (the ``apps`` package), so a new app is included
    without being listed anywhere."""
    return [m for m in apps.get_models() if m._meta.app_config.name.startswith("apps.")]


def path_to_user(model: type[models.Model]) -> str | None:
    """Shortest lookup from ``model`` to its owning user, following non-null-able FKs first
    and never a link that only references (PROTECT, RESTRICT)."""
    if model is User:
        return "pk"
    declared = paths_declared(model)
    if declared:
        return declared[0]
    queue: deque[tuple[type[models.Model], str, int]] = deque([(model, "", 0)])
    seen: set[type[models.Model]] = {model}
    while queue:
        current, prefix, depth = queue.popleft()
        if depth >= MAX_PATH_DEPTH:
            continue
        # A PROTECT or RESTRICT link points at something the row uses, not its owner (a
        # logged exercise, a followed program): following it would make a person's row
        # "belong" to whoever owns the exercise.
        forward = [
            f
            for f in current._meta.get_fields()
            if isinstance(f, models.ForeignKey | models.OneToOneField)
            and f.remote_field.on_delete not in (models.PROTECT, models.RESTRICT)
        ]
        # Prefer required links (an owned row's true owner) over optional ones.
        for field in sorted(forward, key=lambda f: (f.null, f.name)):
            target = field.related_model
            lookup = f"{prefix}{field.name}"
            if target is User:
                return lookup
            if isinstance(target, type) and target not in seen:
                seen.add(target)
                queue.append((target, f"{lookup}__", depth + 1))
    return None


def paths_declared(model: type[models.Model]) -> tuple[str, ...]:
    paths: tuple[str, ...] = getattr(model, "personal_data_paths", ())
    return paths


def personal_querysets(user: User) -> Iterator[tuple[type[models.Model], models.QuerySet[Any]]]:
    for model in steady_models():
        declared = paths_declared(model)
        if len(declared) > 1:
            belongs = Q()
            for lookup in declared:
                belongs |= Q(**{lookup: user.pk})
            yield model, model._default_manager.filter(belongs).distinct().order_by("pk")
            continue
        path = path_to_user(model)
        if path is None:
            continue
        yield model, model._default_manager.filter(**{path: user.pk}).order_by("pk")


def _row(instance: models.Model) -> dict[str, Any]:
    excluded = EXCLUDED_FIELDS.get(
        (instance._meta.app_label, instance._meta.model_name or ""), set()
    )
    row: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in excluded:
            continue
        # value_from_object returns the decrypted value for encrypted fields.
        row[field.attname] = field.value_from_object(instance)
    return row


def personal_data_export(user: User) -> dict[str, list[dict[str, Any]]]:
    return {
        model._meta.label_lower: [_row(obj) for obj in queryset]
        for model, queryset in personal_querysets(user)
    }


def personal_data_zip(user: User) -> bytes:
    """A ZIP with one JSON file of everything plus one CSV per kind of record.

    Built in memory, not streamed: a ZIP's directory comes at its end, and the whole
    export is one person's rows, so its size grows with their history (a few megabytes
    for years of daily use). The training log alone streams (workouts' export views).
    """
    data = personal_data_export(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        manifest = {
            "exported_at": timezone.now().isoformat(),
            "email": user.email,
            "records": {label: len(rows) for label, rows in data.items()},
        }
        archive.writestr("README.txt", EXPORT_README)
        archive.writestr(
            "steady.json",
            json.dumps({"manifest": manifest, "data": data}, cls=DjangoJSONEncoder, indent=2),
        )
        for label, rows in data.items():
            if not rows:
                continue
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            for row in rows:
                writer.writerow({k: _csv_value(v) for k, v in row.items()})
            archive.writestr(f"csv/{label.replace('.', '_')}.csv", out.getvalue())
    return buffer.getvalue()


def _csv_value(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, cls=DjangoJSONEncoder)
    if isinstance(value, str):
        return spreadsheet_text(value)
    return value


EXPORT_README = """Your Steady data
================

steady.json holds every record Steady keeps about you, including your journal notes and
safety plan in readable form. The csv/ folder has the same records as spreadsheets, one
file per kind of record. Keep this file somewhere private: it contains your mood history.
"""
