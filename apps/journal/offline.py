"""The before/after check-in questions, for the form the phone shows with no signal.

The questions come from ``CheckInForm`` itself, so the offline form asks what the online
one asks (its answers are validated by the same form when they arrive). The phone keeps
the questions, never any answers: a queued check-in leaves the phone once it is stored.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms

from apps.journal.forms import CheckInForm
from apps.journal.models import CheckIn

if TYPE_CHECKING:
    from apps.accounts.models import User

# Asked offline too; the rest (tags, sleep) can be added later from the journal.
OFFLINE_FIELDS = (
    "mood",
    "energy",
    "stress",
    "ate_recently",
    "warning_symptoms",
    "pelvic_symptoms",
    "note",
    # As online: ticking it saves the check-in and opens the crisis lines (kept on the
    # phone too, so they open with no signal).
    "self_harm_thoughts",
)


def _question(name: str, field: forms.Field) -> dict[str, Any]:
    if isinstance(field.widget, forms.CheckboxSelectMultiple):
        kind = "checkbox"
    elif isinstance(field.widget, forms.CheckboxInput):
        kind = "boolean"
    elif isinstance(field.widget, forms.RadioSelect):
        kind = "radio"
    else:
        kind = "text"
    choices = [[str(value), str(label)] for value, label in getattr(field, "choices", [])]
    return {
        "name": name,
        "label": str(field.label),
        "type": kind,
        "required": field.required,
        "choices": [c for c in choices if c[0] != ""],
    }


def checkin_questions(user: User, today: dt.date) -> dict[str, list[dict[str, Any]]]:
    postpartum = user.is_postpartum_on(today)
    questions = {}
    for kind in (CheckIn.Kind.BEFORE, CheckIn.Kind.AFTER):
        form = CheckInForm(kind=kind, postpartum=postpartum, today=today)
        questions[str(kind)] = [
            _question(name, form.fields[name]) for name in OFFLINE_FIELDS if name in form.fields
        ]
    return questions
