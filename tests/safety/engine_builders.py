"""Tiny builders for the pure guidance engine: records are placed by age in days."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from apps.safety.guidance import CheckIn, GuidanceInput, Profile, Questionnaire, Session

TODAY = dt.date(2026, 3, 1)


def day(age: int) -> dt.date:
    """The date ``age`` days before TODAY (negative: in the future)."""
    return TODAY - dt.timedelta(days=age)


def session(
    age: int,
    sid: str | None = None,
    *,
    rpe: float | str | None = None,
    minutes: int | None = None,
    deload: bool | None = False,
) -> Session:
    return Session(
        id=sid or f"s{age}",
        date=day(age),
        duration_min=minutes,
        session_rpe=None if rpe is None else Decimal(str(rpe)),
        deload=deload,
    )


def checkin(age: int, kind: str = "daily", mood: int = 6, **fields: Any) -> CheckIn:
    if "sleep_hours" in fields and fields["sleep_hours"] is not None:
        fields["sleep_hours"] = Decimal(str(fields["sleep_hours"]))
    for name in ("warning_symptoms", "pelvic_symptoms"):
        if name in fields:
            fields[name] = tuple(fields[name])
    return CheckIn(date=day(age), kind=kind, mood=mood, **fields)  # type: ignore[arg-type]


def phq9(age: int, answers: list[int]) -> Questionnaire:
    return Questionnaire(date=day(age), kind="phq9", answers=tuple(answers))


def phq9_total(age: int, total: int, item9: int = 0) -> Questionnaire:
    """A PHQ-9 with the given total, spread over items 1–8, and item 9 as given."""
    answers = [0] * 9
    answers[8] = item9
    remaining = total - item9
    for index in range(8):
        answers[index] = min(3, remaining)
        remaining -= answers[index]
    assert remaining == 0
    return phq9(age, answers)


def data(
    *,
    sessions: list[Session] | None = None,
    checkins: list[CheckIn] | None = None,
    questionnaires: list[Questionnaire] | None = None,
    profile: Profile | None = None,
) -> GuidanceInput:
    return GuidanceInput(
        today=TODAY,
        profile=profile or Profile(),
        sessions=tuple(sessions or ()),
        checkins=tuple(checkins or ()),
        questionnaires=tuple(questionnaires or ()),
    )


def paired(
    age: int,
    before: int,
    after: int,
    *,
    sid: str | None = None,
    rpe: float | None = None,
    minutes: int | None = None,
    **before_fields: Any,
) -> tuple[Session, CheckIn, CheckIn]:
    """A session with a before and an after check-in on the same day."""
    s = session(age, sid, rpe=rpe, minutes=minutes)
    after_fields = before_fields.pop("after_fields", {})
    return (
        s,
        checkin(age, "before", before, session=s.id, **before_fields),
        checkin(age, "after", after, session=s.id, **after_fields),
    )


def from_pairs(pairs: list[tuple[Session, CheckIn, CheckIn]], **extra: Any) -> GuidanceInput:
    return data(
        sessions=[p[0] for p in pairs] + extra.pop("sessions", []),
        checkins=[c for p in pairs for c in p[1:]] + extra.pop("checkins", []),
        **extra,
    )
