"""On a 360×740 phone: the whole visible box of a choice is its tap target, at least 44 px
tall (readiness Yes/No, session effort, training days), and Today offers the 15-minute
session exactly once."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from tests.browser import assert_no_horizontal_scroll, log_in
from tests.factories import (
    DEFAULT_PASSWORD,
    EnrollmentFactory,
    ReadinessScreenFactory,
    UserFactory,
    WorkoutSessionFactory,
    ensure_program_catalog,
    shipped_program,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tap_near_the_right_edge(page: Any, box: Any) -> None:
    """Far from both the radio and its word: only a whole-box target catches it."""
    page.mouse.click(box["x"] + box["width"] - 4, box["y"] + box["height"] / 2)


def test_readiness_pills_are_whole_targets(page: Any) -> None:
    user = UserFactory()
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, user.email, DEFAULT_PASSWORD)
    page.goto(reverse("safety:readiness"))
    assert_no_horizontal_scroll(page)
    fieldset = page.locator("fieldset.yes-no").first
    for answer in ("No", "Yes"):
        pill = fieldset.locator("label.yes-no-option", has_text=answer)
        pill.scroll_into_view_if_needed()
        box = pill.bounding_box()
        assert box["height"] >= 44, box
        tap_near_the_right_edge(page, box)
        assert fieldset.get_by_label(answer, exact=True).is_checked(), answer


def test_session_effort_rows_are_whole_targets(page: Any) -> None:
    user = UserFactory()
    session = WorkoutSessionFactory(user=user, finished_at=None)
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, user.email, DEFAULT_PASSWORD)
    page.goto(reverse("workouts:session_finish", args=[session.pk]))
    assert_no_horizontal_scroll(page)
    rows = page.locator("fieldset.session-rpe label.tap-choice")
    assert rows.count() == 11
    for index in range(11):
        box = rows.nth(index).bounding_box()
        assert box["height"] >= 44, (index, box)
    row = rows.nth(7)
    row.scroll_into_view_if_needed()
    tap_near_the_right_edge(page, row.bounding_box())
    assert page.get_by_label("7 · Very hard", exact=True).is_checked()


def test_training_day_checkboxes_sit_beside_their_labels(page: Any) -> None:
    ensure_program_catalog()
    user = UserFactory()
    ReadinessScreenFactory(user=user)
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, user.email, DEFAULT_PASSWORD)
    page.goto(reverse("programs:enroll", args=[shipped_program("machine-foundation").pk]))
    assert_no_horizontal_scroll(page)
    for name in ("Monday", "Tuesday", "Sunday"):
        box = page.get_by_role("checkbox", name=name, exact=True)
        label = page.locator("label.tap-choice", has_text=name)
        label.scroll_into_view_if_needed()
        check, row = box.bounding_box(), label.bounding_box()
        text = label.evaluate(TEXT_BOX)
        assert row["height"] >= 44, name
        # On one line: the box left of the word, their middles level.
        assert check["x"] + check["width"] <= text["x"], name
        assert abs((check["y"] + check["height"] / 2) - (text["y"] + text["height"] / 2)) < 6
        was = box.is_checked()
        tap_near_the_right_edge(page, row)
        assert box.is_checked() != was, name


# The box of a label's own words (its last text node), not of the whole label.
TEXT_BOX = """e => {
  const range = document.createRange();
  range.selectNodeContents(e.lastChild);
  const r = range.getBoundingClientRect();
  return {x: r.x, y: r.y, width: r.width, height: r.height};
}"""


def test_today_offers_the_15_minute_session_once_with_or_without_a_caution(page: Any) -> None:
    calm = UserFactory()
    ReadinessScreenFactory(user=calm)
    EnrollmentFactory(user=calm, training_today=True)
    cautious = UserFactory()
    ReadinessScreenFactory(user=cautious, heart=True)  # no clearance yet: a caution
    EnrollmentFactory(user=cautious, training_today=True)
    offer = re.compile(r"15-minute session")
    for user in (calm, cautious):
        log_in(page, user.email, DEFAULT_PASSWORD)
        page.goto(reverse("programs:today"))
        page.get_by_role("button", name="Start session").wait_for()
        assert page.get_by_role("button", name=offer).count() == 1, user.email
        page.context.clear_cookies()
