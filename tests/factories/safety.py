"""Factories for apps.safety."""

from __future__ import annotations

import datetime as dt

import factory

from apps.safety.models import GuidanceResponse, MedicalClearance, ReadinessScreen, SafetyPlan
from tests.factories.accounts import UserFactory

__all__ = [
    "GuidanceResponseFactory",
    "MedicalClearanceFactory",
    "ReadinessScreenFactory",
    "SafetyPlanFactory",
]


class ReadinessScreenFactory(factory.django.DjangoModelFactory[ReadinessScreen]):
    """All "no" unless told otherwise: ``ReadinessScreenFactory(heart=True)``."""

    class Meta:
        model = ReadinessScreen

    user = factory.SubFactory(UserFactory)
    date = factory.LazyFunction(dt.date.today)
    heart = False
    chest_pain = False
    dizziness = False
    chronic_condition = False
    medication = False
    bone_joint = False
    supervised_only = False
    pregnancy_postpartum = False


class MedicalClearanceFactory(factory.django.DjangoModelFactory[MedicalClearance]):
    class Meta:
        model = MedicalClearance

    screen = factory.SubFactory(ReadinessScreenFactory, heart=True)
    user = factory.SelfAttribute("screen.user")
    cleared_on = factory.SelfAttribute("screen.date")
    cleared_by = "Dr Rivera, my GP"


class SafetyPlanFactory(factory.django.DjangoModelFactory[SafetyPlan]):
    class Meta:
        model = SafetyPlan

    user = factory.SubFactory(UserFactory)
    warning_signs = "Staying in bed all day; not answering messages."
    things_that_help = "A walk round the block; a hot shower; my playlist."
    people = "Alex (sister) 07700 900123"
    professionals = ""
    safer_environment = ""


class GuidanceResponseFactory(factory.django.DjangoModelFactory[GuidanceResponse]):
    class Meta:
        model = GuidanceResponse

    user = factory.SubFactory(UserFactory)
    code = "crisis_support"
    kind = GuidanceResponse.Kind.ACKNOWLEDGED
    ref = factory.Sequence(lambda n: f"checkin:{n}")
