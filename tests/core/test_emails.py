"""The one email helper: three templates in, a multipart message with headers out."""

from __future__ import annotations

import smtplib
from email import message_from_bytes, policy

import pytest
from django.test import override_settings

from apps.core.emails import OutgoingEmail, Unsubscribe, email_build, email_render
from apps.reminders.smtp_errors import classify_smtp_error

CONTEXT = {
    "greeting_name": "Sam & Alex",
    "kind_phrase": "workout-day reminders",
    "unsubscribe_url": "https://steady.example/reminders/unsubscribe/abc:def/",
    "preferences_url": "https://steady.example/reminders/",
    "crisis_url": "https://steady.example/safety/help/",
    "session_name": "Session <B> & friends",
    "minutes": 30,
    "is_deload": False,
    "usual_time": "18:00",
    "today_url": "https://steady.example/programs/today/",
}


def test_render_gives_one_line_subject_plain_text_and_escaped_html() -> None:
    rendered = email_render("reminder_workout", CONTEXT)
    assert rendered.subject == "Session <B> & friends is on your plan today: 30 minutes"
    assert "\n" not in rendered.subject
    assert "Session <B> & friends is on your plan for today, around 18:00: 30 minutes." in (
        rendered.text
    )
    assert "a shorter session counts, and so does rest" in rendered.text
    assert "Session &lt;B&gt; &amp; friends" in rendered.html
    assert "Hi Sam &amp; Alex," in rendered.html
    assert "Hi Sam & Alex," in rendered.text


@override_settings(DEFAULT_FROM_EMAIL="Steady <hello@steady.example>")
def test_build_is_multipart_with_rfc8058_headers() -> None:
    message = email_build(
        OutgoingEmail(
            template="reminder_workout",
            to="sam@example.com",
            context=CONTEXT,
            unsubscribe=Unsubscribe(
                url=CONTEXT["unsubscribe_url"], mailto="mailto:unsubscribe@steady.example"
            ),
        )
    )
    parsed = message_from_bytes(message.message().as_bytes(), policy=policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in parsed.iter_parts()] == ["text/plain", "text/html"]
    assert parsed["List-Unsubscribe"] == (
        "<https://steady.example/reminders/unsubscribe/abc:def/>, "
        "<mailto:unsubscribe@steady.example>"
    )
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed["To"] == "sam@example.com"


@pytest.mark.parametrize(
    ("error", "verdict", "summary"),
    [
        (smtplib.SMTPDataError(451, b"later"), "temporary", "SMTPDataError 451"),
        (smtplib.SMTPDataError(550, b"no"), "permanent", "SMTPDataError 550"),
        (smtplib.SMTPSenderRefused(421, b"busy", "a@b"), "temporary", "SMTPSenderRefused 421"),
        (
            smtplib.SMTPRecipientsRefused({"a@b": (450, b"greylisted")}),
            "temporary",
            "recipient refused 450",
        ),
        (
            smtplib.SMTPRecipientsRefused({"a@b": (550, b"unknown")}),
            "permanent",
            "recipient refused 550",
        ),
        (smtplib.SMTPServerDisconnected("gone"), "temporary", "SMTPServerDisconnected"),
        (ConnectionRefusedError(), "temporary", "ConnectionRefusedError"),
        (TimeoutError(), "temporary", "TimeoutError"),
        (ValueError("bad header"), "permanent", "ValueError"),
    ],
)
def test_classify_smtp_error(error: BaseException, verdict: str, summary: str) -> None:
    failure = classify_smtp_error(error)
    assert (failure.verdict, failure.summary) == (verdict, summary)
