"""Factories for apps.programs."""

__all__: list[str] = []
