"""Forms for logging sets and finishing a session.

Loads are typed in the person's unit (kg or lb) and converted to kilograms here; the
model stores kilograms only. Every message says what to do, next to the field.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms

from apps.accounts.units import KG, kg_to_unit, unit_to_kg
from apps.programs.models import Exercise
from apps.workouts.models import ExerciseNote, SetLog
from apps.workouts.progression import format_amount

if TYPE_CHECKING:
    from apps.accounts.models import User

MAX_LOAD_KG = Decimal("1000")
MAX_REPS = 100
MAX_SECONDS = 3600

# Effort per set on the reps-in-reserve scale (Zourdos 2016; Helms 2016).
SET_RPE_CHOICES = [
    ("", "Skip"),
    ("6", "6 · 4 or more left"),
    ("7", "7 · 3 left"),
    ("7.5", "7.5 · 2–3 left"),
    ("8", "8 · 2 left"),
    ("8.5", "8.5 · 1–2 left"),
    ("9", "9 · 1 left"),
    ("9.5", "9.5 · maybe 1 left"),
    ("10", "10 · nothing left"),
]

# Foster's session RPE on the CR-10 scale, with plain words for each step.
SESSION_RPE_CHOICES = [
    ("0", "0 · Rest: no effort at all"),
    ("1", "1 · Very, very easy"),
    ("2", "2 · Easy"),
    ("3", "3 · Moderate"),
    ("4", "4 · Somewhat hard"),
    ("5", "5 · Hard"),
    ("6", "6 · Hard, and then some"),
    ("7", "7 · Very hard"),
    ("8", "8 · Very hard, close to my limit"),
    ("9", "9 · Almost the hardest I could do"),
    ("10", "10 · The hardest I could do"),
]


def _number_widget(*, decimal: bool, step: str, minimum: int = 0) -> forms.NumberInput:
    return forms.NumberInput(
        attrs={
            "inputmode": "decimal" if decimal else "numeric",
            "step": step,
            "min": str(minimum),
            "autocomplete": "off",
        }
    )


def set_field_names(measure: str) -> list[str]:
    """The inputs of a set of this kind of exercise, in the order they are shown."""
    if measure == "timed":
        return ["seconds", "rpe"]
    if measure == "bodyweight":
        return ["reps", "rpe"]
    return ["load", "reps", "rpe"]


def load_label(unit: str) -> str:
    return f"Weight ({unit})"


class SetForm(forms.Form):
    """One set. Which fields apply depends on the exercise (load, bodyweight or timed)."""

    client_id = forms.UUIDField(
        widget=forms.HiddenInput, error_messages={"invalid": "Reload the page and try again."}
    )
    load = forms.DecimalField(
        label="Weight",
        required=False,
        decimal_places=2,
        max_digits=7,
        widget=_number_widget(decimal=True, step="any"),
        error_messages={
            "invalid": "Type the weight as a number, like 42.5.",
            "max_decimal_places": "Use at most two decimals, like 42.25.",
            "max_digits": "That weight is too large. Please check it.",
        },
    )
    reps = forms.IntegerField(
        label="Reps",
        required=False,
        widget=_number_widget(decimal=False, step="1"),
        error_messages={"invalid": "Type the reps as a whole number, like 10."},
    )
    seconds = forms.IntegerField(
        label="Seconds",
        required=False,
        widget=_number_widget(decimal=False, step="1"),
        error_messages={"invalid": "Type the time in whole seconds, like 30."},
    )
    kind = forms.ChoiceField(
        required=False,
        widget=forms.HiddenInput,
        choices=[(SetLog.Kind.NORMAL, "Working set"), (SetLog.Kind.WARMUP, "Warm-up")],
        error_messages={"invalid_choice": "Reload the page and try again."},
    )
    rpe = forms.TypedChoiceField(
        label="Effort (RPE)",
        required=False,
        choices=SET_RPE_CHOICES,
        coerce=Decimal,
        empty_value=None,
        error_messages={"invalid_choice": "Pick an effort from the list, or Skip."},
    )

    def __init__(
        self,
        *args: Any,
        measure: str = "load",
        unit: str = KG,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.unit = unit
        self.fields["load"].label = load_label(unit)
        kept = set_field_names(measure)
        always = ("client_id", "kind")
        for name in [name for name in self.fields if name not in always and name not in kept]:
            del self.fields[name]

    def clean_load(self) -> Decimal | None:
        value: Decimal | None = self.cleaned_data.get("load")
        if value is None:
            if self.measure == "load":
                raise forms.ValidationError(
                    f"Enter the weight you lifted in {self.unit} (0 if you used none)."
                )
            return None
        if value < 0:
            raise forms.ValidationError("The weight can't be negative.")
        kg = unit_to_kg(value, self.unit)
        if kg > MAX_LOAD_KG:
            limit = kg_to_unit(MAX_LOAD_KG, self.unit).normalize()
            raise forms.ValidationError(
                f"That's more than {limit:,f} {self.unit}. Please check the weight."
            )
        return kg

    def clean_reps(self) -> int | None:
        value: int | None = self.cleaned_data.get("reps")
        if value is None:
            raise forms.ValidationError("Enter how many reps you did.")
        if value < 0:
            raise forms.ValidationError("Reps can't be negative.")
        if value > MAX_REPS:
            raise forms.ValidationError(f"That's more than {MAX_REPS} reps. Please check it.")
        return value

    def clean_seconds(self) -> int | None:
        value: int | None = self.cleaned_data.get("seconds")
        if value is None:
            raise forms.ValidationError("Enter how many seconds you held it.")
        if value < 1:
            raise forms.ValidationError("The time must be at least 1 second.")
        if value > MAX_SECONDS:
            raise forms.ValidationError("That's more than an hour. Please check the time.")
        return value

    def full_clean(self) -> None:
        super().full_clean()
        # Point each invalid input at its message, so screen readers read them together.
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"

    @property
    def load_kg(self) -> Decimal | None:
        return self.cleaned_data.get("load")


def set_initial(
    *,
    client_id: uuid.UUID,
    load_kg: Decimal | None,
    reps: int | None,
    seconds: int | None,
    rpe: Decimal | None,
    unit: str,
) -> dict[str, Any]:
    """Initial values for a set row, with the load in the person's unit."""
    return {
        "client_id": client_id,
        "load": format_amount(kg_to_unit(load_kg, unit)) if load_kg is not None else None,
        "reps": reps,
        "seconds": seconds,
        "rpe": format_amount(rpe) if rpe is not None else "",
    }


