"""The one way Steady builds an email: subject, text and HTML from three templates.

``templates/emails/<name>/subject.txt``, ``body.txt`` and ``body.html`` are rendered with
the same context (healthchecks' ``lib/emails.py``). The result is a multipart/alternative
message, text first, HTML second, sent by the reminders outbox and by crew invites (which
go to people who may have no account yet, so they skip the outbox). Reminder emails add
the RFC 8058 one-click unsubscribe headers and a Message-ID of their own on the site's
domain (RFC 5322 §3.6.4), the same on every attempt. Callers pass only what the email
shows: never mood or journal content.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class Unsubscribe:
    """Where a one-click unsubscribe goes (RFC 2369 + RFC 8058)."""

    url: str
    mailto: str = ""

    def headers(self) -> dict[str, str]:
        targets = [f"<{self.url}>"]
        if self.mailto:
            targets.append(f"<{self.mailto}>")
        return {
            "List-Unsubscribe": ", ".join(targets),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }


@dataclass(frozen=True)
class OutgoingEmail:
    template: str
    to: str
    context: Mapping[str, Any]
    unsubscribe: Unsubscribe | None = None
    extra_headers: Mapping[str, str] = field(default_factory=dict)
    # A stable left-hand side for the Message-ID; empty lets Django make a fresh one.
    message_id: str = ""


def site_message_id(local_part: str) -> str:
    """``<local_part@site domain>``: the domain of SITE_URL, never the host's own name."""
    domain = urlsplit(settings.STEADY_SITE_URL).hostname or "localhost"
    return f"<{local_part}@{domain}>"


def email_render(template: str, context: Mapping[str, Any]) -> RenderedEmail:
    """Render ``templates/emails/<template>/`` into subject, text and HTML."""
    ctx = {"site_url": settings.STEADY_SITE_URL, **context}
    # A header must be one line: templates may wrap, the subject may not.
    subject = " ".join(str(render_to_string(f"emails/{template}/subject.txt", ctx)).split())
    text = render_to_string(f"emails/{template}/body.txt", ctx).strip() + "\n"
    html = render_to_string(f"emails/{template}/body.html", ctx)
    return RenderedEmail(subject=subject, text=text, html=html)


def email_build(outgoing: OutgoingEmail) -> EmailMultiAlternatives:
    """A ready-to-send multipart message (text/plain + text/html)."""
    rendered = email_render(outgoing.template, outgoing.context)
    headers = {
        # RFC 3834: machine-sent, so autoresponders stay quiet.
        "Auto-Submitted": "auto-generated",
        **(outgoing.unsubscribe.headers() if outgoing.unsubscribe else {}),
        **outgoing.extra_headers,
    }
    if outgoing.message_id:
        headers["Message-ID"] = site_message_id(outgoing.message_id)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[outgoing.to],
        headers=headers,
    )
    message.attach_alternative(rendered.html, "text/html")
    return message
