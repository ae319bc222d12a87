"""Keep reminder schedules in step with the person's account.

A new account gets default preferences (workout-day reminders, check-in prompts and a
weekly summary on; the PHQ-9 and lapse notes are opt-in). A changed time zone re-plans
every reminder on the new local clock. Logins (``update_fields=["last_login"]``) and
other narrow saves are ignored.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from apps.accounts.models import User
from apps.reminders.models import ReminderSchedule


@receiver(post_save, sender=User, dispatch_uid="reminders.user_saved")
def user_saved(
    sender: type[User], instance: User, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw:
        return
    from apps.reminders import services

    if created:
        services.reminder_preferences_get_or_create(user=instance)
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "time_zone" not in update_fields:
        return
    stale = (
        ReminderSchedule.objects.filter(user=instance)
        .exclude(time_zone=instance.time_zone)
        .exists()
    )
    if stale:
        services.reminder_schedules_sync(user=instance)
