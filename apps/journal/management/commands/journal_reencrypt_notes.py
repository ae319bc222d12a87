"""Re-encrypt every journal note with the current key (key rotation, step 2).

See the "Encryption of notes" section in apps/journal/models.py for the whole procedure.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.journal.services import notes_reencrypt


class Command(BaseCommand):
    help = "Rewrite every encrypted journal note with the current SECRET_KEY and salt."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        report = notes_reencrypt(batch_size=options["batch_size"])
        self.stdout.write(
            f"Re-encrypted {report.rotated} notes ({report.empty} empty, "
            f"{report.unreadable} unreadable)."
        )
        if report.unreadable:
            raise CommandError(
                f"{report.unreadable} notes could not be read with the current keys. Keep "
                "the old key in SECRET_KEY_FALLBACKS until they are, or they will be lost."
            )
