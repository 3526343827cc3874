"""Scoped reads of communal plans: visible plans and their detail, progress, the people a
plan's e-mails go to, and the plans list through PlanFilter (omil.filters reads this package:
the FilterSets are imported in place)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet

from nucleo.alcance import alcance_de
from nucleo.models import Institucion, Membresia, Programa, Rol
from omil.models import (
    AvanceLinea,
    LineaAccion,
    PlanComunal,
    TransicionPlan,
    q_linea_atrasada,
)

if TYPE_CHECKING:
    from omil.filters import PlanFilter


def planes_visibles(usuario) -> QuerySet[PlanComunal]:
    """SENCE staff: their regions; OMIL: their comunas; representatives: plans with a line of
    action their office takes part in."""
    alcance = alcance_de(usuario)
    q = alcance.filtro_lectura("comuna__region_id", "comuna_id")  # + the comuna's authority
    servicios = alcance.instituciones_servicio()
    if servicios:
        q |= Q(pk__in=LineaAccion.objects.filter(servicios__in=servicios).values("plan_id"))
    return PlanComunal.objects.filter(q).select_related("comuna", "comuna__provincia")


def planes_eliminados_visibles(usuario) -> QuerySet[PlanComunal]:
    """Deleted plans the user may restore: its comuna's (OMIL) or its region's (SENCE)."""
    alcance = alcance_de(usuario)
    return PlanComunal.todos.filter(
        alcance.filtro_territorio("comuna__region_id", "comuna_id"), eliminado_at__isnull=False
    ).select_related("comuna", "eliminado_por")


def planes_para_lista(usuario) -> QuerySet[PlanComunal]:
    return planes_visibles(usuario).annotate(
        n_lineas=Count("lineas", distinct=True),
        n_atrasadas=Count("lineas", filter=q_linea_atrasada(prefijo="lineas__"), distinct=True),
    )


@dataclass(frozen=True)
class AvanceDelPlan:
    """A plan's progress as its pages show it: lines, completed, overdue and the mean %."""

    lineas: int
    cumplidas: int
    atrasadas: int
    promedio: int


def avance_del_plan(lineas: list[LineaAccion]) -> AvanceDelPlan:
    """From lines already in memory (the page's prefetch); overdue by LineaAccion.atrasada."""
    total = len(lineas)
    return AvanceDelPlan(
        lineas=total,
        cumplidas=sum(linea.estado == LineaAccion.Estado.CUMPLIDA for linea in lineas),
        atrasadas=sum(linea.atrasada for linea in lineas),
        promedio=round(sum(linea.porcentaje for linea in lineas) / total) if total else 0,
    )


def ids_de_lineas_atrasadas(plan: PlanComunal) -> set[int]:
    return set(plan.lineas.atrasadas().values_list("pk", flat=True))


def plan_con_detalle(usuario) -> QuerySet[PlanComunal]:
    return (
        planes_visibles(usuario)
        .select_related("actualizado_por")
        .prefetch_related(
            Prefetch(
                "lineas",
                queryset=LineaAccion.objects.select_related("programa__servicio").prefetch_related(
                    Prefetch("servicios", queryset=Institucion.objects.select_related("servicio")),
                    Prefetch("avances", queryset=AvanceLinea.objects.select_related("por")),
                ),
            ),
            Prefetch("transiciones", queryset=TransicionPlan.objects.select_related("por")),
        )
    )


def lineas_visibles(usuario) -> QuerySet[LineaAccion]:
    return LineaAccion.objects.filter(plan__in=planes_visibles(usuario)).select_related(
        "plan", "plan__comuna"
    )


def servicios_de_region(region_id: str) -> QuerySet[Institucion]:
    """Service offices that can take part in a line of action (SENCE included)."""
    return Institucion.objects.filter(
        region_id=region_id, tipo=Institucion.Tipo.REGIONAL, activa=True
    ).select_related("servicio")


def programas_de_region(region_id: str) -> QuerySet[Programa]:
    """The national catalogue plus the region's own programmes."""
    return (
        Programa.objects.filter(activo=True)
        .filter(
            Q(ficha__isnull=True) | Q(ficha__region__isnull=True) | Q(ficha__region_id=region_id)
        )
        .select_related("servicio")
        .order_by("servicio__sigla", "nombre")
    )


def destinatarios_sence(region_id: str) -> list[str]:
    return _correos(
        Membresia.objects.filter(
            institucion__region_id=region_id,
            institucion__servicio__codigo="sence",
            institucion__tipo=Institucion.Tipo.REGIONAL,
            rol__in=[Rol.ARTICULADOR, Rol.DIRECTOR],
        )
    )


def destinatarios_omil(comuna_id: str) -> list[str]:
    return _correos(
        Membresia.objects.filter(
            institucion__comuna_id=comuna_id,
            institucion__tipo=Institucion.Tipo.OMIL,
            rol__in=[Rol.ENCARGADO_OMIL, Rol.GESTOR_TERRITORIAL],
        )
    )


def _correos(membresias: QuerySet[Membresia]) -> list[str]:
    return sorted(
        set(
            membresias.filter(activa=True, usuario__is_active=True, institucion__activa=True)
            .exclude(usuario__email="")
            .values_list("usuario__email", flat=True)
        )
    )


def planes_filtrados(usuario, datos) -> tuple[PlanFilter, QuerySet[PlanComunal]]:
    """The plans list: what the user sees, through PlanFilter with `datos` (the query string;
    the years offered are those of the visible plans), newest year first, by province and
    comuna; alone, so that counting and paging join nothing."""
    from omil.filters import PlanFilter

    planes = planes_visibles(usuario).select_related(None)
    anios = list(planes.order_by("-anio").values_list("anio", flat=True).distinct())
    filtro = PlanFilter(datos or None, queryset=planes, anios=anios)
    orden = ("-anio", "comuna__provincia__codigo", "comuna__nombre", "pk")
    return filtro, filtro.qs.order_by(*orden)
