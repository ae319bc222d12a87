"""One email address per person, changed only by confirming the new one; allauth's emails
and pages speak in Steady's voice and never carry text the person chose (their display
name) to an address nobody has confirmed."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.html_checks import assert_valid_html

pytestmark = pytest.mark.django_db

CHOSEN_NAME = "Sam <b>Hand-picked</b>"


def signed_in(user: User) -> Client:
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    response = client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    return client


def link_in(body: str) -> str:
    found = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert found is not None, body
    return found.group(1)


def test_changing_the_email_address_takes_effect_only_once_the_new_one_is_confirmed() -> None:
    user = UserFactory(email="old@example.org", display_name=CHOSEN_NAME)
    client = signed_in(user)

    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "new@example.org"}, follow=True
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.email == "old@example.org"
    sent = [m for m in mail.outbox if "new@example.org" in m.to]
    assert len(sent) == 1
    assert "Sam" not in sent[0].body
    assert "Hand-picked" not in sent[0].body
    assert sent[0].subject == "Steady: Confirm your email address"
    confirm_page = client.get(link_in(sent[0].body))
    assert_valid_html(confirm_page)
    assert "Sam" not in confirm_page.content.decode()
    client.post(link_in(sent[0].body))
    user.refresh_from_db()
    assert user.email == "new@example.org"
    assert list(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) == [
        "new@example.org"
    ]
    told = [m for m in mail.outbox if "old@example.org" in m.to]
    assert told
    assert "changed from old@example.org to new@example.org" in told[-1].body


def test_another_members_address_is_never_taken_nor_mailed_the_persons_name() -> None:
    member = UserFactory(email="member@example.org", display_name="Member")
    user = UserFactory(email="sam@example.org", display_name=CHOSEN_NAME)
    client = signed_in(user)

    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "member@example.org"}, follow=True
    )

    assert response.status_code == 200
    for message in mail.outbox:
        assert "Sam" not in message.body, message.to
        assert "Hand-picked" not in message.body, message.to
    user.refresh_from_db()
    member.refresh_from_db()
    assert (user.email, member.email) == ("sam@example.org", "member@example.org")
    # As for any address (no telling who has an account), a link goes out; it carries
    # no name, and opening it changes nothing.
    (to_member,) = [m for m in mail.outbox if "member@example.org" in m.to]
    page = Client().get(link_in(to_member.body))
    assert "already in use for another Steady account" in page.content.decode()
    Client().post(link_in(to_member.body))
    user.refresh_from_db()
    assert user.email == "sam@example.org"


def test_one_address_at_a_time() -> None:
    user = UserFactory(email="sam@example.org")
    client = signed_in(user)

    client.post(reverse("account_email"), {"action_add": "", "email": "one@example.org"})
    client.post(reverse("account_email"), {"action_add": "", "email": "two@example.org"})

    addresses = set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    assert addresses == {"sam@example.org", "two@example.org"}
    client.get(reverse("account_email"))  # shows (and so clears) the flash messages
    response = client.get(reverse("account_email"))
    assert_valid_html(response)
    page = response.content.decode()
    assert "two@example.org" in page
    assert "one@example.org" not in page


def test_allauth_wording_never_says_user_and_a_name() -> None:
    user = UserFactory(display_name=CHOSEN_NAME)
    client = Client()

    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": DEFAULT_PASSWORD},
        follow=True,
    )

    html = response.content.decode()
    assert "Successfully signed in as" not in html
    assert "Welcome back." in html
