"""A failed HTMX request never fails silently: the person sees a calm message."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fire_htmx(page: Any, path: str) -> None:
    page.evaluate(
        "path => { htmx.ajax('POST', path, {target: '#main', swap: 'innerHTML'})"
        ".catch(() => null); }",
        path,
    )


def test_server_error_shows_a_visible_message(page: Any) -> None:
    page.goto("/accounts/login/")
    page.route("**/steady-test-failure", lambda route: route.fulfill(status=500, body="boom"))

    fire_htmx(page, "/steady-test-failure")

    alert = page.locator("#htmx-error")
    alert.wait_for(state="visible")
    assert "didn't save" in alert.inner_text()
    assert "still on screen" in alert.inner_text()
    assert page.get_by_role("heading", name="Log in").is_visible(), "nothing was swapped away"


def test_network_failure_shows_a_visible_message(page: Any) -> None:
    page.goto("/accounts/login/")
    page.route("**/steady-test-offline", lambda route: route.abort("internetdisconnected"))

    fire_htmx(page, "/steady-test-offline")

    alert = page.locator("#htmx-error")
    alert.wait_for(state="visible")
    assert "couldn't reach Steady" in alert.inner_text()


def test_expired_session_says_so(page: Any) -> None:
    page.goto("/accounts/login/")
    page.route("**/steady-test-forbidden", lambda route: route.fulfill(status=403, body="no"))

    fire_htmx(page, "/steady-test-forbidden")

    alert = page.locator("#htmx-error")
    alert.wait_for(state="visible")
    assert "session has expired" in alert.inner_text()
