"""The one style of list filters: django-filter FilterSets (`<app>/filters.py`).

A wrong value (a mesa out of scope, a year that is not a number) drops that filter only: the
FilterSet filters with the fields that validated, and the form's errors say in Spanish which
filter was left out (the list templates show them next to the filters)."""

from __future__ import annotations

import django_filters
from django import forms


class FiltroBase(django_filters.FilterSet):
    """A FilterSet whose widgets carry Bootstrap's classes."""

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for campo in form.fields.values():
                clase = "form-select" if isinstance(campo.widget, forms.Select) else "form-control"
                campo.widget.attrs.setdefault("class", clase)
        return self._form

    @property
    def filtrando(self) -> bool:
        """Some filter has a value (turning pages is not filtering)."""
        return self.is_bound and any(self.data.get(nombre) for nombre in self.filters)
