"""Export everything, delete everything: checked against every model in Steady."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from apps.accounts.models import SecurityEvent, User
from apps.accounts.personal_data import (
    path_to_user,
    personal_data_export,
    personal_querysets,
    steady_models,
)
from apps.safety.services import safety_plan_save
from tests.factories import DEFAULT_PASSWORD, ExerciseFactory, UserFactory, make_workout_history

pytestmark = pytest.mark.django_db

# Shared reference data that belongs to nobody.
REFERENCE_MODELS = {"programs.exercise", "programs.exercisealternative"}


def demo_user() -> User:
    call_command("seed_demo")
    return User.objects.get(email="demo@steady.local")


def logged_in_with_password(user: User) -> Client:
    """A client that just re-entered its password (allauth's sudo mode)."""
    client = Client()
    client.force_login(user)
    response = client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return client


def test_every_model_is_reference_data_or_reaches_a_user() -> None:
    unowned = {
        m._meta.label_lower
        for m in steady_models()
        if path_to_user(m) is None and m._meta.label_lower not in REFERENCE_MODELS
    }
    assert not unowned, (
        f"models with no path to a user (export/deletion would miss them): {unowned}"
    )


def test_export_needs_a_recent_password(owner_client: Client) -> None:
    response = owner_client.post(reverse("accounts:export"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_export_contains_everything_readable() -> None:
    user = demo_user()
    user.set_password(DEFAULT_PASSWORD)
    user.save()
    client = logged_in_with_password(user)
    expected = {m._meta.label_lower: qs.count() for m, qs in personal_querysets(user)}

    response = client.post(reverse("accounts:export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    payload = json.loads(archive.read("steady.json"))
    data = payload["data"]
    assert data.keys() == expected.keys()
    for label, count in expected.items():
        assert len(data[label]) == count, label
        if count:
            assert f"csv/{label.replace('.', '_')}.csv" in archive.namelist()
    assert "password" not in data["accounts.user"][0]
    assert data["accounts.user"][0]["email"] == "demo@steady.local"
    notes = [c["note"] for c in data.get("journal.checkin", []) if c["note"]]
    assert all(not n.startswith("gAAAA") for n in notes), "notes are exported decrypted"
    assert SecurityEvent.objects.filter(user=user, kind="data_exported").count() == 1


def test_deletion_removes_every_row_and_spares_others() -> None:
    user = demo_user()
    user.set_password(DEFAULT_PASSWORD)
    user.save()
    bystander = UserFactory()
    before_owned = {
        model._meta.label_lower: set(qs.values_list("pk", flat=True))
        for model, qs in personal_querysets(user)
    }
    bystander_rows = {
        model._meta.label_lower: qs.count() for model, qs in personal_querysets(bystander)
    }
    assert sum(len(pks) for pks in before_owned.values()) > 10
    client = logged_in_with_password(user)

    response = client.post(reverse("accounts:delete"), {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:deleted")
    for model in steady_models():
        label = model._meta.label_lower
        if before_owned.get(label):
            leftovers = model._default_manager.filter(pk__in=before_owned[label])
            assert not leftovers.exists(), f"{label} kept {leftovers.count()} rows"
        path = path_to_user(model)
        if path and path != "pk":
            assert not model._default_manager.filter(**{path: user.pk}).exists(), label
    assert not User.objects.filter(pk=user.pk).exists()
    assert {
        model._meta.label_lower: qs.count() for model, qs in personal_querysets(bystander)
    } == bystander_rows
    event = SecurityEvent.objects.get(kind="account_deleted")
    assert event.user is None
    assert client.get(reverse("accounts:settings")).status_code == 302


def test_deletion_needs_the_confirmation_box(owner: User) -> None:
    client = logged_in_with_password(owner)

    response = client.post(reverse("accounts:delete"), {})

    assert response.status_code == 200
    assert "Tick the box" in response.content.decode()
    assert User.objects.filter(pk=owner.pk).exists()


FORMULAS = ["=HYPERLINK(1)", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_zip_csv_cells_that_look_like_formulas_are_escaped_like_the_training_log(
    owner: User, formula: str
) -> None:
    safety_plan_save(user=owner, fields={"warning_signs": formula})
    owner.display_name = formula[:60]
    owner.save()
    exercise = ExerciseFactory(name=formula)
    make_workout_history(owner, 1, exercises=[exercise])
    client = logged_in_with_password(owner)

    archive = zipfile.ZipFile(io.BytesIO(client.post(reverse("accounts:export")).content))
    training_log = client.get(reverse("workouts:export_csv")).getvalue().decode()

    plans = list(csv.DictReader(io.StringIO(archive.read("csv/safety_safetyplan.csv").decode())))
    users = list(csv.DictReader(io.StringIO(archive.read("csv/accounts_user.csv").decode())))
    log_rows = list(csv.DictReader(io.StringIO(training_log)))
    assert plans[0]["warning_signs"] == "'" + formula
    assert users[0]["display_name"] == "'" + formula
    assert log_rows[0]["exercise"] == plans[0]["warning_signs"]


def test_the_export_holds_the_persons_bar_and_plates(owner: User) -> None:
    owner.bar_weight, owner.plates, owner.plates_unit = Decimal("15"), ["20", "10", "2.5"], "kg"
    owner.save()

    row = personal_data_export(owner)["accounts.user"][0]

    assert (row["bar_weight"], row["plates"], row["plates_unit"]) == (
        Decimal("15.00"),
        ["20", "10", "2.5"],
        "kg",
    )
