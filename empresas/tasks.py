"""Thin Celery tasks: fetch by id, call the mail helper."""

from celery import shared_task
from django.utils import formats, timezone

from empresas import selectors, services
from empresas.models import InvitacionVisita, SolicitudVisita
from nucleo import calendario, formato
from nucleo.correo import enviar


def _contexto(invitacion: InvitacionVisita) -> dict:
    visita = invitacion.visita
    return {
        "invitacion": invitacion,
        "visita": visita,
        "empresa": visita.empresa,
        "cuando": formats.date_format(
            timezone.localtime(visita.inicio), "l j \\d\\e F \\d\\e Y, H:i"
        ),
        "sugerencia": invitacion.motivo,
    }


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def enviar_invitacion(invitacion_id: int, recordatorio: bool = False) -> int:
    invitacion = (
        InvitacionVisita.objects.select_related("visita__empresa__comuna", "institucion")
        .filter(pk=invitacion_id)
        .first()
    )
    if invitacion is None or invitacion.estado != InvitacionVisita.Estado.PENDIENTE:
        return 0
    enlaces = services.invitacion_enlaces(invitacion)
    return enviar(
        plantilla="empresas_invitacion_visita",
        asunto=("Recordatorio: " if recordatorio else "")
        + f"Visita conjunta a {invitacion.visita.empresa}: ¿asiste "
        f"{invitacion.institucion.servicio.sigla}?",
        para=selectors.representantes_de(invitacion.institucion),
        contexto={
            **_contexto(invitacion),
            "enlace_confirmar": enlaces["confirmada"],
            "enlace_rechazar": enlaces["rechazada"],
            "reprogramada": invitacion.visita.ronda > 1,
            "recordatorio": recordatorio,
        },
    )


@shared_task
def limpiar_importaciones() -> int:
    """Daily (beat): removes previews of spreadsheets that were never imported."""
    return services.importaciones_limpiar()


@shared_task
def recordar_invitaciones() -> int:
    """Daily (beat): reminds the services that have not answered a visit in the next 48 hours."""
    return services.invitaciones_recordar()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def avisar_suspension(invitacion_id: int) -> int:
    invitacion = (
        InvitacionVisita.objects.select_related("visita__empresa__comuna", "institucion")
        .filter(pk=invitacion_id)
        .first()
    )
    if invitacion is None:
        return 0
    return enviar(
        plantilla="empresas_visita_suspendida",
        asunto=f"Suspendida: visita conjunta a {invitacion.visita.empresa}",
        para=selectors.representantes_de(invitacion.institucion),
        contexto=_contexto(invitacion),
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def enviar_solicitud_recibida(solicitud_id: int) -> int:
    """The company hears that its request for a joint visit arrived."""
    solicitud = SolicitudVisita.objects.select_related("comuna").filter(pk=solicitud_id).first()
    if solicitud is None:
        return 0
    return enviar(
        plantilla="empresas_solicitud_recibida",
        asunto="Recibimos su solicitud de visita conjunta",
        para=[solicitud.contacto_email],
        contexto={"solicitud": solicitud},
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def avisar_solicitud_nueva(solicitud_id: int) -> int:
    """The region's ejecutivos (or, with none, its articuladores) hear that a company asked for a
    joint visit: who, where, what it needs and which services the need→service rule suggests,
    with the link to the request. The company's contact data stays in the app."""
    solicitud = SolicitudVisita.objects.select_related("comuna").filter(pk=solicitud_id).first()
    if solicitud is None or solicitud.estado != SolicitudVisita.Estado.PENDIENTE:
        return 0
    return enviar(
        plantilla="empresas_solicitud_nueva",
        asunto=f"Nueva solicitud de visita conjunta: {solicitud.razon_social}",
        para=selectors.quienes_atienden_solicitudes(solicitud.comuna.region_id),
        contexto={
            "solicitud": solicitud,
            "sugerencias": selectors.servicios_sugeridos(solicitud.necesidades),
        },
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def enviar_solicitud_aceptada(solicitud_id: int) -> int:
    """The company hears the date of the visit planned from its request."""
    solicitud = (
        SolicitudVisita.objects.select_related("comuna", "visita", "atendida_por")
        .filter(pk=solicitud_id, visita__isnull=False)
        .first()
    )
    if solicitud is None:
        return 0
    local = calendario.hora_local(solicitud.visita.inicio, solicitud.comuna.zona_horaria)
    return enviar(
        plantilla="empresas_solicitud_aceptada",
        asunto=f"Visita conjunta planificada para el {formato.fecha(local.date())}",
        para=[solicitud.contacto_email],
        contexto={
            "solicitud": solicitud,
            "fecha": formato.fecha(local.date()),
            "hora": f"{local:%H:%M}",
        },
    )
