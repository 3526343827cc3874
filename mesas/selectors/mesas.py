"""Reads of mesas in a user's scope."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from mesas.models import (
    Integrante,
    Mesa,
    Sesion,
)
from nucleo.alcance import Alcance, alcance_de
from nucleo.models import Institucion, Membresia, Rol


def _filtro_mesas(alcance: Alcance, prefijo: str = "") -> Q:
    """SENCE staff: the whole region; OMIL: its comuna's mesa; anyone: mesas their institution
    sits on (an OMIL in the regional mesa, a service in the mesas it belongs to)."""
    miembro = Integrante.objects.filter(
        activo=True, institucion_id__in=alcance.instituciones()
    ).values("mesa_id")
    return (
        Q(**{f"{prefijo}region_id__in": alcance.regiones_sence()})
        | Q(
            **{
                f"{prefijo}tipo": Mesa.Tipo.COMUNAL,
                f"{prefijo}comuna_id__in": alcance.comunas_omil(),
            }
        )
        | Q(**{f"{prefijo}pk__in": miembro})
        # The communal authority reads their comuna's mesa.
        | Q(
            **{
                f"{prefijo}tipo": Mesa.Tipo.COMUNAL,
                f"{prefijo}comuna_id__in": alcance.comunas_autoridad(),
            }
        )
    )


def mesas_visibles(usuario) -> QuerySet[Mesa]:
    alcance = alcance_de(usuario)
    if alcance.vacio:
        return Mesa.objects.none()
    return Mesa.objects.filter(_filtro_mesas(alcance)).select_related(
        "region", "comuna", "comuna__provincia", "coordinadora"
    )


def mesas_con_resumen(usuario) -> QuerySet[Mesa]:
    ahora = timezone.now()
    proxima = (
        Sesion.objects.filter(
            mesa=OuterRef("pk"), estado=Sesion.Estado.PROGRAMADA, inicio__gte=ahora
        )
        .order_by("inicio")
        .values("inicio")[:1]
    )
    ultima = (
        Sesion.objects.filter(mesa=OuterRef("pk"), estado=Sesion.Estado.REALIZADA)
        .order_by("-inicio")
        .values("inicio")[:1]
    )
    integrantes = (
        Integrante.objects.filter(mesa=OuterRef("pk"), activo=True)
        .order_by()
        .values("mesa")
        .annotate(n=Count("institucion", distinct=True))
        .values("n")
    )
    # One subquery per figure (each uses its index) instead of joining sessions × members.
    return (
        mesas_visibles(usuario)
        .annotate(
            proxima_sesion=Subquery(proxima),
            ultima_realizada=Subquery(ultima),
            n_integrantes=Coalesce(Subquery(integrantes), 0),
        )
        .order_by("region_id", "-tipo", "comuna__provincia_id", "comuna__nombre")
    )


def mesa_detalle(usuario) -> QuerySet[Mesa]:
    return mesas_visibles(usuario).prefetch_related(
        Prefetch(
            "integrantes",
            queryset=Integrante.objects.filter(activo=True).select_related(
                "institucion", "institucion__servicio", "persona"
            ),
        )
    )


def instituciones_para_mesa(mesa: Mesa) -> QuerySet[Institucion]:
    """Institutions that can sit on `mesa`: active offices and OMILs of its region."""
    return (
        Institucion.objects.filter(region_id=mesa.region_id, activa=True)
        .select_related("servicio", "comuna")
        .order_by("tipo", "nombre")
    )


def coordinadores_de(mesa: Mesa) -> list:
    """People to remind about a mesa's duties: its coordinating OMIL's staff, or for SENCE the
    region's articulators."""
    roles = (
        [Rol.ENCARGADO_OMIL, Rol.GESTOR_TERRITORIAL]
        if mesa.coordinadora.es_omil
        else [Rol.ARTICULADOR]
    )
    return [
        m.usuario
        for m in Membresia.objects.filter(
            institucion_id=mesa.coordinadora_id, rol__in=roles, activa=True, usuario__is_active=True
        ).select_related("usuario")
    ]


def comunas_sin_mesa(region_id: str):
    from nucleo.models import Comuna

    return (
        Comuna.objects.filter(region_id=region_id)
        .exclude(mesas__tipo=Mesa.Tipo.COMUNAL)
        .select_related("provincia")
        .order_by("provincia_id", "nombre")
    )
