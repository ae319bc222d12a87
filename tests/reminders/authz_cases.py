from __future__ import annotations

from typing import Any

from apps.accounts.models import User
from apps.reminders.models import ReminderKind
from apps.reminders.tokens import unsubscribe_token_for
from tests.authz import Case


def _token(owner: User) -> dict[str, Any]:
    return {"token": unsubscribe_token_for(owner.pk, ReminderKind.WORKOUT)}


def _tampered(owner: User) -> dict[str, Any]:
    # Half of the owner's token joined to half of another person's: it no longer opens.
    good = unsubscribe_token_for(owner.pk, ReminderKind.WORKOUT)
    other = unsubscribe_token_for(owner.pk + 1, ReminderKind.WORKOUT)
    return {"token": good[: len(good) // 2] + other[len(other) // 2 :]}


CASES = [
    Case("reminders:preferences", "login"),
    Case("reminders:preferences", "login", htmx=True),
    Case(
        "reminders:preferences",
        "login",
        method="post",
        data=lambda user: {"enabled": "on", "weekly_summary_day": "6"},
        owner_status=302,
    ),
    Case("reminders:unsubscribe", "token", make_kwargs=_token, make_bad_kwargs=_tampered),
    Case(
        "reminders:unsubscribe",
        "token",
        make_kwargs=_token,
        make_bad_kwargs=_tampered,
        method="post",
    ),
]
