import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from informes import services

logger = logging.getLogger(__name__)

# Errors worth another try: the database or the disk hiccuped. Anything else is a bug or bad
# data, and retrying would only delay the message the user needs.
TRANSITORIOS = (OperationalError, InterfaceError, OSError)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3)
def generar_informe(self, informe_id: int) -> None:
    try:
        services.informe_generar(informe_id=informe_id)
    except services.InformeOcupado as ocupado:
        # A redelivered task while another worker still holds the lease: come back when it
        # expires (the report is then listo, or that worker is dead and this one takes it).
        raise self.retry(countdown=ocupado.segundos, max_retries=None) from ocupado
    except TRANSITORIOS as error:
        if self.request.retries < self.max_retries:
            logger.warning("Informe %s: error transitorio (%s); se reintenta.", informe_id, error)
            raise self.retry(exc=error, countdown=10 * 2**self.request.retries) from error
        services.informe_marcar_fallido(informe_id=informe_id, error=error)
    except Exception as error:
        logger.exception("Informe %s falló.", informe_id)
        services.informe_marcar_fallido(informe_id=informe_id, error=error)


@shared_task
def informes_programados(tipo: str) -> int:
    return len(services.informes_programados(tipo=tipo))


@shared_task
def reencolar_informes_pendientes() -> int:
    return services.informes_reencolar_pendientes()


@shared_task
def publicar_datos_abiertos() -> int:
    """Daily (beat): rebuilds each region's open-data files (informes.datos_abiertos)."""
    from informes import datos_abiertos

    return datos_abiertos.publicar_todas()
