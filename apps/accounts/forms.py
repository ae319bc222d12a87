"""Profile forms: the extra sign-up questions and the settings page."""

from __future__ import annotations

import zoneinfo
from decimal import Decimal, InvalidOperation
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
    """A select that a small script pre-fills from the browser's own time zone.

    Its template writes the options itself: Django's renders each of the ~600 through an
    include of its own, which made the zone list most of the settings page's cost.
    """

    template_name = "accounts/widgets/time_zone_select.html"

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


MAX_BAR_WEIGHT = Decimal("100")
MIN_PLATE = Decimal("0.25")  # the smallest fractional plates made
MAX_PLATE = Decimal("100")
MAX_PLATE_SIZES = 12


def plates_text(plates: tuple[Decimal, ...]) -> str:
    return ", ".join(format(p.normalize(), "f") for p in plates)


class ProfileForm(forms.ModelForm[User]):
    """The settings page. The bar and plates are typed in the chosen weight unit."""

    time_zone = ProfileFieldsMixin.base_fields["time_zone"]
    bar_weight = forms.DecimalField(
        label="Barbell weight",
        required=False,
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
        help_text="In your weight units. Empty means a standard bar: 20 kg or 45 lb.",
        error_messages={
            "invalid": "Type the bar's weight as a number, like 20.",
            "max_decimal_places": "Use at most two decimals, like 15.5.",
            "max_digits": "That bar is too heavy. Please check it.",
        },
    )
    plates = forms.CharField(
        label="Plates you can load",
        required=False,
        max_length=120,
        help_text="Each size once, separated by commas (we assume a pair of each), like "
        "25, 20, 15, 10, 5, 2.5, 1.25. Empty means the usual plates for your units.",
    )

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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        barbell = self.instance.barbell()
        # As typed ("20", "15.5"), so an untouched field is seen as unchanged.
        self.fields["bar_weight"].initial = Decimal(format(barbell.bar.normalize(), "f"))
        self.fields["plates"].initial = plates_text(barbell.plates)
        # The bar and plates come after the units they are typed in.
        order = [*self.Meta.fields[:4], "bar_weight", "plates", *self.Meta.fields[4:]]
        self.order_fields(order)

    def clean_bar_weight(self) -> Decimal | None:
        value: Decimal | None = self.cleaned_data["bar_weight"]
        if value is None:
            return None
        if value <= 0:
            raise forms.ValidationError("The bar's weight must be more than 0.")
        if value > MAX_BAR_WEIGHT:
            raise forms.ValidationError("That bar is too heavy. Please check it.")
        return value

    def clean_plates(self) -> list[Decimal]:
        sizes: set[Decimal] = set()
        for part in str(self.cleaned_data["plates"]).replace(";", ",").split(","):
            text = part.strip().removesuffix("kg").removesuffix("lb").strip()
            if not text:
                continue
            try:
                size = Decimal(text)
            except InvalidOperation:
                raise forms.ValidationError(
                    f"“{part.strip()}” isn't a number. List plate weights like 20, 10, 5, 2.5."
                ) from None
            if not size.is_finite() or size < MIN_PLATE or size > MAX_PLATE:
                raise forms.ValidationError(
                    f"A plate of {part.strip()} can't be right: use sizes from 0.25 to 100."
                )
            if size != size.quantize(Decimal("0.01")):
                raise forms.ValidationError("Use at most two decimals for a plate, like 1.25.")
            sizes.add(size.normalize())
        if len(sizes) > MAX_PLATE_SIZES:
            raise forms.ValidationError(f"List at most {MAX_PLATE_SIZES} plate sizes.")
        return sorted(sizes, reverse=True)

    def save(self, commit: bool = True) -> User:
        """Keeps the bar and plates in the unit they were typed in. A change of units with
        the bar and plates left as they were brings the new unit's usual ones."""
        user = super().save(commit=False)
        untouched = not {"bar_weight", "plates"} & set(self.changed_data)
        if "units" in self.changed_data and untouched:
            user.bar_weight, user.plates, user.plates_unit = None, [], ""
        elif not untouched:
            user.bar_weight = self.cleaned_data["bar_weight"]  # None: a standard bar
            user.plates = [format(p, "f") for p in self.cleaned_data["plates"]]  # []: usual
            user.plates_unit = user.units
        if commit:
            user.save()
        return user


class AccountDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand this deletes my account and all my data, and cannot be undone.",
        error_messages={"required": "Tick the box to confirm you want to delete everything."},
    )
