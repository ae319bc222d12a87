"""Schedule maths: which workout falls on which local date. Pure Python, no Django.

``PlannedSession`` is the contract other apps read (workouts starts sessions from it,
reminders and the calendar feed list them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


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


@dataclass(frozen=True)
class EffectivePrescription:
    """A prescription as it applies on one date: week modifiers and swaps applied."""

    prescription_id: int | None
    exercise_id: int
    order: int
    sets: int
    reps_low: int | None
    reps_high: int | None
    seconds: int | None
    target_rpe_low: Decimal
    target_rpe_high: Decimal
    rest_seconds: int
    notes: str
