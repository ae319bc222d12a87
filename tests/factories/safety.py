"""Factories for apps.safety."""

__all__: list[str] = []
