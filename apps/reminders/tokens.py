"""Signed one-click unsubscribe tokens: who and which kind, nothing else.

Signed with ``django.core.signing`` (HMAC with SECRET_KEY, key fallbacks honoured), so a
link works without logging in and cannot be forged or edited to reach another person or
another kind. No expiry: an unsubscribe link from an old email must still work
(RFC 8058 asks that the URI keeps working).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

from apps.reminders.models import ReminderKind

SALT = "steady.reminders.unsubscribe"


@dataclass(frozen=True)
class UnsubscribeClaim:
    user_id: int
    kind: str


def unsubscribe_token_for(user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=SALT)


def unsubscribe_claim_from(token: str) -> UnsubscribeClaim | None:
    """The claim inside a token, or None if it was tampered with or is not one of ours."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, kind = data.get("u"), data.get("k")
    if not isinstance(user_id, int) or kind not in ReminderKind.values:
        return None
    return UnsubscribeClaim(user_id=user_id, kind=kind)
