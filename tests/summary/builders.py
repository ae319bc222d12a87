"""A person with eight weeks of history for the summary's database, PDF and browser tests."""

from __future__ import annotations

import datetime as dt

from apps.accounts.models import User
from apps.journal.models import QuestionnaireResponse
from apps.safety.models import SafetyPlan
from apps.summary.models import ShareLink
from apps.summary.selectors import Sections
from apps.summary.services import share_link_create
from tests.factories import EnrollmentFactory
from tests.safety.builders import make_checkin, make_phq9, make_session

JOURNAL_NOTE = "Slept badly but the walk helped"
SESSION_NOTE = "Knee felt fine on the leg press"
PLAN_TEXT = "Call my sister Ana"


def make_who5(user: User, day: dt.date, answers: list[int]) -> QuestionnaireResponse:
    return QuestionnaireResponse.objects.create(
        user=user,
        kind="who5",
        date=day,
        created_at=dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC),
        answers=answers,
        total=sum(answers),
    )


def person_with_history(user: User) -> dict[str, dt.date]:
    """Eight weeks ending today: a program, sessions with mood before and after (the
    third week empty), a PHQ-9 every two weeks with item 9 above 0 once, two WHO-5s,
    notes of each kind and a safety plan. Returns the dates the tests look for."""
    today = user.local_today()
    start = today - dt.timedelta(days=55)
    EnrollmentFactory(user=user, start_date=start)
    for offset in (0, 2, 4, 7, 9, 21, 23, 28, 35, 42, 49):
        day = start + dt.timedelta(days=offset)
        session = make_session(user, day, rpe=6, minutes=30)
        make_checkin(user, day, "before", 5, session=session, hour=11)
        make_checkin(user, day, "after", 7 if offset % 2 else 5, session=session, hour=13)
    first_session = make_session(user, start + dt.timedelta(days=1), rpe=6, minutes=30)
    first_session.notes = SESSION_NOTE
    first_session.save(update_fields=["notes"])
    make_checkin(user, start + dt.timedelta(days=3), "daily", 4, note=JOURNAL_NOTE)
    item9_day = start + dt.timedelta(days=14)
    make_phq9(user, start + dt.timedelta(days=1), [1, 1, 1, 1, 1, 1, 0, 0, 0])  # 6, mild
    make_phq9(user, item9_day, [2, 2, 1, 2, 1, 1, 1, 0, 1])  # 11, moderate, item 9 = 1
    make_phq9(user, start + dt.timedelta(days=42), [1, 1, 0, 1, 0, 0, 0, 0, 0])  # 3
    make_who5(user, start + dt.timedelta(days=2), [2, 2, 3, 2, 3])  # 12 → 48
    make_who5(user, start + dt.timedelta(days=44), [4, 3, 4, 3, 4])  # 18 → 72
    SafetyPlan.objects.create(user=user, people=PLAN_TEXT)
    return {"start": start, "today": today, "item9": item9_day}


def link_for(user: User, sections: Sections | None = None, days: int = 7) -> tuple[ShareLink, str]:
    today = user.local_today()
    return share_link_create(
        user=user,
        start=today - dt.timedelta(days=55),
        end=today,
        sections=sections or Sections(),
        expires_in_days=days,
    )
