"""``manage.py evaluate_guidance FILE``: run the guidance engine on a scenario JSON file.

Prints ``{"guidance": [...]}`` (DOMAIN.md, "Scenario format") and touches no database:
the scenario is parsed straight into the engine's plain dataclasses. An invalid scenario
exits non-zero with a one-line message on stderr and prints no JSON.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.safety.guidance import evaluate
from apps.safety.guidance.scenario import ScenarioError, guidance_json, scenario_parse


class Command(BaseCommand):
    help = "Evaluate the safety guidance rules on a scenario JSON file (no database needed)."
    # The command never reads or writes the database, so skip checks that might.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Path to a scenario JSON file ('-' reads stdin).")

    def handle(self, *args: Any, **options: Any) -> None:
        path: str = options["file"]
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {path}: {error}") from None
        try:
            data = scenario_parse(text)
        except ScenarioError as error:
            raise CommandError(f"invalid scenario {path}: {error}") from None
        self.stdout.write(guidance_json(evaluate(data)))
