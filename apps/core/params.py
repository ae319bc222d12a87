"""Numbers and dates read from query strings and raw form values, the one way to do it.

Python's parsers accept more than a URL should carry: ``"²".isdigit()`` is true while
``int("²")`` fails, ``int()`` takes any size while the database does not, and a valid date
near the ends of the calendar overflows as soon as a week is added to it. These return
``None`` for anything but plain ASCII digits in range, and the caller picks its default
(or answers 404).
"""

from __future__ import annotations

import datetime as dt
import re

_DIGITS = re.compile(r"[0-9]{1,19}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The largest value of a 64-bit database column (ids are BigAutoField).
LARGEST_INTEGER = 2**63 - 1
# No list has this many pages; a bigger number would overflow the database's OFFSET.
LARGEST_PAGE = 10**6
# Far enough either way for any real plan or history, far from datetime's limits.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)


def int_param(value: str | None, *, minimum: int = 0, maximum: int = LARGEST_INTEGER) -> int | None:
    """``value`` as a whole number in ``[minimum, maximum]``, else ``None``."""
    if value is None or not _DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def date_param(value: str | None) -> dt.date | None:
    """``value`` as a ``YYYY-MM-DD`` date between 1900 and 2199, else ``None``."""
    if value is None or not _ISO_DATE.fullmatch(value):
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return day if EARLIEST_DATE <= day <= LATEST_DATE else None
