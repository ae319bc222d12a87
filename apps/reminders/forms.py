"""The reminder preferences form: every switch, a reminder time and quiet hours."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from apps.reminders.models import ReminderPreferences
from apps.reminders.timing import QuietHours


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class ReminderPreferencesForm(forms.ModelForm[ReminderPreferences]):
    class Meta:
        model = ReminderPreferences
        fields: ClassVar = [
            "enabled",
            "workout_enabled",
            "workout_time",
            "checkin_prompt_enabled",
            "weekly_summary_enabled",
            "weekly_summary_day",
            "phq9_enabled",
            "lapse_note_enabled",
            "cheers_digest_enabled",
            "quiet_start",
            "quiet_end",
        ]
        widgets: ClassVar = {
            "workout_time": TimeInput(),
            "quiet_start": TimeInput(),
            "quiet_end": TimeInput(),
        }
        error_messages: ClassVar = {
            "workout_time": {"invalid": "Enter a time like 07:30."},
            "quiet_start": {"invalid": "Enter a time like 22:00."},
            "quiet_end": {"invalid": "Enter a time like 07:00."},
        }

    def __init__(self, *args: Any, automatic_time: str = "08:00", **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["workout_time"].help_text = (
            f"Leave empty to use {automatic_time}: one hour before you usually start, or "
            "08:00 until you have a usual time."
        )
        self.fields["quiet_start"].help_text = "For example 21:30. Leave both empty for none."
        self.fields[
            "quiet_end"
        ].help_text = "Nothing is sent in between; anything due then waits until quiet hours end."
        for name in ("workout_time", "quiet_start", "quiet_end"):
            self.fields[name].widget.attrs["step"] = 60

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("quiet_start"), data.get("quiet_end")
        if "quiet_start" in data and "quiet_end" in data:
            if start and not end:
                self.add_error("quiet_end", "Add when quiet hours end, or clear both times.")
            elif end and not start:
                self.add_error("quiet_start", "Add when quiet hours start, or clear both times.")
            elif start and end and start == end:
                self.add_error("quiet_end", "Quiet hours need different start and end times.")
        workout_time = data.get("workout_time")
        if (
            workout_time
            and start
            and end
            and start != end
            and QuietHours(start, end).contains(workout_time)
            and not self.errors
        ):
            self.add_error(
                "workout_time",
                f"{workout_time:%H:%M} is inside your quiet hours "
                f"({start:%H:%M}–{end:%H:%M}). Pick a time outside them, or change quiet hours.",
            )
        return data
