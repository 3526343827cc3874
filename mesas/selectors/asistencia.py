"""Reads of invitations and attendance."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from mesas.models import (
    Asistencia,
    Mesa,
    Sesion,
)
from mesas.selectors.indicadores import PRIORIDAD_ASISTENCIA, porcentaje
from mesas.selectors.sesiones import sesiones_visibles
from nucleo.alcance import alcance_de
from nucleo.models import Institucion


def asistencias_visibles(usuario) -> QuerySet[Asistencia]:
    return Asistencia.objects.filter(
        sesion__in=sesiones_visibles(usuario).values("pk")
    ).select_related("sesion", "sesion__mesa", "institucion", "persona")


@dataclass
class FilaAsistencia:
    institucion: Institucion
    celdas: list[str | None] = field(default_factory=list)  # estado per session, None = not invited
    asistio: int = 0
    invitada: int = 0

    @property
    def porcentaje(self) -> float | None:
        """Attended / invited, as the reports compute it (indicadores.porcentaje)."""
        return porcentaje(self.asistio, self.invitada) if self.invitada else None


def asistencia_por_institucion(
    mesa: Mesa, *, ultimas: int = 12
) -> tuple[list[Sesion], list[FilaAsistencia]]:
    """Held sessions (latest `ultimas`) x institutions: did the institution attend?

    An institution attended a session if any of its invitees attended: the rule of
    indicadores.asistencia_por_institucion_en (PRIORIDAD_ASISTENCIA), which the reports use.
    """
    sesiones = list(
        mesa.sesiones.filter(estado=Sesion.Estado.REALIZADA).order_by("-inicio")[:ultimas]
    )[::-1]
    orden = {s.pk: i for i, s in enumerate(sesiones)}
    filas: dict[int, FilaAsistencia] = {}
    for a in Asistencia.objects.filter(sesion__in=sesiones).select_related("institucion"):
        fila = filas.setdefault(
            a.institucion_id, FilaAsistencia(a.institucion, [None] * len(sesiones))
        )
        i = orden[a.sesion_id]
        actual = fila.celdas[i]
        if actual is None or PRIORIDAD_ASISTENCIA.get(a.estado, 0) > PRIORIDAD_ASISTENCIA.get(
            actual, 0
        ):
            fila.celdas[i] = a.estado
    for fila in filas.values():
        fila.invitada = sum(1 for c in fila.celdas if c is not None)
        fila.asistio = sum(1 for c in fila.celdas if c == Asistencia.Estado.ASISTIO)
    return sesiones, sorted(filas.values(), key=lambda f: f.institucion.nombre)


def invitaciones_pendientes(usuario, *, dias: int = 30) -> QuerySet[Asistencia]:
    """The user's own unanswered invitations to sessions of the next `dias` days."""
    alcance = alcance_de(usuario)
    ahora = timezone.now()
    return (
        Asistencia.objects.filter(
            Q(persona=usuario)
            | Q(persona__isnull=True, institucion_id__in=alcance.instituciones()),
            estado=Asistencia.Estado.INVITADA,
            sesion__estado=Sesion.Estado.PROGRAMADA,
            sesion__inicio__gte=ahora,
            sesion__inicio__lte=ahora + timedelta(days=dias),
        )
        .select_related("sesion", "sesion__mesa", "institucion")
        .order_by("sesion__inicio")
    )


def asistencias_para_recordar(*, ahora: datetime) -> QuerySet[Asistencia]:
    return Asistencia.objects.filter(
        estado=Asistencia.Estado.INVITADA,
        recordatorio_enviado_at__isnull=True,
        sesion__estado=Sesion.Estado.PROGRAMADA,
        sesion__inicio__gt=ahora,
        sesion__inicio__lte=ahora + timedelta(hours=48),
    ).exclude(email="")
