"""Demo history for the demo account: about six weeks of check-ins with a mild upward
trend, before/after pairs on training days, three PHQ-9s and two WHO-5s.

Idempotent: does nothing once the demo user has any journal data. Contains no self-harm
answers and no warning symptoms, and keeps every PHQ-9 item 9 at 0.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.journal import scoring
from apps.journal.models import CheckIn, QuestionnaireResponse
from apps.workouts.models import WorkoutSession

DAYS = 42
NOTES = {
    0: "Nervous walking in, but the leg press felt fine once I started.",
    4: "Slept badly. Went anyway and I'm glad I did.",
    9: "Proud I finished every set today.",
    14: "A heavy week at work. The session was a break from it.",
}
DAILY_NOTES = {
    3: "Quiet rest day. Walked to the shop and back.",
    11: "Low morning, better by the evening.",
}
PHQ9_ANSWERS = {
    0: [2, 2, 1, 2, 1, 1, 1, 1, 0],  # 11, moderate
    14: [1, 2, 1, 1, 1, 1, 1, 0, 0],  # 8, mild
    28: [1, 1, 1, 1, 0, 1, 1, 0, 0],  # 6, mild
}
WHO5_ANSWERS = {
    2: [2, 2, 1, 2, 2],  # 36 of 100
    38: [3, 3, 2, 3, 3],  # 56 of 100
}


def _clamp(value: float) -> int:
    return max(1, min(10, round(value)))


def _at(user: User, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=user.zone)


@transaction.atomic
def seed_demo(user: User) -> None:
    if (
        CheckIn.objects.filter(user=user).exists()
        or QuestionnaireResponse.objects.filter(user=user).exists()
    ):
        return
    today = user.local_today()
    start = today - dt.timedelta(days=DAYS - 1)
    rng = random.Random(5)

    sessions_by_day: dict[dt.date, list[WorkoutSession]] = {}
    for logged in WorkoutSession.objects.filter(
        user=user, date__gte=start, date__lte=today, finished_at__isnull=False
    ).order_by("started_at"):
        sessions_by_day.setdefault(logged.date, []).append(logged)
    if sessions_by_day:
        training_days = set(sessions_by_day)
    else:
        # No logged sessions: Monday, Wednesday and Friday, with unlinked check-ins.
        training_days = {
            start + dt.timedelta(days=i)
            for i in range(DAYS - 1)
            if (start + dt.timedelta(days=i)).weekday() in (0, 2, 4)
        }

    checkins: list[CheckIn] = []
    session_index = 0
    daily_index = 0
    for offset in range(DAYS):
        day = start + dt.timedelta(days=offset)
        trend = 4.2 + 2.3 * offset / (DAYS - 1)
        base = trend + rng.uniform(-0.8, 0.8)
        if day in training_days:
            day_sessions: list[WorkoutSession | None] = list(sessions_by_day.get(day, []))
            for session in day_sessions or [None]:
                late_in_window = offset >= DAYS - 12
                ate = late_in_window or session_index % 4 != 1
                sleep = Decimal("5.5") if session_index % 3 == 2 else Decimal("7.5")
                lift = rng.choice([1, 1, 2, 2, 1]) if ate else rng.choice([0, 1, 0])
                before_mood = _clamp(base)
                after_mood = _clamp(before_mood + lift - (1 if sleep < 6 else 0) + 1)
                started = session.started_at if session else _at(user, day, 17, 30)
                finished = (
                    session.finished_at
                    if session and session.finished_at
                    else started + dt.timedelta(minutes=40)
                )
                tags = ["proud"] if lift >= 2 else (["tired"] if sleep < 6 else [])
                checkins.append(
                    CheckIn(
                        user=user,
                        kind=CheckIn.Kind.BEFORE,
                        session=session,
                        date=day,
                        created_at=started - dt.timedelta(minutes=2),
                        mood=before_mood,
                        energy=_clamp(base - 0.5),
                        stress=_clamp(6.5 - 2 * offset / DAYS + rng.uniform(-1, 1)),
                        sleep_hours=sleep,
                        ate_recently=ate,
                        tags=["anxious"] if session_index % 5 == 0 else [],
                    )
                )
                checkins.append(
                    CheckIn(
                        user=user,
                        kind=CheckIn.Kind.AFTER,
                        session=session,
                        date=day,
                        created_at=finished + dt.timedelta(minutes=5),
                        mood=after_mood,
                        energy=_clamp(base + 0.5),
                        tags=tags,
                        note=NOTES.get(session_index, ""),
                    )
                )
                session_index += 1
        elif offset % 4 != 3 or offset == DAYS - 1:
            checkins.append(
                CheckIn(
                    user=user,
                    kind=CheckIn.Kind.DAILY,
                    date=day,
                    created_at=_at(user, day, 20, 15),
                    mood=_clamp(base - 0.3),
                    energy=_clamp(base - 0.6),
                    stress=_clamp(6 - 2 * offset / DAYS + rng.uniform(-1, 1)),
                    sleep_hours=Decimal(rng.choice(["6.5", "7", "7.5", "8"])),
                    tags=["calm"] if daily_index % 6 == 0 else [],
                    note=DAILY_NOTES.get(daily_index, ""),
                )
            )
            daily_index += 1
    now = timezone.now()
    for checkin in checkins:
        checkin.created_at = min(checkin.created_at, now)
        checkin.save()

    for offset, answers in PHQ9_ANSWERS.items():
        day = start + dt.timedelta(days=offset)
        QuestionnaireResponse.objects.create(
            user=user,
            kind=QuestionnaireResponse.Kind.PHQ9,
            date=day,
            created_at=_at(user, day, 21),
            answers=answers,
            total=scoring.score_phq9(answers).total,
        )
    for offset, answers in WHO5_ANSWERS.items():
        day = start + dt.timedelta(days=offset)
        QuestionnaireResponse.objects.create(
            user=user,
            kind=QuestionnaireResponse.Kind.WHO5,
            date=day,
            created_at=_at(user, day, 21, 5),
            answers=answers,
            total=scoring.score_who5(answers).raw,
        )
