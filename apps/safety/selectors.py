"""Reads for the safety app."""

from __future__ import annotations

import datetime as dt

from apps.accounts.models import User

# Guidance codes that hold load increases (DOMAIN.md: caution items change the plan).
PLAN_HOLDING_CODES = frozenset(
    {
        "post_workout_mood_drop",
        "overtraining_risk",
        "deload_due",
        "stop_and_seek_care",
        "postpartum_red_flag",
    }
)


def plan_hold_codes(user: User, today: dt.date) -> set[str]:
    """Active guidance codes that hold progression for ``user`` on ``today``.

    Constant number of queries. Until the guidance engine is wired, nothing holds.
    """
    return set()
