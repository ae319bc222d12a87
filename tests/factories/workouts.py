"""Factories for apps.workouts."""

__all__: list[str] = []
