"""Run every rule in the contract table's order and sort the result (DOMAIN.md)."""

from __future__ import annotations

from collections.abc import Callable

from apps.safety.guidance import rules
from apps.safety.guidance.data import SEVERITIES, GuidanceInput, GuidanceItem

Rule = Callable[[GuidanceInput], GuidanceItem | None]

# The contract table, in order. progress_gently comes last and is evaluated separately:
# it fires only when no caution or urgent item is active.
RULES: tuple[tuple[str, str, Rule], ...] = (
    ("crisis_support", "urgent", rules.crisis_support),
    ("stop_and_seek_care", "urgent", rules.stop_and_seek_care),
    ("postpartum_red_flag", "caution", rules.postpartum_red_flag),
    ("seek_professional", "caution", rules.seek_professional),
    ("medical_clearance_advised", "caution", rules.medical_clearance_advised),
    ("post_workout_mood_drop", "caution", rules.post_workout_mood_drop),
    ("overtraining_risk", "caution", rules.overtraining_risk),
    ("rest_day_due", "info", rules.rest_day_due),
    ("deload_due", "info", rules.deload_due),
    ("fuel_reminder", "info", rules.fuel_reminder),
    ("expectations_check", "info", rules.expectations_check),
)
CODES: tuple[str, ...] = (*(code for code, _, _ in RULES), "progress_gently")
SEVERITY_OF: dict[str, str] = {code: severity for code, severity, _ in RULES} | {
    "progress_gently": "info"
}
URGENT_CODES: tuple[str, ...] = tuple(c for c in CODES if SEVERITY_OF[c] == "urgent")


def sort_items(items: list[GuidanceItem]) -> list[GuidanceItem]:
    """Urgent, then caution, then info; the table order within a severity."""
    return sorted(items, key=lambda i: (SEVERITIES.index(i.severity), CODES.index(i.code)))


def evaluate(data: GuidanceInput) -> list[GuidanceItem]:
    """Every guidance item that applies on ``data.today``, sorted urgent → caution → info."""
    items = [item for _, _, rule in RULES if (item := rule(data)) is not None]
    gentle = rules.progress_gently(data, items)
    if gentle is not None:
        items.append(gentle)
    return sort_items(items)


def evaluate_urgent(data: GuidanceInput) -> list[GuidanceItem]:
    """Only the urgent rules: what the banner on every page needs, and nothing more."""
    items = [
        item for code, _, rule in RULES if code in URGENT_CODES and (item := rule(data)) is not None
    ]
    return sort_items(items)
