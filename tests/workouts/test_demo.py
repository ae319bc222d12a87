"""The demo person's training history: plausible, progressing, idempotent."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.programs.demo import seed_demo as programs_seed_demo
from apps.workouts.demo import seed_demo
from apps.workouts.models import PersonalBest, SetLog, WorkoutSession
from tests.workouts import reference

pytestmark = pytest.mark.django_db


def test_demo_follows_the_enrollment_and_shows_progress(owner: User, owner_client: Client) -> None:
    programs_seed_demo(owner)
    seed_demo(owner)
    seed_demo(owner)  # idempotent: the run command seeds on every start

    sessions = list(WorkoutSession.objects.filter(user=owner).order_by("date"))
    assert 12 <= len(sessions) <= 16  # about three a week for five weeks, minus a pause
    assert all(s.is_finished and s.duration_min and s.session_rpe for s in sessions)
    enrollment = sessions[0].enrollment
    assert enrollment is not None
    assert {s.name for s in sessions} <= {d.name for d in enrollment.program.days.all()}
    assert (owner.local_today() - sessions[0].date).days <= 7 * 6
    assert sessions[-1].date < owner.local_today()

    load_exercises = {
        s.session_exercise.exercise
        for s in SetLog.objects.filter(user=owner).select_related("session_exercise__exercise")
        if s.load_kg
    }
    progressed = []
    for exercise in load_exercises:
        sets = reference.dated_sets(owner, exercise)
        if reference.record_history(sets, exercise.measure):
            progressed.append(exercise)
        assert sets[-1].load_kg is not None
        assert sets[0].load_kg is not None
        assert sets[-1].load_kg >= sets[0].load_kg
    assert progressed, "the demo history must include at least one personal best"

    history = owner_client.get(reverse("workouts:history")).content.decode()
    assert sessions[-1].name in history
    progress = owner_client.get(
        reverse("workouts:exercise_progress", args=[progressed[0].slug])
    ).content.decode()
    assert "New best:" in progress
    done = {s.session_exercise.exercise_id for s in SetLog.objects.filter(user=owner)}
    bests = PersonalBest.objects.filter(user=owner)
    assert {b.exercise_id for b in bests} == done  # the progress page reads these


def test_demo_without_an_enrollment_logs_nothing(owner: User) -> None:
    seed_demo(owner)
    assert not WorkoutSession.objects.filter(user=owner).exists()
