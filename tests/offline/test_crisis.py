"""The crisis lines the phone keeps, so that "Get help now" opens with no signal: every
country's numbers, the person's own first, and nothing the person wrote."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from apps.journal.models import CheckIn
from apps.journal.offline import checkin_questions
from apps.safety.services import safety_plan_save
from tests.factories import UserFactory
from tests.html_checks import assert_headings_in_order, assert_valid_html

pytestmark = pytest.mark.django_db

SAMARITANS = "116 123"
LIFELINE = "Call 988"
MATERNAL_HOTLINE = "1-833-852-6262"


def kept_page(client: Client) -> str:
    response = client.get(reverse("offline:crisis"))
    assert response.status_code == 200
    assert_valid_html(response)
    assert_headings_in_order(response)
    return response.content.decode()


def test_the_persons_own_country_comes_first_then_every_other_country() -> None:
    client = Client()
    client.force_login(UserFactory(country="GB"))
    page = kept_page(client)
    assert SAMARITANS in page
    assert LIFELINE in page
    assert page.index(SAMARITANS) < page.index(LIFELINE)
    assert re.search(r"<summary>\s*United States\s*</summary>", page)
    assert not re.search(r"<summary>\s*United Kingdom\s*</summary>", page)


def test_it_keeps_no_safety_plan_and_says_nothing_about_a_pregnancy() -> None:
    user = UserFactory(country="US")
    safety_plan_save(user=user, fields={"people": "Call my sister Maren"})
    postpartum = UserFactory(country="US")
    postpartum.postpartum_delivery_date = postpartum.local_today() - dt.timedelta(days=30)
    postpartum.save()
    pages = []
    for person in (user, postpartum):
        client = Client()
        client.force_login(person)
        pages.append(kept_page(client))
    assert "Maren" not in pages[0]
    # The postpartum lines are listed for everyone, so the kept page tells nobody who
    # picks up the phone that its owner had a baby.
    assert MATERNAL_HOTLINE in pages[0]
    assert MATERNAL_HOTLINE in pages[1]
    assert pages[0].count("<li") == pages[1].count("<li")


def test_it_needs_no_login() -> None:
    page = kept_page(Client())
    assert SAMARITANS in page
    assert LIFELINE in page


def test_the_worker_keeps_it_and_opens_it_for_get_help_now(client: Client) -> None:
    body = client.get(reverse("offline:service_worker")).content.decode()
    config = json.loads(body.split("\n", 1)[0].removeprefix("const RELEASE = ").rstrip(";"))
    assert config["pages"]["crisis"] == reverse("offline:crisis")
    assert config["crisisPage"] == reverse("safety:crisis")


def test_the_offline_check_in_asks_about_self_harm_as_the_online_one_does() -> None:
    user = UserFactory()
    for kind in ("before", "after"):
        questions = {q["name"]: q for q in checkin_questions(user, user.local_today())[kind]}
        assert questions["self_harm_thoughts"]["type"] == "boolean"
        assert questions["self_harm_thoughts"]["label"] == "I'm having thoughts of harming myself"


def test_a_queued_check_in_with_thoughts_of_self_harm_is_stored_and_answered_with_help() -> None:
    user = UserFactory()
    client = Client()
    client.force_login(user)
    item = {
        "type": "checkin",
        "client_id": str(uuid.uuid4()),
        "kind": "before",
        "answers": {"mood": "2", "self_harm_thoughts": "on"},
    }
    response = client.post(reverse("offline:sync"), json.dumps(item), "application/json")
    assert response.status_code == 200
    assert response.json()["help"] == reverse("safety:crisis")
    assert CheckIn.objects.get(user=user).self_harm_thoughts is True
