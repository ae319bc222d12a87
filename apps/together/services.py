"""Writes for crews: making and joining them, sharing, cheers and shared sessions.

Each service takes the rows it works on; views fetch them through selectors that are
scoped to members (a stranger never reaches a service with someone else's crew).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.together import tokens
from apps.together.models import (
    INVITE_DAYS_DEFAULT,
    MAX_MEMBERS,
    Cheer,
    CheerEmoji,
    CheerMessage,
    Crew,
    CrewSession,
    Invite,
    Membership,
    Mute,
    SessionPlace,
)

INVITE_DAYS_CHOICES = (1, 7, 30)


class CrewError(Exception):
    """A request that cannot be done, with a kind sentence to show the person."""


class InviteUnavailable(CrewError):
    pass


class CrewFull(CrewError):
    pass


@transaction.atomic
def crew_create(*, user: User, name: str) -> Crew:
    """A new crew with its maker as the first member and keeper."""
    crew = Crew.objects.create(name=name.strip(), created_by=user)
    Membership.objects.create(crew=crew, user=user)
    return crew


def invite_create(
    *,
    crew: Crew,
    by: User,
    single_use: bool = True,
    days: int = INVITE_DAYS_DEFAULT,
    email: str = "",
) -> tuple[Invite, str]:
    """A new invite and its token, returned once: only the token's hash is stored."""
    if days not in INVITE_DAYS_CHOICES:
        raise ValueError(f"An invite lasts 1, 7 or 30 days, not {days}.")
    token = tokens.new_token()
    now = timezone.now()
    invite = Invite.objects.create(
        crew=crew,
        created_by=by,
        token_hash=tokens.token_hash(token),
        email=email,
        single_use=single_use,
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    return invite, token


def invite_revoke(*, invite: Invite) -> None:
    """The link stops working at once; revoking twice keeps the first time."""
    Invite.objects.filter(pk=invite.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def crew_join(*, user: User, invite: Invite, now: dt.datetime | None = None) -> Membership:
    """Join the invite's crew. Someone already in it stays in it (the invite is not used).

    The invite row is locked, so two people opening a single-use link at once cannot
    both get in, and a crew never grows past ``MAX_MEMBERS``.
    """
    now = now or timezone.now()
    locked = Invite.objects.select_for_update().select_related("crew").get(pk=invite.pk)
    existing = Membership.objects.filter(crew_id=locked.crew_id, user=user).first()
    if existing is not None:
        return existing
    if not locked.is_open_at(now):
        raise InviteUnavailable("This invite link is no longer available.")
    if Membership.objects.filter(crew_id=locked.crew_id).count() >= MAX_MEMBERS:
        raise CrewFull(f"This crew already has {MAX_MEMBERS} people, the most a crew can have.")
    membership = Membership.objects.create(crew_id=locked.crew_id, user=user, joined_at=now)
    Invite.objects.filter(pk=locked.pk).update(use_count=locked.use_count + 1)
    return membership


def membership_update_sharing(
    *, membership: Membership, sharing_paused: bool, share_records: bool
) -> Membership:
    membership.sharing_paused = sharing_paused
    membership.share_records = share_records
    membership.save(update_fields=["sharing_paused", "share_records"])
    return membership


@transaction.atomic
def membership_leave(*, membership: Membership) -> Crew | None:
    """Leave a crew at once. A keeper who leaves hands it to the longest-standing member;
    the last person to leave takes the crew with them. Returns the crew if it remains."""
    crew = Crew.objects.select_for_update().get(pk=membership.crew_id)
    user_id = membership.user_id
    membership.delete()
    # Their own invite links stop working with them; their "I'm in"s go too.
    Invite.objects.filter(crew=crew, created_by_id=user_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    SessionPlace.objects.filter(session__crew=crew, user_id=user_id).delete()
    remaining = Membership.objects.filter(crew=crew).order_by("joined_at", "pk").first()
    if remaining is None:
        crew.delete()
        return None
    if crew.created_by_id in (None, user_id):
        crew.created_by_id = remaining.user_id
        crew.save(update_fields=["created_by"])
    return crew


def member_remove(*, crew: Crew, membership: Membership) -> Crew | None:
    """The keeper takes someone out of the crew (they lose access at once)."""
    if membership.crew_id != crew.pk:
        raise CrewError("That person is not in this crew.")
    return membership_leave(membership=membership)


def crew_hand_over(*, crew: Crew, to: Membership) -> Crew:
    """Make another member the keeper."""
    if to.crew_id != crew.pk:
        raise CrewError("That person is not in this crew.")
    crew.created_by_id = to.user_id
    crew.save(update_fields=["created_by"])
    return crew


def crews_hand_over_for_deletion(*, user: User) -> None:
    """Before an account is deleted: leave every crew, handing over or deleting each one
    it kept (named in ``settings.STEADY_BEFORE_ACCOUNT_DELETION``). Cheers, mutes and
    places go with the user row (CASCADE)."""
    for membership in Membership.objects.filter(user=user).order_by("pk"):
        membership_leave(membership=membership)
    # A crew whose keeper is this person but who is no longer in it (not expected).
    for crew in Crew.objects.filter(created_by=user):
        remaining = Membership.objects.filter(crew=crew).order_by("joined_at", "pk").first()
        if remaining is None:
            crew.delete()
        else:
            crew_hand_over(crew=crew, to=remaining)


def cheer_send(
    *, crew: Crew, sender: User, recipient: User, message: str, emoji: str = ""
) -> Cheer:
    """One cheer from the fixed list. Both people must be in the crew; nobody cheers
    themselves. The same cheer to the same person on the same day is kept once."""
    if message not in CheerMessage.values or emoji not in CheerEmoji.values:
        raise CrewError("Choose one of the cheers on the list.")
    if sender.pk == recipient.pk:
        raise CrewError("Cheers go to someone else in your crew.")
    members = set(Membership.objects.filter(crew=crew).values_list("user_id", flat=True))
    if sender.pk not in members or recipient.pk not in members:
        raise CrewError("That person is not in this crew.")
    now = timezone.now()
    since = now - dt.timedelta(hours=20)
    same = Cheer.objects.filter(
        crew=crew, sender=sender, recipient=recipient, message=message, sent_at__gte=since
    ).first()
    if same is not None:
        return same
    return Cheer.objects.create(
        crew=crew, sender=sender, recipient=recipient, message=message, emoji=emoji, sent_at=now
    )


def mute_set(*, user: User, muted_user: User, muted: bool) -> None:
    """Stop (or start again) seeing cheers from ``muted_user``. They are not told."""
    if muted:
        Mute.objects.get_or_create(user=user, muted_user=muted_user)
    else:
        Mute.objects.filter(user=user, muted_user=muted_user).delete()


def local_instant(day: dt.date, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The instant ``day`` at ``at`` names on the clock of ``zone``.

    A time that a daylight-saving change skips (02:30 on the spring-forward night) is
    moved forward by the gap, as a phone's clock would read it (PEP 495: fold=0 takes the
    offset from before the change); an ambiguous time (autumn) is its first occurrence.
    """
    return dt.datetime.combine(day, at, tzinfo=zone).astimezone(dt.UTC)


def crew_session_plan(
    *, crew: Crew, by: User, day: dt.date, at: dt.time, minutes: int = 45
) -> CrewSession:
    """A shared session at ``day`` ``at`` on the planner's own clock; the planner is in."""
    with transaction.atomic():
        session = CrewSession.objects.create(
            crew=crew, starts_at=local_instant(day, at, by.zone), minutes=minutes
        )
        SessionPlace.objects.create(session=session, user=by)
    return session


def crew_session_cancel(*, session: CrewSession) -> None:
    """Take a shared session off everyone's Today and calendar feed."""
    session.delete()


def session_place_set(*, session: CrewSession, user: User, going: bool) -> None:
    """“I'm in”, or not any more."""
    if going:
        SessionPlace.objects.get_or_create(session=session, user=user)
    else:
        SessionPlace.objects.filter(session=session, user=user).delete()
