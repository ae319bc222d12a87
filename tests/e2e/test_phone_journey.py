"""A newcomer's whole journey on a 360×740 phone: nothing scrolls sideways, every section is
one tap away in the bottom bar, and the bar never covers the page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from tests.browser import assert_no_horizontal_scroll
from tests.factories import ensure_program_catalog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "steady steps every week"
# Long enough that, unbroken, it would be far wider than the phone.
LONG_EMAIL = "alexandra.montgomery-fitzwilliam.newcomer+steady@subdomain.example-organisation.org"
SECTIONS = (
    "Today",
    "Program",
    "History",
    "Progress",
    "Journal",
    "Insights",
    "Guidance",
    "Settings",
)


def assert_bottom_bar_reaches_every_section(page: Any, current: str) -> None:
    nav = page.get_by_role("navigation", name="Main")
    viewport = page.viewport_size
    for name in SECTIONS:
        box = nav.get_by_role("link", name=name, exact=True).bounding_box()
        assert box is not None, name
        assert box["x"] >= 0, name
        assert box["x"] + box["width"] <= viewport["width"], name
        assert box["y"] >= 0, name
        assert box["y"] + box["height"] <= viewport["height"], name
        assert box["height"] >= 44, f"{name} is {box['height']}px tall"
    marked = nav.locator('[aria-current="page"]')
    assert marked.count() == 1
    assert marked.inner_text() == current
    # Scrolled to the very end, the footer's last line sits above the bar, not under it.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    footer = page.locator(".site-footer").bounding_box()
    bar = nav.bounding_box()
    assert footer is not None
    assert bar is not None
    assert footer["y"] + footer["height"] <= bar["y"] + 1


def test_the_main_journey_fits_a_phone(page: Any) -> None:
    ensure_program_catalog()
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill(LONG_EMAIL)
    page.get_by_label("What should we call you?").fill("Alex")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Create account").click()

    page.get_by_role("heading", name="Check your email").wait_for()
    page.get_by_text(f"We've sent a link to {LONG_EMAIL}").wait_for()
    assert_no_horizontal_scroll(page)

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    page.goto(link.group(0))
    page.get_by_role("heading", name="Confirm your email address").wait_for()
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/programs/today/")
    page.get_by_text(f"{LONG_EMAIL} is confirmed").wait_for()
    assert_no_horizontal_scroll(page)
    assert_bottom_bar_reaches_every_section(page, "Today")

    # Start a program: readiness, enrolment, then the program page and an exercise.
    page.goto("/programs/")
    assert_no_horizontal_scroll(page)
    page.get_by_role("link", name="Low-energy 20", exact=True).click()
    page.get_by_role("heading", name="Low-energy 20", level=1).wait_for()
    assert_no_horizontal_scroll(page)
    page.get_by_role("link", name="Start this program").click()
    page.get_by_role("heading", name="Health questions before training").wait_for()
    assert_no_horizontal_scroll(page)
    for fieldset in page.locator("fieldset.yes-no").all():
        fieldset.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save my answers").click()
    page.get_by_label("Start date").wait_for()
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Start Low-energy 20").click()
    page.wait_for_url("**/programs/today/")
    assert_no_horizontal_scroll(page)

    for name in SECTIONS:
        page.get_by_role("navigation", name="Main").get_by_role(
            "link", name=name, exact=True
        ).click()
        page.wait_for_load_state()
        page.get_by_role("heading", level=1).first.wait_for()
        assert_no_horizontal_scroll(page)
        assert_bottom_bar_reaches_every_section(page, name)

    page.goto("/journal/check-ins/new/")
    page.get_by_role("heading", level=1).first.wait_for()
    assert_no_horizontal_scroll(page)
    # "Extreme" (stress 10) fits its button on one line, unbroken: on the phone (five a
    # row), and on either side of the width where the scale goes to ten a row.
    for width in (360, 640, 768):
        page.set_viewport_size({"width": width, "height": 740})
        word = page.locator(".scale-word", has_text="Extreme").first
        natural, room = word.evaluate(WORD_AND_ROOM)
        assert natural <= room, f"at {width}px 'Extreme' needs {natural}px, has {room}px"


# The word's one-line width in its own font, and the content width of its button.
WORD_AND_ROOM = """e => {
  const context = document.createElement("canvas").getContext("2d");
  context.font = getComputedStyle(e).font;
  const label = e.parentElement, style = getComputedStyle(label);
  const room = label.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return [context.measureText(e.textContent.trim()).width, room];
}"""
