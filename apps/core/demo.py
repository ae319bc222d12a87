"""Demo data for a newcomer's first run.

The demo account is created here; each domain app may add a ``demo.py`` with
``seed_demo(user)``, called in ``DEMO_APPS`` order. Every seed function must be
idempotent: the run command seeds on every start.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction

from apps.accounts.models import User

DEMO_APPS = ["programs", "workouts", "journal", "safety", "reminders"]


def demo_user_get_or_create() -> tuple[User, bool]:
    user, created = User.objects.get_or_create(
        email=settings.STEADY_DEMO_EMAIL,
        defaults={
            "display_name": "Sam",
            "time_zone": "Europe/London",
            "country": "GB",
            "units": User.Units.KG,
        },
    )
    if created:
        user.set_password(settings.STEADY_DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user,
        email=user.email,
        defaults={"verified": True, "primary": True},
    )
    return user, created


def app_seeders() -> list[tuple[str, Callable[[User], None]]]:
    seeders = []
    for label in DEMO_APPS:
        try:
            module = importlib.import_module(f"apps.{label}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"apps.{label}.demo":
                raise
            continue
        seeders.append((label, module.seed_demo))
    return seeders


@transaction.atomic
def demo_seed() -> User:
    """Create (or complete) the demo account and its history; safe to run repeatedly."""
    user, _ = demo_user_get_or_create()
    for _label, seed in app_seeders():
        seed(user)
    return user
