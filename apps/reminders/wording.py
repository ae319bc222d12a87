"""Words reminder emails use about effort. Pure Python.

Rules from DOMAIN.md "Who uses it": missing a session is normal, rest days are part of
the program, no streak-shaming and no guilt. So nothing here ever says "missed",
"failed", "streak" or counts what did not happen. The same kind words go to everyone:
wording never depends on mood data (a lock-screen preview shows it to anyone).
"""

from __future__ import annotations

FORBIDDEN_WORDS = ("missed", "miss ", "failed", "failure", "streak", "behind", "should have")

# How each kind is named on the unsubscribe page and in email footers.
KIND_PHRASES: dict[str, str] = {
    "workout": "workout-day reminders",
    "checkin_prompt": "after-workout check-in prompts",
    "weekly_summary": "weekly summaries",
    "phq9_due": "PHQ-9 check-in reminders",
    "lapse_note": "“we're here when you're ready” notes",
    "cheers_digest": "daily cheers emails",
}


def summary_encouragement(*, done: int, planned: int, records: int) -> str:
    """One closing line for the weekly summary, matched to the week (never to mood).

    Based on DOMAIN.md: benefits come from regular training over weeks to months (Gordon
    et al. 2018: most trials ran 8–12 weeks), whatever the volume of a single week.
    """
    if records > 0:
        return "You lifted more than ever before on something this week. Strength builds quietly."
    if done == 0:
        return (
            "Rest weeks are part of training. Your program is ready whenever you are, "
            "and a 15-minute session counts."
        )
    if planned and done >= planned:
        return "Every planned session done. Rest days count too: enjoy them."
    return "Every session adds up. Over weeks, regular training lifts mood as well as weights."


def contains_forbidden_wording(text: str) -> list[str]:
    lowered = text.lower()
    return [word for word in FORBIDDEN_WORDS if word in lowered]
