"""Reads for crews, each scoped to the person asking.

What a member sees of another comes from programs (planned sessions) and workouts (done
sessions, and, by the member's choice, the names of exercises with a new personal
record). This module cannot import the journal or safety apps (import-linter), so no
mood, check-in, questionnaire or guidance value can reach a crew page.

Query counts are constant in history and in members: one query per kind of fact for
every member at once (``member_weeks``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from apps.accounts.models import User
from apps.programs.feed import TimedEvent
from apps.programs.selectors import plans_for_users
from apps.together import tokens
from apps.together.models import Cheer, Crew, CrewSession, Invite, Membership, Mute, SessionPlace
from apps.workouts.selectors import done_days_for_users, new_bests_for_users

DAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TODAY_PANEL_CHEERS = 5
TODAY_PANEL_DAYS_AHEAD = 7


def memberships_for(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("crew", "crew__created_by")


def membership_in(user: User, crew_id: int) -> Membership | None:
    """The person's membership of a crew, or None: the one door to a crew's pages."""
    return memberships_for(user).filter(crew_id=crew_id).first()


def crew_members(crew: Crew) -> list[Membership]:
    return list(Membership.objects.filter(crew=crew).select_related("user"))


def invite_by_token(token: str) -> Invite | None:
    """The invite a token opens (open or not: the view says which), or None."""
    if not tokens.looks_like_token(token):
        return None
    return (
        Invite.objects.filter(token_hash=tokens.token_hash(token))
        .select_related("crew", "created_by")
        .first()
    )


def open_invites(crew: Crew, now: dt.datetime) -> list[Invite]:
    found = crew.invites.filter(revoked_at__isnull=True, expires_at__gt=now)
    return [invite for invite in found if invite.is_open_at(now)]


def member_name(user: User) -> str:
    """How a crew names a person: their display name, never any part of their email."""
    return user.display_name or "A crew member"


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday to Sunday around ``day``."""
    first = day - dt.timedelta(days=day.weekday())
    return first, first + dt.timedelta(days=6)


@dataclass(frozen=True)
class DayDot:
    day: dt.date
    label: str
    planned: bool
    done: bool

    @property
    def state(self) -> str:
        """done, planned or rest: never "missed" (a planned day that passed is planned)."""
        if self.done:
            return "done"
        return "planned" if self.planned else "rest"


@dataclass(frozen=True)
class MemberWeek:
    membership: Membership
    user: User
    paused: bool
    dots: list[DayDot] = field(default_factory=list)
    trained_today: bool = False
    new_records: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return member_name(self.user)

    @property
    def done_count(self) -> int:
        return sum(dot.done for dot in self.dots)

    @property
    def planned_count(self) -> int:
        return sum(dot.planned for dot in self.dots)


def member_weeks(
    memberships: Sequence[Membership], first: dt.date, last: dt.date, now: dt.datetime
) -> dict[int, MemberWeek]:
    """Each membership's week, by membership id: six queries for any number of members.

    ``first``..``last`` is the viewer's week; each member's sessions count on their own
    local dates, and "trained today" is on the member's own clock.
    """
    sharing = [m for m in memberships if not m.sharing_paused]
    user_ids = {m.user_id for m in sharing}
    # A day either side: a member's "today" may be the viewer's yesterday or tomorrow.
    done = done_days_for_users(user_ids, first - dt.timedelta(days=1), last + dt.timedelta(days=1))
    plans = plans_for_users(user_ids) if user_ids else {}
    records_ids = {m.user_id for m in sharing if m.share_records}
    records = new_bests_for_users(records_ids, first, last) if records_ids else {}
    weeks: dict[int, MemberWeek] = {}
    for membership in memberships:
        user = membership.user
        if membership.sharing_paused:
            weeks[membership.pk] = MemberWeek(membership=membership, user=user, paused=True)
            continue
        plan = plans.get(user.pk)
        planned_days = {p.day for p in plan.between(first, last)} if plan is not None else set()
        done_days = done.get(user.pk, set())
        dots = [
            DayDot(
                day=first + dt.timedelta(days=offset),
                label=DAY_LABELS[offset],
                planned=first + dt.timedelta(days=offset) in planned_days,
                done=first + dt.timedelta(days=offset) in done_days,
            )
            for offset in range(7)
        ]
        weeks[membership.pk] = MemberWeek(
            membership=membership,
            user=user,
            paused=False,
            dots=dots,
            trained_today=now.astimezone(user.zone).date() in done_days,
            new_records=records.get(user.pk, []),
        )
    return weeks


def muted_user_ids(user: User) -> set[int]:
    return set(Mute.objects.filter(user=user).values_list("muted_user_id", flat=True))


