"""Writes of monthly series: create, modify the remaining sessions, end."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mesas import permissions, reglas
from mesas.models import (
    Mesa,
    Serie,
    Sesion,
    TipoSesion,
)
from mesas.selectors.agenda import dias_ocupados
from mesas.services.sesiones import sesion_actualizar, sesion_programar, sesion_suspender
from nucleo import calendario, formato
from nucleo.models import Usuario
from nucleo.servicios import actualizar_modelo, exigir


@transaction.atomic
def serie_crear(
    *,
    mesa: Mesa,
    regla: str,
    desde: date,
    hasta: date | None = None,
    cantidad: int | None = None,
    hora: time | None = None,
    duracion_minutos: int = 120,
    tipo: str = TipoSesion.ORDINARIA,
    lugar: str = "",
    enlace_video: str = "",
    ajustes: dict[date, date] | None = None,
    por: Usuario | None,
) -> Serie:
    """Creates every occurrence in one step. `ajustes` moves single dates (a holiday to the next
    working day) before anything is created. Refuses the whole series on any problem."""
    exigir(permissions.puede_gestionar_mesa(por, mesa))
    zona = reglas.zona_de_mesa(mesa)
    ocupados = dias_ocupados(mesa, desde, hasta)
    interpretada, fechas = reglas.ocurrencias(
        regla,
        desde=desde,
        hasta=hasta,
        cantidad=cantidad,
        hora=hora,
        zona=zona,
        region=mesa.region_id,
        ocupadas=ocupados,
    )
    hora_final = interpretada.hora or time(10, 0)
    ajustes = ajustes or {}
    desconocidas = set(ajustes) - {o.fecha for o in fechas}
    if desconocidas:
        raise ValidationError("Se indicó mover una fecha que no está en la serie.")
    for original, nueva in ajustes.items():
        if nueva in ocupados:
            raise ValidationError(
                f"No se puede mover el {formato.fecha(original)} al {formato.fecha(nueva)}: "
                f"ese día la mesa ya tiene sesión ({ocupados[nueva]})."
            )
    # A date the mesa already meets on (and that was not moved) is skipped, never duplicated.
    fechas = [o for o in fechas if o.fecha in ajustes or not o.choque]
    if not fechas:
        raise ValidationError(
            "La mesa ya tiene sesión en todas las fechas de la serie: no se creó ninguna."
        )
    serie = Serie(
        mesa=mesa,
        regla=regla.strip(),
        rrule=reglas.rrule_texto(interpretada, desde=desde, hasta=hasta, cantidad=cantidad),
        tipo=tipo,
        hora=hora_final,
        duracion_minutos=duracion_minutos,
        desde=desde,
        hasta=hasta,
        cantidad=cantidad,
        lugar=lugar,
        enlace_video=enlace_video,
        created_by=por,
    )
    serie.full_clean()
    serie.save()
    vistas = set()
    for o in fechas:
        fecha = ajustes.get(o.fecha, o.fecha)
        if fecha in vistas:
            raise ValidationError(f"Dos sesiones quedarían el mismo día ({formato.fecha(fecha)}).")
        vistas.add(fecha)
        inicio = calendario.en_zona(fecha, hora_final, zona)
        if inicio < timezone.now():
            raise ValidationError(
                f"La sesión del {formato.fecha(fecha)} quedaría en el pasado; "
                "comience la serie después."
            )
        sesion_programar(
            mesa=mesa,
            tipo=tipo,
            inicio=inicio,
            duracion_minutos=duracion_minutos,
            lugar=lugar,
            enlace_video=enlace_video,
            serie=serie,
            por=por,
        )
    return serie


def _restantes(serie: Serie, desde: date | None = None):
    qs = serie.sesiones.filter(estado=Sesion.Estado.PROGRAMADA, inicio__gt=timezone.now())
    if desde:
        qs = qs.filter(
            inicio__gte=calendario.en_zona(desde, time(0), reglas.zona_de_mesa(serie.mesa))
        )
    return qs.order_by("inicio")


@transaction.atomic
def serie_modificar_restantes(
    *,
    serie: Serie,
    version: int | None = None,
    hora: time,
    duracion_minutos: int,
    lugar: str,
    enlace_video: str,
    por: Usuario | None,
) -> int:
    """Changes time and place of the remaining (future, scheduled) sessions; keeps their dates,
    also the ones moved one by one. Returns how many changed."""
    exigir(permissions.puede_gestionar_mesa(por, serie.mesa))
    if serie.terminada_at:
        raise ValidationError("La serie ya terminó.")
    n = 0
    for sesion in _restantes(serie):
        zona = reglas.zona_de_mesa(serie.mesa)
        dia = calendario.hora_local(sesion.inicio, zona).date()
        inicio = calendario.en_zona(dia, hora, zona)
        sesion_actualizar(
            sesion=sesion,
            version=sesion.version,
            tipo=sesion.tipo,
            titulo=sesion.titulo,
            inicio=inicio,
            fin=inicio + timedelta(minutes=duracion_minutos),
            lugar=lugar,
            enlace_video=enlace_video,
            dificultades=sesion.dificultades,
            propuestas_mejora=sesion.propuestas_mejora,
            por=por,
        )
        n += 1
    actualizar_modelo(
        instancia=serie,
        campos=["hora", "duracion_minutos", "lugar", "enlace_video"],
        datos={
            "hora": hora,
            "duracion_minutos": duracion_minutos,
            "lugar": lugar,
            "enlace_video": enlace_video,
        },
        version=version,
        por=por,
    )
    return n


@transaction.atomic
def serie_terminar(*, serie: Serie, desde: date, motivo: str = "", por: Usuario | None) -> int:
    """Suspends the scheduled sessions from `desde` on (invitees receive a cancellation)."""
    exigir(permissions.puede_gestionar_mesa(por, serie.mesa))
    if serie.terminada_at:
        raise ValidationError("La serie ya terminó.")
    n = 0
    for sesion in _restantes(serie, desde):
        sesion_suspender(sesion=sesion, motivo=motivo or "Fin de la serie de sesiones", por=por)
        n += 1
    actualizar_modelo(
        instancia=serie, campos=["terminada_at"], datos={"terminada_at": timezone.now()}, por=por
    )
    return n
