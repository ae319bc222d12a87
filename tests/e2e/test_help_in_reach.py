"""Help stays one tap away, and the readiness screen doesn't turn away the people Steady
is for (issue 17), in a real browser at 360×740."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from apps.safety.models import ReadinessScreen
from tests.browser import assert_no_horizontal_scroll, log_in
from tests.factories import (
    DEFAULT_PASSWORD,
    EnrollmentFactory,
    ReadinessScreenFactory,
    UserFactory,
    program_with,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 360, "height": 740}


def test_get_help_now_is_in_reach_at_the_bottom_of_a_long_session_page(page: Any) -> None:
    user = UserFactory()
    today = user.local_today()
    ReadinessScreenFactory(user=user, date=today - dt.timedelta(days=3))
    EnrollmentFactory(
        user=user, training_today=True, program=program_with(days=2, exercises_per_day=12)
    )
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, user.email, DEFAULT_PASSWORD)
    page.goto("/programs/today/")
    page.get_by_role("button", name="Start session").click()
    page.get_by_role("link", name="Skip for now").click()
    page.wait_for_url("**/workouts/sessions/**")
    assert page.evaluate("document.documentElement.scrollHeight") > 4 * SMALL_PHONE["height"]

    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    help_link = page.get_by_role("link", name="Get help now")
    box = help_link.bounding_box()
    assert box is not None
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= SMALL_PHONE["height"]
    assert_no_horizontal_scroll(page)

    # No set button is ever stuck under it: each one, scrolled to, takes the tap itself.
    done_buttons = page.get_by_role("button", name="Done")
    assert done_buttons.count() >= 8
    for index in range(done_buttons.count()):
        done_buttons.nth(index).click(trial=True)

    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    help_link.click()
    page.get_by_role("heading", name="Get help now", level=1).wait_for()


def answers_as(legend: str, help_text: str) -> str:
    """How someone with depression, on an SSRI that doesn't make them dizzy, and with no
    other health problem answers a question, going by its own words."""
    text = f"{legend} {help_text}".lower()
    if "mental-health" in text or "depression" in text:
        counts = "don't count" not in text and "doesn't count" not in text
        return "Yes" if counts else "No"
    if "medicine" in text:
        # The SSRI counts unless the question is only about medicines that cause dizziness.
        return "No" if "dizz" in text else "Yes"
    return "No"


def test_depression_on_an_ssri_without_dizziness_is_not_sent_to_a_doctor(page: Any) -> None:
    user = UserFactory()
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, user.email, DEFAULT_PASSWORD)
    page.goto("/safety/readiness/")
    page.get_by_role("heading", name="Health questions before training").wait_for()
    expect(page.get_by_text("strength training is recommended").first).to_be_visible()

    fieldsets = page.locator("fieldset.yes-no")
    assert fieldsets.count() == 8
    for index in range(fieldsets.count()):
        fieldset = fieldsets.nth(index)
        legend = fieldset.locator("legend").inner_text()
        help_text = fieldset.locator(".help").inner_text()
        fieldset.get_by_label(answers_as(legend, help_text), exact=True).check()
    page.get_by_role("button", name="Save my answers").click()

    expect(page.get_by_text("you answered no to every question")).to_be_visible()
    body = page.locator("main").inner_text().lower()
    assert "talk to a doctor" not in body
    assert "check with a doctor" not in body
    assert ReadinessScreen.objects.get(user=user).yes_topics == ()

    page.goto("/programs/today/")
    expect(page.locator('[data-guidance-code="medical_clearance_advised"]')).to_have_count(0)
