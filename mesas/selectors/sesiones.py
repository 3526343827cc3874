"""Reads of sessions and series in a user's scope."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from mesas.models import (
    Acuerdo,
    Asistencia,
    Minuta,
    Serie,
    Sesion,
)
from mesas.selectors.mesas import _filtro_mesas
from nucleo.alcance import alcance_de
from nucleo.models import Programa


def sesiones_visibles(usuario) -> QuerySet[Sesion]:
    alcance = alcance_de(usuario)
    if alcance.vacio:
        return Sesion.objects.none()
    return Sesion.objects.filter(_filtro_mesas(alcance, "mesa__")).select_related(
        "mesa", "mesa__region", "mesa__comuna", "mesa__coordinadora", "serie"
    )


def sesion_detalle(usuario) -> QuerySet[Sesion]:
    return sesiones_visibles(usuario).prefetch_related(
        "puntos",
        Prefetch("programas_presentados", queryset=Programa.objects.select_related("servicio")),
        Prefetch(
            "asistencias",
            queryset=Asistencia.objects.select_related("institucion", "persona", "respondida_por"),
        ),
        # Every version, deleted ones included (one query): the page splits them.
        Prefetch(
            "minutas",
            queryset=Minuta.todas.select_related("subida_por", "eliminada_por").order_by("-numero"),
            to_attr="todas_las_minutas",
        ),
        Prefetch(
            "acuerdos",
            queryset=Acuerdo.objects.select_related(
                "institucion_responsable", "persona_responsable", "cumplido_por"
            ),
        ),
    )


def series_visibles(usuario) -> QuerySet[Serie]:
    alcance = alcance_de(usuario)
    return Serie.objects.filter(_filtro_mesas(alcance, "mesa__")).select_related("mesa")


def proximas_sesiones(usuario, *, limite: int = 5) -> list[Sesion]:
    return list(
        sesiones_visibles(usuario)
        .filter(inicio__gte=timezone.now(), estado=Sesion.Estado.PROGRAMADA)
        .order_by("inicio")[:limite]
    )


def sesiones_sin_minuta_para_recordar(*, ahora: datetime) -> QuerySet[Sesion]:
    return (
        Sesion.objects.filter(
            estado=Sesion.Estado.REALIZADA,
            fin__lte=ahora - timedelta(days=3),
            fin__gte=ahora - timedelta(days=30),
            recordatorio_minuta_at__isnull=True,
        )
        .exclude(Exists(Minuta.objects.filter(sesion=OuterRef("pk"))))
        .select_related("mesa", "mesa__coordinadora")
    )
