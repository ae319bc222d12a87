"""Demo data for the safety app: a readiness screen answered "no" throughout when the
demo history began, and a safety plan filled in part-way, as a real person might.

Idempotent: creates each piece only if the demo user doesn't have one yet. Guidance is
never faked: whatever the Today page shows comes from the engine reading the demo
history that the workouts and journal apps seed.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from apps.accounts.models import User
from apps.safety.guidance.data import READINESS_TOPICS
from apps.safety.models import ReadinessScreen, SafetyPlan

# The demo history covers about six weeks; the questions were answered just before it.
READINESS_DAYS_AGO = 43


@transaction.atomic
def seed_demo(user: User) -> None:
    today = user.local_today()
    if not ReadinessScreen.objects.filter(user=user).exists():
        ReadinessScreen.objects.create(
            user=user,
            date=today - dt.timedelta(days=READINESS_DAYS_AGO),
            **dict.fromkeys(READINESS_TOPICS, False),
        )
    SafetyPlan.objects.get_or_create(
        user=user,
        defaults={
            "warning_signs": (
                "Cancelling plans and staying in bed past midday.\n"
                "Thinking that nothing will ever get better."
            ),
            "things_that_help": (
                "A walk round the park, even ten minutes.\n"
                "A hot shower, then my calm playlist.\n"
                "Writing a check-in here."
            ),
            "people": "Jo (sister): call or text any time.",
            "professionals": "",
            "safer_environment": "",
        },
    )
