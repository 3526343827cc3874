"""Reads of companies' requests for a joint visit."""

from django.db.models import QuerySet

from empresas.models import SolicitudVisita
from empresas.permissions import ROLES_GESTION_SENCE
from nucleo.alcance import alcance_de
from nucleo.models import Comuna, Institucion, Rol, ServicioPublico, Usuario


def solicitudes_visibles(usuario) -> QuerySet[SolicitudVisita]:
    """The requests of the regions where the user manages SENCE's company network."""
    regiones = alcance_de(usuario).regiones_sence(*ROLES_GESTION_SENCE)
    return SolicitudVisita.objects.filter(comuna__region_id__in=regiones).select_related(
        "comuna", "empresa", "visita", "atendida_por"
    )


def solicitudes_pendientes(usuario) -> QuerySet[SolicitudVisita]:
    return solicitudes_visibles(usuario).filter(estado=SolicitudVisita.Estado.PENDIENTE)


def comunas_para_solicitud(region_id: str | None = None) -> QuerySet[Comuna]:
    """The comunas a company may ask from: those of regions where SENCE's regional office is in
    the app (active), so a request always reaches someone (quienes_atienden_solicitudes)."""
    regiones = Institucion.objects.filter(
        tipo=Institucion.Tipo.REGIONAL, servicio__codigo=ServicioPublico.SENCE, activa=True
    ).values("region_id")
    qs = (
        Comuna.objects.filter(region_id__in=regiones)
        .select_related("region")
        .order_by("region__codigo", "nombre")
    )
    return qs.filter(region_id=region_id) if region_id else qs


def quienes_atienden_solicitudes(region_id: str) -> list[str]:
    """The e-mail addresses to alert of a new request in the region: the active ejecutivos of
    SENCE's regional office, or its articuladores when the region has no ejecutivo."""
    base = Usuario.objects.filter(
        is_active=True,
        membresias__activa=True,
        membresias__institucion__activa=True,
        membresias__institucion__region_id=region_id,
        membresias__institucion__servicio__codigo=ServicioPublico.SENCE,
    ).exclude(email="")
    for rol in (Rol.EJECUTIVO, Rol.ARTICULADOR):
        correos = sorted(set(base.filter(membresias__rol=rol).values_list("email", flat=True)))
        if correos:
            return correos
    return []
