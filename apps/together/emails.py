"""The invite email: subject, text and HTML from ``templates/emails/crew_invite/``.

The same three-template layout as every Steady email (apps.reminders.emails renders
reminders, above this app). An invite goes to someone who may have no account yet, so
it is not a reminder: no outbox row, no unsubscribe link (nothing repeats), sent once
after the invite is saved. It names the crew and the inviter only.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def invite_email_send(*, to: str, context: dict[str, Any]) -> None:
    ctx = {"site_url": settings.STEADY_SITE_URL, **context}
    subject = " ".join(render_to_string("emails/crew_invite/subject.txt", ctx).split())
    text = render_to_string("emails/crew_invite/body.txt", ctx).strip() + "\n"
    html = render_to_string("emails/crew_invite/body.html", ctx)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    message.send(fail_silently=False)
