"""PHQ-9, PHQ-2 and WHO-5 screens: notice, scoring in plain words, crisis routing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from apps.accounts.models import User
from apps.journal.models import QuestionnaireResponse
from apps.journal.scoring import PHQ9_NOTICE, WHO5_ITEMS
from tests.factories import QuestionnaireResponseFactory, UserFactory
from tests.html_checks import assert_valid_html

pytestmark = pytest.mark.django_db


def create_url(kind: str) -> str:
    return reverse("journal:questionnaire_create", args=[kind])


def answers(values: list[int]) -> dict[str, str]:
    return {f"q{n}": str(v) for n, v in enumerate(values, 1)}


def test_phq9_form_shows_nine_items_and_the_required_notice(owner_client: Client) -> None:
    response = owner_client.get(create_url("phq9"))
    html = response.content.decode()
    assert html.count('class="question"') == 9
    assert PHQ9_NOTICE in html
    assert "Over the last 2 weeks, how often have you been bothered" in html
    assert "Nearly every day" in html
    assert_valid_html(response)


def test_who5_form_uses_the_standard_wording(owner_client: Client) -> None:
    html = owner_client.get(create_url("who5")).content.decode()
    for item in WHO5_ITEMS:
        assert item in html
    assert "All of the time" in html
    assert "At no time" in html


def test_unknown_questionnaire_is_a_404(owner_client: Client) -> None:
    assert owner_client.get(create_url("epds")).status_code == 404


@pytest.mark.parametrize(
    ("values", "total", "band"),
    [
        ([0, 0, 0, 0, 0, 0, 0, 0, 0], 0, "Minimal"),
        ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "Mild"),
        ([2, 2, 2, 1, 1, 1, 1, 0, 0], 10, "Moderate"),
        ([3, 3, 2, 2, 2, 2, 1, 0, 0], 15, "Moderately severe"),
        ([3, 3, 3, 3, 3, 3, 2, 0, 0], 20, "Severe"),
    ],
)
def test_phq9_result_shows_the_band_in_plain_words(
    owner: User, owner_client: Client, values: list[int], total: int, band: str
) -> None:
    response = owner_client.post(create_url("phq9"), answers(values))
    saved = QuestionnaireResponse.objects.get(user=owner)
    assert response["Location"] == reverse("journal:questionnaire_detail", args=[saved.pk])
    assert saved.total == total
    assert saved.answers == values
    page = owner_client.get(response["Location"])
    html = page.content.decode()
    assert f'<span class="score-number">{total}</span> out of 27 · <strong>{band}</strong>' in html
    assert ("talk to your doctor or a mental health professional" in html) is (total >= 10)
    assert PHQ9_NOTICE in html
    # The word in what the page says (a random CSRF token in the markup could spell it).
    assert not re.search(r"\bsafe\b", strip_tags(html), re.IGNORECASE)
    assert_valid_html(page)


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_phq9_item_9_above_0_goes_straight_to_crisis_support(
    owner: User, owner_client: Client, item9: int
) -> None:
    response = owner_client.post(create_url("phq9"), answers([0] * 8 + [item9]))
    assert response["Location"] == reverse("safety:crisis")
    saved = QuestionnaireResponse.objects.get(user=owner)
    assert saved.crisis_support
    # The result page, visited later, keeps the crisis link up front.
    html = owner_client.get(
        reverse("journal:questionnaire_detail", args=[saved.pk])
    ).content.decode()
    assert 'class="notice notice-urgent" role="alert"' in html
    assert reverse("safety:crisis") in html


def test_phq9_item_9_at_0_does_not_go_to_crisis_support(owner_client: Client) -> None:
    response = owner_client.post(create_url("phq9"), answers([3] * 8 + [0]))
    assert response["Location"] != reverse("safety:crisis")


def test_missing_answers_are_flagged_and_given_answers_kept(
    owner: User, owner_client: Client
) -> None:
    response = owner_client.post(create_url("phq9"), {"q1": "2", "q2": "1"})
    assert response.status_code == 422
    html = response.content.decode()
    assert html.count("Please choose an answer for this question.") == 7
    assert re.search(r'name="q1" value="2"[^>]*checked', html)
    assert not QuestionnaireResponse.objects.filter(user=owner).exists()
    assert_valid_html(response)


def test_phq2_below_3_does_not_push_the_full_questionnaire(
    owner: User, owner_client: Client
) -> None:
    response = owner_client.post(create_url("phq2"), answers([1, 1]), follow=True)
    html = response.content.decode()
    assert "below the level where we'd suggest the longer questionnaire" in html
    assert QuestionnaireResponse.objects.get(user=owner).kind == "phq2"


def test_phq2_of_3_offers_the_full_phq9_prefilled(owner: User, owner_client: Client) -> None:
    response = owner_client.post(create_url("phq2"), answers([2, 1]), follow=True)
    screen = QuestionnaireResponse.objects.get(user=owner)
    html = response.content.decode()
    continue_url = f"{create_url('phq9')}?from={screen.pk}"
    assert continue_url in html
    form = owner_client.get(continue_url).content.decode()
    assert re.search(r'name="q1" value="2"[^>]*checked', form)
    assert re.search(r'name="q2" value="1"[^>]*checked', form)
    # Completing it replaces the screen with the full PHQ-9.
    owner_client.post(continue_url, answers([2, 1, 1, 1, 1, 0, 0, 0, 0]))
    assert list(
        QuestionnaireResponse.objects.filter(user=owner).values_list("kind", flat=True)
    ) == ["phq9"]


def test_someone_elses_screen_cannot_prefill(owner_client: Client) -> None:
    screen = QuestionnaireResponseFactory(user=UserFactory(), kind="phq2", answers=[3, 3])
    assert owner_client.get(f"{create_url('phq9')}?from={screen.pk}").status_code == 404


@pytest.mark.parametrize(
    ("values", "percentage", "screening"),
    [([5, 5, 4, 4, 4], 88, False), ([3, 3, 2, 2, 2], 48, True), ([5, 5, 5, 5, 1], 84, True)],
)
def test_who5_result(
    owner_client: Client, values: list[int], percentage: int, screening: bool
) -> None:
    response = owner_client.post(create_url("who5"), answers(values), follow=True)
    html = response.content.decode()
    assert f'<span class="score-number">{percentage}</span> out of 100' in html
    assert ("worth checking for depression" in html) is screening


@pytest.mark.parametrize(
    ("previous", "current", "phrase"),
    [
        ([2, 2, 2, 2, 2], [3, 3, 2, 2, 3], "12 points higher: a change of 10 points or more"),
        ([3, 3, 2, 2, 3], [2, 2, 2, 2, 2], "12 points lower: a change of 10 points or more"),
        ([2, 2, 2, 2, 2], [3, 2, 2, 2, 2], "A change of 4 points, smaller than the 10 points"),
    ],
)
def test_who5_compares_with_last_time(
    owner: User, owner_client: Client, previous: list[int], current: list[int], phrase: str
) -> None:
    QuestionnaireResponseFactory(
        user=owner,
        kind="who5",
        answers=previous,
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        date=dt.date(2026, 1, 1),
    )
    html = owner_client.post(create_url("who5"), answers(current), follow=True).content.decode()
    assert phrase in html


def test_questionnaire_result_can_be_deleted(owner: User, owner_client: Client) -> None:
    response = QuestionnaireResponseFactory(user=owner)
    url = reverse("journal:questionnaire_delete", args=[response.pk])
    assert "Delete this result?" in owner_client.get(url).content.decode()
    owner_client.post(url)
    assert not QuestionnaireResponse.objects.filter(pk=response.pk).exists()


@pytest.mark.parametrize(
    "url_name", ["journal:questionnaire_detail", "journal:questionnaire_delete"]
)
def test_another_persons_result_is_a_404(stranger_client: Client, url_name: str) -> None:
    response = QuestionnaireResponseFactory(user=UserFactory())
    assert stranger_client.get(reverse(url_name, args=[response.pk])).status_code == 404
    assert stranger_client.post(reverse(url_name, args=[response.pk])).status_code == 404
    assert QuestionnaireResponse.objects.filter(pk=response.pk).exists()
