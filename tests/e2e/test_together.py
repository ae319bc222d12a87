"""Two people on two phones: a crew, an invite, a session seen, a cheer, a break, and a
switched-off link that shows a third person a clear page, not the crew."""

from __future__ import annotations

import re
from typing import Any

import pytest

from apps.together.models import Membership
from tests.browser import assert_no_horizontal_scroll, log_in
from tests.factories import (
    DEFAULT_PASSWORD,
    SessionExerciseFactory,
    SetLogFactory,
    UserFactory,
    WorkoutSessionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def member_entry(page: Any, name: str) -> Any:
    return page.locator(".crew-member").filter(has=page.get_by_role("heading", name=name))


def test_two_people_train_together_without_sharing_mood(page: Any, another_phone: Any) -> None:
    ana = UserFactory(display_name="Ana")
    ben = UserFactory(display_name="Ben")
    open_session = WorkoutSessionFactory(user=ben, finished_at=None, duration_min=None)
    SetLogFactory(session_exercise=SessionExerciseFactory(session=open_session))
    ben_page = another_phone()
    log_in(page, ana.email, DEFAULT_PASSWORD)
    log_in(ben_page, ben.email, DEFAULT_PASSWORD)

    # Ana starts a crew from Settings and makes a link several people can use.
    page.goto("/settings/")
    page.get_by_role("link", name=re.compile("^Your crews")).click()
    page.get_by_label("Crew name").fill("Tuesday crew")
    page.get_by_role("button", name="Start a crew").click()
    page.get_by_role("heading", name="Tuesday crew", level=1).wait_for()
    assert_no_horizontal_scroll(page)
    page.get_by_text("Several people, until it expires").click()
    page.get_by_role("button", name="Make an invite link").click()
    link = page.get_by_label("Invite link").input_value()
    assert re.search(r"/crews/join/[A-Za-z0-9_-]{43}/$", link)

    # Ben opens it, sees what will be shared, and joins.
    ben_page.goto(link)
    ben_page.get_by_role("heading", name="What the crew will see").wait_for()
    assert "Never shared" in ben_page.content()
    assert_no_horizontal_scroll(ben_page)
    ben_page.get_by_role("button", name="Join Tuesday crew").click()
    ben_page.get_by_role("heading", name="Tuesday crew", level=1).wait_for()

    # Ben finishes his session.
    ben_page.goto("/")
    ben_page.get_by_role("link", name="Resume session").click()
    ben_page.get_by_role("link", name="Finish session").click()
    ben_page.get_by_label("How long did it take? (minutes)").fill("30")
    ben_page.get_by_label("5 · Hard").check()
    ben_page.get_by_role("button", name="Save and finish").click()
    ben_page.wait_for_url(re.compile(r"/journal/check-ins/new/\?kind=after"))

    # Ana sees Ben's session done today, and sends him a cheer.
    page.get_by_role("link", name="Back to Tuesday crew").click()
    member_entry(page, "Ben").get_by_text("Trained today").wait_for()
    assert "missed" not in page.content().lower()
    assert_no_horizontal_scroll(page)  # two members, cheers, invites and hand-over
    page.get_by_label("Send it to", exact=True).select_option(label="Ben")
    page.get_by_text("Proud of you for showing up").click()
    page.get_by_role("button", name="Send cheer").click()
    page.get_by_text("Cheer sent to Ben.").wait_for()

    # Ben sees it on Today.
    ben_page.goto("/")
    ben_page.get_by_role("heading", name="Your crews").wait_for()
    ben_page.locator(".together-panel").get_by_text("Proud of you for showing up").wait_for()
    assert_no_horizontal_scroll(ben_page)

    # Ben takes a break from sharing; Ana sees only that.
    ben_page.locator(".together-panel").get_by_role("link", name="Tuesday crew").click()
    ben_page.get_by_label("Take a break from sharing").check()
    ben_page.locator("#sharing").get_by_role("button", name="Save").click()
    ben_page.get_by_text("You're taking a break.").wait_for()
    assert Membership.objects.get(user=ben).sharing_paused
    page.reload()
    member_entry(page, "Ben").get_by_text("Taking a break").wait_for()
    assert member_entry(page, "Ben").get_by_text("Trained today").count() == 0

    # Ana switches the link off; a third person gets a clear page, not the crew.
    page.locator("#invite").get_by_role("button", name=re.compile("^Switch off")).click()
    page.get_by_text("That invite link has stopped working.").wait_for()
    stranger_page = another_phone()
    stranger_page.goto(link)
    stranger_page.get_by_role("heading", name="This invite isn't available").wait_for()
    assert "Tuesday crew" not in stranger_page.content()
