from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count, F

from apps.accounts.models import User
from apps.core.time import utc_today
from apps.journal.models import CheckIn, QuestionnaireResponse
from apps.workouts.models import PersonalBest, SessionExercise, SetLog, WorkoutSession

pytestmark = pytest.mark.django_db


def test_generates_plausible_histories() -> None:
    call_command("generate_demo_data", users=3, years=0.5, prefix="gen")

    users = User.objects.filter(email__startswith="gen-")
    assert users.count() == 3
    weeks = 0.5 * 365 / 7
    for user in users:
        sessions = WorkoutSession.objects.filter(user=user)
        assert 2.0 * weeks <= sessions.count() <= 3.0 * weeks, "about three a week, some missed"
        assert not sessions.exclude(date__lt=utc_today()).exists()
        assert not sessions.filter(finished_at__isnull=True).exists()
        trained = SetLog.objects.filter(user=user).values("session_exercise__exercise_id")
        bests = PersonalBest.objects.filter(user=user)
        assert bests.count() == trained.distinct().count() > 0
        assert not bests.filter(
            heaviest_kg__isnull=True, most_reps__isnull=True, longest_seconds__isnull=True
        ).exists()
    planned = SessionExercise.objects.aggregate(n=Count("pk"))["n"]
    assert planned > 0
    assert SetLog.objects.count() >= 2 * planned
    assert not SetLog.objects.exclude(user=F("session_exercise__session__user")).exists()
    pairs = CheckIn.objects.filter(session__isnull=False)
    assert pairs.filter(kind="before").count() == pairs.filter(kind="after").count() > 0
    assert not pairs.exclude(user=F("session__user")).exists()
    phq = QuestionnaireResponse.objects.filter(kind="phq9")
    assert phq.count() >= 3 * 12
    assert all(r.total == sum(r.answers) and r.answers[8] == 0 for r in phq)


def test_running_again_adds_new_people_instead_of_clashing() -> None:
    call_command("generate_demo_data", users=2, years=0.1, prefix="gen")
    call_command("generate_demo_data", users=2, years=0.1, prefix="gen")

    assert User.objects.filter(email__startswith="gen-").count() == 4
