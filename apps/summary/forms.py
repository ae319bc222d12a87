"""The summary's options: a date range and the optional sections; a share link adds
how long it lasts. Bad input gets a message next to its field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from apps.summary.figures import MAX_WEEKS, default_range
from apps.summary.selectors import Sections
from apps.summary.services import EXPIRY_DAYS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SummaryOptionsForm(forms.Form):
    start = forms.DateField(
        label="From",
        widget=DATE_WIDGET,
        error_messages={"required": "Enter the first day.", "invalid": "Enter a date."},
    )
    end = forms.DateField(
        label="To",
        widget=DATE_WIDGET,
        error_messages={"required": "Enter the last day.", "invalid": "Enter a date."},
    )
    safety_plan = forms.BooleanField(label="Include my safety plan", required=False)
    journal_notes = forms.BooleanField(label="Include my journal notes", required=False)
    session_notes = forms.BooleanField(label="Include my session notes", required=False)

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        first, last = default_range(today)
        self.fields["start"].initial = first
        self.fields["end"].initial = last

    @classmethod
    def from_query(cls, query: Any, *, today: dt.date) -> SummaryOptionsForm:
        """Bound to the query string; a missing first or last day is the default
        range's (the last 8 weeks)."""
        first, last = default_range(today)
        data = query.copy()
        data.setdefault("start", first.isoformat())
        data.setdefault("end", last.isoformat())
        return cls(data, today=today)

    def clean_end(self) -> dt.date:
        end: dt.date = self.cleaned_data["end"]
        if end > self.today:
            raise forms.ValidationError("The last day can't be after today.")
        return end

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                self.add_error("start", "The first day must come before the last day.")
            elif (end - start).days >= MAX_WEEKS * 7:
                self.add_error(
                    "start", f"Choose at most {MAX_WEEKS} weeks, so the summary stays short."
                )
        return cleaned

    @property
    def sections(self) -> Sections:
        data = self.cleaned_data
        return Sections(
            safety_plan=data.get("safety_plan", False),
            journal_notes=data.get("journal_notes", False),
            session_notes=data.get("session_notes", False),
        )


class ShareLinkForm(SummaryOptionsForm):
    expires_in_days = forms.TypedChoiceField(
        label="The link works for",
        choices=[(days, f"{days} day{'s' if days != 1 else ''}") for days in EXPIRY_DAYS],
        coerce=int,
        initial=7,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how long the link works."},
    )
