"""A person's export holds their crews, memberships and the cheers they sent and received;
a mute belongs to the person who muted, never to the one muted."""

from __future__ import annotations

import pytest

from apps.accounts.personal_data import personal_data_export
from apps.together.services import cheer_send, mute_set
from tests.factories import UserFactory
from tests.together.builders import crew_with

pytestmark = pytest.mark.django_db


def test_export_has_crews_memberships_and_cheers_both_ways() -> None:
    keeper, member, outsider = UserFactory(), UserFactory(), UserFactory()
    crew = crew_with(keeper, member)
    crew_with(outsider, UserFactory(), name="Someone else's crew")
    sent = cheer_send(crew=crew, sender=member, recipient=keeper, message="nice_work")
    received = cheer_send(crew=crew, sender=keeper, recipient=member, message="rest_well")
    mute_set(user=keeper, muted_user=member, muted=True)

    data = personal_data_export(member)

    assert [row["id"] for row in data["together.crew"]] == [crew.pk]  # in it, not its maker
    assert [row["user_id"] for row in data["together.membership"]] == [member.pk]
    assert sorted(row["id"] for row in data["together.cheer"]) == sorted([sent.pk, received.pk])
    assert data["together.mute"] == []  # the muted person is never told
    assert len(personal_data_export(keeper)["together.mute"]) == 1
    assert "token_hash" not in str(personal_data_export(keeper).get("together.invite", []))
