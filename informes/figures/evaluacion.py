"""The semester evaluation section: charts, comparison with the previous semester, and the
difficulties and proposals recorded at the evaluation session."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q

from informes.figures.base import Corte, _limites
from informes.figures.mesas import (
    _mesas,
    actividad_comunal,
    asistencia_por_servicio,
    indicadores_mesa_regional,
)
from informes.figures.red import indicadores_empresas
from informes.periodos import Periodo
from mesas.models import Mesa, Sesion, TipoSesion
from nucleo import formato
from nucleo.corte import filas_al
from nucleo.models import Region


def seccion_evaluacion(region: Region, periodo: Periodo, corte: Corte) -> dict:
    """Charts, comparison with the previous semester, and the evaluation session's notes."""
    anterior = periodo.anterior()
    # The previous semester as its own report reads it: as of its end.
    corte_anterior = Corte.del_dia(anterior.fin - timedelta(days=1), historial=corte.historial)
    actual_m = indicadores_mesa_regional(region, periodo, corte)
    previo_m = indicadores_mesa_regional(region, anterior, corte_anterior)
    actual_e = indicadores_empresas(region, periodo, corte)
    previo_e = indicadores_empresas(region, anterior, corte_anterior)
    comunas_actual = actividad_comunal(region, periodo, corte)
    comunas_previo = actividad_comunal(region, anterior, corte_anterior)
    filas = [
        ["Sesiones regionales realizadas", previo_m["realizadas"], actual_m["realizadas"]],
        ["Asistencia de los servicios (%)", previo_m["asistencia_pct"], actual_m["asistencia_pct"]],
        ["Minutas a tiempo", previo_m["a_tiempo"], actual_m["a_tiempo"]],
        ["Acuerdos tomados", previo_m["acuerdos_tomados"], actual_m["acuerdos_tomados"]],
        ["Acuerdos cumplidos", previo_m["acuerdos_cumplidos"], actual_m["acuerdos_cumplidos"]],
        [
            "OMIL con sesiones",
            sum(1 for f in comunas_previo if f["realizadas"]),
            sum(1 for f in comunas_actual if f["realizadas"]),
        ],
        ["Visitas conjuntas realizadas", previo_e["realizadas"], actual_e["realizadas"]],
        ["Empresas visitadas", previo_e["empresas"], actual_e["empresas"]],
        ["Vacantes ofrecidas", previo_e["vacantes"], actual_e["vacantes"]],
        ["Personas derivadas", previo_e["derivadas"], actual_e["derivadas"]],
    ]
    for fila in filas:
        diferencia = round(fila[2] - fila[1], 1)
        signo = "+" if diferencia > 0 else ""
        fila.append(f"{signo}{formato.numero(diferencia)}" if diferencia else "=")
    asistencia = {f[0]: f[5] for f in asistencia_por_servicio(region, periodo, corte)}
    asistencia_previa = {
        f[0]: f[5] for f in asistencia_por_servicio(region, anterior, corte_anterior)
    }
    servicios = sorted(set(asistencia) | set(asistencia_previa))
    desde, hasta = _limites(periodo)
    evaluaciones = sorted(
        filas_al(
            Sesion,
            corte.momento if corte.historial else None,
            filtro=Q(
                mesa_id__in=list(_mesas(region, Mesa.Tipo.REGIONAL)),
                tipo=TipoSesion.EVALUACION,
                inicio__gte=desde,
                inicio__lt=hasta,
            ),
            campos=["inicio", "dificultades", "propuestas_mejora"],
        ),
        key=lambda e: e["inicio"],
    )
    textos = []
    for e in evaluaciones:
        textos.append(f"Jornada de evaluación del {formato.fecha(e['inicio'])}.")
        textos.append(f"Dificultades: {e['dificultades'] or 'no se registraron.'}")
        textos.append(f"Propuestas de mejora: {e['propuestas_mejora'] or 'no se registraron.'}")
    if not evaluaciones:
        textos.append(
            "No se registró una jornada de evaluación semestral de la mesa regional en el periodo."
        )
    graficos = []
    if servicios:
        graficos.append(
            {
                "tipo": "barras",
                "titulo": "Asistencia por servicio a la mesa regional (%)",
                "categorias": servicios,
                "series": [
                    {
                        "nombre": anterior.nombre.capitalize(),
                        "valores": [asistencia_previa.get(s, 0) for s in servicios],
                    },
                    {
                        "nombre": periodo.nombre.capitalize(),
                        "valores": [asistencia.get(s, 0) for s in servicios],
                    },
                ],
                "unidad": "%",
            }
        )
    graficos.append(
        {
            "tipo": "barras",
            "titulo": "Actividad del semestre frente al anterior",
            "categorias": ["Sesiones regionales", "OMIL con sesiones", "Visitas realizadas"],
            "series": [
                {
                    "nombre": anterior.nombre.capitalize(),
                    "valores": [filas[0][1], filas[5][1], filas[6][1]],
                },
                {
                    "nombre": periodo.nombre.capitalize(),
                    "valores": [filas[0][2], filas[5][2], filas[6][2]],
                },
            ],
        }
    )
    return {
        "id": "evaluacion",
        "titulo": "Evaluación semestral",
        "textos": textos,
        "indicadores": [],
        "graficos": graficos,
        "tablas": [
            {
                "titulo": f"Comparación con el {anterior.nombre}",
                "columnas": ["Indicador", anterior.codigo, periodo.codigo, "Diferencia"],
                "filas": filas,
            }
        ],
    }
