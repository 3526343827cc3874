"""The plans' indicators, each defined once (home panels, panorama and reports call these),
readable as of a cut-off from the recorded history."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from nucleo.corte import filas_al
from omil.models import (
    LineaAccion,
    PlanComunal,
    q_linea_atrasada,
)


def estados_de_planes(
    *, regiones: list[str], anio: int, al: datetime | None = None
) -> dict[str, str]:
    """{comuna code: plan state} of the `anio` plans of `regiones` (deleted plans left out).
    `al` None: today's states; a moment: the states recorded at that moment (simple-history)."""
    return {f["comuna_id"]: f["estado"] for f in _planes_al(regiones, anio, al, ["estado"])}


def _planes_al(regiones: list[str], anio: int, al: datetime | None, campos: list[str]):
    """The `anio` plans of `regiones` not deleted at `al` (now when None), as filas_al rows."""
    vigente = Q(eliminado_at__isnull=True)
    if al is not None:
        vigente |= Q(eliminado_at__gt=al)
    return filas_al(
        PlanComunal,
        al,
        filtro=Q(comuna__region_id__in=regiones, anio=anio) & vigente,
        campos=["comuna_id", *campos],
    )


def planes_por_estado(
    *, regiones: list[str], anio: int, al: datetime | None = None
) -> dict[str, int]:
    """Plans by state: {state value: number of plans}, every PlanComunal.Estado present (0 when
    none), for the `anio` plans of `regiones`, as of `al` (see estados_de_planes). Unit: plans."""
    conteo = Counter(estados_de_planes(regiones=regiones, anio=anio, al=al).values())
    return {e.value: conteo.get(e.value, 0) for e in PlanComunal.Estado}


def lineas_atrasadas_por_comuna(
    *, regiones: list[str], anio: int, al: datetime | None = None, hoy: date | None = None
) -> dict[str, int]:
    """{comuna code: overdue lines of action} of the `anio` plans of `regiones` (a comuna with a
    plan and none overdue: 0). Overdue by LineaAccion.atrasada_al: deadline before `hoy`, still
    pending or in progress. `al` None: today's plans and lines; a moment: as recorded then
    (simple-history), the report's cut-off. `hoy` defaults to the date of `al`, or today.
    Unit: lines."""
    hoy = hoy or (timezone.localdate(al) if al is not None else timezone.localdate())
    planes = {f["id"]: f["comuna_id"] for f in _planes_al(regiones, anio, al, [])}
    resultado = dict.fromkeys(planes.values(), 0)
    for linea in filas_al(
        LineaAccion, al, filtro=Q(plan_id__in=list(planes)), campos=["plan_id", "plazo", "estado"]
    ):
        atrasada = LineaAccion(plazo=linea["plazo"], estado=linea["estado"]).atrasada_al(hoy)
        resultado[planes[linea["plan_id"]]] += atrasada
    return resultado


def lineas_atrasadas(lineas: QuerySet[LineaAccion], *, al: date | None = None):
    """The overdue lines among `lineas` (the rule: omil.models.q_linea_atrasada)."""
    return lineas.filter(q_linea_atrasada(al=al))
