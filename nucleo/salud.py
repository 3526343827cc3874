"""What an operator and a load balancer watch: health endpoints, Prometheus metrics, request ids.

- `/salud/vivo`: the process answers (touches nothing else; for the liveness probe).
- `/salud/listo`: the database, the cache, the broker and the file store answer, each with its
  latency in ms; 503 when one fails (for the load balancer's readiness probe).
- `/metrics`: django-prometheus' request counters and latency histograms (by view, method and
  status) plus our gauges, computed when scraped: the Celery queue's length, reports by state and
  the outbox's pending rows by task. With METRICS_TOKEN set it asks for `Authorization: Bearer …`;
  nginx never forwards it from outside (deploy/nginx.conf), Prometheus scrapes the web processes
  on the internal network.
- The request id (django-guid: X-Request-ID from nginx, or generated) is put in the headers of
  every Celery task a request publishes and set again in the worker that runs it, so the JSON log
  lines of both carry the same `request_id`.
"""

from __future__ import annotations

import hmac
import logging
import os
import time
from collections.abc import Callable

from celery import current_app
from celery.signals import before_task_publish, task_postrun, task_prerun
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Count
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_guid import clear_guid, get_guid, set_guid
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)

CABECERA_TAREA = "request_id"  # the Celery message header that carries the request id


# --- Health ------------------------------------------------------------------------------------
def _base() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache() -> str:
    cache.set("salud:ping", "1", 10)
    if cache.get("salud:ping") != "1":
        raise RuntimeError("la caché no devolvió lo guardado")
    return "ok"


def _broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "sin broker: tareas en proceso"
    with current_app.connection_for_write(settings.CELERY_BROKER_URL) as conexion:
        conexion.ensure_connection(max_retries=1, timeout=2)
    return "ok"


def _almacen() -> str:
    default_storage.exists("salud/ping")
    return "ok"


COMPROBACIONES: dict[str, Callable[[], str]] = {
    "base_de_datos": _base,
    "cache": _cache,
    "broker": _broker,
    "almacen": _almacen,
}


@never_cache
@require_GET
def vivo(request):
    return JsonResponse({"estado": "vivo"})


@never_cache
@require_GET
def listo(request):
    resultados, todo_bien = {}, True
    for nombre, comprobar in COMPROBACIONES.items():
        inicio = time.perf_counter()
        try:
            detalle, bien = comprobar(), True
        except Exception as error:  # any failure of a dependency is a 503, never a 500
            logger.warning("Salud: %s no responde: %s", nombre, error)
            detalle, bien = f"falla: {type(error).__name__}", False
        todo_bien &= bien
        resultados[nombre] = {
            "ok": bien,
            "detalle": detalle,
            "latencia_ms": round((time.perf_counter() - inicio) * 1000, 1),
        }
    return JsonResponse(
        {"estado": "listo" if todo_bien else "no listo", "componentes": resultados},
        status=200 if todo_bien else 503,
    )


# --- Metrics -----------------------------------------------------------------------------------
def _largo_de_cola() -> float | None:
    """LLEN of the Celery default queue in Redis (None without a Redis broker)."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return None
    import redis

    cliente = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
    try:
        return float(cliente.llen(current_app.conf.task_default_queue))
    finally:
        cliente.close()


class ColectorMesas:
    """Gauges read when Prometheus scrapes: they describe the shared state, not one process."""

    def collect(self):
        from django.apps import apps

        cola = GaugeMetricFamily(
            "mesas_cola_celery_largo", "Mensajes esperando en la cola de Celery (Redis LLEN)."
        )
        try:
            largo = _largo_de_cola()
        except Exception:
            logger.warning("Métricas: no se pudo leer el largo de la cola", exc_info=True)
            largo = float("nan")
        if largo is not None:
            cola.add_metric([], largo)
            yield cola

        # By name: nucleo must not import the apps above it.
        Informe = apps.get_model("informes", "Informe")
        informes = GaugeMetricFamily("mesas_informes", "Informes por estado.", labels=["estado"])
        conteo = dict(Informe.objects.order_by().values_list("estado").annotate(n=Count("pk")))
        for estado in Informe.Estado.values:
            informes.add_metric([estado], conteo.get(estado, 0))
        yield informes

        from nucleo.models import TareaPendiente

        bandeja = GaugeMetricFamily(
            "mesas_bandeja_pendientes",
            "Correos y tareas registrados en la bandeja de salida y aún no enviados, por tarea.",
            labels=["tarea"],
        )
        for tarea, n in (
            TareaPendiente.objects.filter(estado=TareaPendiente.Estado.PENDIENTE)
            .order_by()
            .values_list("tarea")
            .annotate(n=Count("pk"))
        ):
            bandeja.add_metric([tarea], n)
        yield bandeja


def _registro_de_procesos():
    """django-prometheus' metrics: of every process when gunicorn runs several (multiprocess mode,
    PROMETHEUS_MULTIPROC_DIR), of this process otherwise."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registro = CollectorRegistry()
        multiprocess.MultiProcessCollector(registro)
        return registro
    from prometheus_client import REGISTRY

    return REGISTRY


@never_cache
@require_GET
def metricas(request):
    token = settings.METRICS_TOKEN
    if token:
        enviado = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(enviado.encode(), token.encode()):
            return HttpResponse(
                "Falta el token de métricas (Authorization: Bearer …).",
                status=403,
                content_type="text/plain; charset=utf-8",
            )
    propias = CollectorRegistry()
    propias.register(ColectorMesas())
    cuerpo = generate_latest(_registro_de_procesos()) + generate_latest(propias)
    return HttpResponse(cuerpo, content_type="text/plain; version=0.0.4; charset=utf-8")


# --- The request id in Celery tasks ------------------------------------------------------------
# django-guid's own CeleryIntegration clears the id after every task; with no broker (tasks run
# in-process, inside the request) that would wipe the request's own id, so these receivers keep
# an in-process task's id and only set and clear it in a worker.
@before_task_publish.connect(dispatch_uid="nucleo.salud.publicar")
def _publicar_con_id(headers: dict, **kwargs) -> None:
    guid = get_guid()
    if guid:  # an outbox row's own id (nucleo.bandeja), when it has one, wins
        headers.setdefault(CABECERA_TAREA, guid)


@task_prerun.connect(dispatch_uid="nucleo.salud.antes")
def _tomar_id(task, **kwargs) -> None:
    if task.request.is_eager:
        return
    guid = task.request.get(CABECERA_TAREA)
    if guid:
        set_guid(guid)
    else:
        clear_guid()


@task_postrun.connect(dispatch_uid="nucleo.salud.despues")
def _soltar_id(task, **kwargs) -> None:
    if not task.request.is_eager:
        clear_guid()
