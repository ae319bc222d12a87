"""Database rows for guidance tests: sessions, check-ins and PHQ-9s placed by date.

The workouts and journal apps own their factories; these small builders create only the
fields the guidance rules read, so the safety tests don't depend on how those apps'
factories evolve.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from apps.accounts.models import User
from apps.journal.models import CheckIn, QuestionnaireResponse
from apps.workouts.models import WorkoutSession


def _moment(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def make_session(
    user: User,
    day: dt.date,
    *,
    rpe: float | str | None = None,
    minutes: int | None = None,
    deload: bool = False,
    finished: bool = True,
    hour: int = 12,
) -> WorkoutSession:
    started = _moment(day, hour)
    return WorkoutSession.objects.create(
        user=user,
        name="Session A",
        date=day,
        started_at=started,
        finished_at=started + dt.timedelta(minutes=minutes or 30) if finished else None,
        duration_min=minutes,
        session_rpe=None if rpe is None else Decimal(str(rpe)),
        is_deload=deload,
    )


def make_checkin(
    user: User,
    day: dt.date,
    kind: str = "daily",
    mood: int = 6,
    *,
    session: WorkoutSession | None = None,
    hour: int = 12,
    **fields: Any,
) -> CheckIn:
    return CheckIn.objects.create(
        user=user,
        kind=kind,
        session=session,
        date=day,
        created_at=_moment(day, hour),
        mood=mood,
        **fields,
    )


def make_phq9(user: User, day: dt.date, answers: list[int]) -> QuestionnaireResponse:
    return QuestionnaireResponse.objects.create(
        user=user,
        kind="phq9",
        date=day,
        created_at=_moment(day),
        answers=answers,
        total=sum(answers),
    )


def make_drop_session(
    user: User, day: dt.date, *, ate_recently: bool | None = False, rpe: float = 7
) -> WorkoutSession:
    """A finished session whose after-mood is 3 points below its before-mood."""
    session = make_session(user, day, rpe=rpe, minutes=35)
    make_checkin(user, day, "before", 7, session=session, hour=11, ate_recently=ate_recently)
    make_checkin(user, day, "after", 4, session=session, hour=13)
    return session
