"""Filters of the omil app's lists (django-filter)."""

from __future__ import annotations

import django_filters

from nucleo.filtros import FiltroBase
from nucleo.models import Programa, ServicioPublico
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
