"""Redis stopped: pages keep working, a report request answers fast and stays pending, and the
sweeper hands it to the workers when the broker is back."""

import time

import pytest
from django.urls import reverse
from django.utils import timezone

from informes import services
from informes.models import Informe
from informes.periodos import MENSUAL, Periodo
from nucleo.models import Rol
from tests.factories import usuario_con_rol

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker_caido():
    """A broker URL where nothing listens (as when Redis is stopped)."""
    from kombu import pools

    from config.celery import app

    anterior = {k: app.conf[k] for k in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    yield app
    app.conf.update(anterior)
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


def test_generar_informe_responde_rapido_y_queda_pendiente(datos_referencia, client, broker_caido):
    client.force_login(usuario_con_rol(Rol.DIRECTOR))
    periodo = Periodo.ultimo_cerrado(MENSUAL, timezone.localdate()).codigo

    inicio = time.perf_counter()
    respuesta = client.post(
        reverse("informes:informe_create"), {"tipo": "mensual", "periodo": periodo, "region": "05"}
    )
    duracion = time.perf_counter() - inicio
    respuesta = client.get(respuesta.url)

    informe = Informe.objects.get()
    assert duracion < 2, duracion
    assert informe.estado == Informe.Estado.PENDIENTE
    assert informe.encolado_at is None
    assert "quedó pendiente" in respuesta.content.decode()
    assert client.get(reverse("nucleo:inicio")).status_code == 200

    # The broker comes back (here: in-process), and the sweeper enqueues what was pending.
    broker_caido.conf.task_always_eager = True
    Informe.objects.update(created_at=timezone.now() - timezone.timedelta(minutes=10))
    assert services.informes_reencolar_pendientes(minutos=5) == 1
    assert Informe.objects.get().estado == Informe.Estado.LISTO
