"""Sign-up by email with verification, log in, log out, password reset."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.html_checks import assert_valid_html

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "new.person@example.com",
    "display_name": "Robin",
    "time_zone": "America/New_York",
    "country": "US",
    "units": "lb",
    "password1": "a calm strong password 42",
    "password2": "a calm strong password 42",
}


def confirmation_link() -> str:
    assert len(mail.outbox) == 1
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[0].body)
    assert match, mail.outbox[0].body
    return match.group(1)


def test_signup_stores_profile_and_requires_verification(client: Client) -> None:
    response = client.post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.person@example.com")
    assert (user.display_name, user.time_zone, user.country, user.units) == (
        "Robin",
        "America/New_York",
        "US",
        "lb",
    )
    assert user.password.startswith("md5$") or user.has_usable_password()
    # Unverified: logging in sends them back to verify, not into the app.
    client.logout()
    login = client.post(
        reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    )
    assert login.status_code == 302
    assert login["Location"] == reverse("account_email_verification_sent")


def test_verification_link_logs_in(client: Client) -> None:
    client.post(reverse("account_signup"), SIGNUP)
    link = confirmation_link()

    page = client.get(link)
    assert page.status_code == 200
    assert_valid_html(page)
    confirmed = client.post(link)

    assert confirmed.status_code == 302
    assert client.get(reverse("accounts:settings")).status_code == 200


def test_signup_errors_keep_typed_values(client: Client) -> None:
    data = SIGNUP | {"time_zone": "Mars/Olympus_Mons", "password2": "different"}

    response = client.post(reverse("account_signup"), data)

    assert response.status_code == 200
    assert_valid_html(response)
    html = response.content.decode()
    assert 'value="new.person@example.com"' in html
    assert 'value="Robin"' in html
    assert "Select a valid choice" in html
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_log_in_and_log_out(client: Client) -> None:
    user = UserFactory()

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:settings")).status_code == 200

    client.post(reverse("account_logout"))
    assert client.get(reverse("accounts:settings")).status_code == 302


def test_wrong_password_is_a_clear_message(client: Client) -> None:
    user = UserFactory()

    response = client.post(reverse("account_login"), {"login": user.email, "password": "nope"})

    assert response.status_code == 200
    assert_valid_html(response)
    assert "not correct" in response.content.decode()


def test_password_reset_sends_a_link(client: Client) -> None:
    user = UserFactory()

    client.post(reverse("account_reset_password"), {"email": user.email})

    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_passwords_are_hashed_with_argon2_in_production_settings() -> None:
    from config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_login_page_shows_demo_account_only_in_local_mode(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.STEADY_SHOW_DEMO_ACCOUNT = False
    assert "demo@steady.local" not in client.get(reverse("account_login")).content.decode()
    settings.STEADY_SHOW_DEMO_ACCOUNT = True
    assert "demo@steady.local" in client.get(reverse("account_login")).content.decode()
