"""Filters of the omil app's lists (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms

from nucleo.filtros import FiltroBase
from nucleo.models import Institucion, Membresia, Programa, ServicioPublico
from omil import selectors
from omil.models import PlanComunal, PoblacionFoco


class PlanFilter(FiltroBase):
    anio = django_filters.ChoiceFilter(label="Año", choices=[], empty_label="Todos")
    estado = django_filters.ChoiceFilter(
        label="Estado", choices=PlanComunal.Estado.choices, empty_label="Todos"
    )

    class Meta:
        model = PlanComunal
        fields = ["anio", "estado"]

    def __init__(self, *args, anios: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["anio"].extra["choices"] = [(str(a), str(a)) for a in anios]


class ProgramaFilter(FiltroBase):
    q = django_filters.CharFilter(label="Buscar", method="filtrar_texto")
    servicio = django_filters.ModelChoiceFilter(
        label="Servicio", queryset=ServicioPublico.objects.order_by("sigla"), empty_label="Todos"
    )
    poblacion = django_filters.ChoiceFilter(
        label="Población",
        choices=PoblacionFoco.choices,
        empty_label="Todas",
        method="filtrar_poblacion",
    )

    class Meta:
        model = Programa
        fields = ["q", "servicio", "poblacion"]

    def filtrar_texto(self, qs, nombre, valor):
        return selectors.buscar_programas(qs, texto=valor)

    def filtrar_poblacion(self, qs, nombre, valor):
        return selectors.buscar_programas(qs, poblacion=valor)


class _DirectorioFilter(FiltroBase):
    """The directory's search. The region is chosen by the view, within the user's scope
    (404 outside it); its field here keeps the choice in the form."""

    q = django_filters.CharFilter(label="Buscar", method="filtrar_texto")
    region = django_filters.ChoiceFilter(label="Región", empty_label=None)

    def __init__(self, *args, regiones: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["region"].extra["choices"] = [(r.pk, r.nombre) for r in regiones]
        if len(regiones) <= 1:
            self.filters["region"].extra["widget"] = forms.HiddenInput

    @property
    def buscar(self) -> str:
        """The valid search text, for the page's messages."""
        if not self.is_bound or "q" in self.errors:
            return ""
        return self.form.cleaned_data.get("q") or ""


class DirectorioFilter(_DirectorioFilter):
    region = django_filters.ChoiceFilter(label="Región", field_name="region", empty_label=None)

    class Meta:
        model = Institucion
        fields = ["q", "region"]

    def filtrar_texto(self, qs, nombre, valor):
        return selectors.buscar_omiles(qs, valor)


class ProfesionalFilter(_DirectorioFilter):
    tipo = django_filters.ChoiceFilter(
        label="Tipo de institución",
        field_name="institucion__tipo",
        choices=[
            (Institucion.Tipo.REGIONAL, "Servicios públicos"),
            (Institucion.Tipo.OMIL, "OMIL"),
        ],
        empty_label="Todas",
    )
    region = django_filters.ChoiceFilter(
        label="Región", field_name="institucion__region", empty_label=None
    )

    class Meta:
        model = Membresia
        fields = ["q", "tipo", "region"]

    def filtrar_texto(self, qs, nombre, valor):
        return selectors.buscar_profesionales(qs, valor)
