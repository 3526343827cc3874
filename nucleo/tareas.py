"""Enqueueing Celery tasks so that a broker outage never breaks the request that asked."""

import logging

logger = logging.getLogger(__name__)


def encolar(tarea, *args, **kwargs) -> bool:
    """Sends `tarea` to the workers (or runs it in-process without a broker). Returns False, and
    logs, when the broker cannot be reached: the caller decides what stays pending."""
    try:
        tarea.delay(*args, **kwargs)
    except Exception:  # kombu raises several kinds when the broker is unreachable
        logger.exception("No se pudo encolar %s%s", getattr(tarea, "name", tarea), args)
        return False
    return True


def encolar_al_confirmar(tarea, *args, **kwargs) -> None:
    """Records the task in the current transaction (the outbox, nucleo.bandeja): sent after the
    commit, and later by beat if the broker was down; nothing for a rolled-back change."""
    from nucleo.bandeja import tarea_registrar

    tarea_registrar(tarea, *args, **kwargs)
