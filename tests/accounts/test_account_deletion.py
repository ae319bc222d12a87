"""Deleting the account works for a person with one of everything, leaves nothing behind
(their rows, their sessions on other devices, django-axes' logs of their address) and, if
it ever fails, keeps them signed in and keeps their name and email out of the log."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db.models import Model
from django.db.models.signals import pre_delete
from django.test import Client
from django.urls import reverse

from apps.accounts.models import SecurityEvent, User
from apps.accounts.personal_data import path_to_user, steady_models
from apps.programs.models import Enrollment
from tests.accounts.everything import person_with_everything
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# Shared reference data that belongs to nobody (a person's own exercises have an owner;
# alternatives link library exercises only).
REFERENCE_MODELS = {"programs.exercisealternative"}


def models_reaching_a_user() -> list[tuple[type[Model], str]]:
    """Every installed model (Steady's and third-party apps') with a path to the user."""
    found = []
    for model in apps.get_models():
        path = path_to_user(model)
        if path is not None and path != "pk":
            found.append((model, path))
    return found


def rows_of(user_pk: int) -> dict[str, int]:
    counts = {
        model._meta.label_lower: model._default_manager.filter(**{path: user_pk}).count()
        for model, path in models_reaching_a_user()
    }
    return {label: n for label, n in counts.items() if n}


def sessions_of(user_pk: int) -> list[str]:
    return [
        s.session_key
        for s in Session.objects.all()
        if s.get_decoded().get(SESSION_KEY) == str(user_pk)
    ]


def signed_in_with_password(email: str) -> Client:
    """A real log-in through the form, then the password again (allauth's sudo mode)."""
    client = Client()
    response = client.post(reverse("account_login"), {"login": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302, response.content[:300]
    response = client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return client


def test_the_builder_holds_one_of_every_kind_of_personal_object() -> None:
    """Fails when a model with a path to the user is missing from person_with_everything:
    add it there, so the deletion test below covers it."""
    user = person_with_everything()

    missing = {
        model._meta.label_lower
        for model in steady_models()
        if path_to_user(model) not in (None, "pk")
        and model._meta.label_lower not in REFERENCE_MODELS
        and not model._default_manager.filter(**{path_to_user(model) or "": user.pk}).exists()
    }

    assert not missing, f"tests/accounts/everything.py makes no row of: {sorted(missing)}"
    assert Enrollment.objects.filter(user=user, program__owner=user).exists()


def test_deleting_a_person_with_everything_leaves_nothing_of_them() -> None:
    user = person_with_everything(email="sam@example.org", display_name="Sam")
    bystander = person_with_everything()
    bystander_rows = rows_of(bystander.pk)
    # Another device, and a failed log-in that axes records under their address.
    other_device = signed_in_with_password(user.email)
    client = signed_in_with_password(user.email)
    Client().post(reverse("account_login"), {"login": "Sam@Example.org", "password": "wrong"})
    assert len(rows_of(user.pk)) >= 15
    assert len(sessions_of(user.pk)) == 2
    assert AccessLog.objects.filter(username="sam@example.org").exists()
    assert AccessAttempt.objects.filter(username="sam@example.org").exists()

    response = client.post(reverse("accounts:delete"), {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:deleted")
    assert not User.objects.filter(pk=user.pk).exists()
    assert rows_of(user.pk) == {}
    assert sessions_of(user.pk) == []
    for log in (AccessAttempt, AccessFailureLog, AccessLog):
        assert not log.objects.filter(username__iexact="sam@example.org").exists(), log
    assert rows_of(bystander.pk) == bystander_rows
    assert sessions_of(bystander.pk) == []
    assert SecurityEvent.objects.get(kind="account_deleted").user is None
    assert other_device.get(reverse("accounts:settings")).status_code == 302
    assert client.get(reverse("accounts:settings")).status_code == 302


def test_a_failed_deletion_keeps_the_person_signed_in_and_logs_only_their_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    user = UserFactory(email="robin@example.org", display_name="Robin")
    client = signed_in_with_password(user.email)

    def refuse(sender: type[Model], instance: Model, **kwargs: Any) -> None:
        # An error whose text names the person, as a database error quoting a row would.
        raise RuntimeError(f"cannot delete {instance} ({user.email})")

    pre_delete.connect(refuse, sender=User, dispatch_uid="refuse-user-delete")
    try:
        with caplog.at_level(logging.DEBUG):
            response = client.post(reverse("accounts:delete"), {"confirm": "on"})
    finally:
        pre_delete.disconnect(dispatch_uid="refuse-user-delete", sender=User)

    assert response.status_code == 500
    assert "nothing was deleted" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    assert client.get(reverse("accounts:settings")).status_code == 200
    logged = "\n".join(
        r.getMessage() + (r.exc_text or "") + str(r.exc_info or "") for r in caplog.records
    )
    assert f"#{user.pk}" in logged
    assert "robin" not in logged.lower()
    assert "Robin" not in logged
