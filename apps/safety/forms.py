"""Forms for the readiness screen, clearance and the safety plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from apps.safety.models import SafetyPlan, add_years
from apps.safety.readiness import QUESTIONS

YES_NO = [("yes", "Yes"), ("no", "No")]


class ReadinessForm(forms.Form):
    """One yes/no question per readiness topic; every question needs an answer."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[question.topic] = forms.ChoiceField(
                label=question.question,
                help_text=question.help,
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": "Please choose yes or no."},
            )

    def answers(self) -> dict[str, bool]:
        return {q.topic: self.cleaned_data[q.topic] == "yes" for q in QUESTIONS}

    def questions(self) -> list[tuple[Any, Any]]:
        """(question, bound field) pairs, for the template."""
        return [(q, self[q.topic]) for q in QUESTIONS]


class ClearanceForm(forms.Form):
    cleared_on = forms.DateField(
        label="Date you were cleared",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Please enter the date you were cleared.",
            "invalid": "Please enter a date, for example 2026-03-01.",
        },
    )
    cleared_by = forms.CharField(
        label="Who cleared you",
        max_length=120,
        help_text="For example “Dr Patel, my GP” or “the physiotherapist at my gym”.",
        error_messages={
            "required": "Please say who cleared you, in any words you like.",
            "max_length": "Please keep this under 120 characters.",
        },
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["cleared_on"].widget.attrs["max"] = today.isoformat()

    def clean_cleared_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["cleared_on"]
        if day > self.today:
            raise forms.ValidationError("That date is in the future: please check it.")
        if add_years(day, 1) <= self.today:
            raise forms.ValidationError(
                "A clearance lasts 12 months, and this one has already run out. Please "
                "check in with your doctor or exercise professional again."
            )
        return day

    def clean_cleared_by(self) -> str:
        value: str = self.cleaned_data["cleared_by"].strip()
        if not value:
            raise forms.ValidationError("Please say who cleared you, in any words you like.")
        return value


PLAN_MAX_LENGTH = 4000


def _plan_field(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=PLAN_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Please keep this under {PLAN_MAX_LENGTH} characters."},
    )


PLAN_LABELS: dict[str, str] = {
    "warning_signs": "My warning signs",
    "things_that_help": "Things that help me feel a little better",
    "people": "People I can contact",
    "professionals": "Professionals and services I can call",
    "safer_environment": "Making my surroundings safer",
}


class SafetyPlanForm(forms.ModelForm[SafetyPlan]):
    """Every part is optional: a partly filled plan is still worth keeping."""

    warning_signs = _plan_field(
        PLAN_LABELS["warning_signs"],
        "Thoughts, feelings or situations that tell you a crisis may be building.",
    )
    things_that_help = _plan_field(
        PLAN_LABELS["things_that_help"],
        "Things you can do on your own to take your mind off things: a walk, music, a "
        "shower, a favourite show.",
    )
    people = _plan_field(
        PLAN_LABELS["people"],
        "Friends or family you can be with or call, with their numbers.",
    )
    professionals = _plan_field(
        PLAN_LABELS["professionals"],
        "Your doctor, therapist or care team, with their numbers. Crisis lines are on the "
        "Get help now page.",
    )
    safer_environment = _plan_field(
        PLAN_LABELS["safer_environment"],
        "Steps that put distance between you and anything you could use to hurt yourself, "
        "and who could help with that.",
    )

    class Meta:
        model = SafetyPlan
        fields = SafetyPlan.FIELDS
