"""Request types for views: HTMX details, and a signed-in user for login_required views."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from apps.accounts.models import User


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class AuthedHttpRequest(HtmxHttpRequest):
    """What a ``@login_required`` view receives: ``request.user`` is a real User."""

    user: User
