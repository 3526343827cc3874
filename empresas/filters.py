"""Filters of the empresas app's lists (django-filter)."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict

from empresas import selectors
from empresas.models import (
    Empresa,
    InvitacionVisita,
    Necesidad,
    Rubro,
    Tamano,
    TipoNecesidad,
    VisitaEmpresa,
)
from empresas.permissions import EDITORES
from nucleo.alcance import alcance_de
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


VISTAS_VISITAS = {
    "proximas": "Próximas",
    "mias": "En las que participo",
    "pendientes": "Por responder",
    "pasadas": "Realizadas y pasadas",
    "todas": "Todas",
}


class VisitaFilter(FiltroBase):
    """The visits list's tabs (`?ver=`). Without a value: «Por responder» for a service
    representative, «Próximas» for everyone else; an unknown value shows «Próximas»."""

    ver = django_filters.ChoiceFilter(choices=list(VISTAS_VISITAS.items()), empty_label=None)

    class Meta:
        model = VisitaEmpresa
        fields = ["ver"]

    def __init__(self, data=None, *args, usuario, ahora, **kwargs):
        self.usuario, self.alcance, self.ahora = usuario, alcance_de(usuario), ahora
        datos = data.copy() if data is not None else QueryDict(mutable=True)
        if not datos.get("ver"):
            datos["ver"] = "pendientes" if self.alcance.es_representante() else "proximas"
        super().__init__(datos, *args, **kwargs)

    @property
    def vistas(self) -> dict[str, str]:
        """The tabs this user is offered."""
        vistas = dict(VISTAS_VISITAS)
        if not self.alcance.es_representante():
            vistas.pop("pendientes")
        if not self.alcance.tiene_rol(*EDITORES):
            vistas.pop("mias")
        return vistas

    @property
    def vista(self) -> str:
        return "proximas" if "ver" in self.errors else self.form.cleaned_data["ver"]

    def filter_queryset(self, qs):
        planificada = VisitaEmpresa.Estado.PLANIFICADA
        if self.vista == "proximas":
            return qs.filter(inicio__gte=self.ahora, estado=planificada).order_by("inicio")
        if self.vista == "pendientes":
            return qs.filter(
                inicio__gte=self.ahora,
                estado=planificada,
                invitaciones__institucion_id__in=self.alcance.instituciones_servicio(),
                invitaciones__estado=InvitacionVisita.Estado.PENDIENTE,
            ).order_by("inicio")
        if self.vista == "mias":
            return (
                qs.filter(Q(planificada_por=self.usuario) | Q(participantes=self.usuario))
                .distinct()
                .order_by("-inicio")
            )
        if self.vista == "pasadas":
            return qs.filter(Q(inicio__lt=self.ahora) | ~Q(estado=planificada)).order_by("-inicio")
        return qs.order_by("-inicio")
