"""The crews' panel on Today: who trained this week, cheers received, shared sessions.

Listed in ``settings.STEADY_TODAY_PANELS``. One query for someone in no crew; otherwise a
constant number (apps.together.selectors.today_panel_data), whatever the members'
histories.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.utils import timezone

from apps.programs.panels import Panel
from apps.together import selectors

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.programs.schedule import PlannedSession


def today_panel(
    request: HttpRequest, user: User, today: dt.date, planned: PlannedSession | None
) -> Panel | None:
    data = selectors.today_panel_data(user, today, timezone.now())
    if data is None:
        return None
    going = {
        session.pk for session in data.sessions for place in session.places.all()
        if place.user_id == user.pk
    }  # fmt: skip
    return Panel(
        "together/_today_panel.html",
        {"together": data, "together_going": going},
    )
