"""Turning guidance items into words: the "because" sentences with the person's own
numbers, urgent banners, and the lighter-session link on Today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import date_format

from apps.accounts.models import User
from apps.journal.models import PELVIC_SYMPTOMS, WARNING_SYMPTOMS
from apps.safety.explanations import EXPLANATIONS, FACTOR_LABELS, Explanation
from apps.safety.guidance import GuidanceItem
from apps.safety.readiness import QUESTIONS_BY_TOPIC
from apps.safety.selectors import (
    Readiness,
    Responses,
    request_responses,
    request_urgent_guidance,
)

# The workouts app's URL that starts a session; ``minimum=1`` asks for the 15-minute one.
LIGHTER_SESSION_URL_NAME = "workouts:session_start"


def lighter_session_url() -> str:
    """Where "Do the lighter session" posts to (with ``minimum=1``)."""
    return reverse(LIGHTER_SESSION_URL_NAME)


@dataclass(frozen=True)
class ShownItem:
    """A guidance item with its wording and the person's responses to it."""

    item: GuidanceItem
    explanation: Explanation
    acknowledged: bool
    checked: bool

    @property
    def code(self) -> str:
        return self.item.code

    @property
    def severity(self) -> str:
        return self.item.severity

    @property
    def factor_labels(self) -> list[str]:
        return [FACTOR_LABELS[f] for f in self.item.factors]

    @property
    def factor_actions(self) -> list[tuple[str, str]]:
        return [(FACTOR_LABELS[f], self.explanation.factor_actions[f]) for f in self.item.factors]


def shown_items(items: list[GuidanceItem], responses: Responses) -> list[ShownItem]:
    return [
        ShownItem(
            item=item,
            explanation=EXPLANATIONS[item.code],
            acknowledged=responses.is_acknowledged(item),
            checked=responses.is_checked(item),
        )
        for item in items
    ]


def _day(value: dt.date) -> str:
    return date_format(value, "l j F")


def _number(value: Decimal | float | int | None) -> str:
    if value is None:
        return "?"
    text = f"{Decimal(str(value)).normalize():f}"
    return text


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _labels(codes: list[str], vocabulary: list[tuple[str, str]]) -> str:
    names = dict(vocabulary)
    return _join([names.get(code, code).lower() for code in codes])


def _drop_line(drop: dict[str, Any]) -> str:
    parts = [f"{_day(drop['date'])}: mood {drop['before']} before, {drop['after']} after"]
    if drop["ate_recently"] is False:
        parts.append("no food in the 3 hours before")
    if drop["sleep_hours"] is not None:
        parts.append(f"{_number(drop['sleep_hours'])} h sleep")
    if drop["stress"] is not None:
        parts.append(f"stress {drop['stress']}/10")
    if drop["session_rpe"] is not None:
        parts.append(f"session effort {_number(drop['session_rpe'])}/10")
    return "; ".join(parts)


