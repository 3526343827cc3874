"""Factories of the empresas app."""

__all__: list[str] = []
