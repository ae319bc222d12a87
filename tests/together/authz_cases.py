"""Who may reach each crew URL (see tests/authz.py; members and ex-members in
tests/together/test_authz_roles.py).

``owner`` here is the crew's keeper (who made it), with one other member.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.utils import timezone

from apps.accounts.models import User
from apps.together.models import Crew, Invite, Membership
from apps.together.services import crew_create, crew_session_plan, invite_create, invite_revoke
from tests.authz import Case
from tests.factories import UserFactory
from tests.together.builders import crew_of

Kwargs = dict[str, Any]


def own_crew(owner: User) -> Kwargs:
    return {"pk": crew_of(owner).pk}


def own_invite(owner: User) -> Kwargs:
    crew = crew_of(owner)
    invite, _ = invite_create(crew=crew, by=owner)
    return {"pk": crew.pk, "invite_pk": invite.pk}


def other_member(owner: User) -> Kwargs:
    crew = crew_of(owner)
    other = Membership.objects.filter(crew=crew).exclude(user=owner).get()
    return {"pk": crew.pk, "member_pk": other.pk}


def own_session(owner: User) -> Kwargs:
    crew = crew_of(owner)
    session = crew_session_plan(
        crew=crew, by=owner, day=owner.local_today() + dt.timedelta(days=1), at=dt.time(18)
    )
    return {"pk": crew.pk, "session_pk": session.pk}


def invited_token(owner: User) -> Kwargs:
    """An open invite to someone else's crew, for ``owner`` to open."""
    keeper = UserFactory()
    _, token = invite_create(crew=crew_create(user=keeper, name="Evening crew"), by=keeper)
    return {"token": token}


def revoked_token(owner: User) -> Kwargs:
    keeper = UserFactory()
    invite, token = invite_create(crew=crew_create(user=keeper, name="Evening crew"), by=keeper)
    invite_revoke(invite=invite)
    return {"token": token}


def unknown_token(owner: User) -> Kwargs:
    return {"token": secrets.token_urlsafe(32)}


def expired_token(owner: User) -> Kwargs:
    keeper = UserFactory()
    invite, token = invite_create(crew=crew_create(user=keeper, name="Evening crew"), by=keeper)
    Invite.objects.filter(pk=invite.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    return {"token": token}


def _the_other_member() -> Membership:
    """The non-keeper of the crew just made (whoever posts: keeper or stranger)."""
    crew = Crew.objects.latest("pk")
    return Membership.objects.filter(crew=crew).exclude(user_id=crew.created_by_id).get()


def other_user_id(owner: User) -> dict[str, Any]:
    return {"user": _the_other_member().user_id}


def other_membership_id(owner: User) -> dict[str, Any]:
    return {"member": _the_other_member().pk}


def cheer_data(owner: User) -> dict[str, Any]:
    return {"recipient": _the_other_member().user_id, "message": "nice_work", "emoji": ""}


def session_data(owner: User) -> dict[str, Any]:
    tomorrow = owner.local_today() + dt.timedelta(days=1)
    return {"day": tomorrow.isoformat(), "at": "18:30", "minutes": "45"}


CASES = [
    Case("together:crews", "login"),
    Case("together:crews", "login", method="post", data=lambda u: {"name": "Us"}, owner_status=302),
    Case("together:crew", "owner", make_kwargs=own_crew),
    Case(
        "together:invite_create",
        "owner",
        make_kwargs=own_crew,
        method="post",
        data=lambda u: {"single_use": "1", "days": "7"},
        notes="Shows the link once (200).",
    ),
    Case(
        "together:invite_email",
        "owner",
        make_kwargs=own_crew,
        method="post",
        data=lambda u: {"email": "friend@example.org", "days": "7"},
        owner_status=302,
    ),
    Case(
        "together:invite_revoke", "owner", make_kwargs=own_invite, method="post", owner_status=302
    ),
    Case("together:join", "token", make_kwargs=invited_token, make_bad_kwargs=revoked_token),
    Case(
        "together:join",
        "token",
        make_kwargs=invited_token,
        make_bad_kwargs=unknown_token,
        notes="an unknown token",
    ),
    Case(
        "together:join",
        "token",
        make_kwargs=invited_token,
        make_bad_kwargs=expired_token,
        notes="an expired token",
    ),
    Case(
        "together:join",
        "login",
        make_kwargs=invited_token,
        method="post",
        owner_status=302,
        notes="Accepting needs an account: anonymous is sent to log in, then comes back.",
    ),
    Case(
        "together:sharing",
        "owner",
        make_kwargs=own_crew,
        method="post",
        data=lambda u: {"sharing_paused": "on"},
        owner_status=302,
    ),
    Case("together:leave", "owner", make_kwargs=own_crew, method="post", owner_status=302),
    Case(
        "together:member_remove",
        "owner",
        make_kwargs=other_member,
        method="post",
        owner_status=302,
    ),
    Case(
        "together:hand_over",
        "owner",
        make_kwargs=own_crew,
        method="post",
        data=other_membership_id,
        owner_status=302,
    ),
    Case(
        "together:cheer",
        "owner",
        make_kwargs=own_crew,
        method="post",
        data=cheer_data,
        owner_status=302,
    ),
    Case(
        "together:mute",
        "owner",
        make_kwargs=own_crew,
        method="post",
        data=other_user_id,
        owner_status=302,
    ),
    Case(
        "together:session_plan",
        "owner",
        make_kwargs=own_crew,
        method="post",
        data=session_data,
        owner_status=302,
    ),
    Case(
        "together:session_place",
        "owner",
        make_kwargs=own_session,
        method="post",
        data=lambda u: {"going": "1"},
        owner_status=302,
    ),
    Case(
        "together:session_cancel",
        "owner",
        make_kwargs=own_session,
        method="post",
        owner_status=302,
    ),
]
