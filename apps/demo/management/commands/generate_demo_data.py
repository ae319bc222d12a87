import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from apps.core.time import utc_today
from apps.demo.loadgen import LOADGEN_PASSWORD, generate_histories


class Command(BaseCommand):
    help = "Generate plausible multi-year histories for load tests (bulk inserts)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=100)
        parser.add_argument("--years", type=float, default=1.0)
        parser.add_argument("--prefix", default="load", help="Emails are <prefix>-NNNNNN@…")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        totals = generate_histories(
            users=options["users"],
            years=options["years"],
            today=utc_today(),
            prefix=options["prefix"],
            seed=options["seed"],
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Created {totals.users} users, {totals.sessions} sessions, {totals.sets} sets, "
            f"{totals.checkins} check-ins, {totals.questionnaires} questionnaires "
            f"in {elapsed:.1f} s (password: {LOADGEN_PASSWORD})"
        )
