"""Unsubscribe tokens are opaque (no readable id or kind) and old signed links still work."""

from __future__ import annotations

import base64
import binascii

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from apps.reminders.models import ReminderKind, ReminderPreferences
from apps.reminders.tokens import SALT, unsubscribe_claim_from, unsubscribe_token_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def readable_forms(token: str) -> list[str]:
    """The token as it is and any way base64 would decode its parts."""
    forms = [token]
    for part in token.replace(":", ".").split("."):
        for pad in range(3):
            try:
                forms.append(base64.urlsafe_b64decode(part + "=" * pad).decode("latin-1"))
            except (binascii.Error, ValueError):
                continue
    return forms


def test_a_token_shows_neither_the_person_nor_the_kind() -> None:
    token = unsubscribe_token_for(48213, ReminderKind.WEEKLY_SUMMARY)

    for form in readable_forms(token):
        assert "48213" not in form
        assert ReminderKind.WEEKLY_SUMMARY.value not in form
    claim = unsubscribe_claim_from(token)
    assert claim is not None
    assert (claim.user_id, claim.kind) == (48213, ReminderKind.WEEKLY_SUMMARY)


def test_a_link_from_an_email_sent_before_the_change_still_unsubscribes(client: Client) -> None:
    user = UserFactory()
    old_token = signing.dumps({"u": user.pk, "k": ReminderKind.WORKOUT.value}, salt=SALT)

    response = client.post(reverse("reminders:unsubscribe", args=[old_token]))

    assert response.status_code == 200
    assert not ReminderPreferences.objects.get(user=user).workout_enabled


def test_a_token_survives_a_key_rotation(settings: object) -> None:
    token = unsubscribe_token_for(7, ReminderKind.WORKOUT)
    old_key = settings.SECRET_KEY  # type: ignore[attr-defined]
    settings.SECRET_KEY = "a-new-secret-key-" + "y" * 40  # type: ignore[attr-defined]
    settings.SECRET_KEY_FALLBACKS = [old_key]  # type: ignore[attr-defined]

    assert unsubscribe_claim_from(token) is not None
