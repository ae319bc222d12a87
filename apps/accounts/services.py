"""Writes for accounts: the security audit log."""

from __future__ import annotations

from django.db import transaction
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


@transaction.atomic
def account_delete(*, user: User, request: HttpRequest | None = None) -> None:
    """Remove every row that belongs to ``user``.

    Deleting the user cascades through every owned model (pending reminder deliveries
    included, so nothing is ever sent afterwards). The person's own audit rows are removed
    too; one anonymous row records that a deletion happened.
    """
    user_id = user.pk
    SecurityEvent.objects.filter(user=user).delete()
    user.delete()
    security_event_record(
        kind=SecurityEvent.Kind.ACCOUNT_DELETED, request=None, detail=f"user #{user_id}"
    )
