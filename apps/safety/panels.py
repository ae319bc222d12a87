"""Guidance panel on the Today page: caution items with "Why am I seeing this?", the
lighter session when one is active, gentle tips, and the readiness questions when due.

Runs a constant number of queries (readiness, sessions, check-ins, PHQ-9, responses),
cached on the request so the banner on the same page reuses them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.http import HttpRequest

from apps.programs.panels import Panel
from apps.safety.presentation import lighter_session_url, shown_items
from apps.safety.selectors import request_guidance, request_readiness, request_responses

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.programs.schedule import PlannedSession


def today_panel(
    request: HttpRequest, user: User, today: dt.date, planned: PlannedSession | None
) -> Panel | None:
    readiness = request_readiness(request, user, today)
    items = request_guidance(request, user, today)
    shown = shown_items(items, request_responses(request, user, items))
    cautions = [s for s in shown if s.severity == "caution" and not s.checked]
    tips = [s for s in shown if s.severity == "info"]
    if not cautions and not tips and not readiness.due:
        return None
    return Panel(
        "safety/_today_panel.html",
        {
            "guidance_cautions": cautions,
            "guidance_tips": tips,
            "readiness_due": readiness.due,
            "readiness_answered_before": readiness.screen is not None,
            "planned": planned,
            "lighter_session_url": lighter_session_url() if cautions and planned else None,
        },
    )
