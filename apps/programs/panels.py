"""Today-page panels contributed by the apps above programs.

The Today page renders the day's plan, then asks each provider named in
``settings.STEADY_TODAY_PANELS`` for a panel: workouts adds "Start / Resume session",
journal a check-in, safety guidance. The setting names them so that programs never
imports an app above it (README, Architecture). Providers must run a constant number of
queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.module_loading import import_string

from apps.programs.schedule import PlannedSession

if TYPE_CHECKING:
    from apps.accounts.models import User


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    # True when the panel lists today's exercises itself (with their suggestions), so the
    # Today page does not list them a second time.
    lists_exercises: bool = False


PanelProvider = Callable[["HttpRequest", "User", dt.date, "PlannedSession | None"], Panel | None]


@cache
def _providers(paths: tuple[str, ...]) -> list[PanelProvider]:
    return [import_string(path) for path in paths]


def today_panels(
    request: HttpRequest, user: User, today: dt.date, planned: PlannedSession | None
) -> list[Panel]:
    panels = []
    for provider in _providers(tuple(settings.STEADY_TODAY_PANELS)):
        panel = provider(request, user, today, planned)
        if panel is not None:
            panels.append(panel)
    return panels
