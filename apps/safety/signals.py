"""Safety's receivers: guidance that changes the plan acts as soon as the data changes."""

from __future__ import annotations

from typing import Any

from apps.journal.models import CheckIn
from apps.safety.services import session_holds_refresh


def refresh_holds_after_checkin(sender: Any, *, checkin: CheckIn, **kwargs: Any) -> None:
    """A check-in was saved or deleted: re-apply the holds of the session under way."""
    user = checkin.user
    session_holds_refresh(user=user, today=user.local_today())
