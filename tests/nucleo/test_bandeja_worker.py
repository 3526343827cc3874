"""The outbox against a real broker and a real worker: a Redis of the test's own is stopped in the
middle of the requests and started again; the pages keep answering, and every e-mail the changes
caused leaves exactly once (counted in the worker's file e-mail backend)."""

import shutil
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from bench.fallas import RedisPropio, Trabajador
from nucleo.models import Rol, TareaPendiente
from tests.conftest import falta_servicio
from tests.factories import (
    LineaAccionFactory,
    PlanComunalFactory,
    oficina,
    omil_de,
    usuario_con_rol,
)

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _apuntar_broker(app, url: str, *, eager: bool) -> None:
    from kombu import pools

    app.conf.update(task_always_eager=eager, broker_url=url)
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


def _esperar(condicion, segundos: float, mensaje) -> None:
    limite = time.monotonic() + segundos
    while not condicion():
        if time.monotonic() > limite:
            raise AssertionError(mensaje())
        time.sleep(0.2)


def test_redis_detenido_a_mitad_de_las_peticiones_cada_correo_sale_una_vez(
    datos_referencia, tmp_path
):
    from config.celery import app

    if shutil.which("redis-server") is None:
        falta_servicio("no está redis-server")
    if connection.vendor != "postgresql":
        falta_servicio("el worker necesita la misma base PostgreSQL que la prueba")
    articuladora = usuario_con_rol(Rol.ARTICULADOR, oficina("sence", "05"), email="paula@sence.cl")
    omil = usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"), email="omil@limache.cl")
    plan = PlanComunalFactory()
    LineaAccionFactory(plan=plan)
    de_omil, de_sence = Client(), Client()
    de_omil.force_login(omil)
    de_sence.force_login(articuladora)
    pasos = [
        (de_omil, "omil:plan_enviar", {}),
        (de_sence, "omil:plan_observar", {"comentario": "Falta la meta de SENDA."}),
    ] * 3

    redis = RedisPropio(tmp_path / "redis", persistente=True).iniciar()
    anterior = {k: app.conf[k] for k in ("task_always_eager", "broker_url")}
    _apuntar_broker(app, redis.url, eager=False)
    base = connection.settings_dict
    trabajador = Trabajador(
        nombre="w1",
        broker=redis.url,
        database_url=f"postgres://{base['USER']}@{base['HOST']}:{base['PORT']}/{base['NAME']}",
        directorio=tmp_path / "w1",
        beat=True,
    ).iniciar()
    trabajador.esperar_listo()
    respuestas, duraciones = [], []
    try:
        for numero, (cliente, url, datos) in enumerate(pasos):
            if numero == 2:
                redis.detener()  # the broker goes away in the middle of the work
            if numero == 4:
                redis.iniciar()  # …and comes back on the same port
            inicio = time.monotonic()
            respuestas.append(cliente.post(reverse(url, args=[plan.pk]), datos).status_code)
            respuestas.append(cliente.get(plan.get_absolute_url()).status_code)
            duraciones.append(time.monotonic() - inicio)
            if numero == 3:
                assert TareaPendiente.objects.filter(estado="pendiente").count() == 2

        _esperar(
            lambda: (
                len(trabajador.correos()) >= 6
                and not TareaPendiente.objects.filter(estado="pendiente").exists()
            ),
            90,
            lambda: (
                f"correos: {trabajador.correos()}; filas: "
                f"{list(TareaPendiente.objects.values_list('estado', 'intentos', 'ultimo_error'))}"
                f"\n{trabajador.registro()}"
            ),
        )
        time.sleep(3)  # a duplicate would arrive now
        asuntos = trabajador.correos()
    finally:
        trabajador.detener()
        redis.detener()
        _apuntar_broker(app, anterior["broker_url"], eager=anterior["task_always_eager"])

    assert respuestas == [302, 200] * 6
    assert max(duraciones[2:4]) < 5, duraciones  # answered with the broker down (the first is cold)
    assert len(asuntos) == 6, asuntos
    assert sum("enviado para revisión" in a for a in asuntos) == 3
    assert sum("observado por SENCE" in a for a in asuntos) == 3
    assert TareaPendiente.objects.filter(estado="enviada").count() == 6
