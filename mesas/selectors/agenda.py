"""Reads for scheduling: the days a mesa already meets (in the mesa's own zone), which the
series preview and every scheduling path check so that no day gets two sessions; and who may
attend a session instead of an invitee."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from mesas import reglas
from mesas.models import Asistencia, Mesa, Serie, Sesion
from nucleo import calendario
from nucleo.models import Usuario


def dias_ocupados(
    mesa: Mesa, desde: date, hasta: date | None = None, *, excluir: int | None = None
) -> dict[date, str]:
    """Local day -> "Sesión ordinaria mensual, 10:00" for the mesa's sessions that are not
    suspended, from `desde` (to `hasta`, inclusive, if given)."""
    zona = reglas.zona_de_mesa(mesa)
    sesiones = Sesion.objects.filter(
        mesa=mesa, inicio__gte=calendario.en_zona(desde, time(0), zona)
    )
    if hasta:
        sesiones = sesiones.filter(
            inicio__lt=calendario.en_zona(hasta + timedelta(days=1), time(0), zona)
        )
    sesiones = sesiones.exclude(estado=Sesion.Estado.SUSPENDIDA)
    if excluir:
        sesiones = sesiones.exclude(pk=excluir)
    ocupados = {}
    for sesion in sesiones.only("inicio", "tipo", "titulo").order_by("inicio"):
        local = timezone.localtime(sesion.inicio, calendario.zona(zona))
        ocupados.setdefault(local.date(), f"{sesion.nombre}, {local:%H:%M}")
    return ocupados


def reemplazantes_posibles(asistencia: Asistencia) -> QuerySet[Usuario]:
    """Who may attend instead of the invitee: active people of the same institution."""
    return (
        Usuario.objects.filter(
            membresias__institucion_id=asistencia.institucion_id, membresias__activa=True
        )
        .exclude(pk=asistencia.persona_id or 0)
        .distinct()
        .order_by("first_name", "last_name")
    )


def zona_de_mesa_pk(pk) -> str:
    """The zone of a mesa by its id (for views that set the zone before loading anything)."""
    fila = Mesa.objects.filter(pk=pk).values_list("comuna__zona_horaria", "region_id").first()
    if fila is None:
        return calendario.ZONA_POR_DEFECTO
    return fila[0] or calendario.zona_de_region(fila[1])


def zona_de_sesion_pk(pk) -> str:
    fila = Sesion.objects.filter(pk=pk).values_list("mesa_id", flat=True).first()
    return zona_de_mesa_pk(fila) if fila else calendario.ZONA_POR_DEFECTO


def zona_de_serie_pk(pk) -> str:
    fila = Serie.objects.filter(pk=pk).values_list("mesa_id", flat=True).first()
    return zona_de_mesa_pk(fila) if fila else calendario.ZONA_POR_DEFECTO
