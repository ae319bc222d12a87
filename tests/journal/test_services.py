"""Journal writes: no duplicates, kind-specific answers, questionnaires scored on save."""

from __future__ import annotations

import uuid
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from apps.accounts.models import User
from apps.journal import services
from apps.journal.models import CheckIn, QuestionnaireResponse
from apps.journal.scoring import InvalidAnswers
from apps.journal.services import CheckInAnswers
from tests.factories import CheckInFactory, JournalSessionFactory, QuestionnaireResponseFactory

pytestmark = pytest.mark.django_db


def test_create_sets_date_from_the_session_or_the_local_day(owner: User) -> None:
    session = JournalSessionFactory(user=owner)
    linked, created = services.checkin_create(
        user=owner, kind="before", session=session, answers=CheckInAnswers(mood=5)
    )
    assert created
    assert linked.date == session.date
    assert linked.session == session
    daily, _ = services.checkin_create(user=owner, kind="daily", answers=CheckInAnswers(mood=5))
    assert daily.date == owner.local_today()


def test_daily_check_ins_never_link_to_a_session(owner: User) -> None:
    session = JournalSessionFactory(user=owner)
    checkin, _ = services.checkin_create(
        user=owner, kind="daily", session=session, answers=CheckInAnswers(mood=5)
    )
    assert checkin.session is None


def test_one_check_in_per_session_and_kind(owner: User) -> None:
    session = JournalSessionFactory(user=owner)
    first, created = services.checkin_create(
        user=owner, kind="after", session=session, answers=CheckInAnswers(mood=5)
    )
    second, created_again = services.checkin_create(
        user=owner, kind="after", session=session, answers=CheckInAnswers(mood=8)
    )
    assert created
    assert not created_again
    assert first.pk == second.pk
    assert CheckIn.objects.get().mood == 8


def test_a_lost_race_updates_the_winner(owner: User) -> None:
    session = JournalSessionFactory(user=owner)
    winner = CheckInFactory(user=owner, kind="after", session=session, mood=5)
    real_filter = CheckIn.objects.filter
    calls = {"n": 0}

    def blind_first_lookup(*args: object, **kwargs: object) -> object:
        # The first existence check misses the winner, as in a race between two requests.
        calls["n"] += 1
        if calls["n"] == 1:
            return CheckIn.objects.none()
        return real_filter(*args, **kwargs)

    with mock.patch.object(CheckIn.objects, "filter", side_effect=blind_first_lookup):
        checkin, created = services.checkin_create(
            user=owner, kind="after", session=session, answers=CheckInAnswers(mood=9)
        )
    assert not created
    assert checkin.pk == winner.pk
    assert CheckIn.objects.get().mood == 9


def test_a_retried_submit_updates_by_client_id(owner: User) -> None:
    token = uuid.uuid4()
    services.checkin_create(
        user=owner, kind="daily", answers=CheckInAnswers(mood=4), client_id=token
    )
    services.checkin_create(
        user=owner, kind="daily", answers=CheckInAnswers(mood=6), client_id=token
    )
    assert list(CheckIn.objects.values_list("mood", flat=True)) == [6]


def test_another_persons_client_id_never_touches_their_row(owner: User, stranger: User) -> None:
    token = uuid.uuid4()
    theirs, _ = services.checkin_create(
        user=stranger, kind="daily", answers=CheckInAnswers(mood=2), client_id=token
    )
    mine, created = services.checkin_create(
        user=owner, kind="daily", answers=CheckInAnswers(mood=9), client_id=token
    )
    assert created
    assert mine.pk != theirs.pk
    theirs.refresh_from_db()
    assert theirs.mood == 2
    assert theirs.user == stranger


def test_questions_of_another_kind_are_not_stored(owner: User) -> None:
    answers = CheckInAnswers(mood=5, ate_recently=True, warning_symptoms=["dizziness"])
    daily, _ = services.checkin_create(user=owner, kind="daily", answers=answers)
    assert daily.ate_recently is None
    assert daily.warning_symptoms == []
    before, _ = services.checkin_create(user=owner, kind="before", answers=answers)
    assert before.ate_recently is True
    assert before.warning_symptoms == ["dizziness"]
    after, _ = services.checkin_create(user=owner, kind="after", answers=answers)
    assert after.ate_recently is None
    assert after.warning_symptoms == ["dizziness"]


@pytest.mark.parametrize("mood", [0, 11])
def test_out_of_range_mood_is_refused(owner: User, mood: int) -> None:
    with pytest.raises(ValidationError):
        services.checkin_create(user=owner, kind="daily", answers=CheckInAnswers(mood=mood))
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("kind", "answers", "total"),
    [("phq9", [3] * 9, 27), ("phq2", [2, 1], 3), ("who5", [5, 4, 3, 2, 1], 15)],
)
def test_questionnaire_submit_scores(
    owner: User, kind: str, answers: list[int], total: int
) -> None:
    response = services.questionnaire_submit(user=owner, kind=kind, answers=answers)
    assert (response.total, response.answers, response.date) == (
        total,
        answers,
        owner.local_today(),
    )


@pytest.mark.parametrize(("kind", "answers"), [("phq9", [1] * 8), ("who5", [6] * 5), ("epds", [0])])
def test_questionnaire_submit_refuses_bad_answers(
    owner: User, kind: str, answers: list[int]
) -> None:
    with pytest.raises(InvalidAnswers):
        services.questionnaire_submit(user=owner, kind=kind, answers=answers)
    assert not QuestionnaireResponse.objects.exists()


def test_a_full_phq9_replaces_only_the_persons_own_phq2(owner: User, stranger: User) -> None:
    own = QuestionnaireResponseFactory(user=owner, kind="phq2", answers=[2, 2])
    theirs = QuestionnaireResponseFactory(user=stranger, kind="phq2", answers=[2, 2])
    services.questionnaire_submit(user=owner, kind="phq9", answers=[2, 2] + [0] * 7, replaces=own)
    services.questionnaire_submit(user=owner, kind="phq9", answers=[0] * 9, replaces=theirs)
    assert not QuestionnaireResponse.objects.filter(pk=own.pk).exists()
    assert QuestionnaireResponse.objects.filter(pk=theirs.pk).exists()
