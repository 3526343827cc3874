"""Factories of the omil app."""

__all__: list[str] = []
