"""``manage.py safety_reencrypt_plans``: rewrite safety plans with the current key."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.safety.services import safety_plans_reencrypt


class Command(BaseCommand):
    help = "Re-encrypt every safety plan with the first key (after rotating SECRET_KEY/salt)."

    def handle(self, *args: Any, **options: Any) -> None:
        rewritten, unreadable = safety_plans_reencrypt()
        self.stdout.write(f"Re-encrypted {rewritten} safety plan(s); {unreadable} unreadable.")
        if unreadable:
            raise CommandError(
                f"{unreadable} safety plan(s) could not be decrypted with any configured key: "
                "keep the old key in SECRET_KEY_FALLBACKS / FIELD_ENCRYPTION_SALTS."
            )
