"""Who may reach each summary URL (see tests/authz.py)."""

from __future__ import annotations

import secrets
from typing import Any

from django.utils import timezone

from apps.accounts.models import User
from apps.summary.models import ShareLink
from tests.authz import Case
from tests.summary.builders import link_for

Kwargs = dict[str, Any]


def own_link(owner: User) -> Kwargs:
    return {"pk": link_for(owner)[0].pk}


def open_link(owner: User) -> Kwargs:
    return {"token": link_for(owner)[1]}


def revoked_link(owner: User) -> Kwargs:
    link, token = link_for(owner)
    ShareLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    return {"token": token}


def unknown_link(owner: User) -> Kwargs:
    link_for(owner)
    return {"token": secrets.token_urlsafe(32)}


CASES = [
    Case("summary:summary", "login"),
    Case("summary:summary", "login", query="?journal_notes=on&safety_plan=on&session_notes=on"),
    Case("summary:pdf", "login"),
    Case("summary:links", "login", notes="Making a link (POST) asks for the password again."),
    Case("summary:link_revoke", "owner", make_kwargs=own_link, method="post", owner_status=302),
    Case("summary:shared", "token", make_kwargs=open_link, make_bad_kwargs=revoked_link),
    Case(
        "summary:shared",
        "token",
        make_kwargs=open_link,
        make_bad_kwargs=unknown_link,
        notes="an unknown token",
    ),
    Case("summary:shared_pdf", "token", make_kwargs=open_link, make_bad_kwargs=revoked_link),
]
