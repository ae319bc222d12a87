"""Forms for choosing, enrolling, searching, swapping and editing custom programs."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms

from apps.programs import schedule, services
from apps.programs.models import (
    Equipment,
    Exercise,
    ExerciseSwap,
    MovementPattern,
    Prescription,
    Program,
)

if TYPE_CHECKING:
    from apps.accounts.models import User

WEEKDAY_CHOICES = [(str(day), name) for day, name in enumerate(schedule.WEEKDAY_NAMES)]

CLEARANCE_LABEL = "My doctor or midwife has said I can start exercising again."


class EnrollForm(forms.Form):
    start_date = forms.DateField(
        label="Start date",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Sessions begin on the first of your training days from this date.",
    )
    weekdays = forms.MultipleChoiceField(
        label="Training days",
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    postpartum_clearance = forms.BooleanField(label=CLEARANCE_LABEL, required=False)

    def __init__(self, *args: Any, program: Program, user: User, today: dt.date, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.program = program
        self.user = user
        self.today = today
        count = program.days_per_week
        self.fields["start_date"].initial = today
        self.fields["weekdays"].initial = [str(day) for day in program.default_weekdays]
        rest = " with a rest day between them" if program.full_body else ""
        self.fields["weekdays"].help_text = f"Pick {count} day{'s' if count != 1 else ''}{rest}."
        if not program.requires_postpartum:
            del self.fields["postpartum_clearance"]

    def chosen_weekdays(self) -> list[int]:
        return sorted(int(day) for day in self.cleaned_data.get("weekdays", []))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        errors = services.enrollment_errors(
            user=self.user,
            program=self.program,
            start_date=cleaned.get("start_date"),
            weekdays=[int(day) for day in cleaned.get("weekdays", [])]
            if "weekdays" in cleaned
            else [],
            today=self.today,
            postpartum_clearance=bool(cleaned.get("postpartum_clearance")),
        )
        for field, messages in errors.items():
            if field == "weekdays" and "weekdays" not in cleaned:
                continue  # the "required" message is already there
            for message in messages:
                self.add_error(None if field == "__all__" else field, message)
        return cleaned


DAYS_CHOICES = [("", "Any"), ("2", "2 days a week"), ("3", "3 days a week"), ("4", "4 days a week")]
MINUTES_CHOICES = [
    ("", "Any length"),
    ("15", "15 minutes or less"),
    ("20", "20 minutes or less"),
    ("30", "30 minutes or less"),
    ("45", "45 minutes or less"),
]
HAVE_CHOICES = [
    ("", "Anything"),
    ("gym", "A gym with machines"),
    ("home", "Dumbbells and bands at home"),
    ("band", "A resistance band"),
    ("none", "Nothing at all"),
]
# What each "I have…" answer lets a program use.
HAVE_ALLOWS: dict[str, set[str]] = {
    "gym": {e.value for e in Equipment},
    "home": {"dumbbell", "band", "bodyweight", "none"},
    "band": {"band", "bodyweight", "none"},
    "none": {"bodyweight", "none"},
}


class ProgramFilterForm(forms.Form):
    days = forms.ChoiceField(label="Days a week", choices=DAYS_CHOICES, required=False)
    minutes = forms.ChoiceField(label="Session length", choices=MINUTES_CHOICES, required=False)
    equipment = forms.ChoiceField(label="What you have", choices=HAVE_CHOICES, required=False)
    level = forms.ChoiceField(
        label="Experience",
        choices=[("", "Any"), *Program.Level.choices],
        required=False,
    )

    def apply(self, programs: list[Program]) -> list[Program]:
        if not self.is_valid():
            return programs
        data = self.cleaned_data
        if data["days"]:
            programs = [p for p in programs if p.days_per_week == int(data["days"])]
        if data["minutes"]:
            programs = [p for p in programs if p.minutes_per_session <= int(data["minutes"])]
        if data["equipment"]:
            allowed = HAVE_ALLOWS[data["equipment"]]
            programs = [p for p in programs if set(p.equipment) <= allowed]
        if data["level"]:
            programs = [p for p in programs if p.level == data["level"]]
        return programs

    @property
    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


class ExerciseSearchForm(forms.Form):
    q = forms.CharField(label="Search exercises", required=False, max_length=80)
    equipment = forms.ChoiceField(
        label="Equipment", choices=[("", "Any equipment"), *Equipment.choices], required=False
    )
    pattern = forms.ChoiceField(
        label="Movement", choices=[("", "Any movement"), *MovementPattern.choices], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget = forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": "e.g. squat, row, glutes",
                "autocomplete": "off",
            }
        )

    def values(self) -> tuple[str, str, str]:
        if not self.is_valid():
            return "", "", ""
        return (
            self.cleaned_data["q"].strip(),
            self.cleaned_data["equipment"],
            self.cleaned_data["pattern"],
        )


class SwapForm(forms.Form):
    replacement = forms.ModelChoiceField(
        label="Swap for",
        queryset=Exercise.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the exercise you'd like to do instead."},
    )
    scope = forms.ChoiceField(
        label="For how long?",
        choices=ExerciseSwap.Scope.choices,
        widget=forms.RadioSelect,
        initial=ExerciseSwap.Scope.ONCE,
    )
    day = forms.DateField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: User, exercise_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        replacement = self.fields["replacement"]
        assert isinstance(replacement, forms.ModelChoiceField)
        replacement.queryset = Exercise.objects.visible_to(user).filter(pk__in=exercise_ids)


class PrescriptionForm(forms.ModelForm[Prescription]):
    """Sets, reps (or a time) and rest for one exercise of an own copy."""

    class Meta:
        model = Prescription
        fields = ["sets", "reps_low", "reps_high", "seconds", "rest_seconds", "notes"]
        labels = {
            "reps_low": "Reps from",
            "reps_high": "Reps up to",
            "seconds": "Or seconds (timed moves)",
            "rest_seconds": "Rest between sets (seconds)",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sets"].widget.attrs.update({"min": 1, "max": 10, "inputmode": "numeric"})
        for name in ("reps_low", "reps_high"):
            self.fields[name].widget.attrs.update({"min": 1, "max": 50, "inputmode": "numeric"})
        self.fields["seconds"].widget.attrs.update({"min": 5, "max": 3600})
        self.fields["rest_seconds"].widget.attrs.update({"min": 0, "max": 600, "step": 15})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        low, high, seconds = (
            cleaned.get("reps_low"),
            cleaned.get("reps_high"),
            cleaned.get("seconds"),
        )
        rest = cleaned.get("rest_seconds")
        if low is None and high is None and seconds is None:
            self.add_error("reps_low", "Give a rep range, or a time in seconds for timed moves.")
        if low is not None and (low < 1 or low > 50):
            self.add_error("reps_low", "Reps should be between 1 and 50.")
        if high is not None and (high < 1 or high > 50):
            self.add_error("reps_high", "Reps should be between 1 and 50.")
        if low is not None and high is None:
            cleaned["reps_high"] = low
        if high is not None and low is None:
            self.add_error("reps_low", "Add the lower end of the rep range too.")
        if low is not None and high is not None and high < low:
            self.add_error("reps_high", "The upper end can't be below the lower end.")
        if seconds is not None and (seconds < 5 or seconds > 3600):
            self.add_error("seconds", "A time between 5 seconds and an hour, please.")
        if rest is not None and rest > 600:
            self.add_error("rest_seconds", "Rest of up to 10 minutes (600 seconds), please.")
        if low is not None:
            cleaned["seconds"] = None
        return cleaned


class AddExerciseForm(forms.Form):
    exercise = forms.ModelChoiceField(
        label="Exercise",
        queryset=Exercise.objects.none(),
        empty_label="Choose an exercise…",
        error_messages={"required": "Choose an exercise to add."},
    )
    sets = forms.IntegerField(label="Sets", min_value=1, max_value=10, initial=2)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["exercise"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Exercise.objects.visible_to(user).order_by("name")

    def defaults(self) -> tuple[int | None, int | None, int | None, int]:
        """(reps_low, reps_high, seconds, rest_seconds) to start with: 8–12 reps with
        90 s rest, or 30 seconds with 60 s rest for timed moves (ACSM 2009)."""
        exercise: Exercise = self.cleaned_data["exercise"]
        if exercise.measure == "timed":
            return None, None, 30, 60
        return 8, 12, None, 90


class ProgramNameForm(forms.ModelForm[Program]):
    class Meta:
        model = Program
        fields = ["name"]
        labels = {"name": "Name of your version"}

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Give your version a name.")
        return name
