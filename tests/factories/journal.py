"""Factories for apps.journal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from apps.journal import scoring
from apps.journal.models import CheckIn, QuestionnaireResponse
from apps.workouts.models import WorkoutSession
from tests.factories.accounts import UserFactory

__all__ = ["CheckInFactory", "JournalSessionFactory", "QuestionnaireResponseFactory"]


class JournalSessionFactory(factory.django.DjangoModelFactory[WorkoutSession]):
    """A minimal finished workout session for journal tests (independent of the
    workouts app's own factories)."""

    class Meta:
        model = WorkoutSession

    user = factory.SubFactory(UserFactory)
    name = "Session A"
    started_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))
    date = factory.LazyAttribute(lambda o: o.started_at.astimezone(o.user.zone).date())
    finished_at = factory.LazyAttribute(lambda o: o.started_at + dt.timedelta(minutes=40))
    duration_min = 40
    session_rpe = Decimal("7")


class CheckInFactory(factory.django.DjangoModelFactory[CheckIn]):
    class Meta:
        model = CheckIn

    user = factory.SubFactory(UserFactory)
    kind = CheckIn.Kind.DAILY
    date = factory.LazyAttribute(lambda o: o.user.local_today())
    created_at = factory.LazyFunction(timezone.now)
    mood = 5


def _total(o: QuestionnaireResponseFactory) -> int:
    if o.kind == QuestionnaireResponse.Kind.PHQ9:
        return scoring.score_phq9(o.answers).total
    if o.kind == QuestionnaireResponse.Kind.PHQ2:
        return scoring.score_phq2(o.answers).total
    return scoring.score_who5(o.answers).raw


class QuestionnaireResponseFactory(factory.django.DjangoModelFactory[QuestionnaireResponse]):
    """A PHQ-9 by default (items 1-8 at 1, item 9 at 0: total 8); the total is computed."""

    class Meta:
        model = QuestionnaireResponse

    user = factory.SubFactory(UserFactory)
    kind = QuestionnaireResponse.Kind.PHQ9
    date = factory.LazyAttribute(lambda o: o.user.local_today())
    created_at = factory.LazyFunction(timezone.now)
    answers = factory.LazyAttribute(
        lambda o: {"phq9": [1] * 8 + [0], "phq2": [1, 1], "who5": [3] * 5}[o.kind]
    )
    total = factory.LazyAttribute(_total)
