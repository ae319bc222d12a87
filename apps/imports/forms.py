"""The upload form and the exercise-mapping form of the preview."""

from __future__ import annotations

from typing import Any

from django import forms

from apps.accounts.units import KG, LB
from apps.imports import matching, parsing

LEAVE_OUT = ""


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


class MappingForm(forms.Form):
    """One choice per exercise name in the file: a library exercise, or leave its sets out."""

    def __init__(
        self,
        *args: Any,
        names: list[tuple[str, int]],
        proposals: dict[str, matching.Proposal],
        exercises: list[matching.LibraryExercise],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.names = names
        choices = [(LEAVE_OUT, "Leave these sets out"), *((str(e.id), e.name) for e in exercises)]
        for index, (name, count) in enumerate(names):
            proposal = proposals[name]
            field = forms.ChoiceField(
                label=name,
                choices=choices,
                required=False,
                initial=str(proposal.exercise_id) if proposal.exercise_id else LEAVE_OUT,
                help_text=f"{count} {'set' if count == 1 else 'sets'} · {_how(proposal)}",
            )
            self.fields[f"map_{index}"] = field

    def mapping(self) -> dict[str, int | None]:
        result: dict[str, int | None] = {}
        for index, (name, _) in enumerate(self.names):
            value = self.cleaned_data.get(f"map_{index}") or LEAVE_OUT
            result[name] = int(value) if value != LEAVE_OUT else None
        return result


def _how(proposal: matching.Proposal) -> str:
    return {
        matching.REMEMBERED: "your choice last time",
        matching.EXACT: "same name",
        matching.ALIAS: "known name",
        matching.FUZZY: "closest name",
        matching.NONE: "no match found: choose one or leave out",
    }[proposal.how]
