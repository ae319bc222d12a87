"""Junk posted to every journal form: never a server error, nothing saved when refused,
and injected markup never comes back unescaped."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.accounts.models import User
from apps.journal.models import CheckIn, QuestionnaireResponse
from tests.factories import CheckInFactory, JournalSessionFactory

pytestmark = pytest.mark.django_db

MARKUP = "<script>alert('steady')</script>"
LONG_TEXTS = ("ab\u00e9\u4e2d\U0001f600 " * 1001, "x" * 5001, (MARKUP + " ") * 170)
junk = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["", " ", "-1", "0", "NaN", "inf", "1e9", "99999999999999999999", "6.55"]),
    st.sampled_from(["2026-02-30", "not a date", "1900-01-01", "9999-12-31"]),
    st.text(max_size=40),
    # Fixed long texts rather than generated ones: drawing thousands of characters for
    # several fields overran Hypothesis's entropy budget often enough to fail its
    # data_too_large health check now and then.
    st.sampled_from(LONG_TEXTS),
    st.just(MARKUP),
    st.just("null\x00byte"),
)
CHECKIN_FIELDS = [
    "kind",
    "session",
    "mood",
    "energy",
    "stress",
    "sleep_hours",
    "ate_recently",
    "warning_symptoms",
    "pelvic_symptoms",
    "tags",
    "other_tags",
    "note",
    "self_harm_thoughts",
    "date",
    "client_id",
    "next",
]
HOSTILE = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@HOSTILE
@given(data=st.fixed_dictionaries({}, optional=dict.fromkeys(CHECKIN_FIELDS, junk)))
def test_check_in_form_survives_junk(
    owner: User, owner_client: Client, data: dict[str, str]
) -> None:
    JournalSessionFactory(user=owner)
    before = CheckIn.objects.count()
    response = owner_client.post(reverse("journal:checkin_create"), data)
    assert response.status_code < 500
    if response.status_code != 302:
        assert CheckIn.objects.count() == before
        assert MARKUP not in response.content.decode()


@HOSTILE
@given(data=st.fixed_dictionaries({}, optional=dict.fromkeys(CHECKIN_FIELDS, junk)))
def test_check_in_edit_survives_junk(
    owner: User, owner_client: Client, data: dict[str, str]
) -> None:
    checkin = CheckInFactory(user=owner, mood=4, note="kept")
    response = owner_client.post(reverse("journal:checkin_edit", args=[checkin.pk]), data)
    assert response.status_code < 500
    checkin.refresh_from_db()
    if response.status_code != 302:
        assert (checkin.mood, checkin.note) == (4, "kept")


@HOSTILE
@given(
    kind=st.sampled_from(["phq9", "phq2", "who5"]),
    data=st.fixed_dictionaries({}, optional={f"q{n}": junk for n in range(1, 10)} | {"from": junk}),
)
def test_questionnaire_forms_survive_junk(
    owner_client: Client, kind: str, data: dict[str, str]
) -> None:
    before = QuestionnaireResponse.objects.count()
    response = owner_client.post(reverse("journal:questionnaire_create", args=[kind]), data)
    assert response.status_code < 500
    if response.status_code != 302:
        assert QuestionnaireResponse.objects.count() == before


def test_markup_in_a_note_and_tags_is_shown_escaped(owner: User, owner_client: Client) -> None:
    owner_client.post(
        reverse("journal:checkin_create"),
        {"mood": "5", "note": MARKUP, "other_tags": "<b>bold</b>"},
    )
    checkin = CheckIn.objects.get(user=owner)
    assert checkin.note == MARKUP
    for url in (reverse("journal:timeline"), reverse("journal:checkin_detail", args=[checkin.pk])):
        html = owner_client.get(url).content.decode()
        assert MARKUP not in html
        assert "<b>bold</b>" not in html
        assert "&lt;script&gt;" in html
