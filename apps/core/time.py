"""Server-side dates. People's own dates come from ``User.local_today()``."""

import datetime as dt

from django.utils import timezone


def utc_today() -> dt.date:
    return timezone.now().date()
