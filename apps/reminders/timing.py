"""When a reminder fires: local wall-clock times turned into UTC instants. Pure Python.

Every reminder is stored as one UTC instant (``ReminderSchedule.next_fire_at``) computed
from the person's IANA zone with :mod:`zoneinfo`. Two DST rules, both chosen so a person
never gets a reminder twice or not at all:

- **Gap** (spring forward): a local time that does not exist that day, such as 02:30 in
  New York on the second Sunday of March, fires at the first minute that does exist
  after the jump (03:00). Lord Howe Island's 30-minute shift is handled the same way.
- **Overlap** (fall back): a local time that happens twice fires once, at its first
  occurrence (``fold=0``, PEP 495); the next reminder is the next local date's.

Quiet hours push a reminder to the moment they end, never earlier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

UTC = dt.UTC
# A DST jump is at most two hours anywhere in the tz database (Troll station, Antarctica).
_LONGEST_GAP_MINUTES = 180


@dataclass(frozen=True)
class QuietHours:
    """A daily window with no emails. ``start > end`` means it spans midnight."""

    start: dt.time
    end: dt.time

    def contains(self, moment: dt.time) -> bool:
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end

    def describe(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


def exists_locally(naive: dt.datetime, zone: ZoneInfo) -> bool:
    """False for wall-clock times skipped by a DST jump."""
    aware = naive.replace(tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive


def resolve_local(day: dt.date, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The UTC instant for ``at`` on ``day`` in ``zone`` (gap → after the jump, overlap → first)."""
    naive = dt.datetime.combine(day, at.replace(second=0, microsecond=0, tzinfo=None))
    if not exists_locally(naive, zone):
        # Walk forward minute by minute to the first wall-clock time that exists: the
        # moment the clocks jumped to (03:00 for a 02:00→03:00 jump).
        naive = naive.replace(second=0, microsecond=0)
        for _ in range(_LONGEST_GAP_MINUTES):
            naive += dt.timedelta(minutes=1)
            if exists_locally(naive, zone):
                break
    return naive.replace(tzinfo=zone, fold=0).astimezone(UTC)


def outside_quiet_hours(
    instant: dt.datetime, zone: ZoneInfo, quiet: QuietHours | None
) -> dt.datetime:
    """``instant`` itself, or the end of the quiet hours it falls in (UTC)."""
    if quiet is None:
        return instant
    local = instant.astimezone(zone)
    if not quiet.contains(local.time().replace(tzinfo=None)):
        return instant
    end_day = local.date()
    if quiet.start > quiet.end and local.time().replace(tzinfo=None) >= quiet.start:
        end_day += dt.timedelta(days=1)
    return resolve_local(end_day, quiet.end, zone)


def fire_on(day: dt.date, at: dt.time, zone: ZoneInfo, quiet: QuietHours | None) -> dt.datetime:
    """The instant a reminder set for ``at`` on the local ``day`` is actually sent."""
    return outside_quiet_hours(resolve_local(day, at, zone), zone, quiet)


def next_fire_after(
    after: dt.datetime,
    *,
    zone: ZoneInfo,
    at: dt.time,
    quiet: QuietHours | None = None,
    weekday: int | None = None,
    not_before_day: dt.date | None = None,
) -> dt.datetime:
    """The first send instant strictly after ``after`` for a daily (or weekly) local time.

    ``weekday`` (Monday = 0) makes it weekly. ``not_before_day`` starts the search on a
    later local date (PHQ-9 due dates, the 10-day lapse note).
    """
    day = after.astimezone(zone).date() - dt.timedelta(days=1)
    if not_before_day is not None and not_before_day > day:
        day = not_before_day
    for _ in range(400):
        if weekday is None or day.weekday() == weekday:
            candidate = fire_on(day, at, zone, quiet)
            if candidate > after:
                return candidate
        day += dt.timedelta(days=1)
    raise ValueError("no fire time found within a year")  # pragma: no cover - unreachable


def local_day_of(instant: dt.datetime, zone: ZoneInfo) -> dt.date:
    return instant.astimezone(zone).date()


