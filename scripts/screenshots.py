"""Retake the README's phone screenshots of Today and the session page.

    uv run python scripts/screenshots.py

Builds a throwaway SQLite database with the demo account (as ``scripts/run`` does), serves
it with ``runserver`` on a spare port, signs in as the demo person in Debian's Chromium at
360 × 740 (device scale 2) and writes ``static/img/screenshots/{today,session}.png``.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "img" / "screenshots"
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


# The demo person starts their next planned session (today's, or the next one on a rest
# day), so the session page shows their last-time values and suggestions.
START_NEXT_SESSION = """
import datetime as dt
from django.conf import settings
from apps.accounts.models import User
from apps.programs.selectors import planned_sessions_between
from apps.workouts import services
person = User.objects.get(email=settings.STEADY_DEMO_EMAIL)
today = person.local_today()
planned = planned_sessions_between(person, today, today + dt.timedelta(days=7))[0]
services.session_start(user=person, planned=planned)
"""


def spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server at {url} did not start")


def main() -> None:
    var_dir = tempfile.mkdtemp(prefix="steady-screenshots-")
    env = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}
    }
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.local", "STEADY_VAR_DIR": var_dir}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*manage, "seed_demo"], env=env, check=True)
    subprocess.run([*manage, "shell", "-c", START_NEXT_SESSION], env=env, check=True)
    port = spare_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"{base}/healthz")
        take(base)
    finally:
        server.terminate()
        server.wait()


def take(base: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.conf import settings

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True
        )
        page = browser.new_page(viewport={"width": 360, "height": 740}, device_scale_factor=2)
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("Email").fill(settings.STEADY_DEMO_EMAIL)
        page.get_by_label("Password").fill(settings.STEADY_DEMO_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/programs/today/")
        page.screenshot(path=OUT / "today.png")
        page.get_by_role("link", name="Resume session").first.click()
        page.wait_for_url("**/workouts/**")
        page.get_by_role("button", name=re.compile("^Done")).first.click()
        page.get_by_text("Edit").first.wait_for()
        page.get_by_role("button", name="Skip rest").click()
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=OUT / "session.png")
        browser.close()
    print(f"wrote {OUT / 'today.png'} and {OUT / 'session.png'}")


if __name__ == "__main__":
    main()
