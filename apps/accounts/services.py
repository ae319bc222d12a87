"""Writes for accounts: the security audit log."""

from __future__ import annotations

import ipaddress

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.module_loading import import_string

from apps.accounts.models import SecurityEvent, User


def client_ip(request: HttpRequest | None) -> str | None:
    """The address of the person's device, for the audit log and for django-axes.

    Behind ``ALLAUTH_TRUSTED_PROXY_COUNT`` proxies (``TRUSTED_PROXY_COUNT``), each of which
    appends the address it saw to ``X-Forwarded-For``, the client is that many entries
    from the right; anything further left was written by the client and is not trusted.
    The same rule as allauth's, so its rate limits and axes see the same address.
    """
    if request is None:
        return None
    proxies = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.headers.get("x-forwarded-for", "").split(",")]
    candidate = request.META.get("REMOTE_ADDR")
    if proxies and len(forwarded) >= proxies and forwarded[-proxies]:
        candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate or ""))
    except ValueError:
        return None


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

    Every device the person is signed in on is signed out (their session rows go).
    Deleting the user cascades through every owned model (pending reminder deliveries
    included, so nothing is ever sent afterwards). The person's own audit rows are removed
    too; one anonymous row records that a deletion happened. Apps above accounts that
    hold rows shared with other people (a crew handed over to its next member) do their
    part first, through ``settings.STEADY_BEFORE_ACCOUNT_DELETION``.
    """
    user_id = user.pk
    for path in settings.STEADY_BEFORE_ACCOUNT_DELETION:
        import_string(path)(user=user)
    SecurityEvent.objects.filter(user=user).delete()
    _sessions_of(user).delete()
    # django-axes keys its logs on the address typed at log-in, always lower-cased here
    # (apps.accounts.lockout), never on the user row, so nothing cascades to them.
    for log in (AccessAttempt, AccessFailureLog, AccessLog):
        log.objects.filter(username__iexact=user.email).delete()
    user.delete()
    security_event_record(
        kind=SecurityEvent.Kind.ACCOUNT_DELETED, request=None, detail=f"user #{user_id}"
    )


def _sessions_of(user: User) -> models.QuerySet[Session]:
    """The person's live sessions. Sessions are stored in the database (not only in a
    cache) so that this finds all of them; a session row names its user only inside its
    encoded data, and a deletion is rare enough to read them all."""
    live = Session.objects.filter(expire_date__gt=timezone.now())
    keys = [
        s.session_key for s in live.iterator() if s.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    return Session.objects.filter(session_key__in=keys)
