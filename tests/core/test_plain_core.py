"""The benchmark-tuning layer issue 15 took out stays out: Django's own database backend,
cache, sessions and user lookup, with no page cache and no hand-written SQL layer."""

from __future__ import annotations

import importlib.util

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Manager

REMOVED_MODULES = [
    "apps.core.rawfetch",
    "apps.core.postgresql",
    "apps.core.cache",
    "apps.core.fragments",
    "apps.core.pagecache",
    "apps.workouts.history",
]


@pytest.mark.parametrize("name", REMOVED_MODULES)
def test_the_tuning_modules_are_gone(name: str) -> None:
    assert importlib.util.find_spec(name) is None


def test_the_database_the_cache_and_sessions_are_djangos_own() -> None:
    database = settings.DATABASES["default"]
    assert database["ENGINE"].startswith("django.db.backends.")
    assert not database.get("OPTIONS", {}).get("server_side_binding")
    assert settings.CACHES["default"]["BACKEND"].startswith(("django.", "django_redis."))
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert not [m for m in settings.MIDDLEWARE if "cache" in m.lower()]


def test_looking_a_person_up_is_the_orms_own_get() -> None:
    manager = type(get_user_model()._default_manager)
    assert manager.get is Manager.get
