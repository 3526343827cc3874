"""Filters of the mesas app's lists (django-filter)."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from mesas.models import Acuerdo, Mesa
from nucleo.filtros import FiltroBase
from nucleo.models import Institucion

ABIERTOS = "abiertos"


class AcuerdoFilter(FiltroBase):
    estado = django_filters.ChoiceFilter(
        label="Estado",
        choices=[
            (ABIERTOS, "Abiertos (pendientes y vencidos)"),
            ("", "Todos"),
            *Acuerdo.Estado.choices,
        ],
        empty_label=None,
        method="filtrar_estado",
    )
    mesa = django_filters.ModelChoiceFilter(
        label="Mesa", queryset=Mesa.objects.none(), empty_label="Todas las mesas"
    )
    institucion = django_filters.ModelChoiceFilter(
        label="Responsable",
        field_name="institucion_responsable",
        queryset=Institucion.objects.none(),
        empty_label="Todas las instituciones",
    )
    q = django_filters.CharFilter(label="Buscar", method="filtrar_texto")

    class Meta:
        model = Acuerdo
        fields = ["estado", "mesa", "institucion", "q"]

    def __init__(self, data=None, *args, mesas: list[Mesa], instituciones, **kwargs):
        # Open agreements unless the user chose otherwise ("" is «Todos»).
        data = data.copy() if data is not None else {}
        data.setdefault("estado", ABIERTOS)
        super().__init__(data, *args, **kwargs)
        # The view has the mesas already: they are the choices; the queryset only validates.
        self.filters["mesa"].queryset = Mesa.objects.filter(pk__in=[m.pk for m in mesas])
        self.filters["institucion"].queryset = instituciones
        self.form.fields["mesa"].widget.choices = [
            ("", "Todas las mesas"),
            *((m.pk, m.nombre) for m in mesas),
        ]

    def filtrar_estado(self, qs, nombre, valor):
        if valor == ABIERTOS:
            return qs.filter(estado__in=Acuerdo.ABIERTOS)
        return qs.filter(estado=valor)

    def filtrar_texto(self, qs, nombre, valor):
        return qs.filter(Q(texto__icontains=valor) | Q(observacion__icontains=valor))
