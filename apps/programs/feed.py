"""The private iCalendar feed of planned sessions (RFC 5545, built with ``icalendar``).

Each planned session is an all-day event: we know the day, not the hour. Apps above
programs add timed events through ``settings.STEADY_CALENDAR_EXTRA_EVENTS`` (a crew's
shared session times). The feed holds the plan only (session names, minutes, exercises),
never anything from the journal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from icalendar import Calendar, Event

from apps.programs.schedule import EffectivePrescription, PlannedSession

# The feed looks back a little (so this week's earlier days stay visible) and at least
# the next 8 weeks ahead; 12 keeps a phone calendar useful between refreshes.
FEED_DAYS_BEHIND = 14
FEED_DAYS_AHEAD = 12 * 7
PRODID = "-//Steady//Training plan//EN"


@dataclass(frozen=True)
class TimedEvent:
    """An event at a known instant (stored in UTC; calendars show it on their own clock)."""

    uid: str
    start: dt.datetime
    minutes: int
    summary: str
    description: str


def feed_window(today: dt.date) -> tuple[dt.date, dt.date]:
    return today - dt.timedelta(days=FEED_DAYS_BEHIND), today + dt.timedelta(days=FEED_DAYS_AHEAD)


def session_description(
    planned: PlannedSession, prescriptions: Sequence[EffectivePrescription]
) -> str:
    lines = [f"{planned.program_name}, week {planned.week_number} of {planned.total_weeks}."]
    if planned.is_deload:
        lines.append("Lighter week: fewer sets and easier effort.")
    lines.append(f"About {planned.minutes} minutes.")
    if prescriptions:
        lines.append("")
        lines.extend(f"- {rx.exercise_name}: {rx.amount_text}" for rx in prescriptions)
    lines.append("")
    lines.append("Rest days are part of the program. Missing a day is fine: pick up next time.")
    return "\n".join(lines)


def build_calendar(
    sessions: Sequence[PlannedSession],
    prescriptions: dict[dt.date, list[EffectivePrescription]],
    *,
    host: str,
    stamp: dt.datetime,
    open_url: str = "",
    timed: Sequence[TimedEvent] = (),
) -> bytes:
    """An ``.ics`` document with one all-day event per planned session, then ``timed``."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Steady training plan")
    calendar.add("x-published-ttl", "PT6H")
    calendar.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    for planned in sessions:
        event = Event()
        event.add("uid", f"enrollment-{planned.enrollment_id}-{planned.day.isoformat()}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", planned.day)
        event.add("dtend", planned.day + dt.timedelta(days=1))
        event.add("summary", f"{planned.name} · {planned.minutes} min (Steady)")
        event.add(
            "description",
            session_description(planned, prescriptions.get(planned.day, [])),
        )
        event.add("transp", "TRANSPARENT")
        if open_url:
            event.add("url", open_url)
        calendar.add_component(event)
    for item in timed:
        event = Event()
        event.add("uid", f"{item.uid}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start.astimezone(dt.UTC))
        event.add("dtend", item.start.astimezone(dt.UTC) + dt.timedelta(minutes=item.minutes))
        event.add("summary", item.summary)
        event.add("description", item.description)
        if open_url:
            event.add("url", open_url)
        calendar.add_component(event)
    document: bytes = calendar.to_ical()
    return document
