"""Factories for apps.reminders.

Every user gets default ``ReminderPreferences`` from a signal when created, so there is
no preferences factory: ``reminder_user`` sets them through the service instead.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from apps.accounts.models import User
from apps.reminders.models import Delivery, ReminderKind
from apps.reminders.services import reminder_preferences_update
from tests.factories.accounts import UserFactory

__all__ = ["DeliveryFactory", "reminder_user"]


class DeliveryFactory(factory.django.DjangoModelFactory[Delivery]):
    """An outbox row; QUEUED and already handed to the broker unless told otherwise."""

    class Meta:
        model = Delivery

    user = factory.SubFactory(UserFactory)
    kind = ReminderKind.WORKOUT
    scheduled_for = factory.Sequence(
        lambda n: dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC) + dt.timedelta(days=n)
    )
    state = Delivery.State.QUEUED
    enqueued_at = factory.LazyAttribute(lambda o: o.scheduled_for)


def reminder_user(zone: str = "Europe/London", **preferences: Any) -> User:
    """A user in ``zone`` whose reminder preferences are set through the service."""
    user = UserFactory(time_zone=zone)
    if preferences:
        reminder_preferences_update(user=user, changes=preferences)
    return user
