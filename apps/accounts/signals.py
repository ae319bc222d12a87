"""Feed the audit log from Django's, allauth's and axes' own signals."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import password_changed, password_reset
from axes.signals import user_locked_out
from axes.utils import reset as axes_reset
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from apps.accounts.models import SecurityEvent, User
from apps.accounts.services import security_event_record


def _user_for_credentials(credentials: dict[str, Any]) -> User | None:
    email = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not email:
        return None
    return User.objects.filter(email__iexact=str(email)).first()


@receiver(user_logged_in)
def on_logged_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    security_event_record(kind=SecurityEvent.Kind.LOGGED_IN, user=user, request=request)


@receiver(user_login_failed)
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    security_event_record(
        kind=SecurityEvent.Kind.LOGIN_FAILED,
        user=_user_for_credentials(credentials),
        request=request,
    )


@receiver(user_locked_out)
def on_locked_out(
    sender: Any, request: HttpRequest, username: str | None = None, **kwargs: Any
) -> None:
    user = _user_for_credentials({"email": username}) if username else None
    security_event_record(kind=SecurityEvent.Kind.LOCKED_OUT, user=user, request=request)


@receiver(password_changed)
def on_password_changed(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    security_event_record(kind=SecurityEvent.Kind.PASSWORD_CHANGED, user=user, request=request)


@receiver(password_reset)
def on_password_reset(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    security_event_record(kind=SecurityEvent.Kind.PASSWORD_RESET, user=user, request=request)
    # Whoever proved they own the address may log in straight away, as the lockout page
    # promises, instead of waiting out a lockout someone else may have caused.
    axes_reset(username=user.email.lower())
