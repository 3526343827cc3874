"""Reads of agreements."""

from __future__ import annotations

from django.db.models import Case, QuerySet, When

from mesas.filters import AcuerdoFilter
from mesas.models import (
    Acuerdo,
    Sesion,
)
from mesas.selectors.mesas import _filtro_mesas, mesas_visibles
from nucleo.alcance import alcance_de
from nucleo.historial import Version, versiones
from nucleo.models import Institucion

RELACIONES_ACUERDO = (
    "mesa",
    "sesion",
    "institucion_responsable",
    "persona_responsable",
    "cumplido_por",
)


def acuerdos_visibles(usuario) -> QuerySet[Acuerdo]:
    alcance = alcance_de(usuario)
    if alcance.vacio:
        return Acuerdo.objects.none()
    return Acuerdo.objects.filter(_filtro_mesas(alcance, "mesa__")).select_related(
        *RELACIONES_ACUERDO
    )


def acuerdos_de_mesas(mesa_ids: list[int]) -> QuerySet[Acuerdo]:
    """The agreements of these mesas, which the caller took from `mesas_visibles`; the list
    joins `RELACIONES_ACUERDO` on the page's rows only."""
    return Acuerdo.objects.filter(mesa_id__in=mesa_ids)


def acuerdos_filtrados(usuario, datos) -> tuple[AcuerdoFilter, QuerySet[Acuerdo]]:
    """The agreements list: what the user sees, through AcuerdoFilter with `datos` (the query
    string), most urgent first (overdue, then pending by deadline; completed ones last). A wrong
    value (a mesa out of scope) drops that filter only, with a message in the filter's form."""
    # The visible mesas, by name only: the filter's choices, and the scope of the list as a short
    # list of ids (the planner then reads agreements by mesa instead of joining every mesa).
    mesas = list(
        mesas_visibles(usuario)
        .select_related(None)
        .only("pk", "nombre")
        .order_by("-tipo", "nombre")
    )
    acuerdos = acuerdos_de_mesas([m.pk for m in mesas])
    # Only institutions that answer for some agreement the user sees: a short, useful list.
    instituciones = (
        Institucion.objects.filter(
            region_id__in=alcance_de(usuario).regiones(),
            pk__in=acuerdos.values("institucion_responsable_id"),
        )
        .only("pk", "nombre")
        .order_by("nombre")
    )
    filtro = AcuerdoFilter(datos, queryset=acuerdos, mesas=mesas, instituciones=instituciones)
    urgencia = Case(
        When(estado=Acuerdo.Estado.VENCIDO, then=0),
        When(estado=Acuerdo.Estado.PENDIENTE, then=1),
        default=2,
    )
    return filtro, filtro.qs.order_by(urgencia, "fecha_limite", "pk")


def acuerdos_abiertos_previos(sesion: Sesion) -> QuerySet[Acuerdo]:
    """Open agreements of earlier sessions of the same mesa: listed on this session's agenda."""
    return (
        Acuerdo.objects.filter(
            mesa_id=sesion.mesa_id, estado__in=Acuerdo.ABIERTOS, sesion__inicio__lt=sesion.inicio
        )
        .select_related("institucion_responsable", "persona_responsable", "sesion")
        .order_by("fecha_limite", "pk")
    )


def historial_de_acuerdo(acuerdo: Acuerdo) -> list[Version]:
    return versiones(
        acuerdo.history.all(),
        excluidos=("mesa", "sesion", "created_by"),
    )
