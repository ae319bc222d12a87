"""Reads for imports, always scoped to their owner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from apps.imports.models import Import

if TYPE_CHECKING:
    from apps.accounts.models import User


def imports_for(user: User) -> QuerySet[Import]:
    return Import.objects.filter(user=user).defer("content")


def recent_imports(user: User) -> list[Import]:
    return list(imports_for(user).exclude(state=Import.State.PREVIEW)[:20])


def has_imported_sessions(user: User) -> bool:
    """Whether any of the person's sessions came from another app (they have no check-ins)."""
    return imports_for(user).filter(state=Import.State.DONE, sessions_added__gt=0).exists()
