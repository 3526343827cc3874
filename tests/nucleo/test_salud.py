"""Health endpoints, Prometheus metrics and the request id (nucleo.salud, issue 19 point 3)."""

import io
import json
import logging
import logging.config
import uuid

import pytest
import redis
from celery import current_app, shared_task
from celery.signals import task_postrun, task_prerun
from django_guid import clear_guid, get_guid, set_guid

from informes.models import Informe
from nucleo.models import TareaPendiente
from tests.factories.informes import InformeFactory

pytestmark = pytest.mark.django_db

REDIS_PRUEBAS = "redis://127.0.0.1:6379/14"
REDIS_MUERTO = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_pruebas():
    cliente = redis.Redis.from_url(REDIS_PRUEBAS)
    try:
        cliente.ping()
    except redis.RedisError:
        pytest.skip("Redis no responde en 127.0.0.1:6379")
    cliente.flushdb()
    yield cliente
    cliente.flushdb()


def test_vivo_responde_sin_sesion_y_sin_tocar_la_base(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        respuesta = client.get("/salud/vivo")

    assert respuesta.status_code == 200
    assert respuesta.json() == {"estado": "vivo"}


def test_listo_informa_cada_componente_con_su_latencia(client, settings, redis_pruebas):
    settings.CELERY_BROKER_URL = REDIS_PRUEBAS

    respuesta = client.get("/salud/listo")

    assert respuesta.status_code == 200
    cuerpo = respuesta.json()
    assert cuerpo["estado"] == "listo"
    assert set(cuerpo["componentes"]) == {"base_de_datos", "cache", "broker", "almacen"}
    for componente in cuerpo["componentes"].values():
        assert componente["ok"] is True
        assert componente["latencia_ms"] >= 0


def test_listo_responde_503_si_el_broker_no_responde(client, settings):
    settings.CELERY_BROKER_URL = REDIS_MUERTO

    respuesta = client.get("/salud/listo")

    assert respuesta.status_code == 503
    cuerpo = respuesta.json()
    assert cuerpo["estado"] == "no listo"
    assert cuerpo["componentes"]["broker"]["ok"] is False
    assert cuerpo["componentes"]["base_de_datos"]["ok"] is True


def test_listo_responde_503_si_la_cache_no_responde(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_MUERTO,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }

    respuesta = client.get("/salud/listo")

    assert respuesta.status_code == 503
    assert respuesta.json()["componentes"]["cache"]["ok"] is False


def test_listo_responde_503_si_el_almacen_no_responde(client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "mesas",
                "endpoint_url": "http://127.0.0.1:1",
                "access_key": "x",
                "secret_key": "x",
                "region_name": "us-east-1",
            },
        },
    }

    respuesta = client.get("/salud/listo")

    assert respuesta.status_code == 503
    assert respuesta.json()["componentes"]["almacen"]["ok"] is False


def test_metricas_por_vista_y_estado_informes_bandeja_y_cola(client, settings, redis_pruebas):
    settings.CELERY_BROKER_URL = REDIS_PRUEBAS
    redis_pruebas.rpush("celery", "a", "b", "c")
    InformeFactory(estado=Informe.Estado.LISTO)
    InformeFactory(estado=Informe.Estado.LISTO, periodo="2026-09")
    InformeFactory(estado=Informe.Estado.FALLIDO, periodo="2026-08")
    TareaPendiente.objects.create(tarea="mesas.enviar_invitaciones", argumentos=[1])
    TareaPendiente.objects.create(tarea="mesas.enviar_invitaciones", argumentos=[2])
    TareaPendiente.objects.create(
        tarea="mesas.enviar_invitaciones", argumentos=[3], estado=TareaPendiente.Estado.ENVIADA
    )
    client.get("/salud/vivo")

    texto = client.get("/metrics").content.decode()

    assert "mesas_cola_celery_largo 3.0" in texto
    assert 'mesas_informes{estado="listo"} 2.0' in texto
    assert 'mesas_informes{estado="fallido"} 1.0' in texto
    assert 'mesas_informes{estado="generando"} 0.0' in texto
    assert 'mesas_bandeja_pendientes{tarea="mesas.enviar_invitaciones"} 2.0' in texto
    assert "django_http_requests_latency_seconds_by_view_method_bucket" in texto
    assert (
        'django_http_responses_total_by_status_view_method_total{method="GET",status="200",'
        'view="salud:vivo"}' in texto
    )


