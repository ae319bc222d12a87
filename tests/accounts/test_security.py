"""Lockout after repeated failures, a calm lockout page, and the audit log."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from apps.accounts.models import SecurityEvent
from config.settings import base as base_settings
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


@pytest.fixture
def production_rate_limits(settings: Any) -> None:
    """allauth's rate limits as deployed (the test settings turn them all off)."""
    settings.ACCOUNT_RATE_LIMITS = base_settings.ACCOUNT_RATE_LIMITS
    cache.clear()  # allauth counts in the cache: start from nothing


@pytest.mark.usefixtures("production_rate_limits")
def test_many_failures_on_one_account_never_block_another_from_the_same_address(
    client: Client,
) -> None:
    target, neighbour = UserFactory(), UserFactory()
    # More failures than allauth's per-address limit (10 a minute) would have allowed.
    for _ in range(15):
        fail_login(client, target.email)

    ok = client.post(
        reverse("account_login"), {"login": neighbour.email, "password": DEFAULT_PASSWORD}
    )

    assert ok.status_code == 302
    assert client.session.get("_auth_user_id") == str(neighbour.pk)


@pytest.mark.usefixtures("production_rate_limits")
def test_the_lockout_is_what_the_person_sees_at_the_limit(client: Client) -> None:
    user = UserFactory()
    statuses = [fail_login(client, user.email) for _ in range(settings.AXES_FAILURE_LIMIT)]

    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    right = client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert right.status_code == 429
    assert "for an hour" in right.content.decode()


@pytest.mark.usefixtures("production_rate_limits")
def test_behind_the_proxy_each_client_address_is_throttled_on_its_own(settings: Any) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    user = UserFactory()
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    attacker = Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    # A client-written entry before the proxy's own is ignored.
    spoofing = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9")
    owner = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail_login(attacker, user.email)

    spoofed = spoofing.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    ok = owner.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})

    assert spoofed.status_code == 429
    assert ok.status_code == 302
    addresses = set(SecurityEvent.objects.values_list("ip_address", flat=True))
    assert addresses == {"203.0.113.9", "198.51.100.7"}


def test_without_trusted_proxies_the_forwarded_header_is_ignored(client: Client) -> None:
    user = UserFactory()

    Client(HTTP_X_FORWARDED_FOR="203.0.113.9").post(
        reverse("account_login"), {"login": user.email, "password": "wrong"}
    )

    assert list(SecurityEvent.objects.values_list("ip_address", flat=True)) == ["127.0.0.1"]


def test_resetting_the_password_lifts_the_lockout(client: Client) -> None:
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail_login(client, user.email)

    client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"https?://[^/\s]+(/\S+/)", mail.outbox[-1].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    new_password = "a fresh calm password 9"
    client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link.group(1),
        {"password1": new_password, "password2": new_password},
    )
    ok = client.post(reverse("account_login"), {"login": user.email, "password": new_password})

    assert ok.status_code == 302


def test_the_readme_states_the_policy_these_tests_prove() -> None:
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()

    assert f"after {base_settings.AXES_FAILURE_LIMIT} failed log-ins" in readme
    assert "never blocks another account" in readme
    assert "`TRUSTED_PROXY_COUNT`" in readme
