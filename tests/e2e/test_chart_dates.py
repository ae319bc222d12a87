"""Chart axes write dates in the browser's locale, and one point gets a week around it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from tests.browser import AXE_INIT_SCRIPT, AxeLog, log_in
from tests.factories import DEFAULT_PASSWORD, ExerciseFactory, UserFactory, make_workout_history

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Keeps every string a canvas draws, so the axis labels can be read back.
RECORD_CANVAS_TEXT = """
window.drawnText = [];
const fillText = CanvasRenderingContext2D.prototype.fillText;
CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
  window.drawnText.push(String(text));
  return fillText.call(this, text, ...rest);
};
"""


@pytest.fixture
def open_in_locale(browser: Any, live_server: Any) -> Iterator[Any]:
    contexts: list[Any] = []
    log = AxeLog()

    def open_page(locale: str) -> Any:
        context = browser.new_context(
            locale=locale, viewport={"width": 360, "height": 740}, base_url=live_server.url
        )
        context.expose_binding("reportAxe", log.report)
        context.add_init_script(AXE_INIT_SCRIPT)
        context.add_init_script(RECORD_CANVAS_TEXT)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    assert not log.violations, log.violations


# Day/month for the UK, month/day for the US; the session is on 21 October 2026.
@pytest.mark.parametrize(
    ("locale", "day_label"),
    [("en-GB", re.compile(r"^(\d{1,2})/10$")), ("en-US", re.compile(r"^10/(\d{1,2})$"))],
)
def test_a_single_point_progress_chart_shows_its_week_in_the_locale(
    open_in_locale: Any, locale: str, day_label: re.Pattern[str]
) -> None:
    user = UserFactory()
    exercise = ExerciseFactory()
    make_workout_history(user, 1, exercises=[exercise], last_day=dt.date(2026, 10, 21))
    page = open_in_locale(locale)
    log_in(page, user.email, DEFAULT_PASSWORD)
    page.goto(reverse("workouts:exercise_progress", args=[exercise.slug]))
    page.locator(".chart canvas").first.wait_for()
    drawn: list[str] = page.evaluate("window.drawnText")
    days = [int(found.group(1)) for found in map(day_label.match, drawn) if found]
    assert len(days) >= 2, drawn
    # About a week around the session (or its week, for weekly volume), not years.
    assert all(14 <= day <= 28 for day in days), drawn
    assert not [text for text in drawn if "2027" in text or "2028" in text], drawn
