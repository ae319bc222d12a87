"""The database side of guidance: same answers as the scenarios, constant queries,
only the windows the rules need, holds on the plan, readiness and clearance dates."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from apps.accounts.models import User
from apps.safety.guidance import GuidanceItem
from apps.safety.models import GuidanceResponse
from apps.safety.selectors import (
    gentlest_program_id,
    guidance_for_user,
    plan_hold_codes,
    readiness_for,
    urgent_guidance_for,
)
from apps.safety.services import guidance_confirm_checked
from tests.factories import MedicalClearanceFactory, ReadinessScreenFactory, UserFactory
from tests.safety.builders import (
    load_scenario,
    make_checkin,
    make_drop_session,
    make_phq9,
    make_session,
)

pytestmark = pytest.mark.django_db

SCENARIOS = Path(__file__).parent / "scenarios"
TODAY = dt.date(2026, 3, 1)


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def codes(items: list[GuidanceItem]) -> list[str]:
    return [item.code for item in items]


def db_comparable(path: Path) -> bool:
    """Scenarios the database can hold exactly (it always knows the deload flag)."""
    scenario = json.loads(path.read_text())
    return all("deload" in s for s in scenario.get("sessions", []))


DB_SCENARIOS = [
    p
    for p in sorted(SCENARIOS.glob("*.json"))
    if not p.name.endswith(".expected.json") and db_comparable(p)
]


@pytest.mark.parametrize("path", DB_SCENARIOS, ids=[p.stem for p in DB_SCENARIOS])
def test_database_and_scenario_give_the_same_guidance(path: Path) -> None:
    user = UserFactory()
    today = load_scenario(user, json.loads(path.read_text()))
    expected = json.loads(path.with_suffix(".expected.json").read_text())
    got = {"guidance": [item.as_json() for item in guidance_for_user(user, today)]}
    assert got == expected


# --- constant queries -----------------------------------------------------------------
def long_history(user: User, days: int) -> None:
    for age in range(days, 0, -2):
        session = make_session(user, ago(age), rpe=7, minutes=40)
        make_checkin(user, ago(age), "before", 6, session=session, ate_recently=True, hour=11)
        make_checkin(user, ago(age), "after", 7, session=session, hour=13)
        if age % 14 == 0:
            make_phq9(user, ago(age), [1, 1, 1, 1, 0, 0, 0, 0, 0])


@pytest.mark.parametrize("days", [6, 400])
def test_guidance_for_user_runs_four_queries_whatever_the_history(
    days: int, django_assert_num_queries: Any
) -> None:
    user = UserFactory()
    ReadinessScreenFactory(user=user, date=ago(days))
    long_history(user, days)
    with django_assert_num_queries(4):
        guidance_for_user(user, TODAY)


@pytest.mark.parametrize("days", [6, 400])
def test_urgent_guidance_is_one_query_when_nothing_could_trigger_it(
    days: int, django_assert_num_queries: Any
) -> None:
    user = UserFactory()
    long_history(user, days)
    make_checkin(user, ago(14), self_harm_thoughts=True)  # ages 0-13 count
    make_checkin(user, ago(7), warning_symptoms=["dizziness"])  # ages 0-6 count
    make_phq9(user, ago(14), [0, 0, 0, 0, 0, 0, 0, 0, 2])  # ages 0-13 count
    with django_assert_num_queries(1):
        assert urgent_guidance_for(user, TODAY) == []


@pytest.mark.parametrize("days", [6, 400])
def test_urgent_guidance_runs_three_queries_when_a_row_is_flagged(
    days: int, django_assert_num_queries: Any
) -> None:
    user = UserFactory()
    long_history(user, days)
    make_checkin(user, ago(1), self_harm_thoughts=True)
    with django_assert_num_queries(3):
        assert codes(urgent_guidance_for(user, TODAY)) == ["crisis_support"]


def test_urgent_guidance_finds_each_trigger_and_agrees_with_the_full_evaluation() -> None:
    user = UserFactory()
    make_phq9(user, ago(13), [0, 0, 0, 0, 0, 0, 0, 0, 1])
    make_checkin(user, ago(13), self_harm_thoughts=True)
    assert codes(urgent_guidance_for(user, TODAY)) == ["crisis_support"]
    other = UserFactory()
    make_checkin(other, ago(6), "after", 5, warning_symptoms=["palpitations"])
    assert codes(urgent_guidance_for(other, TODAY)) == ["stop_and_seek_care"]
    for person in (user, other):
        full = [i for i in guidance_for_user(person, TODAY) if i.severity == "urgent"]
        assert urgent_guidance_for(person, TODAY) == full


@pytest.mark.parametrize("days", [6, 400])
def test_plan_hold_codes_runs_a_constant_number_of_queries(
    days: int, django_assert_num_queries: Any
) -> None:
    user = UserFactory()
    long_history(user, days)
    make_checkin(user, ago(1), "after", 5, warning_symptoms=["dizziness"])
    with django_assert_num_queries(5):
        holds = plan_hold_codes(user, TODAY)
    assert "stop_and_seek_care" in holds


# --- the windows the database must still reach ----------------------------------------
def test_first_fortnight_of_training_is_fetched_long_ago() -> None:
    """expectations_check compares with before-moods from 120 days ago."""
    user = UserFactory()
    for age in (120, 117, 114):
        s = make_session(user, ago(age), rpe=6, minutes=30)
        make_checkin(user, ago(age), "before", 7, session=s, ate_recently=True)
    for age in range(27, 0, -3):
        s = make_session(user, ago(age), rpe=6, minutes=30)
        make_checkin(user, ago(age), "before", 6, session=s, ate_recently=True)
    assert "expectations_check" in codes(guidance_for_user(user, TODAY))


def test_last_three_sessions_are_found_even_months_ago() -> None:
    user = UserFactory()
    for age in (90, 80, 70):
        make_session(user, ago(age), rpe=9.5, minutes=60)
    assert codes(guidance_for_user(user, TODAY)) == ["overtraining_risk"]


def test_last_three_before_check_ins_are_found_even_months_ago() -> None:
    user = UserFactory()
    for age in (70, 65, 60):
        make_checkin(user, ago(age), "before", 6, ate_recently=False)
    assert codes(guidance_for_user(user, TODAY)) == ["fuel_reminder"]


def test_check_ins_linked_to_recent_sessions_count_even_if_dated_earlier() -> None:
    user = UserFactory()
    for age in (9, 6, 3):
        session = make_session(user, ago(age), rpe=6, minutes=30)
        make_checkin(user, ago(40), "before", 8, session=session, ate_recently=False)
        make_checkin(user, ago(age), "after", 4, session=session)
    item = guidance_for_user(user, TODAY)[0]
    assert (item.code, item.factors) == ("post_workout_mood_drop", ("fuel",))


def test_unfinished_sessions_and_future_rows_are_ignored() -> None:
    user = UserFactory()
    make_session(user, ago(2), rpe=6, minutes=30)
    make_session(user, ago(1), rpe=6, minutes=30)
    make_session(user, ago(0), rpe=6, minutes=30, finished=False)
    make_checkin(user, ago(-1), self_harm_thoughts=True)
    assert guidance_for_user(user, TODAY) == []


def test_another_persons_data_never_counts() -> None:
    user, other = UserFactory(), UserFactory()
    make_checkin(other, ago(0), self_harm_thoughts=True)
    for age in (6, 4, 2):
        make_drop_session(other, ago(age))
    assert guidance_for_user(user, TODAY) == []


# --- holds on the plan ----------------------------------------------------------------
def test_mood_drops_hold_increases() -> None:
    user = UserFactory()
    for age in (6, 4, 2):
        make_drop_session(user, ago(age))
    assert plan_hold_codes(user, TODAY) == {"post_workout_mood_drop"}


def test_info_and_non_holding_cautions_do_not_hold() -> None:
    user = UserFactory()
    make_phq9(user, ago(1), [2, 2, 2, 2, 2, 0, 0, 0, 0])
    for age in (3, 2, 1):
        make_session(user, ago(age), rpe=6)
    assert codes(guidance_for_user(user, TODAY)) == ["seek_professional", "rest_day_due"]
    assert plan_hold_codes(user, TODAY) == set()


def test_deload_due_holds() -> None:
    user = UserFactory()
    for week in range(6):
        for offset in (1, 4):
            make_session(user, ago(7 * week + offset), rpe=6, minutes=30)
    assert "deload_due" in plan_hold_codes(user, TODAY)


def test_warning_symptoms_hold_until_checked_and_again_on_a_new_symptom() -> None:
    user = UserFactory()
    make_checkin(user, ago(3), "after", 5, warning_symptoms=["chest_pain"])
    assert plan_hold_codes(user, TODAY) == {"stop_and_seek_care"}
    guidance_confirm_checked(user=user, code="stop_and_seek_care", today=TODAY)
    assert plan_hold_codes(user, TODAY) == set()
    assert GuidanceResponse.objects.filter(user=user, kind="checked").count() == 1
    make_checkin(user, ago(0), "after", 5, warning_symptoms=["palpitations"])
    assert plan_hold_codes(user, TODAY) == {"stop_and_seek_care"}


def test_postpartum_red_flag_holds_until_checked() -> None:
    user = UserFactory(postpartum_delivery_date=ago(90))
    make_checkin(user, ago(2), "daily", 6, pelvic_symptoms=["heaviness"])
    assert plan_hold_codes(user, TODAY) == {"postpartum_red_flag"}
    guidance_confirm_checked(user=user, code="postpartum_red_flag", today=TODAY)
    assert plan_hold_codes(user, TODAY) == set()


def test_confirming_only_covers_the_code_confirmed() -> None:
    user = UserFactory(postpartum_delivery_date=ago(90))
    make_checkin(
        user, ago(2), "after", 5, pelvic_symptoms=["leaking"], warning_symptoms=["dizziness"]
    )
    guidance_confirm_checked(user=user, code="postpartum_red_flag", today=TODAY)
    assert plan_hold_codes(user, TODAY) == {"stop_and_seek_care"}


# --- readiness and clearance ----------------------------------------------------------
def test_readiness_is_due_without_a_screen() -> None:
    state = readiness_for(UserFactory(), TODAY)
    assert state.due
    assert state.screen is None
    assert not state.needs_clearance


def test_all_no_screen_is_valid_for_twelve_months() -> None:
    user = UserFactory()
    ReadinessScreenFactory(user=user, date=dt.date(2025, 3, 2))
    assert not readiness_for(user, TODAY).due
    assert readiness_for(user, dt.date(2026, 3, 2)).due


def test_a_yes_needs_clearance_until_one_is_recorded() -> None:
    user = UserFactory()
    screen = ReadinessScreenFactory(user=user, date=ago(5), medication=True)
    state = readiness_for(user, TODAY)
    assert state.needs_clearance
    assert not state.due
    assert codes(guidance_for_user(user, TODAY)) == ["medical_clearance_advised"]
    MedicalClearanceFactory(user=user, screen=screen, cleared_on=ago(1))
    assert not readiness_for(user, TODAY).needs_clearance
    assert guidance_for_user(user, TODAY) == []


@pytest.mark.parametrize(
    ("today", "valid"),
    [(dt.date(2027, 2, 28), True), (dt.date(2027, 3, 1), False)],
    ids=["day before the anniversary", "on the anniversary"],
)
def test_clearance_expires_after_twelve_months(today: dt.date, valid: bool) -> None:
    user = UserFactory()
    screen = ReadinessScreenFactory(user=user, date=dt.date(2026, 3, 1), heart=True)
    MedicalClearanceFactory(user=user, screen=screen, cleared_on=dt.date(2026, 3, 1))
    state = readiness_for(user, today)
    assert state.clearance_valid is valid
    assert state.due is not valid
    advised = "medical_clearance_advised" in codes(guidance_for_user(user, today))
    assert advised is not valid


def test_a_new_screen_needs_its_own_clearance() -> None:
    user = UserFactory()
    old = ReadinessScreenFactory(user=user, date=ago(30), heart=True)
    MedicalClearanceFactory(user=user, screen=old, cleared_on=ago(29))
    ReadinessScreenFactory(user=user, date=ago(1), bone_joint=True)
    assert readiness_for(user, TODAY).needs_clearance


def test_gentlest_program_is_the_shipped_low_energy_program() -> None:
    from apps.programs.models import Program

    pk = gentlest_program_id()
    assert pk is not None
    assert Program.objects.get(pk=pk).slug == "low-energy-20"
