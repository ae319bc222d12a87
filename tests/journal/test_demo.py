"""Demo data: idempotent, six weeks, pairs linked to sessions, every journal page filled."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.journal.demo import seed_demo
from apps.journal.models import CheckIn, QuestionnaireResponse
from tests.factories import JournalSessionFactory

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_plausible(owner: User) -> None:
    seed_demo(owner)
    count = CheckIn.objects.filter(user=owner).count()
    seed_demo(owner)
    assert CheckIn.objects.filter(user=owner).count() == count
    assert 40 <= count <= 120
    dates = CheckIn.objects.filter(user=owner).values_list("date", flat=True)
    assert (owner.local_today() - min(dates)).days == 41
    assert not CheckIn.objects.filter(user=owner, self_harm_thoughts=True).exists()
    assert not CheckIn.objects.filter(user=owner).exclude(warning_symptoms=[]).exists()
    assert CheckIn.objects.filter(user=owner).exclude(note="").count() >= 3
    assert CheckIn.objects.filter(user=owner).exclude(tags=[]).exists()
    phq9 = QuestionnaireResponse.objects.filter(user=owner, kind="phq9").order_by("date")
    assert phq9.count() >= 2
    assert all(response.answers[8] == 0 for response in phq9)
    assert phq9.first().total > phq9.last().total  # a mild improvement
    assert QuestionnaireResponse.objects.filter(user=owner, kind="who5").exists()


def test_mood_trends_gently_upwards(owner: User) -> None:
    seed_demo(owner)
    today = owner.local_today()
    moods = CheckIn.objects.filter(user=owner)
    first = [c.mood for c in moods if (today - c.date).days >= 28]
    last = [c.mood for c in moods if (today - c.date).days < 14]
    assert sum(last) / len(last) > sum(first) / len(first) + 1


def test_before_after_check_ins_link_to_finished_sessions(owner: User) -> None:
    today = owner.local_today()
    sessions = [
        JournalSessionFactory(
            user=owner,
            started_at=dt.datetime.combine(
                today - dt.timedelta(days=d), dt.time(18), tzinfo=owner.zone
            ),
        )
        for d in (1, 3, 5, 8)
    ]
    unfinished = JournalSessionFactory(user=owner, finished_at=None)
    seed_demo(owner)
    for session in sessions:
        kinds = set(CheckIn.objects.filter(session=session).values_list("kind", flat=True))
        assert kinds == {"before", "after"}
    assert not CheckIn.objects.filter(session=unfinished).exists()


def test_every_journal_page_has_content_for_the_demo_user(
    owner: User, owner_client: Client
) -> None:
    seed_demo(owner)
    timeline = owner_client.get(reverse("journal:timeline")).content.decode()
    assert 'data-chart="mood"' in timeline
    assert 'data-chart="phq9"' in timeline
    assert timeline.count('class="entry"') == 20
    insights = owner_client.get(reverse("journal:insights")).content.decode()
    assert "On days you trained" in insights
    assert "After your sessions" in insights
    assert "This is a pattern in your data, not proof." in insights
