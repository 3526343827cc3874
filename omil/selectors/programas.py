"""The programme catalogue the user sees, searched by free text and target population."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from nucleo.alcance import alcance_de
from nucleo.models import Programa

if TYPE_CHECKING:
    from omil.filters import ProgramaFilter


def programas_visibles(usuario) -> QuerySet[Programa]:
    """National catalogue plus the regional programmes of the user's regions."""
    regiones = alcance_de(usuario).regiones()
    return (
        Programa.objects.filter(
            Q(ficha__isnull=True) | Q(ficha__region__isnull=True) | Q(ficha__region_id__in=regiones)
        )
        .select_related("servicio", "ficha", "ficha__region", "ficha__actualizado_por")
        .order_by("servicio__sigla", "nombre")
    )


def buscar_programas(
    qs: QuerySet[Programa], *, texto: str = "", servicio: int | None = None, poblacion: str = ""
) -> QuerySet[Programa]:
    for palabra in texto.split():
        qs = qs.filter(
            Q(nombre__icontains=palabra)
            | Q(descripcion__icontains=palabra)
            | Q(poblacion_objetivo__icontains=palabra)
            | Q(ficha__requisitos__icontains=palabra)
            | Q(ficha__como_derivar__icontains=palabra)
        )
    if servicio:
        qs = qs.filter(servicio_id=servicio)
    if poblacion:
        q = Q()
        for palabra in PALABRAS_POBLACION.get(poblacion, [poblacion]):
            q |= Q(poblacion_objetivo__icontains=palabra) | Q(descripcion__icontains=palabra)
        qs = qs.filter(q)
    return qs


# Free-text target populations, matched to the focus populations of plans.
PALABRAS_POBLACION = {
    "discapacidad": ["discapacidad"],
    "mujeres": ["mujer"],
    "consumo_drogas": ["drogas", "consumo", "rehabilitación"],
    "jovenes": ["joven", "jóvenes"],
    "personas_mayores": ["mayores"],
    "migrantes": ["migrante"],
    "pueblos_originarios": ["pueblos originarios", "indígena"],
    "reinsercion": ["reinserción", "infractor"],
}


def programas_filtrados(usuario, datos) -> tuple[ProgramaFilter, QuerySet[Programa]]:
    """The active programmes the user sees, through ProgramaFilter with `datos`."""
    from omil.filters import ProgramaFilter

    activos = programas_visibles(usuario).filter(activo=True)
    filtro = ProgramaFilter(datos or None, queryset=activos)
    return filtro, filtro.qs
