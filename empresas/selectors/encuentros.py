"""Reads of encuentros empresariales."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from empresas.models import (
    Empresa,
    EncuentroEmpresarial,
    ParticipacionEncuentro,
)
from nucleo.alcance import alcance_de
from nucleo.models import Institucion, Usuario


def encuentros_de_empresa(usuario: Usuario, empresa: Empresa) -> QuerySet[ParticipacionEncuentro]:
    return (
        ParticipacionEncuentro.objects.filter(
            empresa=empresa,
            encuentro__in=EncuentroEmpresarial.objects.filter(
                _filtro_encuentros(alcance_de(usuario))
            ),
        )
        .select_related("encuentro")
        .order_by("-encuentro__inicio")
    )


def _filtro_encuentros(alcance) -> Q:
    instituciones = alcance.instituciones()
    return (
        Q(region__in=alcance.regiones_sence())
        | Q(comuna__in=alcance.comunas_omil())
        | Q(
            Exists(
                EncuentroEmpresarial.organizadores.through.objects.filter(
                    encuentroempresarial_id=OuterRef("pk"), institucion_id__in=instituciones
                )
            )
        )
        | Q(
            Exists(
                EncuentroEmpresarial.servicios_presentes.through.objects.filter(
                    encuentroempresarial_id=OuterRef("pk"), institucion_id__in=instituciones
                )
            )
        )
    )


def encuentros_visibles(usuario: Usuario) -> QuerySet[EncuentroEmpresarial]:
    return (
        EncuentroEmpresarial.objects.filter(_filtro_encuentros(alcance_de(usuario)))
        .select_related("region", "comuna")
        .annotate(
            n_empresas=Count("participaciones", distinct=True),
            n_asistentes=Count(
                "participaciones",
                filter=Q(participaciones__estado=ParticipacionEncuentro.Estado.ASISTIO),
                distinct=True,
            ),
        )
    )


def encuentro_con_detalle(usuario: Usuario) -> QuerySet[EncuentroEmpresarial]:
    return encuentros_visibles(usuario).prefetch_related(
        "organizadores",
        "servicios_presentes",
        Prefetch(
            "participaciones",
            queryset=ParticipacionEncuentro.objects.select_related("empresa__comuna"),
        ),
    )


def encuentros_del_calendario(usuario: Usuario, desde, hasta) -> QuerySet[EncuentroEmpresarial]:
    """The calendar needs the encuentro itself: not the counts of `encuentros_visibles`."""
    return EncuentroEmpresarial.objects.filter(
        _filtro_encuentros(alcance_de(usuario)), inicio__gte=desde, inicio__lt=hasta
    )


def instituciones_de_region(region_id: str) -> QuerySet[Institucion]:
    return (
        Institucion.objects.filter(region_id=region_id, activa=True)
        .select_related("servicio", "comuna")
        .order_by("-tipo", "nombre")  # service offices first, then the OMILs
    )


def participaciones_visibles(usuario: Usuario) -> QuerySet[ParticipacionEncuentro]:
    return ParticipacionEncuentro.objects.filter(
        encuentro__in=encuentros_visibles(usuario).values("pk")
    ).select_related("empresa__comuna", "encuentro")
