"""Factories of the convenios app."""

__all__: list[str] = []
