"""The journal's panel on the Today page: a quick check-in, and the PHQ-9 when it is due.

Enabled by listing ``apps.journal.panels.today_panel`` in ``settings.STEADY_TODAY_PANELS``.
Two queries, whatever the history.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.http import HttpRequest

from apps.journal import selectors
from apps.programs.panels import Panel

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.programs.schedule import PlannedSession


def today_panel(
    request: HttpRequest, user: User, today: dt.date, planned: PlannedSession | None
) -> Panel | None:
    """Offer a daily check-in (if none yet today) and the PHQ-9 (at the start, then every
    14 days). Both are offers: nothing is shown once neither applies."""
    checked_in = selectors.has_checkin_on(user, today)
    last_check = selectors.last_depression_check(user)
    phq9_due = last_check is None or (today - last_check).days >= 14
    if checked_in and not phq9_due:
        return None
    return Panel(
        template="journal/_today_panel.html",
        context={
            "journal_checked_in": checked_in,
            "journal_phq9_due": phq9_due,
            "journal_phq9_first": last_check is None,
        },
    )
