"""Many simultaneous answers through one e-mailed link (a double click, a mail scanner, several
tabs) record one answer and one history row: against PostgreSQL, with threads."""

import threading
from datetime import date, time

import pytest
from django.db import connection
from django.test import Client

from mesas import services
from mesas.models import Asistencia
from tests.factories import AsistenciaFactory, SesionFactory, en_santiago, mesa_regional, oficina

pytestmark = pytest.mark.django_db(transaction=True)

HILOS = 8


def test_respuestas_simultaneas_por_un_enlace_dejan_una_respuesta_y_una_fila(datos_referencia):
    if connection.vendor != "postgresql":
        pytest.skip("La prueba de concurrencia necesita PostgreSQL.")
    # given one invitation and its signed "confirm" link
    sesion = SesionFactory(
        mesa=mesa_regional(),
        inicio=en_santiago(date(2027, 3, 4), time(10)),
        fin=en_santiago(date(2027, 3, 4), time(12)),
    )
    asistencia = AsistenciaFactory(sesion=sesion, institucion=oficina("senadis"))
    url = services.enlace_respuesta(asistencia, "confirmada")
    filas_antes = asistencia.history.count()

    # when eight clients post it at the same moment
    barrera = threading.Barrier(HILOS)
    estados = []

    def responder():
        cliente = Client()
        barrera.wait()
        try:
            estados.append(cliente.post(url).status_code)
        finally:
            connection.close()

    hilos = [threading.Thread(target=responder) for _ in range(HILOS)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()

    # then every request got its page, and one answer with one history row was recorded
    assert estados == [200] * HILOS
    asistencia = Asistencia.objects.get(pk=asistencia.pk)
    assert asistencia.estado == "confirmada"
    assert asistencia.history.count() == filas_antes + 1
