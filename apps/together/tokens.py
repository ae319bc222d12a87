"""Invite tokens: 256 bits from ``secrets``, stored only as a SHA-256 hash. No Django.

A token carries 256 bits from the operating system's random source, so it cannot be
guessed and a fast hash is enough: a copy of the database opens no crew.
"""

from __future__ import annotations

import hashlib
import re
import secrets

TOKEN_BYTES = 32
# token_urlsafe(32) gives 43 characters of the URL-safe base64 alphabet.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def looks_like_token(value: str) -> bool:
    return TOKEN_PATTERN.fullmatch(value) is not None
