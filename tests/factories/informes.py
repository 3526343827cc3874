"""Factories of the informes app."""

__all__: list[str] = []
