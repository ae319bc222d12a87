"""The safety demo seed: idempotent, an all-"no" readiness screen, a partly filled plan."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from apps.demo.seed import demo_seed
from apps.safety.demo import seed_demo
from apps.safety.models import ReadinessScreen, SafetyPlan
from apps.safety.selectors import guidance_for_user, readiness_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_plausible() -> None:
    user = UserFactory()
    seed_demo(user)
    seed_demo(user)
    screen = ReadinessScreen.objects.get(user=user)
    assert screen.yes_topics == ()
    plan = SafetyPlan.objects.get(user=user)
    assert plan.warning_signs
    assert plan.people
    assert plan.professionals == ""  # partly filled, as a real person might leave it
    assert not readiness_for(user, user.local_today()).due


def test_whole_demo_renders_every_safety_page_with_real_guidance() -> None:
    user = demo_seed()
    demo_seed()
    assert ReadinessScreen.objects.filter(user=user).count() == 1
    # Whatever guidance shows comes from the engine reading the seeded history.
    items = guidance_for_user(user, user.local_today())
    assert all(item.severity in ("caution", "info") for item in items)
    client = Client()
    client.force_login(user)
    for name in ("safety:guidance", "safety:readiness", "safety:plan", "safety:crisis"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    assert "A walk round the park" in response.content.decode()
