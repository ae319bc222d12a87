"""Demo data for a newcomer's first run.

The demo account is created here; each domain app keeps its own sample history in its
``demo.py`` (``seed_demo(user)``), called below in the order the layers stack (a session
before its check-ins, both before the guidance that reads them). Every seed function
must be idempotent: the run command seeds on every start.
"""

from __future__ import annotations

from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction

from apps.accounts.models import User
from apps.journal import demo as journal_demo
from apps.programs import demo as programs_demo
from apps.reminders import demo as reminders_demo
from apps.safety import demo as safety_demo
from apps.together import demo as together_demo
from apps.workouts import demo as workouts_demo

APP_SEEDERS: list[Callable[[User], None]] = [
    programs_demo.seed_demo,
    workouts_demo.seed_demo,
    journal_demo.seed_demo,
    safety_demo.seed_demo,
    reminders_demo.seed_demo,
    together_demo.seed_demo,
]


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


@transaction.atomic
def demo_seed() -> User:
    """Create (or complete) the demo account and its history; safe to run repeatedly."""
    user, _ = demo_user_get_or_create()
    for seed in APP_SEEDERS:
        seed(user)
    return user
