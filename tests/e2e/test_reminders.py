"""Choosing reminder emails from Settings, with and without JavaScript, and unsubscribing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from apps.reminders.models import ReminderKind, ReminderPreferences
from apps.reminders.tokens import unsubscribe_token_for
from tests.browser import assert_no_horizontal_scroll, log_in
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def settled(page: Any) -> None:
    """Wait until htmx has finished swapping and re-wiring the new form (as a person would)."""
    # Polled with evaluate: wait_for_function evaluates strings, which the CSP forbids.
    busy = "!!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    for _ in range(100):
        if not page.evaluate(busy):
            return
        page.wait_for_timeout(50)
    raise AssertionError("htmx did not settle within 5 seconds")


def test_toggles_save_as_you_go_and_one_switch_turns_everything_off(page: Any) -> None:
    user = UserFactory()
    log_in(page, user.email, DEFAULT_PASSWORD)
    page.goto("/settings/")
    page.get_by_role("link", name="Choose your reminder emails").click()
    page.get_by_role("heading", name="Email reminders", level=1).wait_for()
    assert_no_horizontal_scroll(page)

    # HTMX saves each change at once and says so in a status message.
    page.get_by_label("A weekly summary").uncheck()
    page.get_by_role("status").filter(has_text="Saved at").wait_for()
    settled(page)
    prefs = ReminderPreferences.objects.get(user=user)
    assert not prefs.weekly_summary_enabled

    # Quiet hours, typed with the keyboard; a half-filled pair is explained, not saved.
    page.get_by_label("Quiet from").fill("22:00")
    page.get_by_label("Quiet from").press("Tab")
    page.get_by_text("Add when quiet hours end, or clear both times.").wait_for()
    settled(page)
    assert page.get_by_label("Quiet from").input_value() == "22:00"
    page.get_by_label("Quiet until").fill("07:00")
    page.get_by_label("Quiet until").press("Tab")
    page.get_by_text("Add when quiet hours end").wait_for(state="detached")
    settled(page)
    prefs.refresh_from_db()
    assert (prefs.quiet_start, prefs.quiet_end) == (dt.time(22), dt.time(7))

    page.get_by_label("Send me email reminders").uncheck()
    page.get_by_text("All reminder emails are off.").wait_for()
    prefs.refresh_from_db()
    assert not prefs.enabled
    assert prefs.workout_enabled
    assert_no_horizontal_scroll(page)

    page.reload()
    assert not page.get_by_label("Send me email reminders").is_checked()
    assert not page.get_by_label("A weekly summary").is_checked()


def test_the_form_works_without_javascript(browser: Any, live_server: Any) -> None:
    user = UserFactory()
    context = browser.new_context(
        java_script_enabled=False, base_url=live_server.url, viewport={"width": 360, "height": 780}
    )
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.goto(reverse("reminders:preferences"))
        page.get_by_label("Tell me when a PHQ-9 check-in is due").check()
        page.get_by_label("Reminder time").fill("06:45")
        page.get_by_role("button", name="Save reminder settings").click()
        page.get_by_text("Reminder settings saved.").wait_for()
    finally:
        context.close()
    prefs = ReminderPreferences.objects.get(user=user)
    assert prefs.phq9_enabled
    assert prefs.workout_time == dt.time(6, 45)


def test_unsubscribe_from_an_email_link_while_logged_out(page: Any) -> None:
    user = UserFactory()
    token = unsubscribe_token_for(user.pk, ReminderKind.WORKOUT)
    page.goto(reverse("reminders:unsubscribe", args=[token]))
    page.get_by_role("heading", name="Stop workout-day reminders?").wait_for()
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Stop workout-day reminders").click()
    page.get_by_role("heading", name="Done: no more workout-day reminders").wait_for()
    prefs = ReminderPreferences.objects.get(user=user)
    assert not prefs.workout_enabled
    assert prefs.weekly_summary_enabled

    page.get_by_role("button", name="Changed your mind? Turn them back on").click()
    page.get_by_role("heading", name="Workout-day reminders are back on").wait_for()
    prefs.refresh_from_db()
    assert prefs.workout_enabled

    page.goto(reverse("reminders:unsubscribe", args=[token[:-4] + "zzzz"]))
    page.get_by_role("heading", name="This unsubscribe link isn't working").wait_for()
