"""Writes for accounts: the security audit log."""

from __future__ import annotations

from django.http import HttpRequest

from apps.accounts.models import SecurityEvent, User


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def security_event_record(
    *,
    kind: str,
    user: User | None = None,
    request: HttpRequest | None = None,
    detail: str = "",
) -> SecurityEvent:
    """Append one audit row. ``detail`` is for short technical context only."""
    return SecurityEvent.objects.create(
        user=user, kind=kind, ip_address=client_ip(request), detail=detail[:200]
    )
