"""Account pages in Steady's voice: no stock allauth wording; deletion looks destructive."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.html_checks import assert_headings_in_order, assert_valid_html

STOCK_WORDING = (
    "Verify Your Email Address",
    "Confirm Access",
    "Password Reset",
    "Change Password",
    "Bad Token",
    "Reset My Password",
    "Please contact us",
)


def assert_steady_voice(response: object, heading: str) -> None:
    content = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert f"<h1>{heading}</h1>" in content
    for stock in STOCK_WORDING:
        assert stock not in content, stock
    assert_valid_html(content)
    assert_headings_in_order(content)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("account_email_verification_sent", "Check your email"),
        ("account_reset_password", "Reset your password"),
        ("account_reset_password_done", "Check your email"),
        ("account_reset_password_from_key_done", "Your password is changed"),
    ],
)
def test_anonymous_pages(client: Client, url_name: str, heading: str) -> None:
    assert_steady_voice(client.get(reverse(url_name)), heading)


@pytest.mark.django_db
def test_a_dead_reset_link_says_so_plainly(client: Client) -> None:
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad-key"})
    assert_steady_voice(client.get(url, follow=True), "This link no longer works")


@pytest.mark.django_db
def test_reauthentication_asks_for_the_password_in_plain_words(owner_client: Client) -> None:
    assert_steady_voice(
        owner_client.get(reverse("account_reauthenticate")), "Enter your password again"
    )


@pytest.mark.django_db
def test_deleting_the_account_looks_destructive(owner_client: Client) -> None:
    settings_page = owner_client.get(reverse("accounts:settings")).content.decode()
    assert f'class="danger-link" href="{reverse("accounts:delete")}"' in settings_page
    delete_page = owner_client.get(reverse("accounts:delete")).content.decode()
    assert '<button type="submit" class="button danger">Delete my account</button>' in delete_page
    assert "button primary" not in delete_page.split("<main")[1]
