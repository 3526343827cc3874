from django.db.models import Count, Prefetch, Q, QuerySet

from nucleo.alcance import Alcance
from nucleo.models import Comuna, Institucion, Membresia, Programa, Provincia, Region


def regiones_visibles(alcance: Alcance) -> QuerySet[Region]:
    return Region.objects.filter(codigo__in=alcance.regiones())


def provincias_con_resumen(region_id: str) -> QuerySet[Provincia]:
    """The provinces of a region with how many comunas and active OMILs each has."""
    return (
        Provincia.objects.filter(region_id=region_id)
        .annotate(
            n_comunas=Count("comunas", distinct=True),
            n_omil=Count(
                "comunas__instituciones",
                filter=Q(
                    comunas__instituciones__tipo=Institucion.Tipo.OMIL,
                    comunas__instituciones__activa=True,
                ),
                distinct=True,
            ),
        )
        .order_by("codigo")
    )


def instituciones_de_region(region_id: str) -> QuerySet[Institucion]:
    return Institucion.objects.filter(region_id=region_id, activa=True).select_related(
        "servicio", "comuna"
    )


def oficinas_de_servicio(region_id: str) -> list[Institucion]:
    """The region's active institutions of a public service (SENCE, SENDA…), by acronym: the
    «servicios con oficina regional» of the home panel and the semester report."""
    return sorted(
        (i for i in instituciones_de_region(region_id) if i.servicio_id),
        key=lambda i: (i.servicio.sigla, i.nombre),
    )


def equipo_de(institucion_ids) -> QuerySet[Membresia]:
    """Active people of the given institutions, for contact cards."""
    return (
        Membresia.objects.filter(
            institucion_id__in=institucion_ids, activa=True, usuario__is_active=True
        )
        .select_related("usuario", "institucion")
        .order_by("institucion__nombre", "rol", "usuario__first_name")
    )


def instituciones_con_programas(institucion_ids) -> QuerySet[Institucion]:
    return (
        Institucion.objects.filter(pk__in=institucion_ids)
        .select_related("servicio", "region")
        .prefetch_related(
            Prefetch(
                "servicio__programas",
                queryset=Programa.objects.filter(activo=True).order_by("nombre"),
            )
        )
    )


def comunas_con_omil(comuna_ids) -> QuerySet[Comuna]:
    return (
        Comuna.objects.filter(codigo__in=comuna_ids)
        .select_related("provincia", "region")
        .prefetch_related(
            Prefetch(
                "instituciones",
                queryset=Institucion.objects.filter(tipo=Institucion.Tipo.OMIL),
                to_attr="omiles",
            )
        )
    )
