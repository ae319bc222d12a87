"""Imports are part of the data export and go with the account."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from apps.accounts.personal_data import personal_data_zip
from apps.accounts.services import account_delete
from apps.imports import services
from apps.imports.models import ExerciseChoice, Import, ImportedSession, ImportedSet
from apps.imports.tasks import run_import
from apps.programs.models import Exercise
from apps.workouts.models import SessionExercise
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def test_export_and_deletion_include_imports() -> None:
    user, bystander = UserFactory(), UserFactory()
    for person in (user, bystander):
        pending = services.import_upload(
            user=person, data=(FIXTURES / "hevy_kg.csv").read_bytes(), filename="h.csv", unit="kg"
        )
        proposals = services.proposals_for(person, services.parsed_file(pending))
        mapping: dict[str, services.MappingChoice] = {
            n: p.exercise_id for n, p in proposals.items()
        }
        # Both people create an own exercise of the same name: unique per person only.
        mapping["Plank"] = services.NewExercise("Long plank", "timed")
        services.import_confirm(import_run=pending, mapping=mapping)
        run_import(pending.pk)
    services.import_upload(  # one still waiting in preview, with its file
        user=user, data=(FIXTURES / "hevy_lbs.csv").read_bytes(), filename="l.csv", unit="kg"
    )

    archive = zipfile.ZipFile(io.BytesIO(personal_data_zip(user)))
    data = json.loads(archive.read("steady.json"))["data"]
    assert len(data["imports.import"]) == 2
    assert len(data["imports.importedset"]) == 6
    assert len(data["imports.importedsession"]) == 1
    assert {c["source_name"] for c in data["imports.exercisechoice"]} >= {"plank"}
    assert all("content" not in row for row in data["imports.import"])
    # Their own exercise, and none of the library's or the other person's.
    assert [e["name"] for e in data["programs.exercise"]] == ["Long plank"]
    # Session rows that use library exercises are theirs all the same.
    rows = SessionExercise.objects.filter(session__user=user).count()
    assert len(data["workouts.sessionexercise"]) == rows

    user_pk = user.pk
    account_delete(user=user)
    assert not Exercise.objects.filter(owner_id=user_pk).exists()
    assert Exercise.objects.filter(owner=bystander, name="Long plank").exists()
    for model in (Import, ImportedSession, ImportedSet, ExerciseChoice):
        assert not model.objects.filter(user_id=user_pk).exists(), model
        assert model.objects.filter(user=bystander).exists(), model
