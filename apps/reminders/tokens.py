"""One-click unsubscribe tokens: who and which kind, unreadable and unforgeable.

A token is the person's id and the reminder kind encrypted with AES-SIV (RFC 5297:
authenticated, and deterministic, so every email to a person carries the same link)
under a key derived from SECRET_KEY (SECRET_KEY_FALLBACKS still decrypt). A link works
without logging in, cannot be edited to reach another person or kind, and shows nothing
of what it stands for, not even an internal id. No expiry: an
unsubscribe link from an old email must keep working (RFC 8058 asks that the URI does).

Links sent before the tokens were encrypted carry a readable signed payload
(``django.core.signing``); they keep working until the emails holding them are gone.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

from apps.reminders.models import ReminderKind

SALT = "steady.reminders.unsubscribe"


@dataclass(frozen=True)
class UnsubscribeClaim:
    user_id: int
    kind: str


def _ciphers() -> list[AESSIV]:
    """The current key first, then one per fallback secret."""
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return [
        AESSIV(salted_hmac(SALT, "aes-siv key", secret=s, algorithm="sha512").digest())
        for s in secrets
    ]


def unsubscribe_token_for(user_id: int, kind: str) -> str:
    sealed = _ciphers()[0].encrypt(f"{user_id}:{kind}".encode(), None)
    return base64.urlsafe_b64encode(sealed).decode().rstrip("=")


def unsubscribe_claim_from(token: str) -> UnsubscribeClaim | None:
    """The claim inside a token, or None if it was tampered with or is not one of ours."""
    try:
        sealed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except ValueError:
        return _legacy_claim_from(token)
    for cipher in _ciphers():
        try:
            opened = cipher.decrypt(sealed, None).decode()
        except (InvalidTag, ValueError):
            continue
        user_part, _, kind = opened.partition(":")
        if not user_part.isascii() or not user_part.isdigit() or kind not in ReminderKind.values:
            return None
        return UnsubscribeClaim(user_id=int(user_part), kind=kind)
    return _legacy_claim_from(token)


def _legacy_claim_from(token: str) -> UnsubscribeClaim | None:
    """A link from an email sent while tokens were signed, readable payloads."""
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
