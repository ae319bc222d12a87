"""``User.objects.get(pk=…)`` (every signed-in request) loads from hand-written SQL exactly
what the ORM loads; every other lookup is the ORM's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models.manager import BaseManager
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.models import User, UserManager
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def values(user: User) -> dict[str, object]:
    return {f.attname: getattr(user, f.attname) for f in User._meta.concrete_fields}


def test_it_loads_what_the_orm_loads() -> None:
    user = UserFactory(
        time_zone="America/Sao_Paulo",
        units=User.Units.LB,
        week_start=User.WeekStart.SUNDAY,
        postpartum_delivery_date=dt.date(2026, 5, 1),
        display_name="Zoë 🏋",
    )
    with CaptureQueriesContext(connection) as queries:
        found = User.objects.get(pk=user.pk)
    assert len(queries) == 1
    assert values(found) == values(User.objects.filter(pk=user.pk).get())
    assert not found._state.adding
    assert found._state.db == "default"
    assert found.check_password("correct horse battery staple") == user.check_password(
        "correct horse battery staple"
    )


def test_a_missing_or_malformed_id_fails_as_the_orm_does() -> None:
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=987_654_321)
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=None)
    with pytest.raises(ValueError, match="expected a number"):
        User.objects.get(pk="not-a-number")


def test_other_lookups_use_the_orm() -> None:
    user = UserFactory(email="someone@example.test")
    assert User.objects.get(email="someone@example.test").pk == user.pk
    assert User.objects.get(pk=user.pk, is_active=True).pk == user.pk


def test_the_manager_adds_no_filter_the_shortcut_would_skip() -> None:
    """The shortcut reads the table directly: a filtering get_queryset would be bypassed."""
    assert UserManager.get_queryset is BaseManager.get_queryset


def test_a_signed_in_request_finds_the_person() -> None:
    user = UserFactory()
    client = Client()
    client.force_login(user)
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 200
    assert response.wsgi_request.user.pk == user.pk
