"""Schedule maths: which workout falls on which local date. Pure Python, no Django.

``PlannedSession`` is the contract other apps read (workouts starts sessions from it,
reminders and the calendar feed list them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class PlannedSession:
    enrollment_id: int
    program_id: int
    workout_day_id: int
    day: dt.date
    week_number: int
    is_deload: bool
    name: str
    minutes: int
