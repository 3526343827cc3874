"""Celery tasks of nucleo: the outbox dispatcher (beat, every TAREAS_DESPACHO_SEGUNDOS)."""

from celery import shared_task

from nucleo import bandeja


@shared_task(name="nucleo.despachar_tareas", ignore_result=True)
def despachar_tareas() -> int:
    return bandeja.tareas_despachar()


@shared_task(name="nucleo.limpiar_tareas", ignore_result=True)
def limpiar_tareas() -> int:
    return bandeja.tareas_limpiar()
