"""Reads of minute versions."""

from __future__ import annotations

from django.db.models import Case, CharField, QuerySet, Value, When
from django.template.loader import render_to_string
from django.utils import timezone

from mesas.models import (
    Asistencia,
    Minuta,
    Sesion,
)
from mesas.selectors.acuerdos import acuerdos_abiertos_previos
from mesas.selectors.sesiones import sesiones_visibles
from nucleo.historial import Version, versiones

Estado = Asistencia.Estado


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


def etiqueta_de_formato() -> Case:
    """A minute's kind as its Spanish label, in SQL (for pages that read it as a column)."""
    return Case(
        *[When(formato=valor, then=Value(etiqueta)) for valor, etiqueta in Minuta.Formato.choices],
        output_field=CharField(),
    )


def historial_de_minutas(sesion: Sesion, *, con_eliminadas: bool) -> list[Version]:
    """Every record of the session's minutes, each version against its own previous record;
    versions deleted now only for those who may restore them (as on the session page)."""
    minutas = (Minuta.todas if con_eliminadas else Minuta.objects).filter(sesion=sesion)
    return versiones(
        Minuta.history.filter(id__in=minutas.values("pk")),
        excluidos=("sesion", "numero", "tamano", "content_type"),
        archivos={"archivo": "nombre_original"},
        titulo=lambda registro: (
            f"Versión {registro.numero} de la minuta ({registro.get_formato_display()})"
        ),
    )


def texto_inicial_minuta(sesion: Sesion) -> str:
    """A draft of the minutes from the session's own data: attendance, agenda, agreements
    (the wording lives in templates/mesas/minuta_borrador.txt)."""
    asistencias = list(sesion.asistencias.select_related("institucion", "persona"))
    grupos = [
        ("Asistieron", {Estado.ASISTIO}),
        ("Ausencias justificadas", {Estado.JUSTIFICADA, Estado.RECHAZADA}),
        ("Ausentes", {Estado.AUSENTE}),
        ("Sin registro de asistencia", {Estado.INVITADA, Estado.CONFIRMADA}),
    ]
    asistencia = [
        (titulo, quienes)
        for titulo, estados in grupos
        if (quienes := [a for a in asistencias if a.estado in estados])
    ]
    texto = render_to_string(
        "mesas/minuta_borrador.txt",
        {
            "sesion": sesion,
            "mesa": sesion.mesa,
            "inicio": timezone.localtime(sesion.inicio),
            "fin": timezone.localtime(sesion.fin),
            "asistencia": asistencia,
            "puntos": list(sesion.puntos.all()),
            "previos": list(acuerdos_abiertos_previos(sesion)),
            "acuerdos": list(
                sesion.acuerdos.select_related("institucion_responsable", "persona_responsable")
            ),
        },
    )
    return texto.strip()


def inicial_de_minuta(sesion: Sesion, actual: Minuta | None) -> dict:
    """What the form of a new version starts with: a written version's own text to correct,
    otherwise the draft. A file version passes nothing on to the next one."""
    if actual is not None and actual.es_texto:
        return {"texto": actual.texto}
    return {"texto": texto_inicial_minuta(sesion)}
