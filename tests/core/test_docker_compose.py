"""docker-compose.yml cannot run here (no Docker engine): check its shape instead."""

from __future__ import annotations

import multiprocessing
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return data


def command_of(service: dict[str, Any]) -> str:
    command = service.get("command", "")
    return command if isinstance(command, str) else " ".join(command)


def test_has_the_whole_stack(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) >= {"db", "redis", "web", "worker", "beat", "mailpit"}
    assert compose["services"]["db"]["image"] == "postgres:16"
    assert compose["services"]["redis"]["image"].startswith("redis")


def test_redis_evicts_only_what_can_expire(compose: dict[str, Any]) -> None:
    """The page cache must never push out Celery's queues or the data versions."""
    command = compose["services"]["redis"]["command"]
    assert command[command.index("--maxmemory-policy") + 1] == "volatile-lru"
    assert "--maxmemory" in command


def test_app_services_run_the_right_processes(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert "gunicorn config.wsgi:application --config config/gunicorn.py" in command_of(
        services["web"]
    )
    assert "migrate" in command_of(services["web"])
    assert "celery -A config worker" in command_of(services["worker"])
    assert "celery -A config beat" in command_of(services["beat"])
    for name in ("web", "worker", "beat"):
        assert services[name]["build"] == {"context": ".", "dockerfile": "config/Dockerfile"}
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://redis:")
        assert env["EMAIL_URL"] == "smtp://mailpit:1025"
        assert services[name]["depends_on"]["db"]["condition"] == "service_healthy"


def test_exactly_one_beat(compose: dict[str, Any]) -> None:
    beats = [s for s in compose["services"].values() if "beat" in command_of(s)]
    assert len(beats) == 1
    assert beats[0].get("deploy", {}).get("replicas", 1) == 1


def test_health_checks(compose: dict[str, Any]) -> None:
    for name in ("db", "redis", "web", "worker", "mailpit"):
        assert "test" in compose["services"][name]["healthcheck"], name
    assert "/healthz" in " ".join(compose["services"]["web"]["healthcheck"]["test"])


def test_dockerfile_runs_gunicorn_with_production_settings() -> None:
    dockerfile = (ROOT / "config" / "Dockerfile").read_text()
    assert "FROM python:3.11" in dockerfile
    assert "DJANGO_SETTINGS_MODULE=config.settings.production" in dockerfile
    assert "uv sync --frozen --no-dev" in dockerfile
    assert "collectstatic" in dockerfile


def test_every_gunicorn_uses_the_shared_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Dockerfile, compose and scripts/bench all start gunicorn from one settings file,
    so the benchmark measures the stack that is deployed."""
    dockerfile = (ROOT / "config" / "Dockerfile").read_text()
    assert '"--config", "config/gunicorn.py"' in dockerfile
    assert '"config/gunicorn.py"' in (ROOT / "scripts" / "bench.py").read_text()
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setenv("GUNICORN_ACCESS_LOG", "")
    settings: dict[str, Any] = {}
    exec((ROOT / "config" / "gunicorn.py").read_text(), settings)  # noqa: S102
    assert settings["worker_class"] == "sync"
    assert settings["workers"] == 2 * multiprocessing.cpu_count() + 1
    assert settings["accesslog"] is None


def test_the_image_builds_from_a_dockerfile_that_exists(compose: dict[str, Any]) -> None:
    build = compose["services"]["web"]["build"]
    assert (ROOT / build["context"] / build["dockerfile"]).is_file()
    assert (ROOT / build["context"] / ".dockerignore").is_file()


def test_the_top_level_holds_only_the_agreed_entries() -> None:
    """The layout every Steady checkout shares: tooling lives under config/ or scripts/."""
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split()
    top = {path.split("/", 1)[0] for path in tracked}
    agreed = {
        "manage.py", "pyproject.toml", "uv.lock", "config", "apps", "templates", "static",
        "tests", "docker-compose.yml", "README.md", "Makefile", "scripts", ".ci",
        ".gitignore", ".dockerignore",
    }  # fmt: skip
    assert top <= agreed, f"unexpected at the top level: {sorted(top - agreed)}"
