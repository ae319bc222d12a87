"""The request a ``@login_required`` view receives."""

from __future__ import annotations

from typing import TYPE_CHECKING

from apps.core.http import HtmxHttpRequest

if TYPE_CHECKING:
    from apps.accounts.models import User


class AuthedHttpRequest(HtmxHttpRequest):
    """``request.user`` is a real, signed-in User (``@login_required`` has run)."""

    user: User
