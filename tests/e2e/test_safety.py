"""Safety journeys in a real browser at phone width, with axe-core on every page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from apps.accounts.models import User
from apps.programs.models import Prescription
from apps.programs.selectors import planned_session_for
from apps.safety.models import MedicalClearance
from apps.safety.readiness import QUESTIONS
from apps.workouts.models import SessionExercise, SetLog
from tests.browser import assert_no_horizontal_scroll, log_in
from tests.factories import (
    DEFAULT_PASSWORD,
    EnrollmentFactory,
    ReadinessScreenFactory,
    UserFactory,
)
from tests.safety.builders import make_checkin, make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def question(page: Any, text: str) -> Any:
    return page.locator("fieldset", has=page.locator("legend", has_text=text))


def test_readiness_yes_shows_clearance_advice_and_records_clearance(page: Any) -> None:
    user = UserFactory()
    log_in(page, user.email, DEFAULT_PASSWORD)
    page.goto("/programs/today/")
    page.get_by_role("link", name="Answer the health questions").click()
    page.get_by_role("heading", name="Health questions before training").wait_for()
    expect(page.get_by_role("link", name="PAR-Q+ questionnaire")).to_have_attribute(
        "href", "https://eparmedx.com/"
    )
    assert_no_horizontal_scroll(page)
    for q in QUESTIONS:
        answer = "Yes" if q.topic == "bone_joint" else "No"
        question(page, q.question).get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Save my answers").click()

    page.get_by_role("heading", name="Check with a doctor before you build up").wait_for()
    expect(page.get_by_text("A bone, joint or muscle problem")).to_be_visible()
    assert_no_horizontal_scroll(page)

    # A date in the future is refused next to the field, and what was typed stays.
    tomorrow = user.local_today() + dt.timedelta(days=1)
    page.get_by_label("Date you were cleared").fill(tomorrow.isoformat())
    page.get_by_label("Who cleared you").fill("Dr Ana Silva, my GP")
    page.get_by_role("button", name="Record my clearance").click()
    expect(page.get_by_text("That date is in the future")).to_be_visible()
    expect(page.get_by_label("Who cleared you")).to_have_value("Dr Ana Silva, my GP")
    assert not MedicalClearance.objects.exists()

    page.get_by_label("Date you were cleared").fill(user.local_today().isoformat())
    page.get_by_role("button", name="Record my clearance").click()
    expect(page.get_by_text("Your clearance is recorded.")).to_be_visible()
    expect(page.get_by_text("by Dr Ana Silva, my GP")).to_be_visible()
    clearance = MedicalClearance.objects.get(user=user)
    assert clearance.cleared_on == user.local_today()


def _drop_session_with_sets(user: User, day: dt.date, prescriptions: list[Prescription]) -> None:
    """A finished session where every set hit the top of the range (an increase would be
    due), with a before check-in (mood 7, not eaten) and an after check-in (mood 4)."""
    session = make_session(user, day, rpe=7, minutes=35, hour=17)
    for rx in prescriptions:
        row = SessionExercise.objects.create(
            session=session,
            exercise=rx.exercise,
            prescription=rx,
            order=rx.order,
            planned_sets=3,
            reps_low=rx.reps_low,
            reps_high=rx.reps_high,
        )
        for number in (1, 2, 3):
            SetLog.objects.create(
                user=user,
                session_exercise=row,
                set_number=number,
                reps=rx.reps_high,
                load_kg=Decimal("40"),
                logged_at=session.started_at + dt.timedelta(minutes=4 * number),
            )
    make_checkin(user, day, "before", 7, session=session, hour=16, ate_recently=False)
    make_checkin(user, day, "after", 4, session=session, hour=18)


def test_mood_drops_without_food_show_caution_and_hold_the_next_load(page: Any) -> None:
    user = UserFactory()
    today = user.local_today()
    ReadinessScreenFactory(user=user, date=today - dt.timedelta(days=20))
    EnrollmentFactory(user=user, training_today=True, start_date=today - dt.timedelta(days=14))
    planned = planned_session_for(user, today)
    assert planned is not None
    prescriptions = list(
        Prescription.objects.filter(day_id=planned.workout_day_id).select_related("exercise")
    )
    for age in (6, 4, 2):
        _drop_session_with_sets(user, today - dt.timedelta(days=age), prescriptions)

    log_in(page, user.email, DEFAULT_PASSWORD)
    page.goto("/programs/today/")
    caution = page.locator('[data-guidance-code="post_workout_mood_drop"]')
    expect(caution.get_by_role("heading")).to_have_text(
        "Workouts have been leaving you feeling lower"
    )
    expect(caution.get_by_text("Food before training:")).to_be_visible()
    expect(caution.get_by_text("carbohydrate and protein 1–3 hours before")).to_be_visible()
    expect(
        page.get_by_role("button", name="Do the lighter 15-minute session instead")
    ).to_be_visible()
    # The workouts panel's suggestion is held, not increased.
    expect(
        page.get_by_text("because workouts have been leaving you feeling lower lately").first
    ).to_be_visible()
    assert_no_horizontal_scroll(page)

    caution.get_by_role("link", name="Why am I seeing this?").click()
    page.get_by_role("heading", name="Why you're seeing this").wait_for()
    expect(page.get_by_text("In 3 of your last 3 sessions")).to_be_visible()
    expect(page.get_by_text("no food in the 3 hours before").first).to_be_visible()

    # Start the next session: its suggestions are held too.
    page.goto("/programs/today/")
    page.get_by_role("button", name="Start session").click()
    page.get_by_role("link", name="Skip for now").click()
    page.wait_for_url("**/workouts/sessions/**")
    held = page.locator(".suggestion-held")
    expect(held.first).to_be_visible()
    # The first set is prefilled with the held load, not an increase.
    expect(page.locator('input[name="load"]').first).to_have_value("40")
    expect(page.locator('input[name="reps"]').first).to_have_value("12")
    expect(held.first).to_contain_text("today stays at 40 kg")
    expect(held.first).to_contain_text("workouts have been leaving you feeling lower lately")
    assert SessionExercise.objects.filter(
        session__user=user, session__finished_at__isnull=True, suggestion_held=True
    ).count() == len(prescriptions)


def test_crisis_page_works_logged_out_with_us_and_uk_numbers(page: Any) -> None:
    page.goto("/")
    page.get_by_role("link", name="Get help now").click()
    page.get_by_role("heading", name="Get help now", level=1).wait_for()
    assert_no_horizontal_scroll(page)

    page.get_by_label("Show numbers for").select_option("US")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("link", name="Call 988")).to_have_attribute("href", "tel:988")
    expect(page.get_by_role("link", name="Text 988")).to_have_attribute("href", "sms:988")
    expect(page.get_by_role("link", name="Call 911")).to_have_attribute("href", "tel:911")
    expect(page.get_by_role("link", name="Text HOME to 741741")).to_have_attribute(
        "href", "sms:741741?body=HOME"
    )

    page.get_by_label("Show numbers for").select_option("GB")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("link", name="Call 116 123")).to_have_attribute("href", "tel:116123")
    expect(page.get_by_role("link", name="Call 999")).to_have_attribute("href", "tel:999")
    expect(page.get_by_role("link", name="Text SHOUT to 85258")).to_have_attribute(
        "href", "sms:85258?body=SHOUT"
    )
    expect(page.get_by_role("link", name="Call 988")).to_have_count(0)

    page.get_by_label("Show numbers for").select_option("OTHER")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("link", name="Open findahelpline.com")).to_have_attribute(
        "href", "https://findahelpline.com"
    )


def test_urgent_banner_safety_plan_and_library_at_phone_width(page: Any) -> None:
    user = UserFactory()
    ReadinessScreenFactory(user=user, date=user.local_today())
    make_checkin(user, user.local_today(), "daily", 3, self_harm_thoughts=True)
    log_in(page, user.email, DEFAULT_PASSWORD)

    page.goto("/safety/guidance/")
    banner = page.locator("#safety-banner-crisis_support")
    expect(banner.get_by_role("alert")).to_be_visible()
    expect(banner.get_by_role("link", name="Get help now")).to_have_attribute(
        "href", "/safety/help/"
    )
    assert_no_horizontal_scroll(page)
    # Hiding it swaps the banner out in place (HTMX) and it stays hidden on other pages.
    banner.get_by_role("button", name="Hide this message").click()
    expect(page.locator("#safety-banner-crisis_support")).to_have_count(0)
    page.goto("/safety/library/")
    expect(page.locator("#safety-banner-crisis_support")).to_have_count(0)

    page.get_by_role("link", name="Feeling low after a workout").click()
    page.get_by_role("heading", name="Sources").wait_for()
    expect(page.get_by_text("general information, not medical advice").first).to_be_visible()
    assert_no_horizontal_scroll(page)

    page.goto("/safety/plan/")
    page.get_by_role("link", name="Make my safety plan").click()
    page.get_by_label("My warning signs").fill("Not answering my phone for days.")
    page.get_by_label("People I can contact").fill("Jo: 07700 900123")
    page.get_by_role("button", name="Save my plan").click()
    expect(page.get_by_text("Your safety plan is saved.")).to_be_visible()
    expect(page.get_by_text("Jo: 07700 900123")).to_be_visible()
    expect(page.get_by_role("button", name="Print my plan")).to_be_visible()
    assert_no_horizontal_scroll(page)
    # Printed, the plan keeps its steps and drops the site's header and buttons.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Print my plan")).to_be_hidden()
    expect(page.get_by_text("Not answering my phone for days.")).to_be_visible()
