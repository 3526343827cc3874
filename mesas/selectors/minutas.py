"""Reads of minute versions."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from mesas.models import (
    Minuta,
    Sesion,
)
from mesas.selectors.acuerdos import acuerdos_abiertos_previos
from mesas.selectors.sesiones import sesiones_visibles
from nucleo.historial import Version, versiones


def minutas_visibles(usuario) -> QuerySet[Minuta]:
    return Minuta.objects.filter(sesion__in=sesiones_visibles(usuario).values("pk")).select_related(
        "sesion", "sesion__mesa", "subida_por"
    )


def minutas_eliminadas_visibles(usuario) -> QuerySet[Minuta]:
    return Minuta.todas.filter(
        eliminada_at__isnull=False, sesion__in=sesiones_visibles(usuario).values("pk")
    ).select_related("sesion", "sesion__mesa", "subida_por", "eliminada_por")


def minuta_vigente(sesion: Sesion) -> Minuta | None:
    return sesion.minutas.order_by("-numero").first()


def historial_de_minutas(sesion: Sesion, *, con_eliminadas: bool) -> list[Version]:
    """Every record of the session's minutes, each version against its own previous record;
    versions deleted now only for those who may restore them (as on the session page)."""
    minutas = (Minuta.todas if con_eliminadas else Minuta.objects).filter(sesion=sesion)
    return versiones(
        Minuta.history.filter(id__in=minutas.values("pk")),
        excluidos=("sesion", "numero", "tamano", "content_type"),
        archivos={"archivo": "nombre_original"},
        titulo=lambda registro: f"Versión {registro.numero} de la minuta",
    )


def texto_inicial_minuta(sesion: Sesion) -> str:
    """A draft of the minutes from the session's own data: attendance, agenda, agreements."""
    inicio = timezone.localtime(sesion.inicio)
    fin = timezone.localtime(sesion.fin)
    lineas = [
        f"MINUTA — {sesion.mesa.nombre}",
        f"{sesion.nombre} del {inicio:%d-%m-%Y}, de {inicio:%H:%M} a {fin:%H:%M}",
    ]
    if sesion.lugar:
        lineas.append(f"Lugar: {sesion.lugar}")
    if sesion.enlace_video:
        lineas.append(f"Videoconferencia: {sesion.enlace_video}")
    asistencias = list(sesion.asistencias.select_related("institucion", "persona"))
    grupos = [
        ("Asistieron", {"asistio"}),
        ("Ausencias justificadas", {"justificada", "rechazada"}),
        ("Ausentes", {"ausente"}),
        ("Sin registro de asistencia", {"invitada", "confirmada"}),
    ]
    lineas += ["", "ASISTENCIA"]
    for titulo, estados in grupos:
        quienes = [a for a in asistencias if a.estado in estados]
        if quienes:
            lineas.append(f"{titulo}:")
            lineas += [
                f"- {a.institucion}" + (f" ({a.persona})" if a.persona_id else "") for a in quienes
            ]
    lineas += ["", "TABLA"]
    puntos = list(sesion.puntos.all())
    lineas += [f"{i}. {p.titulo}" for i, p in enumerate(puntos, start=1)] or ["(sin temas)"]
    previos = list(acuerdos_abiertos_previos(sesion))
    if previos:
        lineas += ["", "SEGUIMIENTO DE ACUERDOS ANTERIORES"]
        lineas += [
            f"- {a.texto} — {a.institucion_responsable} — plazo {a.fecha_limite:%d-%m-%Y} "
            f"({a.get_estado_display().lower()})"
            for a in previos
        ]
    lineas += ["", "DESARROLLO", "(Resuma aquí lo conversado en cada tema.)", "", "ACUERDOS"]
    acuerdos = list(
        sesion.acuerdos.select_related("institucion_responsable", "persona_responsable")
    )
    lineas += [
        f"{i}. {a.texto} — Responsable: {a.institucion_responsable}"
        + (f" ({a.persona_responsable})" if a.persona_responsable_id else "")
        + f" — Plazo: {a.fecha_limite:%d-%m-%Y}"
        for i, a in enumerate(acuerdos, start=1)
    ] or ["(sin acuerdos registrados)"]
    return "\n".join(lineas)
