"""Factories for apps.journal."""

__all__: list[str] = []