class FinishForm(forms.Form):
    duration_min = forms.IntegerField(
        label="How long did it take? (minutes)",
        min_value=1,
        max_value=600,
        widget=_number_widget(decimal=False, step="1", minimum=1),
        help_text="From your first set to your last. Change it if that's not right.",
        error_messages={
            "invalid": "Type the minutes as a whole number, like 35.",
            "min_value": "A session takes at least 1 minute.",
            "max_value": "That's more than 10 hours. Please check the minutes.",
            "required": "Enter how many minutes the session took.",
        },
    )
    session_rpe = forms.TypedChoiceField(
        label="How hard was the whole session?",
        choices=SESSION_RPE_CHOICES,
        coerce=Decimal,
        widget=forms.RadioSelect,
        help_text="One rating for the whole workout, from 0 (rest) to 10 (the hardest).",
        error_messages={"required": "Pick how hard the session felt overall."},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything you'd like to remember: a machine setting, how it went.",
    )


class AddExerciseForm(forms.Form):
    exercise = forms.ModelChoiceField(
        label="Exercise",
        queryset=Exercise.objects.none(),
        empty_label="Choose an exercise",
        error_messages={"required": "Choose an exercise to add."},
    )
    sets = forms.IntegerField(
        label="Sets",
        min_value=1,
        max_value=10,
        initial=3,
        widget=_number_widget(decimal=False, step="1", minimum=1),
    )
    reps_low = forms.IntegerField(
        label="Reps, from", min_value=1, max_value=50, initial=8, required=False
    )
    reps_high = forms.IntegerField(
        label="Reps, up to", min_value=1, max_value=50, initial=12, required=False
    )
    seconds = forms.IntegerField(
        label="Seconds (for timed exercises)",
        min_value=5,
        max_value=600,
        initial=30,
        required=False,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["exercise"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Exercise.objects.visible_to(user).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("reps_low"), data.get("reps_high")
        exercise = data.get("exercise")
        if exercise is not None and exercise.measure != "timed":
            if low is None or high is None:
                raise forms.ValidationError("Enter a rep range, like 8 to 12.")
            if high < low:
                self.add_error("reps_high", "The top of the range must be at least the bottom.")
        return data


class SwapExerciseForm(forms.Form):
    exercise = forms.ModelChoiceField(
        label="Swap to",
        queryset=Exercise.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the exercise to do instead."},
    )

    def __init__(self, *args: Any, user: User, choices: list[Exercise], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["exercise"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Exercise.objects.visible_to(user)
            .filter(pk__in=[e.pk for e in choices])
            .order_by("name")
        )


class ExerciseFilterForm(forms.Form):
    exercise = forms.TypedChoiceField(
        label="Show sessions with",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Pick an exercise from the list."},
    )

    def __init__(self, *args: Any, exercises: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        """``exercises``: the ids and names to choose from."""
        super().__init__(*args, **kwargs)
        field = self.fields["exercise"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "All exercises"), *((str(pk), name) for pk, name in exercises)]


class ExerciseNoteForm(forms.Form):
    text = forms.CharField(
        label="Your note",
        required=False,
        max_length=ExerciseNote.MAX_LENGTH,
        error_messages={
            "max_length": "Keep the note to %(limit_value)d characters, like “seat 4, pin 6”."
        },
    )