def default_workout_time(usual_starts: list[dt.time]) -> dt.time:
    """One hour before the person's usual start time, else 08:00 (issue #7).

    The usual time is the median local start of recent sessions (at least three, so one
    odd evening does not move it), rounded down to a quarter hour.
    """
    if len(usual_starts) < 3:
        return dt.time(8, 0)
    minutes = sorted(t.hour * 60 + t.minute for t in usual_starts)
    median = minutes[len(minutes) // 2]
    reminder = max(median - 60, 0)
    reminder -= reminder % 15
    return dt.time(reminder // 60, reminder % 60)


def usual_start_time(usual_starts: list[dt.time]) -> dt.time | None:
    """The median local start time of recent sessions, or None with fewer than three."""
    if len(usual_starts) < 3:
        return None
    minutes = sorted(t.hour * 60 + t.minute for t in usual_starts)
    median = minutes[len(minutes) // 2]
    median -= median % 15
    return dt.time(median // 60, median % 60)


def retry_delay(attempt: int, *, base_seconds: int, cap_seconds: int, jitter: float = 0.0) -> int:
    """Capped exponential backoff: base × 2^(attempt−1), at most ``cap_seconds``.

    ``jitter`` in [0, 1) spreads retries over the last 20 % below the delay so a recovering
    SMTP server is not hit by every waiting message at once. The cap must stay well below
    the Redis visibility timeout (Celery docs, "Redis: visibility timeout"), otherwise an
    unacknowledged countdown message is redelivered while it still waits.
    """
    delay = min(base_seconds * 2 ** max(attempt - 1, 0), cap_seconds)
    return max(1, int(delay - delay * 0.2 * jitter))


# How long each kind stays useful after its time: a later reminder would only confuse.
# Sends past this are skipped, and retries of temporary failures stop here (EXPIRED).
LATENESS_LIMITS: dict[str, dt.timedelta] = {
    "workout": dt.timedelta(hours=3),
    "checkin_prompt": dt.timedelta(hours=4),
    "weekly_summary": dt.timedelta(hours=24),
    "phq9_due": dt.timedelta(hours=48),
    "lapse_note": dt.timedelta(hours=48),
    # The day's cheers are still the day's until bedtime.
    "cheers_digest": dt.timedelta(hours=4),
}


def useful_until(kind: str, scheduled_for: dt.datetime) -> dt.datetime:
    return scheduled_for + LATENESS_LIMITS[kind]


def is_too_late(kind: str, scheduled_for: dt.datetime, now: dt.datetime) -> bool:
    return now > useful_until(kind, scheduled_for)


# --- Facts-based reminders: decide from dates only -------------------------------------

PHQ9_INTERVAL_DAYS = 14  # DOMAIN.md: PHQ-9 "at start and every 2 weeks"
LAPSE_AFTER_DAYS = 10  # issue #7: a gentle note after 10 days without a session


@dataclass(frozen=True)
class Decision:
    """Send now or not, and the first local date worth looking again (None: tomorrow)."""

    send: bool
    next_day: dt.date | None


def decide_phq9(
    today: dt.date, last_phq9: dt.date | None, last_reminder: dt.date | None
) -> Decision:
    """PHQ-9 due 14 days after the last one; never more than one reminder per 14 days."""
    due = today if last_phq9 is None else last_phq9 + dt.timedelta(days=PHQ9_INTERVAL_DAYS)
    if last_reminder is not None:
        due = max(due, last_reminder + dt.timedelta(days=PHQ9_INTERVAL_DAYS))
    if due <= today:
        return Decision(send=True, next_day=today + dt.timedelta(days=PHQ9_INTERVAL_DAYS))
    return Decision(send=False, next_day=due)


def decide_lapse(
    today: dt.date, last_session: dt.date | None, last_note: dt.date | None
) -> Decision:
    """One note after 10 days without a session, at most once per lapse.

    A lapse ends with the next session, so a note written after the last session means
    this lapse already had its note. Someone who never trained has no lapse.
    """
    if last_session is None:
        return Decision(send=False, next_day=None)
    if last_note is not None and last_note > last_session:
        return Decision(send=False, next_day=None)
    due = last_session + dt.timedelta(days=LAPSE_AFTER_DAYS)
    if due <= today:
        return Decision(send=True, next_day=None)
    return Decision(send=False, next_day=due)
