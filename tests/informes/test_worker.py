"""A real Celery worker on Redis builds the report; a worker killed mid-report loses nothing."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from informes import services
from informes.models import Informe
from nucleo.models import Region, Rol
from tests.conftest import falta_servicio
from tests.factories import usuario_con_rol

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

REDIS = "redis://127.0.0.1:6379/14"
VISIBILIDAD = 3
RAIZ = Path(__file__).resolve().parents[2]


@pytest.fixture
def broker():
    """Publishes this test's tasks to a real Redis instead of running them in-process."""
    import redis

    from config.celery import app

    try:
        cliente = redis.Redis.from_url(REDIS, socket_connect_timeout=2)
        cliente.ping()
    except redis.RedisError:
        falta_servicio("Redis no responde en 127.0.0.1:6379")
    if connection.vendor != "postgresql":
        falta_servicio("el worker necesita la misma base PostgreSQL que la prueba")
    cliente.flushdb()
    anterior = {
        k: app.conf[k] for k in ("task_always_eager", "broker_url", "broker_transport_options")
    }
    app.conf.update(
        task_always_eager=False,
        broker_url=REDIS,
        broker_transport_options={"visibility_timeout": VISIBILIDAD},
    )
    _olvidar_conexiones(app)
    yield
    app.conf.update(anterior)
    _olvidar_conexiones(app)
    cliente.flushdb()


def _olvidar_conexiones(app) -> None:
    """Celery caches its broker connections; drop them so the next publish uses the new URL."""
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def trabajadores(broker, settings):
    procesos = []

    def iniciar(nombre: str, demora_pdf: float = 0) -> subprocess.Popen:
        base = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": f"postgres://{base['USER']}@{base['HOST']}:{base['PORT']}/{base['NAME']}",
            "CELERY_BROKER_URL": REDIS,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILIDAD),
            "PRIVATE_ROOT": str(settings.PRIVATE_ROOT),
            "DEMORA_PDF": str(demora_pdf),
            "DEBUG": "0",
        }
        proceso = subprocess.Popen(
            [sys.executable, "-m", "tests.informes.trabajador_lento", "worker", "--pool=solo",
             "-l", "info", "-n", f"{nombre}@%h", "--without-heartbeat", "--without-mingle",
             "--without-gossip"],
            cwd=RAIZ,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(Path(settings.PRIVATE_ROOT).parent / f"{nombre}.log").open("w"),
        )  # fmt: skip
        procesos.append(proceso)
        return proceso

    yield iniciar
    for proceso in procesos:
        if proceso.poll() is None:
            proceso.terminate()
            try:
                proceso.wait(10)
            except subprocess.TimeoutExpired:
                proceso.kill()


def esperar(informe: Informe, estados: set[str], segundos: float) -> str:
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        estado = Informe.objects.filter(pk=informe.pk).values_list("estado", flat=True).get()
        if estado in estados:
            return estado
        time.sleep(0.05)
    import redis

    cliente = redis.Redis.from_url(REDIS)
    cola = {k.decode(): cliente.type(k).decode() for k in cliente.keys("*")}
    raise AssertionError(
        f"el informe siguió en {estado} después de {segundos} s; redis: {cola}, "
        f"en cola: {cliente.llen('celery')}"
    )


def solicitar() -> Informe:
    informe, _ = services.informe_solicitar(
        tipo="mensual",
        region=Region.objects.get(codigo="05"),
        periodo="2026-10",
        por=usuario_con_rol(Rol.DIRECTOR),
    )
    return informe


def test_un_worker_real_genera_el_informe(datos_referencia, trabajadores):
    trabajadores("w1")

    informe = solicitar()

    assert Informe.objects.get(pk=informe.pk).encolado_at is not None
    assert esperar(informe, {"listo", "fallido"}, 60) == "listo"
    informe.refresh_from_db()
    assert informe.pdf.open("rb").read(5) == b"%PDF-"
    assert informe.intentos == 1


def test_worker_muerto_a_mitad_de_informe_otro_lo_termina(datos_referencia, trabajadores):
    primero = trabajadores("w1", demora_pdf=30)
    informe = solicitar()
    esperar(informe, {"generando"}, 60)
    time.sleep(0.5)

    primero.send_signal(signal.SIGKILL)
    primero.wait(10)

    assert Informe.objects.get(pk=informe.pk).estado == Informe.Estado.GENERANDO
    trabajadores("w2")
    assert esperar(informe, {"listo", "fallido"}, 90) == "listo"
    informe.refresh_from_db()
    assert informe.intentos == 2
    assert informe.pdf.open("rb").read(5) == b"%PDF-"
