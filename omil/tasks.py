"""Background jobs of the omil app (thin: fetch by id, call a service)."""

from celery import shared_task

from omil import services


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def notificar_transicion_plan(transicion_id: int) -> int:
    return services.plan_notificar_transicion(transicion_id=transicion_id)
