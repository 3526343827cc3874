"""Background jobs of the convenios app (thin: fetch by id, call a service)."""

from celery import shared_task

from convenios import services


@shared_task
def alertar_vencimientos() -> int:
    """Daily (beat): records the 90/30-day expiry warnings due today."""
    return len(services.convenios_alertar_vencimientos())


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def enviar_alerta_convenio(alerta_id: int) -> int:
    return services.alerta_enviar(alerta_id=alerta_id)
