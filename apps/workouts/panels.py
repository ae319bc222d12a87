"""Start / resume panel on the Today page."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.http import HttpRequest

from apps.core.panels import Panel

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.programs.schedule import PlannedSession


def today_panel(
    request: HttpRequest, user: User, today: dt.date, planned: PlannedSession | None
) -> Panel | None:
    return None
