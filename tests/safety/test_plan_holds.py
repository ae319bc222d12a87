"""Guidance that holds the plan does so at once and everywhere (DOMAIN.md: caution items
and ``deload_due`` hold back load increases; ``stop_and_seek_care`` and
``postpartum_red_flag`` until the person confirms they have been checked).

For every plan-holding code, someone whose history earns an increase gets none: in the
session they start next, and in the rows not yet logged of a session already under way
when the code begins mid-session (a before check-in entered after "Start session").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.programs.models import Exercise
from apps.safety.selectors import PLAN_HOLDING_CODES
from apps.workouts.models import SessionExercise, WorkoutSession
from apps.workouts.progression import HOLD_PHRASES
from tests.factories import SetLogFactory
from tests.safety.builders import make_checkin, make_drop_session, make_session
from tests.workouts.test_services import enrolled_today, first_exercise, log_history

pytestmark = pytest.mark.django_db

Trigger = Callable[[User], dict[str, str]]


def ago(user: User, days: int) -> dt.date:
    return user.local_today() - dt.timedelta(days=days)


def mood_drops(user: User) -> dict[str, str]:
    for age in (9, 7, 5):
        make_drop_session(user, ago(user, age))
    return {}


def hard_sessions(user: User) -> dict[str, str]:
    for hour in (8, 9, 10):
        make_session(user, ago(user, 1), rpe=9.5, minutes=40, hour=hour)
    return {}


def six_steady_weeks(user: User) -> dict[str, str]:
    for week in range(6):
        for offset in (1, 5):
            make_session(user, ago(user, 7 * week + offset), rpe=6, minutes=30)
    return {}


def chest_pain(user: User) -> dict[str, str]:
    return {"warning_symptoms": "chest_pain"}


def pelvic_heaviness(user: User) -> dict[str, str]:
    user.postpartum_delivery_date = ago(user, 90)
    user.save(update_fields=["postpartum_delivery_date"])
    return {"pelvic_symptoms": "heaviness"}


# code: what raises it (rows it creates, then extra before-check-in answers)
TRIGGERS: dict[str, Trigger] = {
    "post_workout_mood_drop": mood_drops,
    "overtraining_risk": hard_sessions,
    "deload_due": six_steady_weeks,
    "stop_and_seek_care": chest_pain,
    "postpartum_red_flag": pelvic_heaviness,
}


def test_every_plan_holding_code_is_tested() -> None:
    assert set(TRIGGERS) == PLAN_HOLDING_CODES


def ready_for_an_increase(user: User) -> Exercise:
    """Enrolled, training today, and two sessions at the top of the range on the first
    exercise: the 2-for-2 rule adds weight next time."""
    enrollment = enrolled_today(user)
    exercise = first_exercise(enrollment)
    log_history(user, exercise, reps=12, load="40")
    return exercise


def start(client: Client, user: User) -> WorkoutSession:
    client.post(reverse("workouts:session_start"))
    return WorkoutSession.objects.get(user=user, finished_at__isnull=True)


def before_check_in(client: Client, session: WorkoutSession, **answers: str) -> None:
    response = client.post(
        reverse("journal:checkin_create"),
        {"kind": "before", "session": session.pk, "mood": "6", "energy": "6", **answers},
    )
    assert response.status_code == 302


def row_of(session: WorkoutSession, exercise: Exercise) -> SessionExercise:
    return SessionExercise.objects.get(session=session, exercise=exercise)


def test_without_guidance_the_history_earns_an_increase(owner: User, owner_client: Client) -> None:
    exercise = ready_for_an_increase(owner)
    session = start(owner_client, owner)
    before_check_in(owner_client, session)
    row = row_of(session, exercise)
    assert row.suggestion_change == "increase"
    assert row.suggested_load_kg is not None
    assert row.suggested_load_kg > Decimal("40")


@pytest.mark.parametrize("code", sorted(TRIGGERS))
def test_the_next_session_gets_no_increase(owner: User, owner_client: Client, code: str) -> None:
    exercise = ready_for_an_increase(owner)
    answers = TRIGGERS[code](owner)
    for field, symptom in answers.items():
        # The symptom noted after yesterday's session.
        make_checkin(owner, ago(owner, 1), "after", 6, **{field: [symptom]})

    session = start(owner_client, owner)

    assert code in session.progression_holds
    row = row_of(session, exercise)
    assert row.suggestion_held
    assert row.suggestion_change == "held"
    assert row.suggested_load_kg == Decimal("40")


@pytest.mark.parametrize("code", sorted(TRIGGERS))
def test_a_hold_that_begins_mid_session_takes_effect_mid_session(
    owner: User, owner_client: Client, code: str
) -> None:
    exercise = ready_for_an_increase(owner)
    session = start(owner_client, owner)
    assert row_of(session, exercise).suggestion_change == "increase"
    logged = SessionExercise.objects.filter(session=session).exclude(exercise=exercise).first()
    assert logged is not None
    SetLogFactory(session_exercise=logged, set_number=1, reps=8)
    logged_before = (logged.suggested_load_kg, logged.suggestion_change)

    answers = TRIGGERS[code](owner)
    before_check_in(owner_client, session, **answers)

    session.refresh_from_db()
    assert code in session.progression_holds
    row = row_of(session, exercise)
    assert row.suggestion_held
    assert row.suggested_load_kg == Decimal("40")
    # A row the person has already logged keeps what it said when they did it.
    logged.refresh_from_db()
    assert (logged.suggested_load_kg, logged.suggestion_change) == logged_before
    # The session page says why, in the row's own words.
    html = owner_client.get(reverse("workouts:session", args=[session.pk])).content.decode()
    assert "today stays at 40 kg because" in html
    assert HOLD_PHRASES[code] in html


def test_confirming_a_check_mid_session_gives_the_increase_back(
    owner: User, owner_client: Client
) -> None:
    exercise = ready_for_an_increase(owner)
    session = start(owner_client, owner)
    before_check_in(owner_client, session, warning_symptoms="dizziness")
    assert row_of(session, exercise).suggestion_held

    owner_client.post(reverse("safety:confirm_checked"), {"code": "stop_and_seek_care"})

    session.refresh_from_db()
    assert "stop_and_seek_care" not in session.progression_holds
    assert row_of(session, exercise).suggestion_change == "increase"


# --- deload_due offers the deload version of the next session -------------------------
def test_today_and_the_explanation_offer_the_deload_version(
    owner: User, owner_client: Client
) -> None:
    exercise = ready_for_an_increase(owner)
    six_steady_weeks(owner)

    for url in (reverse("programs:today"), reverse("safety:why", args=["deload_due"])):
        html = owner_client.get(url).content.decode()
        assert 'name="deload" value="1"' in html, url
        assert "lighter-week session" in html

    owner_client.post(reverse("workouts:session_start"), {"deload": "1"})

    session = WorkoutSession.objects.get(user=owner, finished_at__isnull=True)
    assert session.is_deload
    row = row_of(session, exercise)
    assert row.planned_sets == 2  # 3 sets cut by about 40 %
    assert row.suggested_load_kg == Decimal("40")


def test_no_deload_offer_without_deload_due(owner: User, owner_client: Client) -> None:
    ready_for_an_increase(owner)
    html = owner_client.get(reverse("programs:today")).content.decode()
    assert 'name="deload"' not in html
