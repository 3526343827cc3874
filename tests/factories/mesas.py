"""Factories of the mesas app."""

__all__: list[str] = []
