"""A real Celery worker on Redis builds the report; a worker killed mid-report loses nothing: the
broker redelivers it, or (without redelivery) the sweeper takes it back when its lease expires."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from informes import services
from informes.models import Informe
from nucleo.models import Region, Rol
from tests.conftest import falta_servicio
from tests.factories import usuario_con_rol

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

VISIBILIDAD = 3
RESERVA = 3  # the workers' lease on a report, renewed every second while they build it
RAIZ = Path(__file__).resolve().parents[2]
# A Redis of this test's own (bench.fallas.RedisPropio), so that no other run's worker on the
# machine's shared Redis consumes this test's tasks. Set by the `broker` fixture.
REDIS = ""


@pytest.fixture
def broker(tmp_path):
    """Publishes this test's tasks to a real Redis instead of running them in-process."""
    global REDIS
    from bench.fallas import RedisPropio
    from config.celery import app

    if shutil.which("redis-server") is None:
        falta_servicio("no está redis-server")
    if connection.vendor != "postgresql":
        falta_servicio("el worker necesita la misma base PostgreSQL que la prueba")
    propio = RedisPropio(tmp_path / "redis").iniciar()
    REDIS = propio.url
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
    propio.detener()


def _olvidar_conexiones(app) -> None:
    """Celery caches its broker connections; drop them so the next publish uses the new URL."""
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def trabajadores(broker, settings):
    procesos = []

    def iniciar(
        nombre: str, demora_pdf: float = 0, visibilidad: int = VISIBILIDAD
    ) -> subprocess.Popen:
        base = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": f"postgres://{base['USER']}@{base['HOST']}:{base['PORT']}/{base['NAME']}",
            "CELERY_BROKER_URL": REDIS,
            "CELERY_VISIBILITY_TIMEOUT": str(visibilidad),
            "INFORMES_RESERVA_SEGUNDOS": str(RESERVA),
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
    # kombu hands an unacked message back once its visibility timeout has passed: when a worker
    # starts, and then in a sweep only every ~100 s (unacked_restore_interval × throttle). A
    # second worker that started within the timeout found nothing yet and waited for that
    # sweep (this test failed one run in three on a fast machine). It starts after, as a
    # restarted worker would.
    time.sleep(VISIBILIDAD + 1)

    assert Informe.objects.get(pk=informe.pk).estado == Informe.Estado.GENERANDO
    trabajadores("w2")
    assert esperar(informe, {"listo", "fallido"}, 90) == "listo"
    informe.refresh_from_db()
    assert informe.intentos == 2
    assert informe.pdf.open("rb").read(5) == b"%PDF-"


def test_worker_muerto_sin_reentrega_el_barrido_lo_retoma_antes_de_dos_minutos(
    datos_referencia, trabajadores
):
    # Production's visibility timeout (an hour): the broker will not hand the task out again.
    primero = trabajadores("w1", demora_pdf=30, visibilidad=3600)
    informe = solicitar()
    esperar(informe, {"generando"}, 60)
    time.sleep(RESERVA + 1)  # longer than the lease: only the heartbeat keeps it
    assert Informe.objects.get(pk=informe.pk).reservado_hasta > timezone.now()

    primero.send_signal(signal.SIGKILL)
    primero.wait(10)
    muerto = time.monotonic()
    assert services.informes_reencolar_pendientes() == 0  # the lease still runs
    trabajadores("w2", visibilidad=3600)

    # Beat runs the sweeper every minute; here it is called as beat would, until it acts.
    while services.informes_reencolar_pendientes() == 0:
        assert time.monotonic() - muerto < 60, "la reserva no venció"
        time.sleep(0.5)

    assert esperar(informe, {"listo", "fallido"}, 90) == "listo"
    assert time.monotonic() - muerto < 120
    informe.refresh_from_db()
    assert informe.intentos == 2
    assert informe.reservado_hasta is None
    assert informe.pdf.open("rb").read(5) == b"%PDF-"
