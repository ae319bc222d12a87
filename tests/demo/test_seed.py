from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"accounts", "programs", "workouts", "journal", "safety", "reminders"}
    }


def test_seeding_twice_creates_nothing_new() -> None:
    call_command("seed_demo")
    first = row_counts()
    call_command("seed_demo")

    assert row_counts() == first
    assert User.objects.filter(email="demo@steady.local").count() == 1


def test_demo_account_can_log_in(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    call_command("seed_demo")
    assert EmailAddress.objects.get(email=settings.STEADY_DEMO_EMAIL).verified

    response = client.post(
        reverse("account_login"),
        {"login": settings.STEADY_DEMO_EMAIL, "password": settings.STEADY_DEMO_PASSWORD},
    )

    assert response.status_code == 302
    assert client.get(reverse("programs:today")).status_code == 200
