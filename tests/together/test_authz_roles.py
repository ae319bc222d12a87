"""Crew URLs walked as a member (not the keeper) and as an ex-member.

tests/core/test_authz_matrix.py covers anonymous, stranger and keeper for every case in
tests/together/authz_cases.py; here the same cases are requested by the crew's other
member, and by that member after leaving (access ends at once: 404 everywhere).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.together.models import Crew, Membership
from apps.together.services import membership_leave
from tests.authz import Case
from tests.factories import UserFactory
from tests.together.authz_cases import CASES

pytestmark = pytest.mark.django_db

KEEPER_ONLY = {
    "together:invite_create",
    "together:invite_email",
    "together:invite_revoke",
    "together:member_remove",
    "together:hand_over",
    "together:session_cancel",
}
CREW_CASES = [case for case in CASES if case.kind == "owner"]


def _data_as(case: Case, keeper: User, member: User) -> dict[str, Any]:
    """The case's form, aimed at the keeper where it names a person (a member cannot
    cheer or mute themselves)."""
    data = case.data(keeper) if case.data else {}
    if case.url_name == "together:cheer":
        data["recipient"] = keeper.pk
    if case.url_name == "together:mute":
        data["user"] = keeper.pk
    return data


def _setup(case: Case) -> tuple[User, User, str, dict[str, Any]]:
    keeper = UserFactory()
    assert case.make_kwargs is not None
    kwargs = case.make_kwargs(keeper)
    crew = Crew.objects.latest("pk")
    member = Membership.objects.filter(crew=crew).exclude(user=keeper).get().user
    url = reverse(case.url_name, kwargs=kwargs)
    return keeper, member, url, _data_as(case, keeper, member)


def _send(client: Client, case: Case, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data) if case.method == "post" else client.get(url)


@pytest.mark.parametrize("case", CREW_CASES, ids=[c.id for c in CREW_CASES])
def test_member(case: Case) -> None:
    _keeper, member, url, data = _setup(case)
    client = Client()
    client.force_login(member)

    response = _send(client, case, url, data)

    if case.url_name in KEEPER_ONLY:
        assert response.status_code == 404
    else:
        expected = (
            case.owner_status if isinstance(case.owner_status, tuple) else (case.owner_status,)
        )
        assert response.status_code in expected, response.content[:400]


@pytest.mark.parametrize("case", CREW_CASES, ids=[c.id for c in CREW_CASES])
def test_ex_member(case: Case) -> None:
    _keeper, member, url, data = _setup(case)
    client = Client()
    client.force_login(member)
    crew_url = reverse("together:crew", kwargs={"pk": Crew.objects.latest("pk").pk})
    assert client.get(crew_url).status_code == 200
    membership_leave(membership=Membership.objects.get(user=member))

    response = _send(client, case, url, data)

    assert response.status_code == 404


def test_a_removed_member_loses_the_crew_page_at_once() -> None:
    case = next(c for c in CASES if c.url_name == "together:member_remove")
    keeper, member, url, _ = _setup(case)
    crew_url = reverse("together:crew", kwargs={"pk": Crew.objects.latest("pk").pk})
    member_client, keeper_client = Client(), Client()
    member_client.force_login(member)
    keeper_client.force_login(keeper)
    assert member_client.get(crew_url).status_code == 200

    assert keeper_client.post(url).status_code == 302

    assert member_client.get(crew_url).status_code == 404
