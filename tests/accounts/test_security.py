"""Lockout after repeated failures, a calm lockout page, and the audit log."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from apps.accounts.models import SecurityEvent
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.html_checks import assert_valid_html

pytestmark = pytest.mark.django_db


def fail_login(client: Client, email: str) -> int:
    response = client.post(reverse("account_login"), {"login": email, "password": "wrong"})
    return response.status_code


def test_repeated_failures_lock_the_account_even_with_the_right_password(client: Client) -> None:
    user = UserFactory()
    statuses = [fail_login(client, user.email) for _ in range(settings.AXES_FAILURE_LIMIT)]

    assert statuses[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert statuses[-1] == 429
    right = client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert right.status_code == 429
    assert not client.session.get("_auth_user_id")


def test_lockout_page_is_clear_and_offers_a_way_out(client: Client) -> None:
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        fail_login(client, user.email)

    response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})

    assert response.status_code == 429
    assert_valid_html(response)
    html = response.content.decode()
    assert "too many unsuccessful log-in attempts" in html
    assert "for an hour" in html
    assert reverse("account_reset_password") in html
    assert "Get help now" in html


def test_failures_below_the_limit_do_not_lock(client: Client) -> None:
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        fail_login(client, user.email)

    ok = client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})

    assert ok.status_code == 302


def test_security_events_are_audited(client: Client) -> None:
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail_login(client, user.email)
    other = UserFactory()
    client.post(reverse("account_login"), {"login": other.email, "password": DEFAULT_PASSWORD})
    client.post(
        reverse("account_change_password"),
        {
            "oldpassword": DEFAULT_PASSWORD,
            "password1": "another calm password 7",
            "password2": "another calm password 7",
        },
    )

    kinds = list(SecurityEvent.objects.filter(user=user).values_list("kind", flat=True))
    assert kinds.count("login_failed") == settings.AXES_FAILURE_LIMIT
    assert "locked_out" in kinds
    other_kinds = set(SecurityEvent.objects.filter(user=other).values_list("kind", flat=True))
    assert {"logged_in", "password_changed"} <= other_kinds
    assert all(e.ip_address == "127.0.0.1" for e in SecurityEvent.objects.all())


def test_one_persons_failures_do_not_lock_another_person_out(client: Client) -> None:
    target, neighbour = UserFactory(), UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail_login(client, target.email)

    ok = client.post(
        reverse("account_login"), {"login": neighbour.email, "password": DEFAULT_PASSWORD}
    )

    assert ok.status_code == 302


def test_lockout_ignores_email_case(client: Client) -> None:
    user = UserFactory()
    for i in range(settings.AXES_FAILURE_LIMIT):
        email = user.email.upper() if i % 2 else user.email
        status = fail_login(client, email)
    assert status == 429
