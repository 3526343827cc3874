"""Reads of agreements."""

from __future__ import annotations

from django.db.models import QuerySet

from mesas.models import (
    Acuerdo,
    Sesion,
)
from mesas.selectors.mesas import _filtro_mesas
from nucleo.alcance import alcance_de
from nucleo.historial import Version, versiones

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
