"""The clinician summary in a real browser: from the guidance page to a shared link that
a doctor opens elsewhere, and its print layout on A4."""

from __future__ import annotations

import io
from typing import Any

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from apps.summary.models import ShareLink
from tests.browser import (
    AXE_INIT_SCRIPT,
    PHONE_VIEWPORT,
    AxeLog,
    assert_no_horizontal_scroll,
    log_in,
)
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.summary.builders import person_with_history

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_make_a_link_and_open_it_in_a_fresh_browser(
    page: Any, browser: Any, live_server: Any
) -> None:
    user = UserFactory()
    dates = person_with_history(user)
    log_in(page, user.email, DEFAULT_PASSWORD)

    page.goto("/safety/guidance/why/seek_professional/")
    page.get_by_role("link", name="Bring your summary").click()
    page.get_by_role("heading", name="Summary for your doctor or therapist").wait_for()
    expect(page.get_by_text("Self-reported data")).to_be_visible()
    expect(page.get_by_role("table", name="PHQ-9 answers")).to_contain_text("above 0")
    assert_no_horizontal_scroll(page)

    page.get_by_role("link", name="Share with a link").click()
    page.get_by_role("heading", name="Share your summary").wait_for()
    assert_no_horizontal_scroll(page)
    page.get_by_label("30 days").check()
    # Keyboard: tick a section and send the form without the mouse.
    page.get_by_label("Include my safety plan").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Make the link").focus()
    page.keyboard.press("Enter")

    # Making a link asks for the password again, like the data export.
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Your link is ready").wait_for()
    url = page.get_by_label("Link to your summary").input_value()
    assert "/summary/shared/" in url
    assert_no_horizontal_scroll(page)
    link = ShareLink.objects.get(user=user)
    assert link.include_safety_plan
    assert not link.include_journal_notes

    # A doctor opens it in a browser that has never seen Steady: no login.
    doctor_axe = AxeLog()
    fresh = browser.new_context(viewport=PHONE_VIEWPORT, base_url=live_server.url)
    try:
        fresh.expose_binding("reportAxe", doctor_axe.report)
        fresh.add_init_script(AXE_INIT_SCRIPT)
        doctor = fresh.new_page()
        response = doctor.goto(url)
        assert response is not None
        assert response.status == 200
        assert response.headers["cache-control"] == "no-store"
        assert "noindex" in response.headers["x-robots-tag"]
        assert response.headers["referrer-policy"] == "no-referrer"
        doctor.get_by_role("heading", name="Steady summary", level=1).wait_for()
        expect(doctor.get_by_text(f"{dates['item9']:%-d %b %Y}").first).to_be_visible()
        expect(doctor.get_by_text("Call my sister Ana")).to_be_visible()
        assert_no_horizontal_scroll(doctor)

        # The print layout fits on two A4 pages.
        doctor.emulate_media(media="print")
        printed = PdfReader(io.BytesIO(doctor.pdf(format="A4", print_background=True)))
        assert 1 <= len(printed.pages) <= 2, f"{len(printed.pages)} pages"
        text = "\n".join(p.extract_text() for p in printed.pages)
        assert "PHQ-9" in text
        assert "Get help now" not in text
        doctor.emulate_media(media="screen")
        doctor.wait_for_timeout(300)
    finally:
        fresh.close()
    problems = [
        f"{path}: {v['id']} {v['help']}" for path, found in doctor_axe.violations for v in found
    ]
    assert not problems, problems
    assert doctor_axe.pages, "axe ran on the shared page"

    link.refresh_from_db()
    assert link.open_count == 1
    page.goto("/summary/links/")
    expect(page.get_by_text("Opened 1 time")).to_be_visible()
    page.get_by_role("button", name="Switch off this link").click()
    expect(page.get_by_text("Nobody can open it any more")).to_be_visible()
