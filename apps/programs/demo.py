"""Demo data: the demo person follows the machine foundation, started about 5 weeks ago.

Idempotent: an existing enrollment is left alone, so the run command can call this on
every start. Runs before the workouts seed, which logs sessions on the planned days.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from apps.programs.catalog import catalog_sync_current
from apps.programs.models import CalendarFeed, Enrollment, EnrollmentPause, Program

if TYPE_CHECKING:
    from apps.accounts.models import User

DEMO_PROGRAM_SLUG = "machine-foundation"
DEMO_WEEKDAYS = [0, 2, 4]


def _monday_weeks_ago(today: dt.date, weeks: int) -> dt.date:
    return today - dt.timedelta(days=today.weekday() + 7 * weeks)


def seed_demo(user: User) -> None:
    """Enroll the demo user (with one short past pause) and give them a calendar link."""
    if not Program.objects.filter(slug=DEMO_PROGRAM_SLUG, owner__isnull=True).exists():
        catalog_sync_current()
    if not Enrollment.objects.filter(user=user).exists():
        today = user.local_today()
        start = _monday_weeks_ago(today, 5)
        enrollment = Enrollment.objects.create(
            user=user,
            program=Program.objects.get(slug=DEMO_PROGRAM_SLUG, owner__isnull=True),
            start_date=start,
            weekdays=DEMO_WEEKDAYS,
        )
        # A few days off with a cold in week 3: the plan simply waited.
        pause_start = start + dt.timedelta(days=16)
        EnrollmentPause.objects.create(
            enrollment=enrollment,
            start_date=pause_start,
            end_date=pause_start + dt.timedelta(days=4),
        )
    if not CalendarFeed.objects.filter(user=user).exists():
        CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))
