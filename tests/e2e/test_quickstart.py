"""The README's run command, for real: web + worker + beat on embedded defaults."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 180


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_app(var_dir: Path, port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "EMAIL_URL",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "VIRTUAL_ENV",
        }
    }
    env |= {"STEADY_VAR_DIR": str(var_dir), "STEADY_PORT": str(port)}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(ROOT / "scripts" / "run")],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield process
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_for(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, "run command exited early:\n" + log.read_text()[-3000:]
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("the app never answered:\n" + log.read_text()[-3000:])


def wait_for_log(log: Path, *needles: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        if all(n in text for n in needles):
            return
        time.sleep(0.5)
    raise AssertionError(f"missing {needles} in log:\n{log.read_text()[-3000:]}")


def log_in_as_demo(base: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login_page = opener.open(f"{base}/accounts/login/").read().decode()
    assert "demo@steady.local" in login_page, "the login page advertises the demo account"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page)
    assert token
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "login": "demo@steady.local",
            "password": "lift-and-breathe",
        }
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"}
    )
    with opener.open(request) as response:
        return str(response.geturl()) + "\n" + response.read().decode()


def assert_steady_pages_for_mistakes(base: str) -> None:
    """A mistyped URL shows Steady's own 404 with the help link, and its stylesheet loads."""
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{base}/programs/todya/", timeout=5)
    assert missing.value.code == 404
    body = missing.value.read().decode()
    assert "We couldn't find that page" in body
    assert "Get help now" in body
    assert "URLconf" not in body, "not Django's technical 404"
    with urllib.request.urlopen(f"{base}/static/css/steady.css", timeout=5) as stylesheet:
        assert stylesheet.status == 200


@pytest.mark.slow
def test_run_command_serves_the_app_with_worker_beat_and_demo_data(tmp_path: Path) -> None:
    var_dir, port = tmp_path / "var", free_port()
    base = f"http://127.0.0.1:{port}"

    for attempt in (1, 2):  # the second start must neither fail nor duplicate anything
        log = tmp_path / f"run-{attempt}.log"
        with running_app(var_dir, port, log) as process:
            wait_for(f"{base}/accounts/login/", process, log)
            wait_for_log(log, "celery@", "ready.", "beat: Starting...")
            landed = log_in_as_demo(base)
            assert "/programs/today/" in landed.splitlines()[0]
            assert "Today" in landed
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as health:
                assert health.status == 200
            assert_steady_pages_for_mistakes(base)
        text = log.read_text()
        assert text.count("beat: Starting...") == 1, "exactly one beat"

    with sqlite3.connect(var_dir / "steady.sqlite3") as db:
        (count,) = db.execute(
            "select count(*) from accounts_user where email = 'demo@steady.local'"
        ).fetchone()
    assert count == 1
