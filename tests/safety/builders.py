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


def load_scenario(user: User, scenario: dict[str, Any]) -> dt.date:
    """Store a scenario's data as the user's own rows; returns the scenario's today.

    Check-ins are stored in file order, one minute apart, so "later in the file" stays
    "more recent" on equal dates, as the scenario format says.
    """
    from apps.safety.guidance.data import READINESS_TOPICS
    from apps.safety.models import MedicalClearance, ReadinessScreen

    today = dt.date.fromisoformat(scenario["today"])
    profile = scenario.get("profile") or {}
    delivery = profile.get("postpartum_delivery_date")
    user.postpartum_delivery_date = dt.date.fromisoformat(delivery) if delivery else None
    user.country = profile.get("country") or "OTHER"
    user.save(update_fields=["postpartum_delivery_date", "country"])
    if profile.get("readiness_yes") is not None and "readiness_yes" in profile:
        yes = set(profile["readiness_yes"])
        screen = ReadinessScreen.objects.create(
            user=user, date=today, **{topic: topic in yes for topic in READINESS_TOPICS}
        )
        if profile.get("clearance_recorded"):
            MedicalClearance.objects.create(
                user=user, screen=screen, cleared_on=today, cleared_by="Dr Test"
            )
    sessions: dict[str, WorkoutSession] = {}
    for index, row in enumerate(scenario.get("sessions") or []):
        sessions[str(row["id"])] = make_session(
            user,
            dt.date.fromisoformat(row["date"]),
            rpe=row.get("session_rpe"),
            minutes=row.get("duration_min"),
            deload=bool(row.get("deload")),
            hour=6 + index % 12,
        )
    for index, row in enumerate(scenario.get("checkins") or []):
        fields = {
            key: row[key]
            for key in (
                "energy",
                "stress",
                "sleep_hours",
                "ate_recently",
                "warning_symptoms",
                "pelvic_symptoms",
                "self_harm_thoughts",
            )
            if row.get(key) is not None
        }
        checkin = make_checkin(
            user,
            dt.date.fromisoformat(row["date"]),
            row["kind"],
            row["mood"],
            session=sessions.get(str(row["session"])) if row.get("session") else None,
            **fields,
        )
        CheckIn.objects.filter(pk=checkin.pk).update(
            created_at=_moment(checkin.date, 0) + dt.timedelta(minutes=index)
        )
    for row in scenario.get("questionnaires") or []:
        if row["kind"] == "phq9":
            make_phq9(user, dt.date.fromisoformat(row["date"]), row["answers"])
        else:
            QuestionnaireResponse.objects.create(
                user=user,
                kind=row["kind"],
                date=dt.date.fromisoformat(row["date"]),
                created_at=_moment(dt.date.fromisoformat(row["date"])),
                answers=row["answers"],
                total=sum(row["answers"]),
            )
    return today
