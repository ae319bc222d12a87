from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from apps.demo.seed import demo_seed


class Command(BaseCommand):
    help = "Create the demo account and its sample history. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        user = demo_seed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo account ready: {user.email} / {settings.STEADY_DEMO_PASSWORD}"
            )
        )
