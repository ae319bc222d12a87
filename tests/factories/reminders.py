"""Factories for apps.reminders."""

__all__: list[str] = []
