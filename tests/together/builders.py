"""Crews for tests, made through the services a person's own actions call."""

from __future__ import annotations

from apps.accounts.models import User
from apps.together.models import Crew, Membership
from apps.together.services import crew_create, crew_join, invite_create
from tests.factories import UserFactory


def crew_with(keeper: User, *others: User, name: str = "Morning crew") -> Crew:
    """A crew kept by ``keeper`` that each of ``others`` joined by an invite link."""
    crew = crew_create(user=keeper, name=name)
    for other in others:
        invite, _token = invite_create(crew=crew, by=keeper)
        crew_join(user=other, invite=invite)
    return crew


def membership(crew: Crew, user: User) -> Membership:
    return Membership.objects.get(crew=crew, user=user)


def crew_of(keeper: User) -> Crew:
    """A crew kept by ``keeper`` with one other member."""
    return crew_with(keeper, UserFactory(display_name="Robin"))
