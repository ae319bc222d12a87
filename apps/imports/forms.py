"""The upload form and the exercise-mapping form of the preview."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms

from apps.accounts.units import KG, LB
from apps.imports import matching, parsing
from apps.imports.services import NewExercise
from apps.programs.models import Equipment, Measure
from apps.programs.services import OWN_EXERCISE_MAX_NAME

LEAVE_OUT = ""
CREATE = "new"
CREATE_LABEL = "Create as my own exercise"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Export file",
        help_text=(
            "A CSV from Strong, Hevy or Steady, or a wger workout log (JSON), up to "
            f"{parsing.MAX_BYTES // 1_048_576} MB and {parsing.MAX_ROWS:,} rows."
        ),
    )
    unit = forms.ChoiceField(
        label="Weights in the file are in",
        choices=[(KG, "Kilograms (kg)"), (LB, "Pounds (lb)")],
        help_text="Only used when the file does not say (Strong's newer exports).",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > parsing.MAX_BYTES:
            raise forms.ValidationError(
                f"This file is {upload.size / 1_048_576:.1f} MB; files up to "
                f"{parsing.MAX_BYTES // 1_048_576} MB can be imported. Export a shorter period "
                "and import each part."
            )
        return upload


@dataclass
class MappingRow:
    """One name in the file and its fields: the choice, and what an own exercise would be."""

    name: str
    count: int
    choice: forms.BoundField
    new_name: forms.BoundField
    measure: forms.BoundField
    equipment: forms.BoundField

    @property
    def creates(self) -> bool:
        return bool(self.choice.value() == CREATE)

    @property
    def has_errors(self) -> bool:
        return bool(self.new_name.errors or self.measure.errors or self.equipment.errors)


class MappingForm(forms.Form):
    """One choice per exercise name in the file: an exercise (the library or the person's
    own), create it as their own exercise, or leave its sets out."""

    def __init__(
        self,
        *args: Any,
        names: list[tuple[str, int]],
        proposals: dict[str, matching.Proposal],
        exercises: list[matching.LibraryExercise],
        measures: dict[str, str],
        library_names: dict[str, str],
        own_names: dict[str, str],
        # Both keyed by ``matching.normalise``: "Leg-press" is "Leg press".
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.names = names
        self.library_names = library_names
        self.own_names = own_names
        own = [(str(e.id), e.name) for e in exercises if e.is_own]
        shared = [(str(e.id), e.name) for e in exercises if not e.is_own]
        choices: list[Any] = [(LEAVE_OUT, "Leave these sets out"), (CREATE, CREATE_LABEL)]
        if own:
            choices.append(("Your own exercises", own))
        choices.append(("Steady's exercises", shared))
        for index, (name, count) in enumerate(names):
            proposal = proposals[name]
            self.fields[f"map_{index}"] = forms.ChoiceField(
                label=name,
                choices=choices,
                required=False,
                initial=str(proposal.exercise_id) if proposal.exercise_id else LEAVE_OUT,
                help_text=f"{count} {'set' if count == 1 else 'sets'} · {_how(proposal)}",
            )
            self.fields[f"new_name_{index}"] = forms.CharField(
                label="Name of your exercise",
                max_length=OWN_EXERCISE_MAX_NAME,
                required=False,
                initial=" ".join(name.split())[:OWN_EXERCISE_MAX_NAME],
            )
            self.fields[f"new_measure_{index}"] = forms.ChoiceField(
                label="It measures",
                choices=Measure.choices,
                required=False,
                initial=measures.get(name, Measure.LOAD),
                help_text="Guessed from the sets in the file.",
            )
            self.fields[f"new_equipment_{index}"] = forms.ChoiceField(
                label="Equipment",
                choices=Equipment.choices,
                required=False,
                initial=Equipment.OTHER,
                help_text="Choose Barbell only if it is one: Steady works out plates for "
                "barbell lifts.",
            )

    def rows(self) -> list[MappingRow]:
        return [
            MappingRow(
                name=name,
                count=count,
                choice=self[f"map_{index}"],
                new_name=self[f"new_name_{index}"],
                measure=self[f"new_measure_{index}"],
                equipment=self[f"new_equipment_{index}"],
            )
            for index, (name, count) in enumerate(self.names)
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for index, _ in enumerate(self.names):
            if cleaned.get(f"map_{index}") != CREATE:
                continue
            field = f"new_name_{index}"
            new_name = " ".join((cleaned.get(field) or "").split())
            key = matching.normalise(new_name)
            if not new_name:
                self.add_error(field, "Give your exercise a name.")
            elif key in self.library_names:
                self.add_error(
                    field,
                    f"Steady already has “{self.library_names[key]}”: choose it from the "
                    "list above instead, or give yours a different name.",
                )
            elif key in self.own_names:
                self.add_error(
                    field,
                    f"You already have your own “{self.own_names[key]}”: choose it from the "
                    "list above instead.",
                )
            else:
                cleaned[field] = new_name
        return cleaned

    def mapping(self) -> dict[str, int | NewExercise | None]:
        result: dict[str, int | NewExercise | None] = {}
        for index, (name, _) in enumerate(self.names):
            value = self.cleaned_data.get(f"map_{index}") or LEAVE_OUT
            if value == CREATE:
                # A form posted without the details (an older page) keeps the guesses.
                result[name] = NewExercise(
                    name=self.cleaned_data[f"new_name_{index}"],
                    measure=self.cleaned_data.get(f"new_measure_{index}")
                    or self.fields[f"new_measure_{index}"].initial,
                    equipment=self.cleaned_data.get(f"new_equipment_{index}") or Equipment.OTHER,
                )
            else:
                result[name] = int(value) if value != LEAVE_OUT else None
        return result


def _how(proposal: matching.Proposal) -> str:
    return {
        matching.REMEMBERED: "your choice last time",
        matching.EXACT: "same name",
        matching.ALIAS: "known name",
        matching.FUZZY: "closest name",
        matching.NONE: "no match found: choose one, create it as your own, or leave it out",
    }[proposal.how]
