"""Plain data the guidance engine reads and writes (DOMAIN.md, "Scenario format").

Every optional field uses ``None`` for "not answered": a missing value never triggers a
rule. Decimal numbers (session RPE, sleep hours) are ``Decimal`` so thresholds such as
"mean session RPE ≥ 8.5" or "acute ÷ chronic ≥ 1.5" are compared exactly, never with
floating-point rounding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

Severity = Literal["urgent", "caution", "info"]
CheckInKind = Literal["before", "after", "daily"]
QuestionnaireKind = Literal["phq9", "who5"]

SEVERITIES: tuple[Severity, ...] = ("urgent", "caution", "info")
CHECKIN_KINDS: tuple[CheckInKind, ...] = ("before", "after", "daily")
QUESTIONNAIRE_KINDS: tuple[QuestionnaireKind, ...] = ("phq9", "who5")

# Identifiers, in the order DOMAIN.md lists them (also the order shown to people).
WARNING_SYMPTOMS = ("chest_pain", "fainting", "dizziness", "breathlessness", "palpitations")
PELVIC_SYMPTOMS = ("bleeding", "leaking", "heaviness", "doming", "pelvic_pain")
READINESS_TOPICS = (
    "heart",
    "chest_pain",
    "dizziness",
    "chronic_condition",
    "medication",
    "bone_joint",
    "supervised_only",
    "pregnancy_postpartum",
)

# Questionnaire shapes: number of answers and the highest value of each answer.
QUESTIONNAIRE_SHAPES: dict[str, tuple[int, int]] = {"phq9": (9, 3), "who5": (5, 5)}


@dataclass(frozen=True, slots=True)
class Profile:
    country: str | None = None
    postpartum_delivery_date: dt.date | None = None
    readiness_yes: tuple[str, ...] = ()
    # None: not answered. The selector passes True only for a clearance still valid today.
    clearance_recorded: bool | None = None


@dataclass(frozen=True, slots=True)
class Session:
    id: str
    date: dt.date
    duration_min: int | None = None
    session_rpe: Decimal | None = None
    deload: bool | None = None

    @property
    def load(self) -> Decimal | None:
        """Foster's session load: session RPE × minutes; None unless both are known."""
        if self.duration_min is None or self.session_rpe is None:
            return None
        return self.session_rpe * self.duration_min


@dataclass(frozen=True, slots=True)
class CheckIn:
    date: dt.date
    kind: CheckInKind
    mood: int
    session: str | None = None
    energy: int | None = None
    stress: int | None = None
    sleep_hours: Decimal | None = None
    ate_recently: bool | None = None
    warning_symptoms: tuple[str, ...] = ()
    pelvic_symptoms: tuple[str, ...] = ()
    self_harm_thoughts: bool | None = None
    # Identifies the stored record ("checkin:12"), so an acknowledgement can name the
    # exact triggers it covered. Not part of the scenario format.
    ref: str | None = None


@dataclass(frozen=True, slots=True)
class Questionnaire:
    date: dt.date
    kind: QuestionnaireKind
    answers: tuple[int, ...]
    ref: str | None = None

    @property
    def total(self) -> int:
        return sum(self.answers)


@dataclass(frozen=True, slots=True)
class GuidanceInput:
    """Everything the rules may look at. Lists are in chronological input order: on equal
    dates the later element counts as the more recent one."""

    today: dt.date
    profile: Profile = field(default_factory=Profile)
    sessions: Sequence[Session] = ()
    checkins: Sequence[CheckIn] = ()
    questionnaires: Sequence[Questionnaire] = ()


@dataclass(frozen=True, slots=True)
class GuidanceItem:
    """One item of guidance. ``details`` carries the person's own numbers for the
    "Why am I seeing this?" page; ``refs`` names the records that triggered it. Neither
    is part of the contract output (see ``as_json``)."""

    code: str
    severity: Severity
    factors: tuple[str, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict, compare=False)
    refs: tuple[str, ...] = field(default=(), compare=False)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "factors": list(self.factors)}
