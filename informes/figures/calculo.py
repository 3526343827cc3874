"""Which sections each kind of report has, and the snapshot of all of them at the cut-off."""

from __future__ import annotations

from datetime import date, timedelta

from informes.figures.base import Corte, Seccion
from informes.figures.evaluacion import seccion_evaluacion
from informes.figures.mesas import seccion_mesa_regional, seccion_mesas_comunales
from informes.figures.red import seccion_convenios, seccion_empresas, seccion_planes, seccion_red
from informes.periodos import MENSUAL, SEMESTRAL, Periodo
from nucleo.models import Region

COMUNES: list[Seccion] = [
    seccion_mesa_regional,
    seccion_mesas_comunales,
    seccion_planes,
    seccion_empresas,
    seccion_convenios,
]


SECCIONES: dict[str, list[Seccion]] = {
    MENSUAL: COMUNES,
    SEMESTRAL: [*COMUNES, seccion_evaluacion, seccion_red],
}


def calcular(region: Region, periodo: Periodo, *, hoy: date, historial: bool = True) -> dict:
    """All figures of the report, a snapshot: the cut-off is the period's last day, or `hoy` for
    a period still running, and with `historial` every figure is read from the records as they
    were at the end of that day, so regenerating a closed period gives the same figures."""
    corte = Corte.del_dia(min(periodo.fin - timedelta(days=1), hoy), historial=historial)
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
        "corte": corte.fecha.isoformat(),
        "secciones": [seccion(region, periodo, corte) for seccion in SECCIONES[periodo.tipo]],
    }
