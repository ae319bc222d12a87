"""Check-in and questionnaire forms. Bad input gets a message next to its field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from apps.journal import scales, scoring
from apps.journal.models import PELVIC_SYMPTOMS, WARNING_SYMPTOMS, CheckIn
from apps.journal.services import CheckInAnswers

YES_NO = [("yes", "Yes"), ("no", "No")]
SCALES: dict[str, tuple[str, ...]] = {
    "mood": scales.MOOD_WORDS,
    "energy": scales.ENERGY_WORDS,
    "stress": scales.STRESS_WORDS,
}


def _scale_field(name: str, label: str, *, required: bool) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=scales.scale_choices(SCALES[name]),
        coerce=int,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose how you feel, from 1 to 10."},
    )


class CheckInForm(forms.Form):
    """One form for all three kinds; questions that don't apply are removed.

    ``ate_recently`` is asked before a session, ``warning_symptoms`` before and after one
    (a symptom noticed just before training matters as much as one during it) and
    ``pelvic_symptoms`` only on postpartum profiles (DOMAIN.md "Scenario format").
    """

    mood = _scale_field("mood", "Mood right now", required=True)
    energy = _scale_field("energy", "Energy", required=False)
    stress = _scale_field("stress", "Stress", required=False)
    sleep_hours = forms.DecimalField(
        label="Hours of sleep last night",
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(24),
        max_digits=3,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
        error_messages={
            "invalid": "Enter a number of hours, like 7 or 6.5.",
            "min_value": "Hours of sleep can't be below 0.",
            "max_value": "Hours of sleep can't be more than 24.",
            "max_decimal_places": "Use at most one decimal place, like 6.5.",
            "max_digits": "Enter a number of hours from 0 to 24.",
        },
    )
    ate_recently = forms.ChoiceField(
        label="Have you eaten in the last 3 hours?",
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    warning_symptoms = forms.MultipleChoiceField(
        label="During the session, did you have any of these?",
        choices=WARNING_SYMPTOMS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pelvic_symptoms = forms.MultipleChoiceField(
        label="Since having your baby, have you noticed any of these?",
        choices=PELVIC_SYMPTOMS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.MultipleChoiceField(
        label="Words that fit",
        choices=[(tag, tag) for tag in scales.SUGGESTED_TAGS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_tags = forms.CharField(
        label="Your own words (separate with commas)",
        required=False,
        max_length=300,
    )
    note = forms.CharField(
        label="Note (private)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only you can read it. It is stored encrypted.",
        error_messages={"max_length": "Please keep the note under 5,000 characters."},
    )
    self_harm_thoughts = forms.BooleanField(
        label="I'm having thoughts of harming myself",
        required=False,
    )
    date = forms.DateField(
        label="Date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date, like 2026-03-01."},
    )
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        kind: str,
        postpartum: bool,
        today: dt.date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.today = today
        if kind != CheckIn.Kind.BEFORE:
            del self.fields["ate_recently"]
        if kind == CheckIn.Kind.DAILY:
            del self.fields["warning_symptoms"]
        elif kind == CheckIn.Kind.BEFORE:
            self.fields["warning_symptoms"].label = "Right now or today, have you had any of these?"
        if not postpartum:
            del self.fields["pelvic_symptoms"]
        if kind != CheckIn.Kind.DAILY:
            del self.fields["date"]
        else:
            self.fields["date"].widget.attrs["max"] = today.isoformat()

    @classmethod
    def initial_from(cls, checkin: CheckIn) -> dict[str, Any]:
        suggested = set(scales.SUGGESTED_TAGS)
        ate = (
            {True: "yes", False: "no"}.get(checkin.ate_recently)
            if checkin.ate_recently is not None
            else ""
        )
        return {
            "mood": checkin.mood,
            "energy": checkin.energy,
            "stress": checkin.stress,
            "sleep_hours": checkin.sleep_hours,
            "ate_recently": ate,
            "warning_symptoms": list(checkin.warning_symptoms),
            "pelvic_symptoms": list(checkin.pelvic_symptoms),
            "tags": [tag for tag in checkin.tags if tag in suggested],
            "other_tags": ", ".join(tag for tag in checkin.tags if tag not in suggested),
            "note": checkin.note,
            "self_harm_thoughts": checkin.self_harm_thoughts,
            "date": checkin.date,
        }

    def clean_date(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("date")
        if day is not None and day > self.today:
            raise forms.ValidationError("That date is in the future: pick today or earlier.")
        if day is not None and (self.today - day).days > 366:
            raise forms.ValidationError("Check-ins can go back up to a year.")
        return day

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            cleaned["all_tags"] = scales.normalize_tags(
                cleaned.get("tags") or [], cleaned.get("other_tags") or ""
            )
        except ValueError as error:
            self.add_error("other_tags", str(error))
        return cleaned

    def answers(self) -> CheckInAnswers:
        data = self.cleaned_data
        ate = data.get("ate_recently") or ""
        return CheckInAnswers(
            mood=data["mood"],
            energy=data.get("energy"),
            stress=data.get("stress"),
            sleep_hours=data.get("sleep_hours"),
            ate_recently={"yes": True, "no": False}.get(ate),
            warning_symptoms=list(data.get("warning_symptoms") or []),
            pelvic_symptoms=list(data.get("pelvic_symptoms") or []),
            self_harm_thoughts=bool(data.get("self_harm_thoughts")),
            tags=data.get("all_tags", []),
            note=(data.get("note") or "").strip(),
            date=data.get("date"),
        )


class QuestionnaireForm(forms.Form):
    """A PHQ-9, PHQ-2 or WHO-5: one required radio group per item (fields q1, q2, ...)."""

    def __init__(
        self,
        *args: Any,
        items: tuple[str, ...],
        options: tuple[tuple[int, str], ...],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for number, text in enumerate(items, 1):
            self.fields[f"q{number}"] = forms.TypedChoiceField(
                label=text,
                choices=[(str(value), word) for value, word in options],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Please choose an answer for this question."},
            )

    def answers(self) -> list[int]:
        return [int(self.cleaned_data[name]) for name in self.fields]


QUESTIONNAIRES: dict[str, dict[str, Any]] = {
    "phq9": {
        "title": "PHQ-9: the last two weeks",
        "stem": scoring.PHQ9_STEM,
        "items": scoring.PHQ9_ITEMS,
        "options": scoring.PHQ9_OPTIONS,
    },
    "phq2": {
        "title": "Two quick questions about the last two weeks",
        "stem": scoring.PHQ9_STEM,
        "items": scoring.PHQ2_ITEMS,
        "options": scoring.PHQ9_OPTIONS,
    },
    "who5": {
        "title": "WHO-5 well-being",
        "stem": scoring.WHO5_STEM,
        "items": scoring.WHO5_ITEMS,
        "options": scoring.WHO5_OPTIONS,
    },
}
