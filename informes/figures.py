"""The report's figures, computed from the database for one region and period — never typed in.

One function per section; each runs a fixed number of aggregate queries, whatever the amount of
data (no query per row). A section returns a JSON-able dict:
{"id", "titulo", "textos": [str], "indicadores": [{"etiqueta", "valor"}],
 "tablas": [{"titulo", "columnas", "filas"}], "graficos": [{"tipo": "barras", ...}]}.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db.models import Count, Q

from informes.periodos import MENSUAL, SEMESTRAL, Periodo
from nucleo.models import Institucion, Provincia, Region

Seccion = Callable[[Region, Periodo, date], dict]


def seccion_red(region: Region, periodo: Periodo, corte: date) -> dict:
    """The region's network: provinces, comunas, OMIL and services with an office."""
    provincias = list(
        Provincia.objects.filter(region=region)
        .annotate(
            n_comunas=Count("comunas", distinct=True),
            n_omil=Count(
                "comunas__instituciones",
                filter=Q(comunas__instituciones__tipo=Institucion.Tipo.OMIL),
                distinct=True,
            ),
        )
        .order_by("codigo")
        .values_list("nombre", "n_comunas", "n_omil")
    )
    servicios = list(
        Institucion.objects.filter(region=region, tipo=Institucion.Tipo.REGIONAL, activa=True)
        .order_by("servicio__sigla")
        .values_list("servicio__sigla", flat=True)
    )
    return {
        "id": "red",
        "titulo": "Red regional",
        "textos": [
            f"{region.nombre}: {len(provincias)} provincias y "
            f"{sum(p[1] for p in provincias)} comunas. Servicios con oficina regional: "
            f"{', '.join(servicios) or 'ninguno registrado'}."
        ],
        "indicadores": [
            {"etiqueta": "Provincias", "valor": len(provincias)},
            {"etiqueta": "Comunas", "valor": sum(p[1] for p in provincias)},
            {"etiqueta": "OMIL registradas", "valor": sum(p[2] for p in provincias)},
        ],
        "tablas": [
            {
                "titulo": "Comunas y OMIL por provincia",
                "columnas": ["Provincia", "Comunas", "OMIL registradas"],
                "filas": [list(p) for p in provincias],
            }
        ],
    }


SECCIONES: dict[str, list[Seccion]] = {
    MENSUAL: [seccion_red],
    SEMESTRAL: [seccion_red],
}


def calcular(region: Region, periodo: Periodo, *, hoy: date) -> dict:
    """All figures of the report. `corte` is the last day counted: the period's end, or today
    for a period still running."""
    from datetime import timedelta

    corte = min(periodo.fin - timedelta(days=1), hoy)
    tipo = "Informe mensual" if periodo.tipo == MENSUAL else "Evaluación semestral"
    return {
        "titulo": f"{tipo} de las Mesas Intersectoriales",
        "region": {"codigo": region.codigo, "nombre": region.nombre},
        "periodo": {
            "tipo": periodo.tipo,
            "codigo": periodo.codigo,
            "nombre": periodo.nombre,
            "inicio": periodo.inicio.isoformat(),
            "fin": (periodo.fin - timedelta(days=1)).isoformat(),
        },
        "corte": corte.isoformat(),
        "secciones": [seccion(region, periodo, corte) for seccion in SECCIONES[periodo.tipo]],
    }
