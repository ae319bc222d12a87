"""A new person signs up through the real pages, verifies, adjusts settings, logs back in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from apps.accounts.models import User
from tests.browser import assert_no_horizontal_scroll, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "steady steps every week"


def test_sign_up_verify_set_preferences_log_out_and_in(page: Any, axe_log: Any) -> None:
    page.goto("/")
    page.get_by_role("link", name="Create an account").click()

    page.get_by_label("Email").fill("river@example.com")
    page.get_by_label("What should we call you?").fill("River")
    page.get_by_label("Time zone").select_option("America/New_York")
    page.get_by_label("Country").select_option("US")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Create account").click()

    page.get_by_role("heading", name="Check your email").wait_for()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/programs/today/")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
    page.get_by_label("Time zone").select_option("Europe/Dublin")
    page.get_by_label("Weight units").select_option("lb")
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Settings saved.").wait_for()

    user = User.objects.get(email="river@example.com")
    assert (user.time_zone, user.units, user.display_name) == ("Europe/Dublin", "lb", "River")

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/")
    log_in(page, "river@example.com", PASSWORD)
    page.get_by_role("heading", name="Today").wait_for()
    assert_no_horizontal_scroll(page)
    page.wait_for_timeout(200)
    assert len(set(axe_log.pages)) >= 5, axe_log.pages


def test_get_help_now_is_one_tap_away_without_logging_in(page: Any) -> None:
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Get help now").click()

    page.get_by_role("heading", name="Get help now").wait_for()
    page.get_by_label("Show numbers for").select_option("US")
    page.get_by_role("button", name="Show").click()
    call = page.get_by_role("link", name="Call 988")
    assert call.get_attribute("href") == "tel:988"


def test_keyboard_reaches_the_main_content_first(page: Any) -> None:
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