def why_lines(item: GuidanceItem, readiness: Readiness | None = None) -> list[str]:
    """Sentences finishing "You're seeing this because…", with the person's numbers."""
    d = item.details
    code = item.code
    if code == "crisis_support":
        source = "on a questionnaire" if d.get("from_questionnaire") else "in a check-in"
        return [
            f"On {_day(d['latest'])} you told us {source} that you have had thoughts of "
            "harming yourself, or of being better off dead."
        ]
    if code == "stop_and_seek_care":
        return [
            f"In a check-in on {_day(d['latest'])} you noted "
            f"{_labels(d['symptoms'], WARNING_SYMPTOMS)}.",
            "These can be signs that your heart or circulation needs checking before you "
            "exercise again.",
        ]
    if code == "postpartum_red_flag":
        return [
            f"You had your baby in the last year, and in a check-in on {_day(d['latest'])} "
            f"you noted {_labels(d['symptoms'], PELVIC_SYMPTOMS)}.",
        ]
    if code == "seek_professional":
        lines = []
        if "phq9_total" in d:
            lines.append(
                f"Your PHQ-9 on {_day(d['phq9_date'])} added up to {d['phq9_total']}. A score "
                "of 10 or more suggests talking to a professional."
            )
        if "low_days" in d:
            lines.append(
                f"Over the last two weeks you checked in on {d['logged_days']} days, and on "
                f"{d['low_days']} of them your mood averaged 4 or lower out of 10."
            )
        return lines
    if code == "medical_clearance_advised":
        topics = [QUESTIONS_BY_TOPIC[t].short for t in d["topics"]]
        lines = [f"On your readiness questions you answered yes about {_join(topics)}."]
        if readiness and readiness.screen:
            lines[0] = (
                f"On your readiness questions on {_day(readiness.screen.date)} you answered "
                f"yes about {_join(topics)}."
            )
            if readiness.clearance_expired and readiness.clearance_expires_on:
                lines.append(
                    f"Your clearance ran out on {_day(readiness.clearance_expires_on)}: "
                    "clearances last 12 months."
                )
            else:
                lines.append("No clearance from a doctor or exercise professional is recorded.")
        return lines
    if code == "post_workout_mood_drop":
        drops = d["drops"]
        return [
            f"In {len(drops)} of your last {d['compared']} sessions with a before and an "
            "after check-in, your mood was 2 or more points lower afterwards.",
            *[_drop_line(drop) for drop in drops],
        ]
    if code == "overtraining_risk":
        lines = []
        if "ratio" in d:
            lines.append(
                f"Your training load over the last 7 days was {_number(d['acute_load'])} "
                f"(session effort × minutes), {_number(d['ratio'])} times your weekly "
                f"average of {_number(d['chronic_weekly_load'])} over the three weeks before."
            )
        if "hard_sessions" in d:
            efforts = _join([f"{_number(v)}" for v in d["hard_sessions"]])
            lines.append(f"Your last three sessions were rated {efforts} out of 10 for effort.")
        return lines
    if code == "rest_day_due":
        return ["You've trained on each of the last three days."]
    if code == "deload_due":
        return [
            f"You've done {d['sessions']} sessions over the last six weeks, at least two "
            "every week, without a lighter week."
        ]
    if code == "fuel_reminder":
        return [
            f"In {d['unfed']} of your last {d['of']} before-workout check-ins, you hadn't "
            "eaten in the 3 hours before."
        ]
    if code == "expectations_check":
        return [
            f"Your mood before sessions averaged {d['recent_mean_mood']} over the last two "
            f"weeks and {d['early_mean_mood']} in your first two weeks of training (from "
            f"{_day(d['first_session'])}).",
            "You've kept training steadily, which is the part that matters most now.",
        ]
    if code == "progress_gently":
        return [
            f"Your last {d['sessions']} sessions, over three weeks, were all rated 5 or "
            "less out of 10 for effort."
        ]
    return []


@dataclass(frozen=True)
class Banner:
    code: str
    title: str
    message: str
    url: str
    link_label: str


BANNER_TEXT: dict[str, tuple[str, str, str]] = {
    # code: (message, link target, link label)
    "crisis_support": (
        "You told us about thoughts of harming yourself. You deserve support right now: "
        "free, confidential lines are open day and night.",
        "safety:crisis",
        "Get help now",
    ),
    "stop_and_seek_care": (
        "You noted a symptom, such as chest pain or dizziness, that a doctor should check "
        "before you train again.",
        "why",
        "What to do",
    ),
}


def banners_for_request(request: HttpRequest) -> list[Banner]:
    """Urgent items the person has not acknowledged yet, newest triggers included.

    One query when no row could trigger an urgent item (nearly always); else the
    check-ins and PHQ-9s of the last 14 days, then the responses. Reuses this request's
    full evaluation when the page already made one.
    """
    user = request.user
    if not isinstance(user, User):
        return []
    items = request_urgent_guidance(request, user, user.local_today())
    if not items:
        return []
    responses = request_responses(request, user, items)
    banners = []
    for item in items:
        if responses.is_acknowledged(item):
            continue
        message, target, label = BANNER_TEXT[item.code]
        url = (
            reverse("safety:why", kwargs={"code": item.code})
            if target == "why"
            else reverse(target)
        )
        banners.append(Banner(item.code, EXPLANATIONS[item.code].title, message, url, label))
    return banners
