"""No page with journal, questionnaire, guidance or safety-plan content may be stored by a
browser or a proxy: every URL of the authorization matrix is walked as a person who has
all of these, and each page showing any of it must say ``Cache-Control: no-store``."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.journal.services import CheckInAnswers, checkin_create, questionnaire_submit
from apps.safety.services import safety_plan_save
from tests.core.test_authz_matrix import CASES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PLAN_MARKER = "plan-marker-4471"
NOTE_MARKER = "note-marker-4471"
# Text that only a page showing that content carries.
CONTENT_SIGNS = {
    "safety plan": PLAN_MARKER,
    "journal note": NOTE_MARKER,
    "questionnaire": "PHQ-9",
    "guidance banner": "safety-banner",
    "guidance": "guidance-item",
}


def person_with_private_content() -> User:
    user: User = UserFactory()
    safety_plan_save(user=user, fields={"warning_signs": PLAN_MARKER, "people": PLAN_MARKER})
    checkin_create(
        user=user,
        kind="daily",
        answers=CheckInAnswers(mood=1, note=NOTE_MARKER, self_harm_thoughts=True),
    )
    questionnaire_submit(user=user, kind="phq9", answers=[3] * 9)
    return user


def test_every_page_with_private_content_says_no_store() -> None:
    user = person_with_private_content()
    client = Client()
    client.force_login(user)
    showing: dict[str, set[str]] = {}
    stored: list[str] = []

    for case in CASES:
        if case.method != "get" or case.kind == "token":
            continue
        url = reverse(case.url_name, kwargs=case.make_kwargs(user) if case.make_kwargs else {})
        url += case.query
        headers = {"HTTP_HX_REQUEST": "true"} if case.htmx else {}
        response = client.get(url, **headers)
        body = response.getvalue().decode(errors="replace")
        signs = {name for name, sign in CONTENT_SIGNS.items() if sign in body}
        if not signs:
            continue
        showing[url] = signs
        if "no-store" not in response.get("Cache-Control", ""):
            stored.append(f"{url} ({', '.join(sorted(signs))})")

    assert not stored, f"pages with private content but no no-store: {stored}"
    # The walk must have met the pages the issue names, or it proves nothing.
    for url in (
        reverse("safety:plan"),
        reverse("safety:plan_edit"),
        reverse("safety:crisis"),
        reverse("journal:timeline"),
    ):
        assert url in showing, f"{url} was expected to show private content"
    assert "safety plan" in showing[reverse("safety:crisis")]
