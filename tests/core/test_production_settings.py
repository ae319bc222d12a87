"""Production settings refuse to start half-configured and pass check --deploy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-key-with-plenty-of-entropy-0123456789",
    "DATABASE_URL": "sqlite:////tmp/steady-deploy-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "steady.example.org",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in GOOD_ENV
        and k not in ("DJANGO_SETTINGS_MODULE", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base | {"DJANGO_SETTINGS_MODULE": "config.settings.production"} | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.parametrize("missing", sorted(GOOD_ENV))
def test_refuses_to_start_without(missing: str) -> None:
    env = {k: v for k, v in GOOD_ENV.items() if k != missing}

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


@pytest.mark.slow
def test_check_deploy_is_clean() -> None:
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=GOOD_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
