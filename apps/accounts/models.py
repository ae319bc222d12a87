"""The person using Steady. Email is the only identifier; the profile lives on the user."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from apps.accounts.countries import COUNTRY_CHOICES
from apps.accounts.units import DEFAULT_BAR_WEIGHT, DEFAULT_PLATES, KG, LB


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError("Pick a time zone from the list, for example Europe/London.")


@dataclass(frozen=True)
class Barbell:
    """A bar and the plate sizes available in pairs, heaviest first, in ``unit``."""

    unit: str
    bar: Decimal
    plates: tuple[Decimal, ...]

    @property
    def smallest_plate(self) -> Decimal:
        return min(self.plates)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    class Units(models.TextChoices):
        KG = KG, "Kilograms (kg)"
        LB = LB, "Pounds (lb)"

    class WeekStart(models.IntegerChoices):
        MONDAY = 0, "Monday"
        SUNDAY = 6, "Sunday"

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(max_length=60, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    country = models.CharField(max_length=5, choices=COUNTRY_CHOICES, default="OTHER")
    units = models.CharField(max_length=2, choices=Units.choices, default=Units.KG)
    week_start = models.PositiveSmallIntegerField(
        choices=WeekStart.choices, default=WeekStart.MONDAY
    )
    postpartum_delivery_date = models.DateField(
        null=True,
        blank=True,
        help_text="Only if you gave birth in the last year. It tailors programs and support.",
    )

    # The person's barbell and plates, in the unit they were entered in (``plates_unit``);
    # empty means the usual ones (see ``barbell``).
    bar_weight = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    plates = models.JSONField(
        default=list, blank=True, help_text="Plate weights they can load in pairs, as text."
    )
    plates_unit = models.CharField(max_length=2, choices=Units.choices, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def local_now(self) -> dt.datetime:
        """The current moment on the person's own clock."""
        return timezone.now().astimezone(self.zone)

    def local_today(self) -> dt.date:
        """ "Today" is always the person's local date, never the server's."""
        return self.local_now().date()

    def is_postpartum_on(self, day: dt.date) -> bool:
        """Postpartum profile: a delivery date within the last 365 days (DOMAIN.md)."""
        delivery = self.postpartum_delivery_date
        return delivery is not None and 0 <= (day - delivery).days <= 365

    def barbell(self) -> Barbell:
        """The bar and plates to load, in the person's weight unit.

        What they set applies in the unit they set it in; after switching units (a gym
        with pound plates) the usual bar and plates of the new unit apply until changed.
        """
        unit = self.units
        own = self.plates_unit == unit
        bar = self.bar_weight if own and self.bar_weight is not None else None
        plates = tuple(Decimal(p) for p in self.plates) if own and self.plates else ()
        return Barbell(
            unit=unit,
            bar=bar if bar is not None else DEFAULT_BAR_WEIGHT[unit],
            plates=plates or DEFAULT_PLATES[unit],
        )

    @property
    def greeting_name(self) -> str:
        return self.display_name or "there"


class SecurityEvent(models.Model):
    """The audit log of security-relevant events. Never holds journal or mood content."""

    class Kind(models.TextChoices):
        LOGGED_IN = "logged_in", "Logged in"
        LOGIN_FAILED = "login_failed", "Log-in failed"
        LOCKED_OUT = "locked_out", "Locked out after repeated failures"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        PASSWORD_RESET = "password_reset", "Password reset by email"
        DATA_EXPORTED = "data_exported", "Data exported"
        ACCOUNT_DELETED = "account_deleted", "Account deleted"

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="security_events"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.created_at:%Y-%m-%d %H:%M}"
