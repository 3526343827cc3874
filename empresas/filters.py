"""Filters of the empresas app's lists (django-filter)."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef

from empresas import selectors
from empresas.models import Empresa, Necesidad, Rubro, Tamano, TipoNecesidad
from nucleo.filtros import FiltroBase


class EmpresaFilter(FiltroBase):
    q = django_filters.CharFilter(label="RUT o nombre", method="filtrar_texto")
    comuna = django_filters.ModelChoiceFilter(queryset=None, empty_label="Todas")
    rubro = django_filters.ChoiceFilter(choices=Rubro.choices, empty_label="Todos")
    tamano = django_filters.ChoiceFilter(
        label="Tamaño", choices=Tamano.choices, empty_label="Todos"
    )
    necesidad = django_filters.ChoiceFilter(
        label="Necesidad",
        choices=TipoNecesidad.choices,
        method="filtrar_necesidad",
        empty_label="Todas",
    )
    red = django_filters.ChoiceFilter(
        label="Red de Empleadores",
        choices=[("si", "Miembros de la red"), ("no", "Aún no son miembros")],
        method="filtrar_red",
        empty_label="Todas",
    )

    class Meta:
        model = Empresa
        fields = ["q", "comuna", "rubro", "tamano", "necesidad", "red"]

    def __init__(self, *args, usuario, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["comuna"].queryset = selectors.comunas_para_empresas(usuario)

    def filtrar_texto(self, qs, nombre, valor):
        return selectors.filtrar_por_texto(qs, valor)

    def filtrar_necesidad(self, qs, nombre, valor):
        return qs.filter(Exists(Necesidad.objects.filter(empresa=OuterRef("pk"), tipo=valor)))

    def filtrar_red(self, qs, nombre, valor):
        return qs.filter(miembro_red_desde__isnull=(valor == "no"))
