"""Journal journeys in a real browser at phone width, with axe-core on every page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.journal.models import CheckIn, QuestionnaireResponse
from tests.browser import assert_no_horizontal_scroll, log_in
from tests.factories import DEFAULT_PASSWORD, CheckInFactory, JournalSessionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def scale(page: Any, legend: str) -> Any:
    return page.locator("fieldset", has=page.locator("legend", has_text=legend))


def test_before_session_after_pair_on_the_chart_then_phq9_item_9_to_crisis(page: Any) -> None:
    user = UserFactory()
    session = JournalSessionFactory(
        user=user, finished_at=None, duration_min=None, session_rpe=None
    )
    log_in(page, user.email, DEFAULT_PASSWORD)

    # Before the session: the workouts app sends people here when they press Start.
    page.goto(f"/journal/check-ins/new/?kind=before&session={session.pk}&next=/journal/")
    page.get_by_role("heading", name="Before you start").wait_for()
    assert page.get_by_role("link", name="Skip for now").is_visible()
    assert_no_horizontal_scroll(page)
    # Keyboard: focus a mood button and move along the scale with the arrow keys.
    mood = scale(page, "Mood right now")
    mood.get_by_role("radio", name="3 Low").focus()
    page.keyboard.press("ArrowRight")
    assert mood.get_by_role("radio", name="4 A bit low").is_checked()
    page.get_by_text("Yes", exact=True).click()
    page.get_by_role("button", name="Save check-in").first.click()
    page.wait_for_url("**/journal/")
    page.get_by_text("Check-in saved.").wait_for()

    # The session happens and finishes.
    finished = timezone.now()
    session.finished_at = finished
    session.duration_min = 35
    session.session_rpe = Decimal("7")
    session.save()

    # After the session: mood, a tag and a private note.
    page.goto(f"/journal/check-ins/new/?kind=after&session={session.pk}&next=/journal/")
    page.get_by_text("Before the session you said 4 (a bit low).").wait_for()
    scale(page, "Mood right now").get_by_text("Fairly good").click()
    page.get_by_text("proud", exact=True).click()
    page.get_by_label("Note (private)").fill("Legs felt strong; glad I came.")
    page.get_by_role("button", name="Save check-in").last.click()
    page.wait_for_url("**/journal/")

    after = CheckIn.objects.get(session=session, kind="after")
    assert (after.mood, after.tags, after.note) == (7, ["proud"], "Legs felt strong; glad I came.")
    assert CheckIn.objects.get(session=session, kind="before").ate_recently is True

    # The mood chart draws the pair for this session.
    chart = page.locator('figure[data-chart="mood"]')
    chart.wait_for()
    assert chart.get_attribute("data-pairs-drawn") == "1"
    assert "chart-ready" in (chart.get_attribute("class") or "")
    assert chart.locator("canvas").count() >= 1
    page.get_by_text("Show as a table").click()
    page.get_by_role("cell", name="4 → 7").wait_for()
    timeline = page.locator("#timeline-list")
    assert timeline.get_by_text("proud").is_visible()
    timeline.get_by_text("Note", exact=True).first.click()
    timeline.get_by_text("Legs felt strong; glad I came.").wait_for()
    assert_no_horizontal_scroll(page)

    # A PHQ-9 with item 9 = 1 lands on crisis support, whatever the total.
    page.get_by_role("link", name="Answer 9 questions").click()
    page.get_by_text(
        "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and "
        "colleagues, with an educational grant from Pfizer Inc."
    ).wait_for()
    assert_no_horizontal_scroll(page)
    for number in range(1, 10):
        answer = "Several days" if number == 9 else "Not at all"
        page.locator(f"fieldset:has(#id_q{number}_0)").get_by_text(answer, exact=True).click()
    page.get_by_role("button", name="Save answers").click()
    page.wait_for_url("**/safety/help/")
    page.get_by_role("heading", name="Get help now").wait_for()
    page.get_by_text("You don't have to carry this alone").wait_for()
    response = QuestionnaireResponse.objects.get(user=user)
    assert (response.kind, response.answers[8], response.total) == ("phq9", 1, 1)


def test_older_entries_load_in_place_and_keep_focus(page: Any) -> None:
    user = UserFactory()
    today = user.local_today()
    for n in range(25):
        CheckInFactory(user=user, date=today - dt.timedelta(days=n), mood=1 + n % 10)
    log_in(page, user.email, DEFAULT_PASSWORD)
    page.goto("/journal/")
    entries = page.locator("#timeline-list > li.entry")
    assert entries.count() == 20
    page.get_by_role("link", name="Show older entries").click()
    expect(entries).to_have_count(25)
    assert page.url.endswith("/journal/")  # loaded in place, not a new page
    # Focus moves to the first of the newly loaded entries.
    expect(entries.nth(20).get_by_role("link")).to_be_focused()
    assert page.get_by_role("link", name="Show older entries").count() == 0


def test_self_harm_option_on_a_daily_check_in_goes_to_crisis_support(page: Any) -> None:
    user = UserFactory()
    log_in(page, user.email, DEFAULT_PASSWORD)
    page.goto("/journal/")
    page.get_by_role("link", name="Check in now").click()
    scale(page, "Mood right now").get_by_text("Very low").click()
    page.get_by_label("I'm having thoughts of harming myself").check()
    page.get_by_role("button", name="Save check-in").last.click()
    page.wait_for_url("**/safety/help/")
    assert CheckIn.objects.get(user=user).self_harm_thoughts is True
