"""Writes of single sessions and their agenda (tabla)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from mesas import permissions, reglas
from mesas.models import (
    Asistencia,
    Mesa,
    PuntoTabla,
    Serie,
    Sesion,
    TipoSesion,
)
from mesas.selectors.agenda import dias_ocupados
from mesas.services.invitaciones import _encolar_invitaciones, _invitar
from nucleo import calendario, formato
from nucleo.bandeja import tarea_registrar
from nucleo.models import Programa, Usuario
from nucleo.servicios import actualizar_modelo, exigir

CAMPOS_SESION = [
    "tipo",
    "titulo",
    "inicio",
    "fin",
    "lugar",
    "enlace_video",
    "dificultades",
    "propuestas_mejora",
]


def _integrantes_activos(mesa: Mesa):
    return list(mesa.integrantes.filter(activo=True).select_related("institucion", "persona"))


def _agregar_puntos(sesion: Sesion, puntos: list[str]) -> None:
    PuntoTabla.objects.bulk_create(
        PuntoTabla(sesion=sesion, orden=i, titulo=t.strip()[:200])
        for i, t in enumerate(puntos, start=1)
        if t.strip()
    )


@transaction.atomic
def sesion_programar(
    *,
    mesa: Mesa,
    tipo: str = TipoSesion.ORDINARIA,
    inicio: datetime,
    fin: datetime | None = None,
    duracion_minutos: int = 120,
    titulo: str = "",
    lugar: str = "",
    enlace_video: str = "",
    puntos: list[str] = (),
    serie: Serie | None = None,
    por: Usuario | None,
) -> Sesion:
    exigir(permissions.puede_gestionar_mesa(por, mesa))
    if not mesa.activa:
        raise ValidationError("La mesa está inactiva: reactívela para programar sesiones.")
    if timezone.is_naive(inicio):  # wall-clock time of the mesa's place
        inicio = timezone.make_aware(inicio, calendario.zona(reglas.zona_de_mesa(mesa)))
    if inicio < timezone.now():
        raise ValidationError({"inicio": "La fecha y hora ya pasaron; elija una futura."})
    # One writer per mesa at a time, so that two requests cannot both take a free day.
    Mesa.objects.select_for_update().filter(pk=mesa.pk).exists()
    _exigir_dia_libre(mesa, inicio)
    sesion = Sesion(
        mesa=mesa,
        serie=serie,
        tipo=tipo,
        titulo=titulo,
        inicio=inicio,
        fin=fin or inicio + timedelta(minutes=duracion_minutos),
        lugar=lugar,
        enlace_video=enlace_video,
        created_by=por,
    )
    sesion.full_clean()
    sesion.save()
    _agregar_puntos(sesion, list(puntos))
    _invitar(sesion, _integrantes_activos(mesa))
    _encolar_invitaciones(sesion)
    return sesion


@transaction.atomic
def sesion_actualizar(
    *,
    sesion: Sesion,
    version: int | None = None,
    tipo: str,
    titulo: str,
    inicio: datetime,
    fin: datetime,
    lugar: str,
    enlace_video: str,
    dificultades: str = "",
    propuestas_mejora: str = "",
    programas: list[Programa] | None = None,
    por: Usuario | None,
) -> Sesion:
    """Moves or edits one session (never its siblings in a series). Invitees are told when the
    date or place of a future session changes."""
    exigir(permissions.puede_gestionar_mesa(por, sesion.mesa))
    antes = (sesion.inicio, sesion.fin, sesion.lugar, sesion.enlace_video)
    if sesion.estado == Sesion.Estado.SUSPENDIDA:
        raise ValidationError("La sesión está suspendida; no se puede modificar.")
    if (
        sesion.estado == Sesion.Estado.PROGRAMADA
        and inicio != sesion.inicio
        and inicio < timezone.now()
    ):
        raise ValidationError({"inicio": "No se puede mover una sesión a una fecha pasada."})
    if inicio != sesion.inicio:
        Mesa.objects.select_for_update().filter(pk=sesion.mesa_id).exists()
        _exigir_dia_libre(sesion.mesa, inicio, excluir=sesion.pk)
    datos = {
        "tipo": tipo,
        "titulo": titulo,
        "inicio": inicio,
        "fin": fin,
        "lugar": lugar,
        "enlace_video": enlace_video,
        "dificultades": dificultades,
        "propuestas_mejora": propuestas_mejora,
    }
    programas_cambian = programas is not None and {p.pk for p in programas} != set(
        sesion.programas_presentados.values_list("pk", flat=True)
    )
    nueva_ronda = (
        antes != (inicio, fin, lugar, enlace_video) and sesion.estado == Sesion.Estado.PROGRAMADA
    )
    if nueva_ronda:
        # The new round is written in the edit's own save (one history record, one version).
        datos["ronda"] = Sesion.objects.values_list("ronda", flat=True).get(pk=sesion.pk) + 1
    actualizar_modelo(
        instancia=sesion,
        campos=[*CAMPOS_SESION, "ronda"],
        datos=datos,
        version=version,
        por=por,
        guardar_siempre=programas_cambian,
    )
    if programas_cambian:
        sesion.programas_presentados.set(programas)
    if nueva_ronda:
        _nueva_ronda(sesion, por=por)
        _notificar_cambio(sesion)
    return sesion


def _exigir_dia_libre(mesa: Mesa, inicio: datetime, excluir: int | None = None) -> None:
    """No day of a mesa gets two sessions, whatever the path (single, series, move)."""
    dia = calendario.hora_local(inicio, reglas.zona_de_mesa(mesa)).date()
    ocupado = dias_ocupados(mesa, dia, dia, excluir=excluir).get(dia)
    if ocupado:
        raise ValidationError(
            {"inicio": f"La mesa ya tiene una sesión el {formato.fecha(dia)} ({ocupado})."}
        )


def _nueva_ronda(sesion: Sesion, *, por: Usuario | None) -> None:
    """A new date, place or link (the session's `ronda` already moved): earlier answers no
    longer hold and the e-mailed links of the earlier round stop working (the update e-mail
    carries new ones). Each reopened answer is saved, so its history says who reopened it."""
    respondidas = (
        sesion.asistencias.filter(estado__in=Asistencia.RESPUESTAS)
        .order_by("pk")
        .select_for_update()
    )
    for asistencia in respondidas:
        asistencia.estado = Asistencia.Estado.INVITADA
        asistencia.respuesta = ""
        asistencia.respondida_at = None
        asistencia.respondida_por = None
        asistencia.respondida_via = ""
        asistencia.motivo_rechazo = ""
        asistencia.reemplazante = None
        asistencia.recordatorio_enviado_at = None
        asistencia._history_user = por
        asistencia.save()
    # The reminder mark is bookkeeping kept out of the history (Asistencia.history excludes it).
    sesion.asistencias.exclude(recordatorio_enviado_at=None).update(recordatorio_enviado_at=None)


def _notificar_cambio(sesion: Sesion) -> None:
    from mesas import tasks

    if sesion.asistencias.filter(invitacion_enviada_at__isnull=False).exists():
        tarea_registrar(tasks.enviar_actualizacion, sesion.pk)


@transaction.atomic
def sesion_suspender(*, sesion: Sesion, motivo: str, por: Usuario | None) -> Sesion:
    exigir(permissions.puede_gestionar_mesa(por, sesion.mesa))
    if sesion.estado != Sesion.Estado.PROGRAMADA:
        raise ValidationError("Solo se puede suspender una sesión programada.")
    if not motivo.strip():
        raise ValidationError({"motivo_suspension": "Indique el motivo de la suspensión."})
    # Saving adds one to `version`: a new iCalendar SEQUENCE, so calendars apply the cancellation.
    actualizar_modelo(
        instancia=sesion,
        campos=["estado", "motivo_suspension"],
        datos={"estado": Sesion.Estado.SUSPENDIDA, "motivo_suspension": motivo.strip()},
        por=por,
    )
    _notificar_cambio(sesion)
    return sesion


@transaction.atomic
def punto_agregar(
    *, sesion: Sesion, titulo: str, detalle: str = "", expositor: str = "", por
) -> PuntoTabla:
    exigir(permissions.puede_gestionar_mesa(por, sesion.mesa))
    if sesion.estado == Sesion.Estado.SUSPENDIDA:
        raise ValidationError("La sesión está suspendida.")
    orden = (sesion.puntos.aggregate(m=Max("orden"))["m"] or 0) + 1
    punto = PuntoTabla(
        sesion=sesion, titulo=titulo, detalle=detalle, expositor=expositor, orden=orden
    )
    punto.full_clean()
    punto.save()
    return punto


@transaction.atomic
def punto_quitar(*, punto: PuntoTabla, por) -> None:
    exigir(permissions.puede_gestionar_mesa(por, punto.sesion.mesa))
    punto.delete()


@transaction.atomic
def punto_mover(*, punto: PuntoTabla, direccion: str, por) -> None:
    exigir(permissions.puede_gestionar_mesa(por, punto.sesion.mesa))
    puntos = list(punto.sesion.puntos.order_by("orden", "pk"))
    i = next(n for n, p in enumerate(puntos) if p.pk == punto.pk)
    j = i - 1 if direccion == "arriba" else i + 1
    if 0 <= j < len(puntos):
        puntos[i], puntos[j] = puntos[j], puntos[i]
    for n, p in enumerate(puntos, start=1):
        if p.orden != n:
            p.orden = n
            p.save(update_fields=["orden"])