def test_metricas_con_token_piden_el_token(client, settings):
    settings.METRICS_TOKEN = "secreto-de-prometheus"

    sin_token = client.get("/metrics")
    otro_token = client.get("/metrics", headers={"Authorization": "Bearer otro"})
    con_token = client.get("/metrics", headers={"Authorization": "Bearer secreto-de-prometheus"})

    assert sin_token.status_code == 403
    assert "token" in sin_token.content.decode()
    assert otro_token.status_code == 403
    assert con_token.status_code == 200


def test_el_request_id_recibido_vuelve_en_la_respuesta(client):
    recibido = uuid.uuid4().hex

    respuesta = client.get("/salud/vivo", headers={"X-Request-ID": recibido})

    assert respuesta.headers["X-Request-ID"] == recibido


def test_sin_request_id_o_con_uno_invalido_se_genera_uno(client):
    sin = client.get("/salud/vivo")
    invalido = client.get("/salud/vivo", headers={"X-Request-ID": "<script>" * 50})

    assert len(sin.headers["X-Request-ID"]) == 32
    assert invalido.headers["X-Request-ID"] != "<script>" * 50
    assert len(invalido.headers["X-Request-ID"]) == 32


def test_los_logs_json_llevan_el_request_id(client, settings):
    salida = io.StringIO()
    config = json.loads(json.dumps(settings.LOGGING, default=str))
    config["handlers"]["console"].update(formatter="json", stream="ext://sys.stdout")
    config["handlers"]["console"]["stream"] = salida
    settings.CELERY_BROKER_URL = REDIS_MUERTO
    recibido = uuid.uuid4().hex
    logging.config.dictConfig({**config, "handlers": {"console": config["handlers"]["console"]}})
    try:
        client.get("/salud/listo", headers={"X-Request-ID": recibido})
    finally:
        logging.config.dictConfig(settings.LOGGING)

    lineas = [json.loads(linea) for linea in salida.getvalue().splitlines() if linea.strip()]
    aviso = next(linea for linea in lineas if "broker" in linea["mensaje"])
    assert aviso["request_id"] == recibido
    assert aviso["nivel"] == "WARNING"
    assert aviso["logger"] == "nucleo.salud"


@shared_task(name="tests.salud.eco")
def _eco():
    return get_guid()


def test_la_tarea_publicada_lleva_el_request_id_en_sus_cabeceras(redis_pruebas, monkeypatch):
    monkeypatch.setitem(current_app.conf, "task_always_eager", False)
    conexion = current_app.connection_for_write(REDIS_PRUEBAS)
    set_guid("a" * 32)
    try:
        with conexion:
            _eco.apply_async(connection=conexion, queue="salud_prueba", ignore_result=True)
    finally:
        clear_guid()

    mensaje = json.loads(redis_pruebas.lpop("salud_prueba"))
    assert mensaje["headers"]["request_id"] == "a" * 32


def test_el_worker_toma_el_request_id_de_la_tarea_y_lo_suelta_al_terminar():
    _eco.push_request(id="t1", request_id="b" * 32, is_eager=False)
    try:
        task_prerun.send(sender=_eco, task_id="t1", task=_eco, args=(), kwargs={})
        durante = get_guid()
        task_postrun.send(sender=_eco, task_id="t1", task=_eco, args=(), kwargs={}, retval=None)
        despues = get_guid()
    finally:
        _eco.pop_request()

    assert durante == "b" * 32
    assert despues is None


def test_una_tarea_en_proceso_no_borra_el_request_id_de_la_peticion():
    set_guid("c" * 32)
    try:
        resultado = _eco.apply().get()
        despues = get_guid()
    finally:
        clear_guid()

    assert resultado == "c" * 32
    assert despues == "c" * 32


def test_la_bandeja_guarda_el_request_id_y_lo_envia_aunque_la_despache_beat(
    redis_pruebas, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu import pools

    from nucleo.bandeja import tarea_registrar, tareas_despachar

    set_guid("d" * 32)
    try:
        with django_capture_on_commit_callbacks(execute=False):  # the broker "was down"
            fila = tarea_registrar(_eco)
    finally:
        clear_guid()
    monkeypatch.setitem(current_app.conf, "task_always_eager", False)
    monkeypatch.setitem(current_app.conf, "broker_url", REDIS_PRUEBAS)
    pools.reset()
    monkeypatch.setattr(current_app, "_pool", None)
    monkeypatch.setattr(current_app.amqp, "_producer_pool", None)

    enviadas = tareas_despachar()  # later, from beat: no request around it

    assert fila.request_id == "d" * 32
    assert enviadas == 1
    mensaje = json.loads(redis_pruebas.lpop("celery"))
    assert mensaje["headers"]["request_id"] == "d" * 32
    pools.reset()
