"""The transactional outbox: services record the tasks a change causes with `tarea_registrar`, in
the change's own transaction; `tareas_despachar` hands them to the broker exactly once.

Dispatch happens right after the commit (best effort: with the broker down the request still
answers, the row stays pending) and every TAREAS_DESPACHO_SEGUNDOS from beat
(nucleo.despachar_tareas). Each row is published under its own row lock
(SELECT … FOR UPDATE SKIP LOCKED) and marked sent in the same transaction, so two dispatchers
never send the same row.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import current_app
from django.db import transaction
from django.utils import timezone
from django_guid import get_guid

from nucleo.models import TareaPendiente

logger = logging.getLogger(__name__)

# Longest wait between two tries of a row whose publish failed (the broker is down).
ESPERA_MAXIMA = timedelta(minutes=5)


def tarea_registrar(tarea, *args, **kwargs) -> TareaPendiente:
    """Records `tarea(*args, **kwargs)` in the current transaction; it is sent after the commit
    (nothing is sent for a rolled-back change). Arguments must be JSON (ids, not objects)."""
    fila = TareaPendiente.objects.create(
        tarea=getattr(tarea, "name", tarea),
        argumentos=list(args),
        opciones=kwargs,
        request_id=(get_guid() or "")[:64],
    )
    transaction.on_commit(lambda: _despachar_sin_fallar(fila.pk))
    return fila


def _despachar_sin_fallar(pk: int) -> None:
    try:
        tareas_despachar(ids=[pk])
    except Exception:  # the request that caused it must answer anyway; beat sends it later
        logger.exception("No se pudo despachar la tarea pendiente %s; la enviará beat.", pk)


def tareas_despachar(*, ids: list[int] | None = None, limite: int = 500) -> int:
    """Publishes due pending rows (all, or those in `ids`), one transaction each. Stops at the
    first broker failure: the rest would fail the same way. Returns how many were sent."""
    enviadas = 0
    for _ in range(limite):
        with transaction.atomic():
            filas = TareaPendiente.objects.select_for_update(skip_locked=True).filter(
                estado=TareaPendiente.Estado.PENDIENTE, disponible_at__lte=timezone.now()
            )
            if ids is not None:
                filas = filas.filter(pk__in=ids)
            fila = filas.order_by("pk").first()
            if fila is None:
                break
            if not _publicar(fila):
                break
            enviadas += fila.estado == TareaPendiente.Estado.ENVIADA
    return enviadas


def _publicar(fila: TareaPendiente) -> bool:
    """Sends one row to the broker (or runs it in-process without one). False: broker down."""
    ahora = timezone.now()
    fila.intentos += 1
    tarea = current_app.tasks.get(fila.tarea)
    if tarea is None:  # renamed or removed task: retrying would never help
        fila.estado = TareaPendiente.Estado.FALLIDA
        fila.ultimo_error = f"No existe la tarea {fila.tarea}."
        fila.save(update_fields=["estado", "intentos", "ultimo_error"])
        return True
    try:
        cabeceras = {"request_id": fila.request_id} if fila.request_id else None
        tarea.apply_async(args=fila.argumentos, kwargs=fila.opciones, headers=cabeceras)
    except Exception as error:  # kombu raises several kinds when the broker is unreachable
        espera = min(timedelta(seconds=2**fila.intentos), ESPERA_MAXIMA)
        fila.ultimo_error = f"{type(error).__name__}: {error}"[:1000]
        fila.disponible_at = ahora + espera
        fila.save(update_fields=["intentos", "ultimo_error", "disponible_at"])
        logger.warning("Broker no disponible; %s queda pendiente (%s).", fila, fila.ultimo_error)
        return False
    fila.estado = TareaPendiente.Estado.ENVIADA
    fila.enviada_at = ahora
    fila.save(update_fields=["estado", "intentos", "enviada_at"])
    return True


def tareas_limpiar(*, dias: int = 30) -> int:
    """Forgets rows sent more than `dias` ago (failed ones stay, for the administrator)."""
    limite = timezone.now() - timedelta(days=dias)
    borradas, _ = TareaPendiente.objects.filter(
        estado=TareaPendiente.Estado.ENVIADA, enviada_at__lt=limite
    ).delete()
    return borradas
