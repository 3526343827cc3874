"""Celery tasks of the mesas app: thin (fetch by id, call a service).

Beat schedule (America/Santiago), added in config/settings/base.py:
- mesas.recordar_invitados: every hour (48-hour reminders to who has not answered);
- mesas.invitaciones_pendientes: daily 07:00 (sessions entering the 30-day invitation window);
- mesas.vencer_acuerdos: daily 00:15;
- mesas.recordar_minutas: daily 09:00.
"""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from mesas import selectors, services
from mesas.models import Asistencia, Sesion


@shared_task(
    name="mesas.enviar_invitaciones", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def enviar_invitaciones(sesion_id: int) -> int:
    sesion = (
        Sesion.objects.select_related("mesa", "mesa__coordinadora").filter(pk=sesion_id).first()
    )
    return services.invitaciones_enviar(sesion=sesion) if sesion else 0


@shared_task(
    name="mesas.enviar_actualizacion", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def enviar_actualizacion(sesion_id: int) -> int:
    sesion = (
        Sesion.objects.select_related("mesa", "mesa__coordinadora").filter(pk=sesion_id).first()
    )
    return services.actualizacion_enviar(sesion=sesion) if sesion else 0


@shared_task(name="mesas.recordar_invitados")
def recordar_invitados() -> int:
    ids = list(
        selectors.asistencias_para_recordar(ahora=timezone.now()).values_list("pk", flat=True)
    )
    enviados = 0
    for asistencia in Asistencia.objects.filter(pk__in=ids).select_related(
        "sesion", "sesion__mesa"
    ):
        enviados += services.recordatorio_enviar(asistencia=asistencia)
    return enviados


@shared_task(name="mesas.invitaciones_pendientes")
def invitaciones_pendientes() -> int:
    ahora = timezone.now()
    ids = (
        Sesion.objects.filter(
            estado=Sesion.Estado.PROGRAMADA,
            inicio__gt=ahora,
            inicio__lte=ahora + timedelta(days=services.DIAS_INVITACION),
            asistencias__invitacion_enviada_at__isnull=True,
        )
        .order_by()
        .values_list("pk", flat=True)
        .distinct()
    )
    for pk in ids:
        enviar_invitaciones.delay(pk)
    return len(ids)


@shared_task(name="mesas.vencer_acuerdos")
def vencer_acuerdos() -> int:
    return services.acuerdos_vencer(hoy=timezone.localdate())


@shared_task(name="mesas.recordar_minutas")
def recordar_minutas() -> int:
    n = 0
    for sesion in selectors.sesiones_sin_minuta_para_recordar(ahora=timezone.now()):
        n += bool(services.recordatorio_minuta_enviar(sesion=sesion))
    return n
