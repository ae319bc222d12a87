"""Start / resume panel on the Today page."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Q
from django.http import HttpRequest

from apps.programs.panels import Panel
from apps.programs.selectors import effective_prescriptions
from apps.workouts import progression, selectors

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.programs.schedule import PlannedSession

TEMPLATE = "workouts/_today_panel.html"


def today_panel(
    request: HttpRequest, user: User, today: dt.date, planned: PlannedSession | None
) -> Panel | None:
    """One big next action: resume the open session, or start today's with suggestions.

    Constant queries: one for the person's open or finished-today sessions; with a
    planned session, the programs selector, one for exercises, one for recent exposures
    and the guidance holds.
    """
    sessions = list(
        selectors.sessions_for(user)
        .filter(Q(finished_at__isnull=True) | Q(date=today))
        .order_by("finished_at", "-started_at")[:5]
    )
    open_session = next((s for s in sessions if s.finished_at is None), None)
    if open_session is not None:
        return Panel(TEMPLATE, {"workouts_resume": open_session})
    done_today = next((s for s in sessions if s.date == today), None)
    if done_today is not None:
        return Panel(TEMPLATE, {"workouts_done_today": done_today})
    if planned is None:
        # A rest day, or no program yet (the page's own "choose a program" comes first):
        # the 15-minute session is still on offer, as promised.
        return Panel(TEMPLATE, {"workouts_rest_day": True})
    plan = selectors.plan_with_suggestions(
        user,
        effective_prescriptions(planned),
        holds=selectors.plan_hold_codes(request, user, today),
        deload=planned.is_deload,
    )
    return Panel(
        TEMPLATE,
        {
            "workouts_planned": planned,
            "workouts_plan": plan,
            "workouts_unit": user.units,
            "workouts_first_time": any(
                item.suggestion.change == progression.Change.FIRST for item in plan
            ),
        },
        lists_exercises=True,
    )