def cheers_received(
    user: User, *, crew_ids: Iterable[int], since: dt.datetime, limit: int
) -> list[Cheer]:
    """Cheers to ``user`` in these crews since ``since``, newest first, without muted
    senders (one query)."""
    return list(
        Cheer.objects.filter(recipient=user, crew_id__in=list(crew_ids), sent_at__gte=since)
        .exclude(sender_id__in=Mute.objects.filter(user=user).values("muted_user_id"))
        .select_related("sender", "crew")[:limit]
    )


def upcoming_sessions(
    crew_ids: Iterable[int], *, since: dt.datetime, until: dt.datetime | None = None
) -> list[CrewSession]:
    """Shared sessions from ``since`` (a session under way still shows), with who is in
    (two queries)."""
    found = CrewSession.objects.filter(crew_id__in=list(crew_ids), starts_at__gte=since)
    if until is not None:
        found = found.filter(starts_at__lt=until)
    return list(
        found.select_related("crew").prefetch_related(
            Prefetch("places", queryset=SessionPlace.objects.select_related("user"))
        )
    )


@dataclass(frozen=True)
class TodayCrew:
    crew: Crew
    weeks: list[MemberWeek]


@dataclass(frozen=True)
class TodayPanelData:
    crews: list[TodayCrew]
    cheers: list[Cheer]
    sessions: list[CrewSession]


def today_panel_data(user: User, today: dt.date, now: dt.datetime) -> TodayPanelData | None:
    """Everything Today shows of the person's crews; None (one query) when in none."""
    mine = list(Membership.objects.filter(user=user).values_list("crew_id", flat=True))
    if not mine:
        return None
    everyone = list(Membership.objects.filter(crew_id__in=mine).select_related("user", "crew"))
    first, last = week_of(today)
    weeks = member_weeks(everyone, first, last, now)
    by_crew: dict[int, list[MemberWeek]] = defaultdict(list)
    crews: dict[int, Crew] = {}
    for membership in everyone:
        crews[membership.crew_id] = membership.crew
        if membership.user_id != user.pk:
            by_crew[membership.crew_id].append(weeks[membership.pk])
    return TodayPanelData(
        crews=[
            TodayCrew(crew=crews[crew_id], weeks=by_crew[crew_id])
            for crew_id in sorted(crews, key=lambda pk: (crews[pk].name, pk))
        ],
        cheers=cheers_received(
            user, crew_ids=mine, since=now - dt.timedelta(days=7), limit=TODAY_PANEL_CHEERS
        ),
        sessions=upcoming_sessions(
            mine,
            since=now - dt.timedelta(hours=1),
            until=now + dt.timedelta(days=TODAY_PANEL_DAYS_AHEAD),
        ),
    )


def calendar_events(user: User, first: dt.date, last: dt.date) -> list[TimedEvent]:
    """The person's crews' shared sessions for the calendar feed (named in
    ``settings.STEADY_CALENDAR_EXTRA_EVENTS``). Two queries."""
    crew_ids = Membership.objects.filter(user=user).values("crew_id")
    start = dt.datetime.combine(first, dt.time(0), tzinfo=user.zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=user.zone)
    sessions = CrewSession.objects.filter(
        crew_id__in=crew_ids, starts_at__gte=start, starts_at__lt=end
    ).select_related("crew")
    return [
        TimedEvent(
            uid=f"crew-session-{session.pk}",
            start=session.starts_at,
            minutes=session.minutes,
            summary=f"Training with {session.crew.name} (Steady)",
            description=(
                f"A shared session planned in your crew {session.crew.name}. "
                "Say “I'm in” on Steady. Coming along is always optional."
            ),
        )
        for session in sessions
    ]


@dataclass(frozen=True)
class DigestLine:
    sender_name: str
    crew_name: str
    message: str
    emoji: str


def cheers_for_digest(user: User, start: dt.datetime, end: dt.datetime) -> list[DigestLine]:
    """Cheers received in [start, end), without muted senders, oldest first (one query):
    names and the fixed message only, for the opt-in daily email."""
    cheers = (
        Cheer.objects.filter(recipient=user, sent_at__gte=start, sent_at__lt=end)
        .exclude(sender_id__in=Mute.objects.filter(user=user).values("muted_user_id"))
        .select_related("sender", "crew")
        .order_by("sent_at", "pk")
    )
    return [
        DigestLine(
            sender_name=cheer.sender.display_name or "Someone in your crew",
            crew_name=cheer.crew.name,
            message=cheer.get_message_display(),
            emoji=cheer.emoji,
        )
        for cheer in cheers
    ]


def join_url(token: str) -> str:
    return reverse("together:join", kwargs={"token": token})
