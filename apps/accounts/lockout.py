"""django-axes: which account a failed log-in was for.

allauth authenticates with ``email=…`` while its form field is called ``login``; axes
must see the same normalised address either way, or lockouts would key on the IP alone.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def username_for_lockout(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    value = None
    if credentials:
        value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not value and request is not None:
        value = request.POST.get("login") or request.POST.get("email")
    return str(value or "").strip().lower()
