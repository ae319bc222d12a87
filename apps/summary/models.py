"""Share links to a person's clinician summary, and when each was opened.

A link's token is shown to the person once, when the link is made; only its SHA-256
hash is stored, so a copy of the database cannot open anyone's summary. The access log
keeps times and counts only: no IP address, no browser details.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class ShareLink(models.Model):
    class Format(models.TextChoices):
        PAGE = "page", "Web page"
        PDF = "pdf", "PDF"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="summary_share_links"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    start_date = models.DateField()
    end_date = models.DateField()
    include_safety_plan = models.BooleanField(default=False)
    include_journal_notes = models.BooleanField(default=False)
    include_session_notes = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    open_count = models.PositiveIntegerField(default=0)
    last_opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["user", "-created_at"], name="sharelink_user")]

    def __str__(self) -> str:
        return f"Summary link from {self.start_date} to {self.end_date}"

    def is_open_at(self, moment: dt.datetime) -> bool:
        return self.revoked_at is None and self.expires_at > moment

    @property
    def is_open(self) -> bool:
        return self.is_open_at(timezone.now())

    @property
    def section_labels(self) -> list[str]:
        chosen = [
            (self.include_safety_plan, "safety plan"),
            (self.include_journal_notes, "journal notes"),
            (self.include_session_notes, "session notes"),
        ]
        return [label for included, label in chosen if included]


class ShareLinkOpening(models.Model):
    """One time a share link was opened. Times only: nothing about who opened it."""

    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="openings")
    opened_at = models.DateTimeField(default=timezone.now)
    format = models.CharField(max_length=4, choices=ShareLink.Format.choices)

    class Meta:
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return f"Opened {self.opened_at:%Y-%m-%d %H:%M}"
