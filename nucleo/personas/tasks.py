"""E-mails of people management (thin: fetch by id, send)."""

from celery import shared_task

from nucleo import correo
from nucleo.models import Invitacion


@shared_task(
    name="nucleo.enviar_invitacion", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def enviar_invitacion(invitacion_id: int) -> int:
    from nucleo.personas.services import invitacion_enlace

    invitacion = (
        Invitacion.objects.select_related("institucion", "invitada_por")
        .filter(pk=invitacion_id, estado=Invitacion.Estado.PENDIENTE)
        .first()
    )
    if invitacion is None:
        return 0
    return correo.enviar(
        plantilla="nucleo_invitacion",
        asunto=f"Invitación a {invitacion.institucion}",
        para=[invitacion.email],
        contexto={"invitacion": invitacion, "enlace": invitacion_enlace(invitacion)},
    )
