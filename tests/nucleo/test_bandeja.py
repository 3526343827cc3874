"""The outbox (nucleo.bandeja): a change's e-mails and tasks are written with the change; with the
broker down the page answers and nothing is lost; each row is sent exactly once."""

import threading
import time

import pytest
from django.core import mail
from django.db import connections, transaction
from django.urls import reverse

from nucleo import bandeja
from nucleo.models import Rol, TareaPendiente
from tests.factories import (
    LineaAccionFactory,
    PlanComunalFactory,
    oficina,
    omil_de,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db(transaction=True)

Estado = TareaPendiente.Estado


def _apuntar_broker(app, url: str, *, eager: bool) -> None:
    """Points the in-process Celery app at `url` (dropping its cached connections)."""
    from kombu import pools

    app.conf.update(task_always_eager=eager, broker_url=url)
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_caido():
    """A broker URL where nothing listens, as when Redis is stopped."""
    from config.celery import app

    anterior = {k: app.conf[k] for k in ("task_always_eager", "broker_url")}
    _apuntar_broker(app, "redis://127.0.0.1:1/0", eager=False)
    yield app
    _apuntar_broker(app, anterior["broker_url"], eager=anterior["task_always_eager"])


@pytest.fixture
def plan(datos_referencia):
    usuario_con_rol(Rol.ARTICULADOR, oficina("sence", "05"), email="paula@sence.cl")
    plan = PlanComunalFactory()
    LineaAccionFactory(plan=plan)
    return plan


@pytest.fixture
def omil(datos_referencia):
    return usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"), email="omil@limache.cl")


def test_con_el_broker_caido_la_pagina_responde_y_el_correo_sale_al_volver(
    client, plan, omil, broker_caido
):
    client.force_login(omil)

    inicio = time.perf_counter()
    respuesta = client.post(reverse("omil:plan_enviar", args=[plan.pk]))
    duracion = time.perf_counter() - inicio

    assert respuesta.status_code == 302
    assert duracion < 5, duracion
    plan.refresh_from_db()
    assert plan.estado == "enviado"
    fila = TareaPendiente.objects.get()
    assert (fila.tarea, fila.estado, fila.intentos) == (
        "omil.tasks.notificar_transicion_plan",
        Estado.PENDIENTE,
        1,
    )
    assert fila.ultimo_error
    assert mail.outbox == []

    # The broker is back (here: in-process) and beat's dispatcher runs.
    broker_caido.conf.task_always_eager = True
    TareaPendiente.objects.update(disponible_at=fila.created_at)

    assert bandeja.tareas_despachar() == 1
    assert bandeja.tareas_despachar() == 0
    assert [m.to for m in mail.outbox] == [["paula@sence.cl"]]
    fila.refresh_from_db()
    assert (fila.estado, fila.intentos) == (Estado.ENVIADA, 2)


def test_un_cambio_revertido_no_deja_tarea_ni_correo(plan, omil):
    from omil import services

    with pytest.raises(RuntimeError), transaction.atomic():
        services.plan_enviar(plan=plan, por=omil)
        assert TareaPendiente.objects.count() == 1  # written with the change…
        raise RuntimeError("la petición falló después")

    assert not TareaPendiente.objects.exists()  # …and gone with it
    assert mail.outbox == []


def test_con_el_broker_arriba_se_envia_al_confirmar(plan, omil):
    from omil import services

    services.plan_enviar(plan=plan, por=omil)

    assert TareaPendiente.objects.get().estado == Estado.ENVIADA
    assert [m.to for m in mail.outbox] == [["paula@sence.cl"]]


def test_una_fila_tomada_por_otro_despachador_no_se_envia_dos_veces(plan, omil, broker_caido):
    from omil import services

    services.plan_enviar(plan=plan, por=omil)
    fila = TareaPendiente.objects.get()
    TareaPendiente.objects.update(disponible_at=fila.created_at)
    broker_caido.conf.task_always_eager = True
    tomada, soltar = threading.Event(), threading.Event()

    def otro_despachador():
        try:
            with transaction.atomic():
                TareaPendiente.objects.select_for_update().get(pk=fila.pk)
                tomada.set()
                soltar.wait(10)
        finally:
            connections.close_all()

    hilo = threading.Thread(target=otro_despachador)
    hilo.start()
    tomada.wait(10)
    try:
        mientras = bandeja.tareas_despachar()
    finally:
        soltar.set()
        hilo.join(10)

    assert mientras == 0
    assert mail.outbox == []
    assert bandeja.tareas_despachar() == 1
    assert len(mail.outbox) == 1


def test_una_tarea_que_ya_no_existe_queda_fallida_con_su_motivo(datos_referencia):
    with transaction.atomic():
        bandeja.tarea_registrar("nucleo.tarea_que_no_existe", 1)

    fila = TareaPendiente.objects.get()
    assert fila.estado == Estado.FALLIDA
    assert fila.ultimo_error == "No existe la tarea nucleo.tarea_que_no_existe."
