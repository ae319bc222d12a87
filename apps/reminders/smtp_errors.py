"""Temporary or permanent? Sorting SMTP failures for the retry decision. Pure Python.

RFC 5321 §4.2.1: 4yz replies are transient ("try again later"), 5yz replies are
permanent ("do not repeat this exact request"). Network trouble (refused connection,
timeout, a dropped link) is transient too: the server may be back in a minute.
"""

from __future__ import annotations

import smtplib
import socket
from dataclasses import dataclass
from typing import Literal

Verdict = Literal["temporary", "permanent"]


@dataclass(frozen=True)
class SmtpFailure:
    verdict: Verdict
    summary: str  # status code and class only: message content never goes in a log


def _from_code(code: int, what: str) -> SmtpFailure:
    verdict: Verdict = "temporary" if 400 <= code < 500 else "permanent"
    return SmtpFailure(verdict, f"{what} {code}")


def classify_smtp_error(error: BaseException) -> SmtpFailure:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _reply in error.recipients.values()]
        # Retry only if every refusal was temporary.
        if codes and all(400 <= code < 500 for code in codes):
            return SmtpFailure("temporary", f"recipient refused {codes[0]}")
        return SmtpFailure("permanent", f"recipient refused {codes[0] if codes else '?'}")
    if isinstance(error, smtplib.SMTPResponseException):
        return _from_code(error.smtp_code, type(error).__name__)
    if isinstance(
        error, smtplib.SMTPServerDisconnected | ConnectionError | socket.timeout | OSError
    ):
        return SmtpFailure("temporary", type(error).__name__)
    return SmtpFailure("permanent", type(error).__name__)
