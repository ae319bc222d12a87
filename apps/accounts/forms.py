"""Profile forms: the extra sign-up questions and the settings page."""

from __future__ import annotations

import zoneinfo
from functools import cache
from typing import Any

from django import forms
from django.http import HttpRequest

from apps.accounts.countries import COUNTRY_CHOICES
from apps.accounts.models import User


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    zones = sorted(z for z in zoneinfo.available_timezones() if "/" in z or z == "UTC")
    return [(z, z.replace("_", " ")) for z in zones]


class TimeZoneSelect(forms.Select):
    """A select that a small script pre-fills from the browser's own time zone."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"data-guess-time-zone": "", **(attrs or {})})


class ProfileFieldsMixin(forms.Form):
    display_name = forms.CharField(
        label="What should we call you?",
        max_length=60,
        required=False,
        help_text="Optional. A first name or a nickname is fine.",
    )
    time_zone = forms.ChoiceField(
        label="Time zone",
        choices=time_zone_choices,
        initial="UTC",
        widget=TimeZoneSelect,
        help_text="Reminders and “today” follow this clock.",
    )
    country = forms.ChoiceField(
        label="Country",
        choices=COUNTRY_CHOICES,
        initial="OTHER",
        help_text="Used only to show the right crisis lines.",
    )
    units = forms.ChoiceField(
        label="Weight units", choices=User.Units.choices, initial=User.Units.KG
    )


class SignupProfileForm(ProfileFieldsMixin):
    """Extra fields on allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    def signup(self, request: HttpRequest, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.time_zone = self.cleaned_data["time_zone"]
        user.country = self.cleaned_data["country"]
        user.units = self.cleaned_data["units"]
        user.save(update_fields=["display_name", "time_zone", "country", "units"])


class ProfileForm(forms.ModelForm[User]):
    time_zone = ProfileFieldsMixin.base_fields["time_zone"]

    class Meta:
        model = User
        fields = [
            "display_name",
            "time_zone",
            "country",
            "units",
            "week_start",
            "postpartum_delivery_date",
        ]
        labels = {
            "display_name": "What should we call you?",
            "units": "Weight units",
            "week_start": "First day of the week",
            "postpartum_delivery_date": "Date you gave birth (optional)",
        }
        widgets = {"postpartum_delivery_date": forms.DateInput(attrs={"type": "date"})}


class AccountDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand this deletes my account and all my data, and cannot be undone.",
        error_messages={"required": "Tick the box to confirm you want to delete everything."},
    )
