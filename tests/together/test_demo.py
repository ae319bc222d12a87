"""The demo account's crew: two demo members who train and cheer; seeding twice adds nothing."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.together.models import Crew

pytestmark = pytest.mark.django_db


def together_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_app_config("together").get_models()}


def test_the_demo_account_is_in_a_crew_that_trains_and_cheers() -> None:
    call_command("seed_demo")
    first = together_counts()
    call_command("seed_demo")
    assert together_counts() == first

    demo = User.objects.get(email="demo@steady.local")
    crew = Crew.objects.get(memberships__user=demo)
    assert crew.created_by == demo
    assert sorted(crew.memberships.values_list("user__display_name", flat=True)) == [
        "Priya",
        "Sam",
        "Tom",
    ]
    client = Client()
    client.force_login(demo)
    page = client.get(reverse("together:crew", kwargs={"pk": crew.pk})).content.decode()
    assert "Proud of you for showing up" in page
    assert "week-dot-planned" in page or "week-dot-done" in page
    assert "Training together with" in client.get(reverse("programs:today")).content.decode()
    # Demo members cannot be logged into.
    assert not User.objects.get(email="priya@demo.steady.local").has_usable_password()
