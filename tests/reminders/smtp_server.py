"""A real SMTP server on 127.0.0.1 (aiosmtpd) that answers from a script.

Each DATA command takes the next scripted reply ("451 …", "550 …"); with the script
empty it answers 250 and keeps the message. Only messages answered with 250 count as
received, exactly like a real mail server. ``on_data`` and ``on_quit`` let a test act at
an exact moment of the exchange (kill the worker, drop its database connection).
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    content: bytes

    def parsed(self) -> EmailMessage:
        message = email.message_from_bytes(self.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        return message


@dataclass
class ScriptedHandler:
    replies: deque[str] = field(default_factory=deque)
    # Scripted replies for one recipient, used before the shared ``replies``.
    replies_for: dict[str, deque[str]] = field(default_factory=dict)
    attempts_by_recipient: dict[str, int] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    attempts: int = 0
    # Called with the 1-based attempt number before replying; may return a reply.
    on_data: Callable[[int], str | None] | None = None
    # Called when a client says QUIT (after its message was answered), before "221 Bye".
    on_quit: Callable[[], None] | None = None
    quits: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.attempts += 1
            attempt = self.attempts
            for rcpt in envelope.rcpt_tos:
                self.attempts_by_recipient[rcpt] = self.attempts_by_recipient.get(rcpt, 0) + 1
            own = [self.replies_for[r] for r in envelope.rcpt_tos if self.replies_for.get(r)]
            if own:
                reply = own[0].popleft()
            elif self.replies:
                reply = self.replies.popleft()
            else:
                reply = "250 Message accepted"
        if self.on_data is not None:
            reply = self.on_data(attempt) or reply
        if reply.startswith("250"):
            with self.lock:
                self.received.append(
                    Received(
                        mail_from=envelope.mail_from,
                        rcpt_tos=tuple(envelope.rcpt_tos),
                        content=bytes(envelope.original_content or envelope.content),
                    )
                )
        return reply

    async def handle_QUIT(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.quits += 1
        if self.on_quit is not None:
            self.on_quit()
        return "221 Bye"

    def recipients(self) -> list[str]:
        with self.lock:
            return [rcpt for message in self.received for rcpt in message.rcpt_tos]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class RunningSmtp:
    handler: ScriptedHandler
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"


@contextmanager
def smtp_server(*replies: str) -> Iterator[RunningSmtp]:
    handler = ScriptedHandler(replies=deque(replies))
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield RunningSmtp(handler=handler, host="127.0.0.1", port=port)
    finally:
        controller.stop()
