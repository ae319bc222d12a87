"""Writes for the clinician summary: making, revoking and opening share links."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.accounts.models import User
from apps.summary import tokens
from apps.summary.models import ShareLink, ShareLinkOpening
from apps.summary.selectors import Sections

EXPIRY_DAYS = (1, 7, 30)


def share_link_create(
    *,
    user: User,
    start: dt.date,
    end: dt.date,
    sections: Sections,
    expires_in_days: int,
) -> tuple[ShareLink, str]:
    """A new link and its token. The token is returned once and never stored: only its
    hash is kept, so the link can be shown to the person now and never again."""
    if expires_in_days not in EXPIRY_DAYS:
        raise ValueError(f"A link lasts 1, 7 or 30 days, not {expires_in_days}.")
    token = tokens.new_token()
    now = timezone.now()
    link = ShareLink.objects.create(
        user=user,
        token_hash=tokens.token_hash(token),
        start_date=start,
        end_date=end,
        include_safety_plan=sections.safety_plan,
        include_journal_notes=sections.journal_notes,
        include_session_notes=sections.session_notes,
        created_at=now,
        expires_at=now + dt.timedelta(days=expires_in_days),
    )
    return link, token


def share_link_revoke(*, link: ShareLink) -> None:
    """Close the link at once; revoking twice keeps the first time."""
    ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def share_link_record_opening(*, link: ShareLink, format: str) -> None:
    """Count one opening and note its time (no address, no browser details)."""
    now = timezone.now()
    ShareLink.objects.filter(pk=link.pk).update(open_count=F("open_count") + 1, last_opened_at=now)
    ShareLinkOpening.objects.create(link=link, opened_at=now, format=format)
