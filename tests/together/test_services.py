"""Crew services: joining, leaving, pausing, removing, handing over, invites."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from apps.together import selectors, services
from apps.together.models import MAX_MEMBERS, Cheer, Crew, Invite, Membership, Mute
from apps.together.tokens import token_hash
from tests.factories import UserFactory
from tests.together.builders import crew_with, membership

pytestmark = pytest.mark.django_db


def test_the_maker_is_the_first_member_and_keeper() -> None:
    maker = UserFactory()
    crew = services.crew_create(user=maker, name="  Lunchtime lifters ")
    assert crew.name == "Lunchtime lifters"
    assert crew.created_by == maker
    assert list(Membership.objects.filter(crew=crew).values_list("user", flat=True)) == [maker.pk]


def test_invite_tokens_are_long_random_and_only_hashed() -> None:
    maker = UserFactory()
    crew = services.crew_create(user=maker, name="Crew")
    invite, token = services.invite_create(crew=crew, by=maker)
    _other, other_token = services.invite_create(crew=crew, by=maker)
    assert len(token) == 43
    assert token != other_token
    assert invite.token_hash == token_hash(token)
    assert token not in {f.value_from_object(invite) for f in Invite._meta.concrete_fields}
    assert invite.expires_at - invite.created_at == dt.timedelta(days=7)
    assert selectors.invite_by_token(token) == invite
    assert selectors.invite_by_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None


def test_joining_with_a_single_use_link_uses_it_up() -> None:
    maker, first, second = UserFactory(), UserFactory(), UserFactory()
    crew = services.crew_create(user=maker, name="Crew")
    invite, _ = services.invite_create(crew=crew, by=maker, single_use=True)

    services.crew_join(user=first, invite=invite)

    with pytest.raises(services.InviteUnavailable):
        services.crew_join(user=second, invite=invite)
    assert not Membership.objects.filter(user=second).exists()
    # Opening it again as someone already in changes nothing.
    assert services.crew_join(user=first, invite=invite) == membership(crew, first)


def test_a_multi_use_link_lets_several_people_in_until_the_crew_is_full() -> None:
    maker = UserFactory()
    crew = services.crew_create(user=maker, name="Crew")
    invite, _ = services.invite_create(crew=crew, by=maker, single_use=False)
    for _ in range(MAX_MEMBERS - 1):
        services.crew_join(user=UserFactory(), invite=invite)
    with pytest.raises(services.CrewFull):
        services.crew_join(user=UserFactory(), invite=invite)
    assert Membership.objects.filter(crew=crew).count() == MAX_MEMBERS


def test_revoked_and_expired_links_stop_working() -> None:
    maker = UserFactory()
    crew = services.crew_create(user=maker, name="Crew")
    revoked, _ = services.invite_create(crew=crew, by=maker, single_use=False)
    services.invite_revoke(invite=revoked)
    expired, _ = services.invite_create(crew=crew, by=maker, single_use=False, days=1)
    later = timezone.now() + dt.timedelta(days=1, seconds=1)

    with pytest.raises(services.InviteUnavailable):
        services.crew_join(user=UserFactory(), invite=revoked)
    with pytest.raises(services.InviteUnavailable):
        services.crew_join(user=UserFactory(), invite=expired, now=later)


def test_pausing_sharing_shows_taking_a_break() -> None:
    keeper, member = UserFactory(), UserFactory()
    crew = crew_with(keeper, member)
    services.membership_update_sharing(
        membership=membership(crew, member), sharing_paused=True, share_records=False
    )
    today = keeper.local_today()
    weeks = selectors.member_weeks(selectors.crew_members(crew), today, today, timezone.now())
    assert weeks[membership(crew, member).pk].paused
    assert weeks[membership(crew, member).pk].dots == []
    assert not weeks[membership(crew, keeper).pk].paused


def test_a_member_leaves_and_the_crew_stays() -> None:
    keeper, member = UserFactory(), UserFactory()
    crew = crew_with(keeper, member)
    assert services.membership_leave(membership=membership(crew, member)) == crew
    assert selectors.membership_in(member, crew.pk) is None
    assert Crew.objects.get(pk=crew.pk).created_by == keeper


def test_a_keeper_who_leaves_hands_over_to_the_longest_standing_member() -> None:
    keeper, first, second = UserFactory(), UserFactory(), UserFactory()
    crew = crew_with(keeper, first, second)
    services.membership_leave(membership=membership(crew, keeper))
    assert Crew.objects.get(pk=crew.pk).created_by == first


def test_the_last_person_to_leave_takes_the_crew_with_them() -> None:
    keeper, member = UserFactory(), UserFactory()
    crew = crew_with(keeper, member)
    services.cheer_send(crew=crew, sender=member, recipient=keeper, message="rest_well")
    services.membership_leave(membership=membership(crew, member))
    assert services.membership_leave(membership=membership(crew, keeper)) is None
    assert not Crew.objects.filter(pk=crew.pk).exists()
    assert not Cheer.objects.exists()


def test_the_keeper_removes_a_member_and_hands_the_crew_over() -> None:
    keeper, first, second = UserFactory(), UserFactory(), UserFactory()
    crew = crew_with(keeper, first, second)
    services.member_remove(crew=crew, membership=membership(crew, first))
    assert selectors.membership_in(first, crew.pk) is None
    services.crew_hand_over(crew=crew, to=membership(crew, second))
    assert Crew.objects.get(pk=crew.pk).created_by == second
    other = crew_with(UserFactory(), UserFactory())
    with pytest.raises(services.CrewError):
        services.crew_hand_over(crew=crew, to=Membership.objects.filter(crew=other).first())


def test_cheers_come_from_the_list_and_only_between_members() -> None:
    keeper, member, outsider = UserFactory(), UserFactory(), UserFactory()
    crew = crew_with(keeper, member)
    services.cheer_send(crew=crew, sender=keeper, recipient=member, message="nice_work", emoji="💪")
    services.cheer_send(crew=crew, sender=keeper, recipient=member, message="nice_work")
    assert Cheer.objects.count() == 1  # the same cheer twice in a day is kept once
    for bad in (
        {"sender": keeper, "recipient": member, "message": "you are lazy"},
        {"sender": keeper, "recipient": keeper, "message": "rest_well"},
        {"sender": outsider, "recipient": member, "message": "rest_well"},
        {"sender": keeper, "recipient": member, "message": "rest_well", "emoji": "💀"},
    ):
        with pytest.raises(services.CrewError):
            services.cheer_send(crew=crew, **bad)  # type: ignore[arg-type]
    assert Cheer.objects.count() == 1


def test_a_muted_member_s_cheers_are_hidden() -> None:
    keeper, member = UserFactory(), UserFactory()
    crew = crew_with(keeper, member)
    services.cheer_send(crew=crew, sender=member, recipient=keeper, message="thinking")
    since = timezone.now() - dt.timedelta(days=1)
    assert len(selectors.cheers_received(keeper, crew_ids=[crew.pk], since=since, limit=5)) == 1
    services.mute_set(user=keeper, muted_user=member, muted=True)
    assert selectors.cheers_received(keeper, crew_ids=[crew.pk], since=since, limit=5) == []
    assert Mute.objects.filter(user=keeper).count() == 1
    services.mute_set(user=keeper, muted_user=member, muted=False)
    assert len(selectors.cheers_received(keeper, crew_ids=[crew.pk], since=since, limit=5)) == 1


def test_a_shared_session_is_one_instant_on_each_member_s_clock() -> None:
    london = UserFactory(time_zone="Europe/London")
    new_york = UserFactory(time_zone="America/New_York")
    crew = crew_with(london, new_york)
    day = dt.date(2030, 6, 12)
    session = services.crew_session_plan(crew=crew, by=london, day=day, at=dt.time(18, 30))
    assert session.starts_at == dt.datetime(2030, 6, 12, 17, 30, tzinfo=dt.UTC)
    shown = session.starts_at.astimezone(zoneinfo.ZoneInfo("America/New_York"))
    assert (shown.hour, shown.minute) == (13, 30)
    events = selectors.calendar_events(new_york, day, day)
    assert [e.start for e in events] == [session.starts_at]
    services.session_place_set(session=session, user=new_york, going=True)
    assert session.places.count() == 2
    services.crew_session_cancel(session=session)
    assert selectors.calendar_events(new_york, day, day) == []


def test_a_time_skipped_by_the_clock_change_moves_forward() -> None:
    # 01:30 on 30 March 2031 does not exist in London (clocks go from 01:00 to 02:00).
    instant = services.local_instant(
        dt.date(2031, 3, 30), dt.time(1, 30), zoneinfo.ZoneInfo("Europe/London")
    )
    assert instant == dt.datetime(2031, 3, 30, 1, 30, tzinfo=dt.UTC)  # 02:30 BST


def test_deleting_an_account_hands_over_or_deletes_its_crews() -> None:
    leaver, stays = UserFactory(), UserFactory()
    shared = crew_with(leaver, stays)
    alone = services.crew_create(user=leaver, name="Just me")
    services.cheer_send(crew=shared, sender=stays, recipient=leaver, message="rest_well")

    services.crews_hand_over_for_deletion(user=leaver)
    leaver.delete()

    assert Crew.objects.get(pk=shared.pk).created_by == stays
    assert not Crew.objects.filter(pk=alone.pk).exists()
    assert not Cheer.objects.exists()
