"""The person using Steady. Email is the only identifier; the profile lives on the user."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any, ClassVar

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from apps.accounts.countries import COUNTRY_CHOICES
from apps.accounts.units import KG, LB


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError("Pick a time zone from the list, for example Europe/London.")


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
