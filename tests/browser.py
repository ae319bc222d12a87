"""Playwright against Debian's Chromium, with an axe-core check on every page visited.

Every page load (and every HTMX swap) runs axe-core inside the page and reports back
through a binding; the ``page`` fixture fails the test if any serious or critical
violation was seen. ``STEADY_CHROMIUM`` overrides the browser path; when no system
Chromium exists, Playwright's own browser is used (scripts/test installs it).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE_VIEWPORT = {"width": 360, "height": 780}
BLOCKING_IMPACTS = {"serious", "critical"}
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()

# Runs in every document before its own scripts: load axe, run it after load and after
# each HTMX settle, and hand violations to Python through the reportAxe binding.
# Runs in every document before its own scripts: axe-core, then tests/axe_init.js, which
# runs axe after load and after each HTMX settle and reports through reportAxe.
AXE_INIT_SCRIPT = AXE_SOURCE + "\n;" + (Path(__file__).parent / "axe_init.js").read_text()


def chromium_executable() -> str | None:
    explicit = os.environ.get("STEADY_CHROMIUM")
    if explicit:
        return explicit
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        executable = chromium_executable()
        launched = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


class AxeLog:
    def __init__(self) -> None:
        self.violations: list[tuple[str, list[dict[str, Any]]]] = []
        self.pages: list[str] = []

    def report(self, source: Any, path: str, violations: list[dict[str, Any]]) -> None:
        self.pages.append(path)
        if violations:
            self.violations.append((path, violations))


@pytest.fixture
def axe_log() -> AxeLog:
    return AxeLog()


@pytest.fixture
def page(browser: Any, live_server: Any, axe_log: AxeLog) -> Iterator[Any]:
    """A phone-sized page on the live server. Fails the test on serious a11y issues."""
    context = browser.new_context(viewport=PHONE_VIEWPORT, base_url=live_server.url)
    context.set_default_timeout(10_000)
    context.expose_binding("reportAxe", axe_log.report)
    context.add_init_script(AXE_INIT_SCRIPT)
    opened = context.new_page()
    yield opened
    try:
        # Let the last page's check finish, then judge every page seen.
        opened.wait_for_timeout(300)
    finally:
        context.close()
    problems = [
        f"{path}: {v['id']} ({v['impact']}) {v['help']} at {v['nodes']}"
        for path, found in axe_log.violations
        for v in found
    ]
    assert not problems, "axe-core found serious or critical violations:\n" + "\n".join(problems)


@pytest.fixture
def another_phone(browser: Any, live_server: Any, axe_log: AxeLog, page: Any) -> Iterator[Any]:
    """Opens more phone-sized pages, each in its own browser context (its own cookies: a
    second or third person). Their axe reports join ``page``'s, which judges them all."""
    contexts: list[Any] = []

    def open_page() -> Any:
        context = browser.new_context(viewport=PHONE_VIEWPORT, base_url=live_server.url)
        context.set_default_timeout(10_000)
        context.expose_binding("reportAxe", axe_log.report)
        context.add_init_script(AXE_INIT_SCRIPT)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def assert_no_horizontal_scroll(page: Any) -> None:
    """The 360 px rule: nothing wider than the phone."""
    overflow = page.evaluate(
        "Math.max(document.documentElement.scrollWidth - document.documentElement.clientWidth,"
        " document.documentElement.scrollWidth - window.innerWidth)"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 360px wide"


def log_in(page: Any, email: str, password: str) -> None:
    """Log in through the real form, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
