"""Forms for crews. Every choice a cheer can carry comes from ``CheerMessage``."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django import forms

from apps.together.models import CheerEmoji, CheerMessage, Crew, Membership
from apps.together.services import INVITE_DAYS_CHOICES


class CrewForm(forms.ModelForm[Crew]):
    class Meta:
        model = Crew
        fields: ClassVar = ["name"]
        error_messages: ClassVar = {"name": {"required": "Give your crew a name."}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = "Only the people in the crew see it."

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Give your crew a name.")
        return name


class InviteForm(forms.Form):
    single_use = forms.TypedChoiceField(
        label="Who can use it",
        choices=[("1", "One person"), ("0", "Several people, until it expires")],
        coerce=lambda value: value == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    days = forms.TypedChoiceField(
        label="Works for",
        choices=[(str(d), f"{d} day{'s' if d > 1 else ''}") for d in INVITE_DAYS_CHOICES],
        coerce=int,
        initial="7",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class InviteEmailForm(InviteForm):
    email = forms.EmailField(
        label="Their email address",
        error_messages={
            "required": "Add the email address to send the invite to.",
            "invalid": "Enter an email address like name@example.org.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["single_use"]
        self.order_fields(["email", "days"])


class SharingForm(forms.ModelForm[Membership]):
    class Meta:
        model = Membership
        fields: ClassVar = ["sharing_paused", "share_records"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class CheerForm(forms.Form):
    recipient = forms.TypedChoiceField(label="Send it to", coerce=int)
    message = forms.ChoiceField(
        label="Cheer",
        choices=CheerMessage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a cheer from the list."},
    )
    emoji = forms.ChoiceField(label="Emoji (optional)", choices=CheerEmoji.choices, required=False)

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = members  # type: ignore[attr-defined]


class CrewSessionForm(forms.Form):
    day = forms.DateField(
        label="Day",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a date like 2026-03-14.", "required": "Pick a day."},
    )
    at = forms.TimeField(
        label="Time (on your clock)",
        widget=forms.TimeInput(attrs={"type": "time", "step": 60}, format="%H:%M"),
        error_messages={"invalid": "Enter a time like 18:30.", "required": "Pick a time."},
    )
    minutes = forms.TypedChoiceField(
        label="About",
        choices=[
            ("20", "20 minutes"),
            ("30", "30 minutes"),
            ("45", "45 minutes"),
            ("60", "1 hour"),
        ],
        coerce=int,
        initial="45",
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_day(self) -> dt.date:
        day: dt.date = self.cleaned_data["day"]
        if day < self.today:
            raise forms.ValidationError("Pick today or a day ahead.")
        if day > self.today + dt.timedelta(days=90):
            raise forms.ValidationError("Pick a day within the next three months.")
        return day
